import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { Clock } from '../runtime/clock.js';
import { RuntimeEvents, type ArmedTimer } from '../runtime/runtime-events.js';
import { TimerQueue, type TimerJob } from './timer-queue.service.js';

/** A queue that records each addBulk call (one Redis round trip each). */
function recordingQueue(): { queue: Queue<TimerJob>; calls: string[][] } {
  const calls: string[][] = [];
  const queue = {
    addBulk: (jobs: { opts: { jobId: string } }[]) => {
      calls.push(jobs.map((j) => j.opts.jobId));
      return Promise.resolve([]);
    },
  } as unknown as Queue<TimerJob>;
  return { queue, calls };
}

const timer = (id: string): ArmedTimer => ({
  id,
  instanceId: 'i',
  dueAt: new Date(Date.now() + 60_000),
});

describe('TimerQueue.armSoon', () => {
  it('arms the timers of commits made in the same turn with one addBulk', async () => {
    const { queue, calls } = recordingQueue();
    const timers = new TimerQueue(queue, {} as DataSource, new RuntimeEvents(), new Clock(), 1000);
    await Promise.all([
      timers.armSoon([timer('a'), timer('b')]),
      timers.armSoon([]),
      timers.armSoon([timer('c')]),
    ]);
    expect(calls).toEqual([['a', 'b', 'c']]);
  });

  it('starts a new batch once the previous one was sent', async () => {
    const { queue, calls } = recordingQueue();
    const timers = new TimerQueue(queue, {} as DataSource, new RuntimeEvents(), new Clock(), 1000);
    await timers.armSoon([timer('a')]);
    await timers.armSoon([timer('b')]);
    expect(calls).toEqual([['a'], ['b']]);
  });

  it('makes no round trip when a commit set no timer', async () => {
    const { queue, calls } = recordingQueue();
    const timers = new TimerQueue(queue, {} as DataSource, new RuntimeEvents(), new Clock(), 1000);
    await timers.armSoon([]);
    expect(calls).toEqual([]);
  });
});
