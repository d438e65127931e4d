import { Inject, Injectable } from '@nestjs/common';
import type { HealthReport } from '@shuping/contracts';
import type { OpenedDatabase } from '@shuping/db';
import { QUEUE_HEALTH, withTimeout, type QueueHealth } from '@shuping/worker';
import { OPENED_DATABASE } from '../common/config/config.constants.js';

const CHECK_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(OPENED_DATABASE) private readonly db: OpenedDatabase,
    @Inject(QUEUE_HEALTH) private readonly queue: QueueHealth,
  ) {}

  async report(): Promise<HealthReport> {
    const [database, queue] = await Promise.allSettled([
      withTimeout(this.db.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS, 'The database'),
      this.queue.check(CHECK_TIMEOUT_MS),
    ]);
    const failing: NonNullable<HealthReport['failing']> = [];
    if (database.status === 'rejected')
      failing.push({ part: 'database', reason: reason(database.reason) });
    if (queue.status === 'rejected') failing.push({ part: 'queue', reason: reason(queue.reason) });
    return {
      status: failing.length ? 'error' : 'ok',
      database: this.db.kind,
      queue: this.queue.kind,
      ...(failing.length ? { failing } : {}),
    };
  }
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
