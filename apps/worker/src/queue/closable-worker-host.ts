import { WorkerHost } from '@nestjs/bullmq';
import { Inject, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from './queue.constants.js';

/**
 * A BullMQ processor that still shuts down when Redis is unreachable: a graceful close would
 * wait for Redis forever, so then the worker is closed by force (its jobs are retried later).
 */
export abstract class ClosableWorkerHost extends WorkerHost implements BeforeApplicationShutdown {
  @Inject(REDIS_CLIENT) private readonly redis!: Redis;

  async beforeApplicationShutdown(): Promise<void> {
    if (this.redis.status !== 'ready') await this.worker.close(true);
  }
}
