import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@shuping/config';
import { QueueModule } from './queue/queue.module.js';

/**
 * Background work: timers, reminders, escalations, notifications. Runs as its own process
 * (`apps/worker/dist/main.js`) with Redis, or inside the api process in embedded mode.
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [QueueModule.forRoot(config.queue)],
      exports: [QueueModule],
    };
  }
}
