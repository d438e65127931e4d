import { Controller, Get, Inject, Injectable, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@shuping/config';
import { AppException } from '@shuping/contracts';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { APP_CONFIG } from '../common/config/config.constants.js';
import { ForbiddenException } from '../common/tenancy/tenancy.js';
import { ApiZodBody, ZodBody, ZodQuery } from '../common/validation/zod.pipe.js';

const subscribeSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2000),
});
const deliveriesSchema = z.strictObject({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export interface WebhookView {
  id: string;
  url: string;
  active: boolean;
  createdAt: string;
}

export interface DeliveryView {
  id: string;
  subscriptionId: string;
  status: string;
  attempts: number;
  lastError: string | null;
  payload: unknown;
  createdAt: string;
  deliveredAt: string | null;
}

@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async subscribe(principal: Principal, url: string): Promise<WebhookView> {
    this.mustAdmin(principal);
    if (!this.config.webhooks.signingSecret) {
      throw new AppException(
        'invalid',
        'WEBHOOKS_DISABLED',
        'Webhooks need WEBHOOK_SIGNING_SECRET to be configured',
      );
    }
    const [row] = await this.db.query<WebhookView[]>(
      `INSERT INTO webhook_subscription (county_id, url) VALUES ($1, $2)
       RETURNING id, url, active, created_at AS "createdAt"`,
      [principal.countyId, url],
    );
    await this.audit.record({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action: 'webhook.subscribe',
      targetType: 'webhook_subscription',
      targetId: row.id,
      detail: { url },
    });
    return row;
  }

  list(principal: Principal): Promise<WebhookView[]> {
    this.mustAdmin(principal);
    return this.db.query(
      `SELECT id, url, active, created_at AS "createdAt" FROM webhook_subscription WHERE county_id = $1 ORDER BY created_at`,
      [principal.countyId],
    );
  }

  deliveries(
    principal: Principal,
    status: string | undefined,
    limit: number,
  ): Promise<DeliveryView[]> {
    this.mustAdmin(principal);
    return this.db.query(
      `SELECT id, subscription_id AS "subscriptionId", status, attempts, last_error AS "lastError", payload,
              created_at AS "createdAt", delivered_at AS "deliveredAt"
         FROM webhook_delivery WHERE county_id = $1 AND ($2::text IS NULL OR status = $2)
        ORDER BY created_at DESC LIMIT $3`,
      [principal.countyId, status ?? null, limit],
    );
  }

  private mustAdmin(principal: Principal): void {
    if (!principal.countyId || !hasRole(principal, 'county_admin')) {
      throw new ForbiddenException('Only county administrators manage webhooks');
    }
  }
}

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Subscribe a URL to the county’s notifications and records (signed with HMAC-SHA256)',
  })
  @ApiZodBody(subscribeSchema)
  subscribe(
    @CurrentPrincipal() principal: Principal,
    @ZodBody(subscribeSchema) body: z.infer<typeof subscribeSchema>,
  ): Promise<WebhookView> {
    return this.webhooks.subscribe(principal, body.url);
  }

  @Get()
  @ApiOperation({ summary: 'The county’s webhook subscriptions' })
  list(@CurrentPrincipal() principal: Principal): Promise<WebhookView[]> {
    return this.webhooks.list(principal);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'Webhook deliveries, including dead-lettered ones (status=dead)' })
  deliveries(
    @CurrentPrincipal() principal: Principal,
    @ZodQuery(deliveriesSchema) q: z.infer<typeof deliveriesSchema>,
  ): Promise<DeliveryView[]> {
    return this.webhooks.deliveries(principal, q.status, q.limit);
  }
}
