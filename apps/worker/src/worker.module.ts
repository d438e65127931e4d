import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '@shuping/config';
import { QueueModule } from './queue/queue.module.js';
import { RuntimeModule } from './runtime/runtime.module.js';
import { TIMER_RECONCILE_INTERVAL_MS, TimerQueue } from './timers/timer-queue.service.js';
import { TimerProcessor } from './timers/timer.processor.js';
import { WEBHOOK_TICK_MS, WebhookDispatcher } from './webhooks/webhook-dispatcher.service.js';
import { WebhookDeliveryService } from './webhooks/webhook-delivery.service.js';
import { WebhookProcessor } from './webhooks/webhook.processor.js';
import { DataSource } from 'typeorm';

/**
 * Background work: timers, reminders, escalations, notifications. Runs as its own process
 * (`apps/worker/dist/main.js`) with Redis, or inside the api process (always in embedded mode;
 * with Redis too unless WORKERS_IN_API=false).
 */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, options: { processJobs: boolean }): DynamicModule {
    const redis = config.queue.kind === 'redis';
    return {
      module: WorkerModule,
      imports: [QueueModule.forRoot(config.queue), RuntimeModule.forRoot(config)],
      providers: [
        {
          provide: WebhookDeliveryService,
          useFactory: (db: DataSource) => new WebhookDeliveryService(db, config.webhooks),
          inject: [DataSource],
        },
        { provide: WEBHOOK_TICK_MS, useValue: Math.min(1000, config.webhooks.backoffMs) },
        ...(options.processJobs ? [WebhookDispatcher] : []),
        ...(redis
          ? [
              TimerQueue,
              { provide: TIMER_RECONCILE_INTERVAL_MS, useValue: config.timers.reconcileIntervalMs },
              ...(options.processJobs ? [TimerProcessor, WebhookProcessor] : []),
            ]
          : []),
      ],
      exports: [QueueModule, RuntimeModule, WebhookDeliveryService, ...(redis ? [TimerQueue] : [])],
    };
  }
}
