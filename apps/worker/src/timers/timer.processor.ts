import { Processor } from '@nestjs/bullmq';
import { ClosableWorkerHost } from '../queue/closable-worker-host.js';
import type { Job } from 'bullmq';
import { QUEUES } from '../queue/queue.constants.js';
import { TimerFiringService } from '../runtime/timer-firing.service.js';
import type { TimerJob } from './timer-queue.service.js';

/** Fires a durable timer when its delayed job comes due. Exactly-once comes from the row lock. */
// Short locks: a worker that dies mid-job hands the timer to another within seconds.
@Processor(QUEUES.timers, { concurrency: 16, lockDuration: 10_000, stalledInterval: 5_000 })
export class TimerProcessor extends ClosableWorkerHost {
  constructor(private readonly firing: TimerFiringService) {
    super();
  }

  async process(job: Job<TimerJob>): Promise<{ fired: boolean }> {
    return { fired: await this.firing.fire(job.data.timerId) };
  }
}
