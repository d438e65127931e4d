import { Processor } from '@nestjs/bullmq';
import { DelayedError, type Job } from 'bullmq';
import DataLoader from 'dataloader';
import { ClosableWorkerHost } from '../queue/closable-worker-host.js';
import { QUEUES } from '../queue/queue.constants.js';
import { TIMER_BATCH_MAX, TimerFiringService } from '../runtime/timer-firing.service.js';
import type { TimerJob } from './timer-queue.service.js';

/** How long a due timer waits for others to fire with it in one transaction. */
const GATHER_MS = 20;
/** When a timer that was not yet due is tried again, if it has fallen due meanwhile. */
const RETRY_DUE_MS = 100;

/**
 * Fires a durable timer when its delayed job comes due. Jobs due at the same moment (a county's
 * deadline day) are gathered for a few milliseconds and fired in one transaction; exactly-once
 * comes from the row locks. A job whose timer failed fails too, and BullMQ retries it.
 */
// Short locks: a worker that dies mid-job hands the timer to another within seconds. Enough
// concurrency to gather a full batch while the previous one commits.
@Processor(QUEUES.timers, {
  concurrency: 2 * TIMER_BATCH_MAX,
  lockDuration: 10_000,
  stalledInterval: 5_000,
})
export class TimerProcessor extends ClosableWorkerHost {
  /** Per timer: fired by this job, not (fired or cancelled before), or the time it falls due. */
  private readonly batches = new DataLoader<string, boolean | Date>(
    async (ids) => {
      const { fired, failed, notDue } = await this.firing.fireMany(ids);
      return ids.map((id) => failed.get(id) ?? notDue.get(id) ?? fired.has(id));
    },
    {
      cache: false,
      maxBatchSize: TIMER_BATCH_MAX,
      batchScheduleFn: (run) => setTimeout(run, GATHER_MS),
    },
  );

  constructor(private readonly firing: TimerFiringService) {
    super();
  }

  async process(job: Job<TimerJob>, token?: string): Promise<{ fired: boolean }> {
    const outcome = await this.batches.load(job.data.timerId);
    if (outcome instanceof Date) {
      // Came a moment early: back to the delayed set until the timer is due (or, if it fell due
      // while its batch ran, for another try shortly).
      await job.moveToDelayed(Math.max(outcome.getTime() + 1, Date.now() + RETRY_DUE_MS), token);
      throw new DelayedError();
    }
    return { fired: outcome };
  }
}
