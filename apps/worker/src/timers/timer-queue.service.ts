import { withTimeout } from '../queue/queue-health.js';
import { InjectQueue } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { QUEUES } from '../queue/queue.constants.js';
import { Clock } from '../runtime/clock.js';
import { RuntimeEvents, type ArmedTimer } from '../runtime/runtime-events.js';

export const TIMER_RECONCILE_INTERVAL_MS = Symbol('TIMER_RECONCILE_INTERVAL_MS');

/** Payload of a timer job: the durable timer row to fire. */
export interface TimerJob {
  timerId: string;
}

const CHUNK = 1000;

/**
 * How far ahead timers are armed: at least two reconcile intervals, so that every timer is armed
 * by a reconcile pass well before it is due.
 */
export const armingHorizonMs = (reconcileIntervalMs: number): number =>
  Math.max(2 * reconcileIntervalMs, 60_000);

/**
 * Arms durable timers as BullMQ delayed jobs. The job id is the timer id, so arming twice is a
 * no-op; the timer table stays the truth. Only timers falling due within the arming horizon are
 * put in Redis: deadlines weeks away wait in the table (a completion then costs no Redis work),
 * and the reconciler, at start and every interval, arms the pending timers that have come within
 * the horizon — which also means Redis losing its data loses no deadline.
 */
@Injectable()
export class TimerQueue implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('TimerQueue');
  private handle: NodeJS.Timeout | undefined;
  private reconciling: Promise<unknown> = Promise.resolve();
  /** Timers of commits made in the same turn of the event loop, armed with one `addBulk`. */
  private gathering: { timers: ArmedTimer[]; armed: Promise<void> } | null = null;
  private readonly horizonMs: number;
  /** Timers due up to here were armed by a reconcile pass (none yet: null). */
  private armedUntil: Date | null = null;

  constructor(
    @InjectQueue(QUEUES.timers) private readonly queue: Queue<TimerJob>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: RuntimeEvents,
    private readonly clock: Clock,
    @Inject(TIMER_RECONCILE_INTERVAL_MS) private readonly intervalMs: number,
  ) {
    this.horizonMs = armingHorizonMs(intervalMs);
  }

  onModuleInit(): void {
    this.events.onCommitted((committed) => this.armSoon(committed.timers));
  }

  /**
   * Arms timers together with those of other commits finishing at the same moment: under load
   * many completions commit at once, and one Redis round trip then serves them all.
   */
  armSoon(committed: ArmedTimer[]): Promise<void> {
    const until = this.clock.now().getTime() + this.horizonMs;
    const timers = committed.filter((t) => new Date(t.dueAt).getTime() <= until);
    if (timers.length === 0) return Promise.resolve();
    if (this.gathering) {
      this.gathering.timers.push(...timers);
      return this.gathering.armed;
    }
    const gathering: { timers: ArmedTimer[]; armed: Promise<void> } = {
      timers: [...timers],
      armed: Promise.resolve(),
    };
    gathering.armed = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.gathering = null;
      return this.arm(gathering.timers);
    });
    this.gathering = gathering;
    return gathering.armed;
  }

  onApplicationBootstrap(): void {
    this.reconciling = this.reconcile().catch((e: unknown) => this.warn(e));
    this.handle = setInterval(() => {
      this.reconciling = this.reconcile().catch((e: unknown) => this.warn(e));
    }, this.intervalMs);
    this.handle.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.handle);
    // Bounded: with Redis or the database unreachable the last round may never finish.
    await withTimeout(this.reconciling, 5000, 'shutdown').catch(() => undefined);
  }

  /** Adds delayed jobs for timers (idempotent per timer id). */
  async arm(timers: ArmedTimer[]): Promise<void> {
    for (let i = 0; i < timers.length; i += CHUNK) {
      // A job's delay counts from when it is added: "now" is taken per chunk, or the later
      // chunks of a long arming would fire late by the time the earlier ones took.
      const now = this.clock.now().getTime();
      await this.queue.addBulk(
        timers.slice(i, i + CHUNK).map((t) => ({
          name: 'fire',
          data: { timerId: t.id },
          opts: {
            jobId: t.id,
            delay: Math.max(0, new Date(t.dueAt).getTime() - now),
            removeOnComplete: true,
            removeOnFail: 1000,
            attempts: 5,
            backoff: { type: 'exponential', delay: 1000 },
          },
        })),
      );
    }
  }

  /**
   * Arms pending timers from the table: at the first pass every one due within the horizon; then
   * those that have come within it since the previous pass, and those overdue by more than an
   * interval (their job was lost with Redis). Returns how many were submitted.
   */
  async reconcile(): Promise<number> {
    const now = this.clock.now().getTime();
    const until = new Date(now + this.horizonMs);
    const rows = await this.db.query<{ id: string; instance_id: string; due_at: Date }[]>(
      `SELECT id, instance_id, due_at FROM timer
        WHERE status = 'pending' AND due_at <= $1
          AND ($2::timestamptz IS NULL OR due_at > $2 OR due_at <= $3)`,
      [until, this.armedUntil, new Date(now - this.intervalMs)],
    );
    await this.arm(rows.map((r) => ({ id: r.id, instanceId: r.instance_id, dueAt: r.due_at })));
    this.armedUntil = until;
    return rows.length;
  }

  private warn(error: unknown): void {
    this.logger.warn(
      `Timer reconcile failed (will retry): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
