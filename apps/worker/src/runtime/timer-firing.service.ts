import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timerEvent } from '@shuping/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from './clock.js';
import { returnedRows } from './sql.util.js';
import {
  InstanceRuntime,
  LOCKED_INSTANCE_SQL,
  type LockedInstance,
} from './instance-runtime.service.js';

/**
 * What became of timers handed to `fireMany`: fired by this call, failed (still pending), or
 * still pending because they were not due when the batch ran (a job may come a moment early:
 * due times carry microseconds, job delays milliseconds), with their due time. The others
 * were fired or cancelled before.
 */
export interface FiringResult {
  fired: Set<string>;
  failed: Map<string, Error>;
  notDue: Map<string, Date>;
}

/** Most timers fired in one transaction. */
export const TIMER_BATCH_MAX = 200;

/**
 * Fires durable timers, many in one transaction. The instances of the timers are locked first
 * (always in id order, so concurrent batches cannot deadlock), then the timers still pending are
 * marked fired in the same statement, so however many pollers or BullMQ workers race for a
 * timer, it fires exactly once; a crash before commit leaves it pending for the next try. A
 * batch that fails is retried timer by timer, so one bad instance cannot hold up the others.
 */
@Injectable()
export class TimerFiringService {
  private readonly logger = new Logger('Timers');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
    private readonly clock: Clock,
  ) {}

  /** Fires one timer if it is still pending and due. Returns true when this call fired it. */
  async fire(timerId: string): Promise<boolean> {
    return (await this.fireBatch([timerId])).has(timerId);
  }

  /**
   * Fires the given timers that are still pending and due, `TIMER_BATCH_MAX` per transaction.
   * When a batch fails, its timers are fired one transaction each; those that fail again stay
   * pending and are returned with their error (to be retried).
   */
  async fireMany(timerIds: readonly string[]): Promise<FiringResult> {
    const result: FiringResult = { fired: new Set(), failed: new Map(), notDue: new Map() };
    const ids = [...new Set(timerIds)];
    for (let i = 0; i < ids.length; i += TIMER_BATCH_MAX) {
      const chunk = ids.slice(i, i + TIMER_BATCH_MAX);
      try {
        await this.fireChunk(chunk, result);
      } catch (error) {
        if (chunk.length === 1) {
          this.recordFailure(result, chunk[0], error);
          continue;
        }
        this.logger.warn(
          `A batch of ${chunk.length} timers failed (${message(error)}); firing them one by one`,
        );
        for (const id of chunk) {
          try {
            await this.fireChunk([id], result);
          } catch (single) {
            this.recordFailure(result, id, single);
          }
        }
      }
    }
    return result;
  }

  /** Fires one batch and notes, of the timers it did not fire, those still pending. */
  private async fireChunk(chunk: string[], result: FiringResult): Promise<void> {
    const fired = await this.fireBatch(chunk);
    for (const id of fired) result.fired.add(id);
    const rest = chunk.filter((id) => !fired.has(id));
    if (rest.length === 0) return;
    const pending = await this.db.query<{ id: string; due_at: Date }[]>(
      `SELECT id, due_at FROM timer WHERE id = ANY ($1::uuid[]) AND status = 'pending'`,
      [rest],
    );
    for (const t of pending) result.notDue.set(t.id, t.due_at);
  }

  private recordFailure(result: FiringResult, id: string, error: unknown): void {
    this.logger.error(`Timer ${id} failed: ${message(error)}`);
    result.failed.set(id, error instanceof Error ? error : new Error(message(error)));
  }

  /** Fires every due timer (oldest first, up to `limit`). Returns how many fired. */
  async fireDue(limit = 1000): Promise<number> {
    const due = await this.db.query<{ id: string }[]>(
      `SELECT id FROM timer WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [this.clock.now(), limit],
    );
    return (await this.fireMany(due.map((d) => d.id))).fired.size;
  }

  /** One transaction: lock, mark fired, step every instance, write everything once. */
  private fireBatch(timerIds: string[]): Promise<Set<string>> {
    return this.runtime.transaction(async (manager) => {
      const claimed = await this.claim(manager, timerIds);
      // Per county (tenant) and in due order per instance.
      claimed.sort(
        (a, b) =>
          a.instance.county_id.localeCompare(b.instance.county_id) ||
          a.instance.id.localeCompare(b.instance.id) ||
          a.due_at.getTime() - b.due_at.getTime(),
      );
      for (let start = 0; start < claimed.length;) {
        let end = start + 1;
        while (
          end < claimed.length &&
          claimed[end].instance.county_id === claimed[start].instance.county_id
        )
          end++;
        await this.runtime.advanceMany(
          manager,
          claimed.slice(start, end).map((t) => ({
            locked: t.instance,
            event: timerEvent(t.timer_key),
            meta: { actorUserId: null, idempotencyKey: `timer:${t.id}` },
          })),
        );
        start = end;
      }
      return new Set(claimed.map((t) => t.id));
    });
  }

  /**
   * Locks the instances of the timers (waiting for a running event of the same instance), then
   * marks the timers that are still pending and due as fired. Timer rows change only with their
   * instance locked, so what this returns is exactly what no one else fires.
   */
  private async claim(manager: EntityManager, timerIds: string[]): Promise<ClaimedTimer[]> {
    const now = this.clock.now();
    const locked = await manager.query<LockedInstance[]>(
      `SELECT ${LOCKED_INSTANCE_SQL.columns}
         FROM process_instance i ${LOCKED_INSTANCE_SQL.joins}
        WHERE i.id IN (SELECT instance_id FROM timer WHERE id = ANY ($1::uuid[]) AND status = 'pending')
        ORDER BY i.id
          FOR UPDATE OF i`,
      [timerIds],
    );
    if (locked.length === 0) return [];
    const fired = returnedRows<{
      id: string;
      timer_key: string;
      due_at: Date;
      instance_id: string;
    }>(
      await manager.query(
        `UPDATE timer SET status = 'fired', fired_at = $3
          WHERE id = ANY ($1::uuid[]) AND instance_id = ANY ($2::uuid[]) AND status = 'pending' AND due_at <= $3
        RETURNING id, timer_key, due_at, instance_id`,
        [timerIds, locked.map((i) => i.id), now],
      ),
    );
    const byId = new Map(locked.map((i) => [i.id, i]));
    return fired.map((t) => ({ ...t, instance: byId.get(t.instance_id)! }));
  }
}

interface ClaimedTimer {
  id: string;
  timer_key: string;
  due_at: Date;
  instance: LockedInstance;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
