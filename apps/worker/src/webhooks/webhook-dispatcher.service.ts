import { withTimeout } from '../queue/queue-health.js';
import {
  Injectable,
  Logger,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { QUEUES } from '../queue/queue.constants.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

export const WEBHOOK_TICK_MS = Symbol('WEBHOOK_TICK_MS');

/** Payload of a webhook job. */
export interface WebhookJob {
  deliveryId: string;
}

/**
 * Relays the outbox into webhook deliveries and gets them attempted: as BullMQ jobs (retried
 * with exponential back-off by BullMQ) with Redis, or by an in-process retry loop without it.
 * Pending deliveries are re-submitted every tick, so a Redis restart loses none.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WebhookDispatcher');
  private handle: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly deliveries: WebhookDeliveryService,
    @Inject(WEBHOOK_TICK_MS) private readonly tickMs: number,
    @Optional()
    @Inject(getQueueToken(QUEUES.webhooks))
    private readonly queue: Queue<WebhookJob> | null,
  ) {}

  onApplicationBootstrap(): void {
    this.schedule();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.handle);
    // Bounded: with Redis or the database unreachable the last round may never finish.
    await withTimeout(this.running, 5000, 'shutdown').catch(() => undefined);
  }

  /** One round: relay new outbox rows, then submit or attempt every due delivery. */
  async tick(): Promise<void> {
    await this.deliveries.relay();
    const due = await this.deliveries.due();
    if (this.queue) {
      await this.queue.addBulk(
        due.map((deliveryId) => ({
          name: 'deliver',
          data: { deliveryId },
          opts: {
            jobId: deliveryId,
            attempts: 1,
            removeOnComplete: true,
            removeOnFail: true,
          },
        })),
      );
      return;
    }
    for (const id of due) await this.deliveries.attempt(id).catch(() => undefined);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.handle = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) =>
          this.logger.warn(error instanceof Error ? error.message : String(error)),
        )
        .finally(() => this.schedule());
    }, this.tickMs);
    this.handle.unref();
  }
}
