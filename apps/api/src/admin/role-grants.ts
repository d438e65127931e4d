import { secretaryRoleOf, type AssignRole } from '@shuping/contracts';
import { returnedRows } from '@shuping/worker';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import {
  chinaMidnight,
  isRealDate,
  loadOrg,
  type AdminScope,
  type OrgRow,
  type UserRow,
} from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';

/** The day after a `YYYY-MM-DD` date (inclusive periods end at the next midnight). */
export function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** Checks an inclusive `from..to` period of local dates and returns its instants. */
export function period(
  from: string | undefined,
  to: string | undefined,
): { validFrom: string | null; validTo: string | null } {
  for (const date of [from, to]) {
    if (date !== undefined && !isRealDate(date))
      throw new AdminException(AdminErrorCode.BadDate, `${date} is not a date`);
  }
  if (from && to && from > to)
    throw new AdminException(AdminErrorCode.BadPeriod, 'The period ends before it starts');
  return {
    validFrom: from ? chinaMidnight(from) : null,
    validTo: to ? chinaMidnight(nextDay(to)) : null,
  };
}

/** Ends assignments now (or cancels those that have not started yet); they are never deleted. */
export const END_NOW = `valid_to = GREATEST(now(), COALESCE(valid_from, now()))`;

function mustBeActive(user: UserRow, org: OrgRow): void {
  if (!user.active)
    throw new AdminException(AdminErrorCode.UserInactive, `${user.display_name} is deactivated`);
  if (org.status !== 'active')
    throw new AdminException(AdminErrorCode.OrgClosed, `"${org.name}" is closed`);
}

/**
 * Grants a role at an organisation's subtree. Secretary roles are appointments: they take effect
 * now and move the post from its previous holder (see {@link appointSecretary}).
 */
export async function grantRole(
  manager: EntityManager,
  scope: AdminScope,
  audit: AuditService,
  user: UserRow,
  spec: Omit<AssignRole, 'validFrom' | 'validTo'> & { validFrom?: string; validTo?: string },
): Promise<string> {
  const secretary = spec.role === 'township_secretary' || spec.role === 'village_secretary';
  const org = await loadOrg(manager, scope, spec.orgUnitId, secretary ? 'FOR UPDATE' : 'FOR SHARE');
  if (secretary) {
    if (secretaryRoleOf(org.kind) !== spec.role) {
      throw new AdminException(
        AdminErrorCode.RoleNotAllowedAtOrg,
        spec.role === 'township_secretary'
          ? 'A township secretary is appointed at a township or street'
          : 'A village secretary is appointed at a village or community',
      );
    }
    if (spec.validFrom || spec.validTo) {
      throw new AdminException(
        AdminErrorCode.SecretaryDates,
        'A secretary is appointed from today on; for an absence, set a stand-in instead',
      );
    }
    return (await appointSecretary(manager, scope, audit, org, user, spec.note)).assignmentId;
  }
  mustBeActive(user, org);
  if (spec.role === 'rater' && !spec.raterGroup) {
    throw new AdminException(
      AdminErrorCode.RaterGroupRequired,
      'A rater needs a rater group (e.g. partyMembers)',
    );
  }
  const raterGroup = spec.role === 'rater' ? (spec.raterGroup ?? null) : null;
  const { validFrom, validTo } = period(spec.validFrom, spec.validTo);
  const [held] = await manager.query<{ id: string }[]>(
    `SELECT id FROM role_assignment
      WHERE user_id = $1 AND role = $2 AND org_unit_id = $3 AND rater_group IS NOT DISTINCT FROM $4
        AND stand_in_for IS NULL AND (valid_to IS NULL OR valid_to > now())`,
    [user.id, spec.role, org.id, raterGroup],
  );
  if (held) {
    throw new AdminException(
      AdminErrorCode.RoleAlreadyHeld,
      `${user.display_name} already holds this role at "${org.name}"`,
    );
  }
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, rater_group, valid_from, valid_to, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
    [
      user.id,
      scope.countyId,
      org.id,
      spec.role,
      raterGroup,
      validFrom,
      validTo,
      spec.note ?? null,
      scope.userId,
    ],
  );
  await audit.record(
    {
      countyId: scope.countyId,
      actorUserId: scope.userId,
      action: 'role.grant',
      targetType: 'user',
      targetId: user.id,
      detail: {
        assignmentId: row.id,
        role: spec.role,
        orgUnitId: org.id,
        raterGroup,
        validFrom,
        validTo,
      },
    },
    manager,
  );
  return row.id;
}

/**
 * Appoints the secretary of an organisation. The post moves: the previous holder's assignment
 * (and any stand-in for them there) ends now but stays in the history, and the tasks they had
 * claimed there go back to the post, so records stay with whoever held it at the time.
 */
export async function appointSecretary(
  manager: EntityManager,
  scope: AdminScope,
  audit: AuditService,
  org: OrgRow,
  user: UserRow,
  note?: string,
): Promise<{ assignmentId: string; replaced: string[] }> {
  const role = secretaryRoleOf(org.kind);
  if (!role) {
    throw new AdminException(
      AdminErrorCode.RoleNotAllowedAtOrg,
      `"${org.name}" has no secretary post (only townships, streets, villages and communities)`,
    );
  }
  mustBeActive(user, org);
  const holders = await manager.query<{ id: string; user_id: string }[]>(
    `SELECT id, user_id FROM role_assignment
      WHERE org_unit_id = $1 AND role = $2 AND stand_in_for IS NULL AND (valid_to IS NULL OR valid_to > now())`,
    [org.id, role],
  );
  if (holders.some((h) => h.user_id === user.id)) {
    throw new AdminException(
      AdminErrorCode.RoleAlreadyHeld,
      `${user.display_name} is already the secretary of "${org.name}"`,
    );
  }
  const replaced = holders.map((h) => h.user_id);
  if (holders.length > 0) {
    await manager.query(`UPDATE role_assignment SET ${END_NOW}, ended_by = $2 WHERE id = ANY($1)`, [
      holders.map((h) => h.id),
      scope.userId,
    ]);
    await manager.query(
      `UPDATE role_assignment SET ${END_NOW}, ended_by = $4
        WHERE org_unit_id = $1 AND role = $2 AND stand_in_for = ANY($3)
          AND (valid_to IS NULL OR valid_to > now())`,
      [org.id, role, replaced, scope.userId],
    );
  }
  const released = holders.length
    ? returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE task SET assignee_user_id = NULL, status = 'open'
            WHERE status = 'claimed' AND assignee_user_id = ANY($1) AND $2 = ANY(candidate_roles)
              AND ((candidate_match = 'exact' AND candidate_org_id = $3)
                OR (candidate_match = 'children' AND candidate_org_id = $4))
            RETURNING id`,
          [replaced, role, org.id, org.parent_id],
        ),
      ).length
    : 0;
  const [row] = await manager.query<{ id: string }[]>(
    `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, note, created_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [user.id, scope.countyId, org.id, role, note ?? null, scope.userId],
  );
  await audit.record(
    {
      countyId: scope.countyId,
      actorUserId: scope.userId,
      action: 'org.secretary_appoint',
      targetType: 'org_unit',
      targetId: org.id,
      detail: { role, userId: user.id, replaced, releasedTasks: released, assignmentId: row.id },
    },
    manager,
  );
  return { assignmentId: row.id, replaced };
}
