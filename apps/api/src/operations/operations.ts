import { getQueueToken } from '@nestjs/bullmq';
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { AppConfig } from '@shuping/config';
import { QUEUES } from '@shuping/worker';
import type { Queue } from 'bullmq';
import type { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { CurrentPrincipal } from '../auth/auth.decorators.js';
import { AuthService } from '../auth/auth.service.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { ForbiddenException } from '../common/tenancy/tenancy.js';

export interface TimerMetrics {
  pending: number;
  overdue: number;
  firedLastHour: number;
  lagMs: { p50: number | null; p95: number | null; p99: number | null; max: number | null };
}

/** Timer health for administrators: backlog and fire lag (fire time − due time) of the last hour. */
@Injectable()
export class OperationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async timers(principal: Principal): Promise<TimerMetrics> {
    if (!hasRole(principal, 'county_admin')) throw new ForbiddenException('Administrators only');
    const county = principal.countyId;
    const [row] = await this.db.query<
      {
        pending: number;
        overdue: number;
        fired: number;
        p50: number | null;
        p95: number | null;
        p99: number | null;
        max: number | null;
      }[]
    >(
      `SELECT
         (SELECT count(*)::int FROM timer WHERE status = 'pending' AND ($1::uuid IS NULL OR county_id = $1)) AS pending,
         (SELECT count(*)::int FROM timer WHERE status = 'pending' AND due_at < now() AND ($1::uuid IS NULL OR county_id = $1)) AS overdue,
         count(*)::int AS fired,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY lag) AS p50,
         percentile_cont(0.95) WITHIN GROUP (ORDER BY lag) AS p95,
         percentile_cont(0.99) WITHIN GROUP (ORDER BY lag) AS p99,
         max(lag) AS max
       FROM (SELECT extract(epoch FROM fired_at - due_at) * 1000 AS lag FROM timer
              WHERE status = 'fired' AND fired_at > now() - interval '1 hour' AND ($1::uuid IS NULL OR county_id = $1)) l`,
      [county],
    );
    const ms = (v: number | null) => (v === null ? null : Math.round(Number(v)));
    return {
      pending: row.pending,
      overdue: row.overdue,
      firedLastHour: row.fired,
      lagMs: { p50: ms(row.p50), p95: ms(row.p95), p99: ms(row.p99), max: ms(row.max) },
    };
  }
}

@ApiTags('operations')
@ApiBearerAuth()
@Controller('operations')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  @Get('timers')
  @ApiOperation({ summary: 'Timer backlog and fire lag of the last hour (administrators)' })
  timers(@CurrentPrincipal() principal: Principal): Promise<TimerMetrics> {
    return this.operations.timers(principal);
  }
}

const BOARD_PATH = '/api/admin/queues';
const COOKIE = 'shuping_queues';

/**
 * The BullMQ dashboard (bull-board) at /api/admin/queues, Redis mode only, for county and
 * provincial administrators. Open it as `/api/admin/queues?token=<access token>`: the token is
 * checked and kept in an http-only cookie limited to the dashboard's path.
 */
export function mountQueueDashboard(app: INestApplication, config: AppConfig): void {
  if (config.queue.kind !== 'redis') return;
  const adapter = new ExpressAdapter();
  adapter.setBasePath(BOARD_PATH);
  const queues = Object.values(QUEUES).map(
    (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name))),
  );
  createBullBoard({ queues, serverAdapter: adapter });
  const auth = app.get(AuthService);
  app.use(BOARD_PATH, (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers.authorization?.startsWith('Bearer ')
      ? req.headers.authorization.slice(7)
      : undefined;
    const query = typeof req.query.token === 'string' ? req.query.token : undefined;
    const cookie = /(?:^|;\s*)shuping_queues=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = header ?? query ?? cookie;
    if (!token) {
      res
        .status(401)
        .type('application/problem+json')
        .send({ title: 'Log in first', status: 401, code: 'MISSING_TOKEN' });
      return;
    }
    auth
      .authenticate(decodeURIComponent(token))
      .then((principal) => {
        if (!hasRole(principal, 'county_admin')) {
          res
            .status(403)
            .type('application/problem+json')
            .send({ title: 'Administrators only', status: 403, code: 'FORBIDDEN' });
          return;
        }
        if (query)
          res.cookie(COOKIE, query, { httpOnly: true, sameSite: 'strict', path: BOARD_PATH });
        next();
      })
      .catch(() => {
        res
          .status(401)
          .type('application/problem+json')
          .send({ title: 'Invalid token', status: 401, code: 'INVALID_TOKEN' });
      });
  });
  app.use(
    BOARD_PATH,
    adapter.getRouter() as (req: Request, res: Response, next: NextFunction) => void,
  );
}
