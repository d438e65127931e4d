import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AdminUser,
  AdminUserDetail,
  CreateUser,
  IssuePasswords,
  OneTimePassword,
  OrgLinkView,
  StandInView,
  UpdateUser,
  UserPage,
  UserQuery,
} from '@shuping/contracts';
import { isUniqueViolation, returnedRows } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword } from '../auth/password.util.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { adminScope, loadOrg, loadUser, scopeSql, type AdminScope } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { NO_PASSWORD } from './org-import.service.js';
import { oneTimePassword } from './one-time-password.util.js';
import { CURRENT_ROLE, LINK_VIEW, ROLE_HOLDER_VIEW } from './orgs.service.js';
import { grantRole } from './role-grants.js';
import { SessionControl } from './session-control.service.js';

const USER_VIEW = `u.id, u.username, u.display_name AS "displayName", u.phone, u.org_unit_id AS "orgUnitId",
  o.name AS "orgName", u.active, (u.password_hash <> '${NO_PASSWORD}') AS "hasPassword",
  u.must_change_password AS "mustChangePassword", u.created_at AS "createdAt",
  COALESCE((SELECT json_agg(json_build_object('assignmentId', r.id, 'role', r.role, 'orgUnitId', r.org_unit_id,
                     'orgName', ro.name, 'raterGroup', r.rater_group, 'standIn', r.stand_in_for IS NOT NULL)
                     ORDER BY r.created_at)
              FROM role_assignment r LEFT JOIN org_unit ro ON ro.id = r.org_unit_id
             WHERE r.user_id = u.id AND ${CURRENT_ROLE}), '[]') AS roles`;

export const STAND_IN_VIEW = `r.id AS "assignmentId", r.role, ro.name AS "orgName",
  absent.id AS "absentUserId", absent.display_name AS "absentName",
  u.id AS "standInUserId", u.display_name AS "standInName",
  r.valid_from AS "validFrom", r.valid_to AS "validTo", (${CURRENT_ROLE}) AS current, r.note`;

/** People: accounts, their details, activation, and one-time passwords. */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionControl,
  ) {}

  async list(principal: Principal, query: UserQuery): Promise<UserPage> {
    const scope = adminScope(principal);
    const params: unknown[] = [scope.countyId];
    const where = [`u.county_id = $1`, scopeSql(scope, 'o.path', params)];
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, '\\$&')}%`);
      const p = `$${params.length}`;
      where.push(`(u.username ILIKE ${p} OR u.display_name ILIKE ${p} OR u.phone ILIKE ${p})`);
    }
    if (query.orgUnitId) {
      const org = await loadOrg(this.db.manager, scope, query.orgUnitId);
      params.push(`${org.path}%`);
      const p = `$${params.length}`;
      where.push(`(o.path LIKE ${p} OR EXISTS (SELECT 1 FROM role_assignment r JOIN org_unit ro ON ro.id = r.org_unit_id
                     WHERE r.user_id = u.id AND ro.path LIKE ${p} AND ${CURRENT_ROLE}))`);
    }
    if (query.role) {
      params.push(query.role);
      where.push(`EXISTS (SELECT 1 FROM role_assignment r WHERE r.user_id = u.id
                    AND r.role = $${params.length} AND ${CURRENT_ROLE})`);
    }
    if (query.active) where.push(query.active === 'true' ? `u.active` : `NOT u.active`);
    if (query.noPassword)
      where.push(`u.password_hash ${query.noPassword === 'true' ? '=' : '<>'} '${NO_PASSWORD}'`);
    params.push(query.limit, query.offset);
    const rows = await this.db.query<(AdminUser & { total: number })[]>(
      `SELECT ${USER_VIEW}, count(*) OVER ()::int AS total
         FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY o.path, u.display_name, u.id
        LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...user }) => user) };
  }

  async get(principal: Principal, id: string): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    await loadUser(this.db.manager, scope, id);
    const [user] = await this.db.query<AdminUser[]>(
      `SELECT ${USER_VIEW} FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id WHERE u.id = $1`,
      [id],
    );
    const assignments = await this.db.query<AdminUserDetail['assignments']>(
      `SELECT ${ROLE_HOLDER_VIEW}, r.org_unit_id AS "orgUnitId", ro.name AS "orgName", r.note
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id
         LEFT JOIN app_user absent ON absent.id = r.stand_in_for
         LEFT JOIN org_unit ro ON ro.id = r.org_unit_id
        WHERE r.user_id = $1
        ORDER BY (${CURRENT_ROLE}) DESC, COALESCE(r.valid_from, r.created_at) DESC`,
      [id],
    );
    const standIns = await this.db.query<StandInView[]>(
      `SELECT ${STAND_IN_VIEW}
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id
         JOIN app_user absent ON absent.id = r.stand_in_for
         LEFT JOIN org_unit ro ON ro.id = r.org_unit_id
        WHERE r.stand_in_for = $1 OR (r.user_id = $1 AND r.stand_in_for IS NOT NULL)
        ORDER BY r.valid_from DESC`,
      [id],
    );
    const links = await this.db.query<OrgLinkView[]>(
      `SELECT ${LINK_VIEW}
         FROM org_link l JOIN org_unit lo ON lo.id = l.org_unit_id JOIN app_user lu ON lu.id = l.user_id
        WHERE l.user_id = $1 ORDER BY (l.valid_to IS NULL) DESC, l.valid_from DESC`,
      [id],
    );
    const [sessions] = await this.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM auth_session
        WHERE user_id = $1 AND revoked_at IS NULL AND expires_at > now()`,
      [id],
    );
    return { ...user, assignments, standIns, links, activeSessions: sessions.n };
  }

  /** Creates an account with a one-time password (shown once) and its roles. */
  async create(principal: Principal, body: CreateUser): Promise<OneTimePassword> {
    const scope = adminScope(principal);
    const password = oneTimePassword();
    const hash = await hashPassword(password);
    const id = randomUUID();
    try {
      await this.db.transaction(async (manager) => {
        await loadOrg(manager, scope, body.orgUnitId, 'FOR SHARE');
        await manager.query(
          `INSERT INTO app_user (id, county_id, org_unit_id, username, display_name, phone, password_hash, must_change_password)
           VALUES ($1, $2, $3, $4, $5, $6, $7, true)`,
          [
            id,
            scope.countyId,
            body.orgUnitId,
            body.username,
            body.displayName,
            body.phone ?? null,
            hash,
          ],
        );
        await this.record(manager, scope, 'user.create', id, {
          username: body.username,
          displayName: body.displayName,
          orgUnitId: body.orgUnitId,
        });
        const user = await loadUser(manager, scope, id);
        for (const role of body.roles) await grantRole(manager, scope, this.audit, user, role);
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AdminException(
          AdminErrorCode.UsernameTaken,
          `The username ${body.username} is already taken`,
        );
      throw error;
    }
    return {
      userId: id,
      username: body.username,
      displayName: body.displayName,
      oneTimePassword: password,
    };
  }

  async update(principal: Principal, id: string, body: UpdateUser): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const user = await loadUser(manager, scope, id);
      if (body.orgUnitId) await loadOrg(manager, scope, body.orgUnitId, 'FOR SHARE');
      await manager.query(
        `UPDATE app_user SET display_name = COALESCE($2, display_name),
                phone = CASE WHEN $3::boolean THEN $4 ELSE phone END,
                org_unit_id = COALESCE($5, org_unit_id), updated_at = now()
          WHERE id = $1`,
        [
          id,
          body.displayName ?? null,
          body.phone !== undefined,
          body.phone ?? null,
          body.orgUnitId ?? null,
        ],
      );
      await this.record(manager, scope, 'user.update', id, {
        before: { displayName: user.display_name, orgUnitId: user.org_unit_id },
        changes: body,
      });
    });
    return this.get(principal, id);
  }

  /**
   * Deactivates an account: it can no longer log in, its sessions end at once, and tasks it had
   * claimed go back to their role. Its history (tasks, ratings, audit) stays attributed to it.
   */
  async deactivate(principal: Principal, id: string): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    if (id === scope.userId)
      throw new AdminException(AdminErrorCode.CannotChangeSelf, 'You cannot deactivate yourself');
    const ended = await this.db.transaction(async (manager) => {
      const user = await loadUser(manager, scope, id);
      if (!user.active) return [];
      await manager.query(`UPDATE app_user SET active = false, updated_at = now() WHERE id = $1`, [
        id,
      ]);
      const sessions = await this.sessions.endSessions(manager, id);
      const released = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE task SET assignee_user_id = NULL, status = 'open'
            WHERE assignee_user_id = $1 AND status = 'claimed' RETURNING id`,
          [id],
        ),
      );
      await this.record(manager, scope, 'user.deactivate', id, {
        sessionsEnded: sessions.length,
        tasksReleased: released.length,
      });
      return sessions;
    });
    this.sessions.forgetSessions(ended);
    return this.get(principal, id);
  }

  async reactivate(principal: Principal, id: string): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const user = await loadUser(manager, scope, id);
      if (user.active) return;
      await manager.query(
        `UPDATE app_user SET active = true, failed_login_count = 0, locked_until = NULL, updated_at = now()
          WHERE id = $1`,
        [id],
      );
      await this.record(manager, scope, 'user.reactivate', id, {});
    });
    return this.get(principal, id);
  }

  /** A new one-time password (shown once); the person must change it and is logged out everywhere. */
  async resetPassword(principal: Principal, id: string): Promise<OneTimePassword> {
    const [issued] = await this.issuePasswords(principal, { userIds: [id] });
    if (!issued) throw new NotFoundException('User');
    return issued;
  }

  /**
   * One-time passwords for up to 100 accounts at once (e.g. the secretaries of an import), each
   * to be changed at first login.
   */
  async issuePasswords(principal: Principal, body: IssuePasswords): Promise<OneTimePassword[]> {
    const scope = adminScope(principal);
    const ids = [...new Set(body.userIds)];
    if (ids.includes(scope.userId)) {
      throw new AdminException(
        AdminErrorCode.CannotChangeSelf,
        'Change your own password under 账户 (POST /api/account/password)',
      );
    }
    const users = await Promise.all(ids.map((id) => loadUser(this.db.manager, scope, id)));
    const issued = await Promise.all(
      users.map(async (user) => {
        const password = oneTimePassword();
        return { user, password, hash: await hashPassword(password) };
      }),
    );
    const ended = await this.db.transaction(async (manager) => {
      const all: string[] = [];
      for (const { user, hash } of issued) {
        await manager.query(
          `UPDATE app_user SET password_hash = $2, must_change_password = true, failed_login_count = 0,
                  locked_until = NULL, updated_at = now()
            WHERE id = $1`,
          [user.id, hash],
        );
        all.push(...(await this.sessions.endSessions(manager, user.id)));
        await this.record(manager, scope, 'user.password_issue', user.id, {});
      }
      return all;
    });
    this.sessions.forgetSessions(ended);
    for (const { user } of issued) this.sessions.forgetFlag(user.id);
    return issued.map(({ user, password }) => ({
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      oneTimePassword: password,
    }));
  }

  private record(
    manager: EntityManager,
    scope: AdminScope,
    action: string,
    targetId: string,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        countyId: scope.countyId,
        actorUserId: scope.userId,
        action,
        targetType: 'user',
        targetId,
        detail,
      },
      manager,
    );
  }
}
