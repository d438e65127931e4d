import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { timerEvent } from '@shuping/engine';
import { DataSource } from 'typeorm';
import { Clock } from './clock.js';
import { InstanceRuntime } from './instance-runtime.service.js';
import { RuntimeErrorCode, RuntimeException } from './runtime.exception.js';

/**
 * Fires durable timers. A timer row is claimed with `FOR UPDATE SKIP LOCKED` and marked fired
 * in the same transaction that applies its event, so however many pollers or BullMQ workers
 * race for it, it fires exactly once; a crash before commit leaves it pending for the next try.
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
    return this.runtime.transaction(async (manager) => {
      const now = this.clock.now();
      const [timer] = await manager.query<{ id: string; instance_id: string; timer_key: string }[]>(
        `SELECT id, instance_id, timer_key FROM timer
          WHERE id = $1 AND status = 'pending' AND due_at <= $2
          FOR UPDATE SKIP LOCKED`,
        [timerId, now],
      );
      if (!timer) return false;
      await manager.query(`UPDATE timer SET status = 'fired', fired_at = $2 WHERE id = $1`, [
        timer.id,
        now,
      ]);
      try {
        await this.runtime.advanceIn(manager, timer.instance_id, timerEvent(timer.timer_key), {
          actorUserId: null,
          idempotencyKey: `timer:${timer.id}`,
        });
      } catch (error) {
        // A timer of an ended instance has nothing left to do; it still counts as fired.
        if (!(
          error instanceof RuntimeException &&
          error.code === String(RuntimeErrorCode.InstanceFinished)
        ))
          throw error;
      }
      return true;
    });
  }

  /** Fires every due timer (oldest first, up to `limit`). Returns how many fired. */
  async fireDue(limit = 500): Promise<number> {
    const due = await this.db.query<{ id: string }[]>(
      `SELECT id FROM timer WHERE status = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2`,
      [this.clock.now(), limit],
    );
    let fired = 0;
    for (const { id } of due) {
      try {
        if (await this.fire(id)) fired++;
      } catch (error) {
        this.logger.error(
          `Timer ${id} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    return fired;
  }
}
