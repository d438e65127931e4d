import { createHmac } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@shuping/config';
import { DataSource } from 'typeorm';
import { returnedRows } from '../runtime/sql.util.js';

const DELIVERY_TIMEOUT_MS = 10_000;

/** Signature header value: `sha256=<hex HMAC of the raw body>`. Receivers recompute and compare. */
export function signWebhook(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

interface DeliveryRow {
  id: string;
  url: string;
  payload: unknown;
  attempts: number;
}

/**
 * Outbound webhooks. The relay turns committed outbox rows into one delivery per active
 * subscription of the county; each delivery is POSTed signed with HMAC-SHA256 and retried with
 * back-off until the attempt limit, after which it is dead-lettered (status `dead`).
 */
@Injectable()
export class WebhookDeliveryService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly config: AppConfig['webhooks'],
  ) {}

  /** Moves undispatched outbox rows into deliveries; returns the ids of new deliveries. */
  async relay(limit = 500): Promise<string[]> {
    return this.db.transaction(async (manager) => {
      const rows = await manager.query<
        { id: string; county_id: string; kind: string; payload: unknown; created_at: Date }[]
      >(
        `SELECT id, county_id, kind, payload, created_at FROM outbox
          WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return [];
      const created = returnedRows<{ id: string }>(
        await manager.query(
          `INSERT INTO webhook_delivery (county_id, subscription_id, outbox_id, payload, status)
           SELECT o.county_id, s.id, o.id, jsonb_build_object('id', o.id, 'kind', o.kind, 'createdAt', o.created_at, 'data', o.payload), 'pending'
             FROM outbox o JOIN webhook_subscription s ON s.county_id = o.county_id AND s.active
            WHERE o.id = ANY($1::bigint[])
           ON CONFLICT (subscription_id, outbox_id) DO NOTHING
           RETURNING id`,
          [rows.map((r) => r.id)],
        ),
      );
      await manager.query(`UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return created.map((c) => c.id);
    });
  }

  /**
   * One attempt at a delivery. Throws when the receiver did not answer 2xx (so the caller
   * retries); records every attempt and dead-letters after the limit.
   */
  async attempt(deliveryId: string): Promise<'delivered' | 'skipped'> {
    const [delivery] = await this.db.query<DeliveryRow[]>(
      `SELECT d.id, s.url, d.payload, d.attempts FROM webhook_delivery d
         JOIN webhook_subscription s ON s.id = d.subscription_id
        WHERE d.id = $1 AND d.status = 'pending'`,
      [deliveryId],
    );
    if (!delivery || !this.config.signingSecret) return 'skipped';
    const body = JSON.stringify(delivery.payload);
    const attempts = delivery.attempts + 1;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-shuping-delivery': delivery.id,
          'x-shuping-signature': signWebhook(this.config.signingSecret, body),
        },
        body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`receiver answered ${response.status}`);
      await this.db.query(
        `UPDATE webhook_delivery SET status = 'delivered', attempts = $2, delivered_at = now(), last_error = NULL WHERE id = $1`,
        [delivery.id, attempts],
      );
      return 'delivered';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const dead = attempts >= this.config.maxAttempts;
      await this.db.query(
        `UPDATE webhook_delivery SET attempts = $2, last_error = $3, status = $4,
                next_attempt_at = now() + make_interval(secs => $5::float / 1000)
          WHERE id = $1`,
        [
          delivery.id,
          attempts,
          message.slice(0, 500),
          dead ? 'dead' : 'pending',
          this.backoffMs(attempts),
        ],
      );
      if (dead)
        this.logger.warn(
          `Webhook delivery ${delivery.id} dead-lettered after ${attempts} attempts: ${message}`,
        );
      throw error;
    }
  }

  /** Exponential back-off: base, 2×base, 4×base, … */
  backoffMs(attempts: number): number {
    return this.config.backoffMs * 2 ** Math.max(0, attempts - 1);
  }

  /** Deliveries whose next attempt is due (embedded mode's retry loop). */
  async due(limit = 100): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }
}
