import { BullModule } from '@nestjs/bullmq';
import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { AppConfig } from '@shuping/config';
import { Redis } from 'ioredis';
import { EmbeddedQueueHealth, withTimeout } from './queue-health.js';
import { QUEUES, QUEUE_HEALTH, REDIS_CLIENT } from './queue.constants.js';
import { RedisQueueHealth } from './redis-queue-health.js';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis) {}

  /** QUIT when Redis answers; otherwise just drop the socket (a queued QUIT would wait forever). */
  async onApplicationShutdown(): Promise<void> {
    if (this.redis.status === 'ready') {
      await withTimeout(this.redis.quit(), 2000, 'Redis QUIT').catch(() => this.redis.disconnect());
    } else {
      this.redis.disconnect();
    }
  }
}

/**
 * The switch between BullMQ on Redis (`REDIS_URL` set) and the embedded in-process mode.
 * Everything that queues work depends on this module, never on the mode directly.
 */
@Module({})
export class QueueModule {
  static forRoot(queue: AppConfig['queue']): DynamicModule {
    if (queue.kind === 'embedded') {
      return {
        module: QueueModule,
        global: true,
        providers: [{ provide: QUEUE_HEALTH, useClass: EmbeddedQueueHealth }],
        exports: [QUEUE_HEALTH],
      };
    }
    // Workers need maxRetriesPerRequest null: a blocking read must not give up on a blip.
    const redis = new Redis(queue.url, { maxRetriesPerRequest: null });
    const logger = new Logger('Redis');
    let lastWarnAt = 0;
    redis.on('error', (error: Error) => {
      // ioredis retries by itself; say so at most every 30 s instead of once per attempt.
      if (Date.now() - lastWarnAt < 30_000) return;
      lastWarnAt = Date.now();
      logger.warn(`Redis unreachable, retrying: ${error.message}`);
    });
    return {
      module: QueueModule,
      global: true,
      imports: [
        BullModule.forRoot({ connection: redis, prefix: queue.prefix }),
        BullModule.registerQueue({ name: QUEUES.timers }, { name: QUEUES.webhooks }),
      ],
      providers: [
        { provide: REDIS_CLIENT, useValue: redis },
        { provide: QUEUE_HEALTH, useClass: RedisQueueHealth },
        RedisLifecycle,
      ],
      exports: [QUEUE_HEALTH, REDIS_CLIENT, BullModule],
    };
  }
}
