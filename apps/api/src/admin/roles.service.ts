import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AdminOrgDetail,
  AdminUserDetail,
  AssignRole,
  SetSecretary,
  StandIn,
  StandInView,
} from '@shuping/contracts';
import { toChinaLocalDate } from '@shuping/engine';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { adminScope, loadOrg, loadUser, scopeSql } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { CURRENT_ROLE, OrgsService } from './orgs.service.js';
import { appointSecretary, END_NOW, grantRole, period } from './role-grants.js';
import { STAND_IN_VIEW, UsersService } from './users.service.js';

interface AssignmentRow {
  id: string;
  user_id: string;
  role: string;
  org_unit_id: string | null;
  org_path: string | null;
  rater_group: string | null;
  valid_from: Date | null;
  valid_to: Date | null;
  link_id: string | null;
  stand_in_for: string | null;
}

/** Role assignments: grants, secretary appointments, ends (never deletions) and stand-ins. */
@Injectable()
export class RolesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly users: UsersService,
    private readonly orgs: OrgsService,
  ) {}

  async assign(principal: Principal, userId: string, body: AssignRole): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const user = await loadUser(manager, scope, userId, true);
      await grantRole(manager, scope, this.audit, user, body);
    });
    return this.users.get(principal, userId);
  }

  /** Appoints an organisation's secretary: the post moves, the history stays. */
  async appointSecretary(
    principal: Principal,
    orgId: string,
    body: SetSecretary,
  ): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const org = await loadOrg(manager, scope, orgId, 'FOR UPDATE');
      const user = await loadUser(manager, scope, body.userId, true);
      await appointSecretary(manager, scope, this.audit, org, user, body.note);
    });
    return this.orgs.get(principal, orgId);
  }

  /** Ends a role now (or cancels one not yet started). The row stays as history. */
  async end(principal: Principal, assignmentId: string): Promise<AdminUserDetail> {
    const scope = adminScope(principal);
    const userId = await this.db.transaction(async (manager) => {
      const [row] = await manager.query<AssignmentRow[]>(
        `SELECT r.id, r.user_id, r.role, r.org_unit_id, o.path AS org_path, r.rater_group, r.valid_from,
                r.valid_to, r.link_id, r.stand_in_for
           FROM role_assignment r LEFT JOIN org_unit o ON o.id = r.org_unit_id
          WHERE r.id = $1 AND r.county_id = $2 FOR UPDATE OF r`,
        [assignmentId, scope.countyId],
      );
      if (!row || !row.org_path || !coversOrg(principal, row.org_path, ['county_admin']))
        throw new NotFoundException('Role assignment');
      if (row.link_id) {
        throw new AdminException(
          AdminErrorCode.RoleManagedByLink,
          'This role comes from a link (联系点): end the link instead',
        );
      }
      if (row.valid_to && row.valid_to.getTime() <= Date.now()) {
        throw new AdminException(AdminErrorCode.AssignmentEnded, 'This role has already ended');
      }
      if (row.user_id === scope.userId && row.role === 'county_admin') {
        throw new AdminException(
          AdminErrorCode.CannotChangeSelf,
          'You cannot end your own administrator role',
        );
      }
      await manager.query(`UPDATE role_assignment SET ${END_NOW}, ended_by = $2 WHERE id = $1`, [
        row.id,
        scope.userId,
      ]);
      await this.audit.record(
        {
          countyId: scope.countyId,
          actorUserId: scope.userId,
          action: row.stand_in_for ? 'stand_in.end' : 'role.end',
          targetType: 'user',
          targetId: row.user_id,
          detail: { assignmentId: row.id, role: row.role, orgUnitId: row.org_unit_id },
        },
        manager,
      );
      return row.user_id;
    });
    return this.users.get(principal, userId);
  }

  /**
   * A temporary stand-in (代理) while someone is away: the stand-in receives the absent person's
   * roles (all, or those chosen) from the first to the last day, China time. The absent person
   * keeps theirs; both can act during the period.
   */
  async createStandIn(
    principal: Principal,
    absentUserId: string,
    body: StandIn,
  ): Promise<StandInView[]> {
    const scope = adminScope(principal);
    if (body.standInUserId === absentUserId)
      throw new AdminException(
        AdminErrorCode.StandInSelf,
        'Someone cannot stand in for themselves',
      );
    const { validFrom, validTo } = period(body.from, body.to);
    if (body.to < toChinaLocalDate(new Date()))
      throw new AdminException(AdminErrorCode.BadPeriod, 'The absence is already over');
    const ids = await this.db.transaction(async (manager) => {
      const absent = await loadUser(manager, scope, absentUserId);
      const standIn = await loadUser(manager, scope, body.standInUserId, true);
      if (!standIn.active) {
        throw new AdminException(
          AdminErrorCode.UserInactive,
          `${standIn.display_name} is deactivated`,
        );
      }
      const roles = await manager.query<AssignmentRow[]>(
        `SELECT r.id, r.user_id, r.role, r.org_unit_id, o.path AS org_path, r.rater_group, r.valid_from,
                r.valid_to, r.link_id, r.stand_in_for
           FROM role_assignment r JOIN org_unit o ON o.id = r.org_unit_id
          WHERE r.user_id = $1 AND r.stand_in_for IS NULL AND r.link_id IS NULL
            AND (r.valid_to IS NULL OR r.valid_to > $2) AND (r.valid_from IS NULL OR r.valid_from < $3)
          ORDER BY r.created_at`,
        [absent.id, validFrom, validTo],
      );
      const chosen = body.assignmentIds
        ? roles.filter((r) => body.assignmentIds?.includes(r.id))
        : roles;
      const handed = chosen.filter(
        (r) => r.org_path && coversOrg(principal, r.org_path, ['county_admin']),
      );
      if (
        handed.length === 0 ||
        (body.assignmentIds && handed.length !== new Set(body.assignmentIds).size)
      ) {
        throw new AdminException(
          AdminErrorCode.NoRolesToHandOver,
          `${absent.display_name} holds no such role during the absence`,
        );
      }
      const created: string[] = [];
      for (const r of handed) {
        const end =
          r.valid_to && validTo && r.valid_to.toISOString() < validTo
            ? r.valid_to.toISOString()
            : validTo;
        const [row] = await manager.query<{ id: string }[]>(
          `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, rater_group, valid_from, valid_to,
                                        stand_in_for, note, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
          [
            standIn.id,
            scope.countyId,
            r.org_unit_id,
            r.role,
            r.rater_group,
            validFrom,
            end,
            absent.id,
            body.reason ?? null,
            scope.userId,
          ],
        );
        created.push(row.id);
      }
      await this.audit.record(
        {
          countyId: scope.countyId,
          actorUserId: scope.userId,
          action: 'stand_in.create',
          targetType: 'user',
          targetId: absent.id,
          detail: {
            standInUserId: standIn.id,
            from: body.from,
            to: body.to,
            roles: handed.map((r) => ({ role: r.role, orgUnitId: r.org_unit_id })),
            assignmentIds: created,
            reason: body.reason ?? null,
          },
        },
        manager,
      );
      return created;
    });
    return this.db.query<StandInView[]>(
      `SELECT ${STAND_IN_VIEW}
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id
         JOIN app_user absent ON absent.id = r.stand_in_for
         LEFT JOIN org_unit ro ON ro.id = r.org_unit_id
        WHERE r.id = ANY($1) ORDER BY r.created_at`,
      [ids],
    );
  }

  /** Stand-ins in the administrator's subtree: current and upcoming, or all. */
  async listStandIns(principal: Principal, all: boolean): Promise<StandInView[]> {
    const scope = adminScope(principal);
    const params: unknown[] = [scope.countyId];
    const inScope = scopeSql(scope, 'ro.path', params);
    return this.db.query<StandInView[]>(
      `SELECT ${STAND_IN_VIEW}
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id
         JOIN app_user absent ON absent.id = r.stand_in_for
         JOIN org_unit ro ON ro.id = r.org_unit_id
        WHERE r.county_id = $1 AND ${inScope}
          ${all ? '' : `AND (r.valid_to IS NULL OR r.valid_to > now())`}
        ORDER BY (${CURRENT_ROLE}) DESC, r.valid_from DESC
        LIMIT 500`,
      params,
    );
  }
}
