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

/** A clock that moves only when told, so exact differences can be asserted. */
class FrozenClock extends Clock {
  private readonly at = Date.now();
  private moved = 0;
  override now(): Date {
    return new Date(this.at + this.moved);
  }
  override advance(ms: number): void {
    this.moved += ms;
  }
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

describe('TimerQueue arming horizon', () => {
  it('arms only what falls due within two reconcile intervals (at least a minute)', async () => {
    const { queue, calls } = recordingQueue();
    const clock = new Clock();
    const timers = new TimerQueue(queue, {} as DataSource, new RuntimeEvents(), clock, 120_000);
    const at = (id: string, inMs: number): ArmedTimer => ({
      id,
      instanceId: 'i',
      dueAt: new Date(clock.now().getTime() + inMs),
    });
    await timers.armSoon([at('overdue', -5_000), at('soon', 200_000), at('later', 300_000)]);
    await timers.armSoon([at('in-a-week', 7 * 24 * 3600_000)]);
    expect(calls).toEqual([['overdue', 'soon']]);
  });

  it('asks the table for the horizon, then for what came within it and what is long overdue', async () => {
    const { queue, calls } = recordingQueue();
    const clock = new FrozenClock();
    const queries: unknown[][] = [];
    const db = {
      query: (_sql: string, params: unknown[]) => {
        queries.push(params);
        return Promise.resolve(
          queries.length === 1 ? [{ id: 'a', instance_id: 'i', due_at: clock.now() }] : [],
        );
      },
    } as unknown as DataSource;
    const timers = new TimerQueue(queue, db, new RuntimeEvents(), clock, 1000);
    expect(await timers.reconcile()).toBe(1);
    expect(calls).toEqual([['a']]);
    const [until, after] = queries[0] as [Date, Date | null];
    expect(until.getTime() - clock.now().getTime()).toBe(60_000);
    expect(after).toBeNull();
    clock.advance(1000);
    expect(await timers.reconcile()).toBe(0);
    const [nextUntil, nextAfter, overdue] = queries[1] as [Date, Date, Date];
    expect(nextAfter).toEqual(until);
    expect(nextUntil.getTime() - until.getTime()).toBe(1000);
    expect(clock.now().getTime() - overdue.getTime()).toBe(1000);
  });
});

describe('TimerQueue.arm', () => {
  it('counts each chunk’s delays from when that chunk is added', async () => {
    const clock = new FrozenClock();
    const delays: number[][] = [];
    const queue = {
      addBulk: (jobs: { opts: { delay: number } }[]) => {
        delays.push(jobs.map((j) => j.opts.delay));
        clock.advance(2_000); // a slow round trip
        return Promise.resolve([]);
      },
    } as unknown as Queue<TimerJob>;
    const timers = new TimerQueue(queue, {} as DataSource, new RuntimeEvents(), clock, 1000);
    const dueAt = new Date(clock.now().getTime() + 10_000);
    await timers.arm(
      Array.from({ length: 1500 }, (_, i) => ({ id: `t${i}`, instanceId: 'i', dueAt })),
    );
    expect(delays.map((d) => d.length)).toEqual([1000, 500]);
    expect([delays[0][0], delays[1][0]]).toEqual([10_000, 8_000]);
  });
});
