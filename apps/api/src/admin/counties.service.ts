import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  CountyCreated,
  CountyView,
  CreateCounty,
  InviteAdmin,
  OneTimePassword,
} from '@shuping/contracts';
import { isUniqueViolation } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.util.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { requireProvinceAdmin } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { oneTimePassword } from './one-time-password.util.js';

/**
 * New tenants: a provincial administrator creates a county (its root organisation) and invites
 * its first administrators, each with a one-time password that must be changed at first login.
 * From there the county sets itself up.
 */
@Injectable()
export class CountiesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(principal: Principal): Promise<CountyView[]> {
    requireProvinceAdmin(principal);
    return this.db.query<CountyView[]>(
      `SELECT c.id, c.code, c.name, c.created_at AS "createdAt",
              (SELECT count(*)::int FROM org_unit o WHERE o.county_id = c.id) AS organisations,
              (SELECT count(*)::int FROM app_user u WHERE u.county_id = c.id) AS users,
              COALESCE((SELECT json_agg(json_build_object('userId', u.id, 'username', u.username,
                                 'displayName', u.display_name, 'mustChangePassword', u.must_change_password)
                                 ORDER BY u.created_at)
                          FROM app_user u
                         WHERE u.county_id = c.id AND u.active AND EXISTS (
                           SELECT 1 FROM role_assignment r WHERE r.user_id = u.id AND r.role = 'county_admin'
                              AND (r.valid_to IS NULL OR r.valid_to > now()))), '[]') AS admins
         FROM org_unit c
        WHERE c.kind = 'county' AND c.parent_id IS NULL
        ORDER BY c.code`,
    );
  }

  async create(principal: Principal, body: CreateCounty): Promise<CountyCreated> {
    requireProvinceAdmin(principal);
    const id = randomUUID();
    const admin = await this.db
      .transaction(async (manager) => {
        const [taken] = await manager.query<unknown[]>(
          `SELECT 1 FROM org_unit WHERE kind = 'county' AND code = $1`,
          [body.code],
        );
        if (taken)
          throw new AdminException(
            AdminErrorCode.CountyCodeTaken,
            `A county with code ${body.code} exists`,
          );
        await manager.query(
          `INSERT INTO org_unit (id, county_id, parent_id, kind, code, name, path, depth)
           VALUES ($1, $1, NULL, 'county', $2, $3, $4, 0)`,
          [id, body.code, body.name, `/${id}/`],
        );
        await this.audit.record(
          {
            countyId: id,
            actorUserId: principal.userId,
            action: 'county.create',
            targetType: 'org_unit',
            targetId: id,
            detail: { code: body.code, name: body.name },
          },
          manager,
        );
        return this.inviteIn(manager, principal, id, body.admin);
      })
      .catch((error: unknown) => {
        throw this.usernameConflict(error, body.admin.username);
      });
    return { county: { id, code: body.code, name: body.name }, admin };
  }

  /** Another administrator for a county (or a replacement for one who left). */
  async invite(
    principal: Principal,
    countyId: string,
    body: InviteAdmin,
  ): Promise<OneTimePassword> {
    requireProvinceAdmin(principal);
    return this.db
      .transaction(async (manager) => {
        const [county] = await manager.query<unknown[]>(
          `SELECT 1 FROM org_unit WHERE id = $1 AND kind = 'county' AND parent_id IS NULL`,
          [countyId],
        );
        if (!county) throw new NotFoundException('County');
        return this.inviteIn(manager, principal, countyId, body);
      })
      .catch((error: unknown) => {
        throw this.usernameConflict(error, body.username);
      });
  }

  private async inviteIn(
    manager: EntityManager,
    principal: Principal,
    countyId: string,
    admin: InviteAdmin,
  ): Promise<OneTimePassword> {
    const password = oneTimePassword();
    const userId = randomUUID();
    await manager.query(
      `INSERT INTO app_user (id, county_id, org_unit_id, username, display_name, phone, password_hash, must_change_password)
       VALUES ($1, $2, $2, $3, $4, $5, $6, true)`,
      [
        userId,
        countyId,
        admin.username,
        admin.displayName,
        admin.phone ?? null,
        await hashPassword(password),
      ],
    );
    await manager.query(
      `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, created_by)
       VALUES ($1, $2, $2, 'county_admin', $3)`,
      [userId, countyId, principal.userId],
    );
    await this.audit.record(
      {
        countyId,
        actorUserId: principal.userId,
        action: 'county.admin_invite',
        targetType: 'user',
        targetId: userId,
        detail: { username: admin.username, displayName: admin.displayName },
      },
      manager,
    );
    return {
      userId,
      username: admin.username,
      displayName: admin.displayName,
      oneTimePassword: password,
    };
  }

  private usernameConflict(error: unknown, username: string): unknown {
    return isUniqueViolation(error)
      ? new AdminException(
          AdminErrorCode.UsernameTaken,
          `The username ${username} is already taken`,
        )
      : error;
  }
}
