import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS_CLIENT } from './queue.constants.js';
import { withTimeout, type QueueHealth } from './queue-health.js';

@Injectable()
export class RedisQueueHealth implements QueueHealth {
  readonly kind = 'redis' as const;

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  async check(timeoutMs: number): Promise<void> {
    const answer: string = await withTimeout(this.redis.ping(), timeoutMs, 'Redis');
    if (answer !== 'PONG') throw new Error(`Redis answered ${answer} to PING`);
  }
}
