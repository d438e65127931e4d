import { Processor } from '@nestjs/bullmq';
import { ClosableWorkerHost } from '../queue/closable-worker-host.js';
import type { Job } from 'bullmq';
import { QUEUES } from '../queue/queue.constants.js';
import type { WebhookJob } from './webhook-dispatcher.service.js';
import { WebhookDeliveryService } from './webhook-delivery.service.js';

/**
 * Attempts one webhook delivery. A failed attempt records its back-off in the delivery row;
 * the dispatcher resubmits the delivery when that time comes, until it is delivered or dead.
 */
@Processor(QUEUES.webhooks, { concurrency: 8 })
export class WebhookProcessor extends ClosableWorkerHost {
  constructor(private readonly deliveries: WebhookDeliveryService) {
    super();
  }

  async process(job: Job<WebhookJob>): Promise<string> {
    return this.deliveries.attempt(job.data.deliveryId);
  }
}
