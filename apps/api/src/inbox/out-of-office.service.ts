import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutOfOffice } from '@shuping/contracts';
import { returnedRows } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';

export interface StandInPeriod {
  /** The absent person and the stand-in. */
  absentUserId: string;
  absentName: string;
  standInUserId: string;
  standInName: string;
  from: string;
  to: string;
  roles: string[];
  current: boolean;
}

/** China-local midnight of a date, as an instant. */
function chinaMidnight(date: string, plusDays = 0): Date {
  const d = new Date(`${date}T00:00:00+08:00`);
  return new Date(d.getTime() + plusDays * 86_400_000);
}

/**
 * Out of office (代理): the person's current roles are held by a stand-in for the period
 * (role assignments with `stand_in_for`, the same records the administrators manage), so the
 * stand-in sees and may act on the person's tasks — those offered to the roles and those
 * assigned to the person. Ratings stay personal: rater roles are not handed over.
 */
@Injectable()
export class OutOfOfficeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal): Promise<StandInPeriod[]> {
    return this.db.query<StandInPeriod[]>(
      `SELECT ra.stand_in_for AS "absentUserId", a.display_name AS "absentName", ra.user_id AS "standInUserId",
              s.display_name AS "standInName",
              to_char(min(ra.valid_from) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "from",
              to_char((max(ra.valid_to) AT TIME ZONE 'Asia/Shanghai') - interval '1 day', 'YYYY-MM-DD') AS "to",
              array_agg(DISTINCT ra.role) AS roles,
              bool_or(ra.valid_from <= now() AND ra.valid_to > now()) AS current
         FROM role_assignment ra JOIN app_user a ON a.id = ra.stand_in_for JOIN app_user s ON s.id = ra.user_id
        WHERE ra.stand_in_for IS NOT NULL AND (ra.stand_in_for = $1 OR ra.user_id = $1)
          AND (ra.valid_to IS NULL OR ra.valid_to > now())
        GROUP BY ra.stand_in_for, a.display_name, ra.user_id, s.display_name
        ORDER BY min(ra.valid_from)`,
      [principal.userId],
    );
  }

  async create(principal: Principal, body: OutOfOffice): Promise<StandInPeriod[]> {
    await this.db.transaction(async (manager) => {
      const [standIn] = await manager.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE id = $1 AND county_id = $2 AND active`,
        [body.standInUserId, principal.countyId],
      );
      if (!standIn || standIn.id === principal.userId) {
        throw new InboxException(
          InboxErrorCode.PersonNotFound,
          'Choose a stand-in in your county',
          [{ path: 'standInUserId', message: '请选择本县的其他人员作为代理人' }],
        );
      }
      const roles = await manager.query<{ id: string }[]>(
        `SELECT id FROM role_assignment WHERE user_id = $1 AND stand_in_for IS NULL AND role <> 'rater'
            AND (valid_to IS NULL OR valid_to > now())`,
        [principal.userId],
      );
      if (roles.length === 0) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          'You hold no role that can be handed over',
        );
      }
      await manager.query(
        `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, rater_group, valid_from, valid_to,
                stand_in_for, note, created_by)
         SELECT $2, county_id, org_unit_id, role, rater_group, $3, $4, $1, $5, $1
           FROM role_assignment WHERE id = ANY($6)`,
        [
          principal.userId,
          standIn.id,
          chinaMidnight(body.from),
          chinaMidnight(body.to, 1),
          body.reason ?? '外出代理',
          roles.map((r) => r.id),
        ],
      );
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'standIn.create',
          targetType: 'user',
          targetId: principal.userId,
          detail: {
            standInUserId: standIn.id,
            from: body.from,
            to: body.to,
            reason: body.reason ?? null,
          },
        },
        manager,
      );
    });
    return this.list(principal);
  }

  /** Ends my stand-in periods held by this person (from now on). */
  async end(principal: Principal, standInUserId: string): Promise<StandInPeriod[]> {
    await this.db.transaction(async (manager) => {
      const ended: unknown = await manager.query(
        `UPDATE role_assignment SET valid_to = GREATEST(COALESCE(valid_from, now()), now()), ended_by = $1
          WHERE stand_in_for = $1 AND user_id = $2 AND (valid_to IS NULL OR valid_to > now()) RETURNING id`,
        [principal.userId, standInUserId],
      );
      if (returnedRows(ended).length === 0) throw new NotFoundException('Stand-in');
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'standIn.end',
          targetType: 'user',
          targetId: principal.userId,
          detail: { standInUserId },
        },
        manager,
      );
    });
    return this.list(principal);
  }
}
