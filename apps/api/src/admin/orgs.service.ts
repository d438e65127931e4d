import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CHILD_KINDS,
  orgKindLabels,
  type AdminOrg,
  type AdminOrgDetail,
  type CreateOrg,
  type MoveOrg,
  type OrgLinkView,
  type RoleHolder,
  type UpdateOrg,
} from '@shuping/contracts';
import { isUniqueViolation, returnedRows } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { adminScope, loadOrg, scopeSql, type AdminScope, type OrgRow } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';

/** A role assignment in force now (alias `r`). */
export const CURRENT_ROLE = `(r.valid_from IS NULL OR r.valid_from <= now()) AND (r.valid_to IS NULL OR r.valid_to > now())`;

export const ROLE_HOLDER_VIEW = `r.id AS "assignmentId", u.id AS "userId", u.username, u.display_name AS "displayName",
  r.role, r.rater_group AS "raterGroup", r.valid_from AS "validFrom", r.valid_to AS "validTo",
  (${CURRENT_ROLE}) AS current,
  CASE WHEN r.stand_in_for IS NULL THEN NULL
       ELSE json_build_object('userId', absent.id, 'displayName', absent.display_name) END AS "standInFor"`;

export const LINK_VIEW = `l.id, l.org_unit_id AS "orgUnitId", lo.name AS "orgName", l.user_id AS "userId",
  lu.display_name AS "displayName", l.kind, l.title, l.valid_from AS "validFrom", l.valid_to AS "validTo"`;

/** The organisation tree: list, create, rename, move (whole subtree), close and reopen. */
@Injectable()
export class OrgsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Every organisation the administrator manages, parents before children, with who leads it. */
  list(principal: Principal): Promise<AdminOrg[]> {
    return this.summaries(adminScope(principal));
  }

  private summaries(scope: AdminScope, onlyId?: string): Promise<AdminOrg[]> {
    const params: unknown[] = [scope.countyId];
    const where = [`o.county_id = $1`, scopeSql(scope, 'o.path', params)];
    if (onlyId) {
      params.push(onlyId);
      where.push(`o.id = $${params.length}`);
    }
    return this.db.query<AdminOrg[]>(
      `WITH holders AS (
         SELECT r.org_unit_id, r.role, array_agg(u.display_name ORDER BY r.created_at) AS names
           FROM role_assignment r JOIN app_user u ON u.id = r.user_id
          WHERE r.county_id = $1 AND r.stand_in_for IS NULL
            AND r.role IN ('township_secretary', 'village_secretary', 'linked_leader') AND ${CURRENT_ROLE}
            ${onlyId ? `AND r.org_unit_id = $${params.length}` : ''}
          GROUP BY r.org_unit_id, r.role)
       SELECT o.id, o.parent_id AS "parentId", o.kind, o.code, o.name, o.depth, o.path, o.status,
              COALESCE((SELECT array_agg(n) FROM holders h, unnest(h.names) n
                         WHERE h.org_unit_id = o.id AND h.role <> 'linked_leader'), '{}') AS secretaries,
              COALESCE((SELECT h.names FROM holders h
                         WHERE h.org_unit_id = o.id AND h.role = 'linked_leader'), '{}') AS "linkedLeaders"
         FROM org_unit o
        WHERE ${where.join(' AND ')}
        ORDER BY o.path`,
      params,
    );
  }

  async get(principal: Principal, id: string): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    const org = await loadOrg(this.db.manager, scope, id);
    const [summary] = await this.summaries(scope, id);
    const ancestorIds = org.path.split('/').filter((p) => p && p !== id);
    const ancestors = await this.db.query<AdminOrgDetail['ancestors']>(
      `SELECT id, name, kind FROM org_unit WHERE id = ANY($1) AND county_id = $2 ORDER BY depth`,
      [ancestorIds, scope.countyId],
    );
    const [counts] = await this.db.query<{ children: number; instances: number }[]>(
      `SELECT (SELECT count(*)::int FROM org_unit WHERE parent_id = $1) AS children,
              (SELECT count(*)::int FROM process_instance WHERE org_unit_id = $1 AND status = 'active') AS instances`,
      [id],
    );
    const roleHolders = await this.db.query<RoleHolder[]>(
      `SELECT ${ROLE_HOLDER_VIEW}
         FROM role_assignment r JOIN app_user u ON u.id = r.user_id
         LEFT JOIN app_user absent ON absent.id = r.stand_in_for
        WHERE r.org_unit_id = $1 AND r.county_id = $2
        ORDER BY (${CURRENT_ROLE}) DESC, COALESCE(r.valid_from, r.created_at) DESC`,
      [id, scope.countyId],
    );
    const links = await this.db.query<OrgLinkView[]>(
      `SELECT ${LINK_VIEW}
         FROM org_link l JOIN org_unit lo ON lo.id = l.org_unit_id JOIN app_user lu ON lu.id = l.user_id
        WHERE l.org_unit_id = $1 AND l.county_id = $2
        ORDER BY (l.valid_to IS NULL) DESC, l.valid_from DESC`,
      [id, scope.countyId],
    );
    return {
      ...summary,
      ancestors,
      childCount: counts.children,
      activeInstances: counts.instances,
      roleHolders,
      links,
    };
  }

  async create(principal: Principal, body: CreateOrg): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    const id = await this.db.transaction(async (manager) => {
      const parent = await loadOrg(manager, scope, body.parentId, 'FOR SHARE');
      this.checkPlacement(parent, body.kind);
      const id = randomUUID();
      await this.codeMustBeFree(manager, scope.countyId, body.code);
      try {
        await manager.query(
          `INSERT INTO org_unit (id, county_id, parent_id, kind, code, name, path, depth)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            id,
            scope.countyId,
            parent.id,
            body.kind,
            body.code,
            body.name,
            `${parent.path}${id}/`,
            parent.depth + 1,
          ],
        );
      } catch (error) {
        throw this.codeConflict(error, body.code);
      }
      await this.record(manager, scope, 'org.create', id, {
        code: body.code,
        name: body.name,
        kind: body.kind,
        parentId: parent.id,
      });
      return id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, body: UpdateOrg): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const org = await loadOrg(manager, scope, id, 'FOR UPDATE');
      if (body.code !== undefined && body.code !== org.code)
        await this.codeMustBeFree(manager, scope.countyId, body.code);
      try {
        await manager.query(
          `UPDATE org_unit SET code = COALESCE($2, code), name = COALESCE($3, name), updated_at = now()
            WHERE id = $1`,
          [id, body.code ?? null, body.name ?? null],
        );
      } catch (error) {
        throw this.codeConflict(error, body.code ?? org.code);
      }
      await this.record(manager, scope, 'org.update', id, {
        before: { code: org.code, name: org.name },
        after: { code: body.code ?? org.code, name: body.name ?? org.name },
      });
    });
    return this.get(principal, id);
  }

  /**
   * Moves an organisation and its whole subtree under another parent. One statement rewrites the
   * materialised path and depth of every organisation below, so role scopes (resolved through
   * the path) follow at once; open tasks offered to the subtree get their candidate path
   * rewritten in the same transaction.
   */
  async move(principal: Principal, id: string, body: MoveOrg): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const org = await loadOrg(manager, scope, id);
      if (!org.parent_id)
        throw new AdminException(AdminErrorCode.OrgIsRoot, 'The county itself cannot be moved');
      // Lock the subtree (concurrent imports and moves below it wait), then the new parent.
      await manager.query(
        `SELECT id FROM org_unit WHERE county_id = $1 AND path LIKE $2 ORDER BY id FOR UPDATE`,
        [scope.countyId, `${org.path}%`],
      );
      const moving = await loadOrg(manager, scope, id);
      const parent = await loadOrg(manager, scope, body.parentId, 'FOR SHARE');
      if (parent.path.startsWith(moving.path)) {
        throw new AdminException(
          AdminErrorCode.OrgMoveIntoItself,
          'An organisation cannot be moved under itself or one of its own subordinates',
        );
      }
      if (parent.id === moving.parent_id) return;
      this.checkPlacement(parent, moving.kind);
      const oldPrefix = moving.path;
      const newPrefix = `${parent.path}${moving.id}/`;
      const delta = parent.depth + 1 - moving.depth;
      const moved = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE org_unit
              SET path = $3 || substr(path, length($2) + 1),
                  depth = depth + $4,
                  parent_id = CASE WHEN id = $5 THEN $6::uuid ELSE parent_id END,
                  updated_at = now()
            WHERE county_id = $1 AND path LIKE $2 || '%'
            RETURNING id`,
          [scope.countyId, oldPrefix, newPrefix, delta, moving.id, parent.id],
        ),
      );
      const tasks = returnedRows<{ id: string }>(
        await manager.query(
          `UPDATE task SET candidate_org_path = $3 || substr(candidate_org_path, length($2) + 1)
            WHERE county_id = $1 AND status IN ('open', 'claimed') AND candidate_org_path LIKE $2 || '%'
            RETURNING id`,
          [scope.countyId, oldPrefix, newPrefix],
        ),
      );
      await this.record(manager, scope, 'org.move', id, {
        fromParentId: moving.parent_id,
        toParentId: parent.id,
        organisations: moved.length,
        openTasks: tasks.length,
      });
    });
    return this.get(principal, id);
  }

  /** Closes (撤销) an organisation without subordinates still active or processes running. */
  async close(principal: Principal, id: string): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const org = await loadOrg(manager, scope, id, 'FOR UPDATE');
      if (!org.parent_id)
        throw new AdminException(AdminErrorCode.OrgIsRoot, 'The county itself cannot be closed');
      if (org.status === 'closed') return;
      const [busy] = await manager.query<{ children: number; instances: number }[]>(
        `SELECT (SELECT count(*)::int FROM org_unit WHERE parent_id = $1 AND status = 'active') AS children,
                (SELECT count(*)::int FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
                  WHERE o.path LIKE $2 AND i.status = 'active') AS instances`,
        [id, `${org.path}%`],
      );
      if (busy.children > 0) {
        throw new AdminException(
          AdminErrorCode.OrgHasActiveChildren,
          `Close or move its ${busy.children} active subordinate organisation(s) first`,
        );
      }
      if (busy.instances > 0) {
        throw new AdminException(
          AdminErrorCode.OrgHasActiveInstances,
          `${busy.instances} review process(es) are still running for it`,
        );
      }
      await manager.query(
        `UPDATE org_unit SET status = 'closed', updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.record(manager, scope, 'org.close', id, { code: org.code, name: org.name });
    });
    return this.get(principal, id);
  }

  async reopen(principal: Principal, id: string): Promise<AdminOrgDetail> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const org = await loadOrg(manager, scope, id, 'FOR UPDATE');
      if (org.status === 'active') return;
      if (org.parent_id) {
        const parent = await loadOrg(manager, scope, org.parent_id, 'FOR SHARE');
        if (parent.status !== 'active')
          throw new AdminException(AdminErrorCode.OrgClosed, 'Reopen its parent first');
      }
      await manager.query(
        `UPDATE org_unit SET status = 'active', updated_at = now() WHERE id = $1`,
        [id],
      );
      await this.record(manager, scope, 'org.reopen', id, { code: org.code, name: org.name });
    });
    return this.get(principal, id);
  }

  private checkPlacement(parent: OrgRow, kind: CreateOrg['kind']): void {
    if (parent.status !== 'active') {
      throw new AdminException(
        AdminErrorCode.OrgClosed,
        `"${parent.name}" is closed: nothing can be placed under it`,
      );
    }
    if (!CHILD_KINDS[parent.kind].includes(kind)) {
      throw new AdminException(
        AdminErrorCode.OrgKindNotAllowed,
        `A ${orgKindLabels[kind].en.toLowerCase()} (${orgKindLabels[kind].zh}) cannot be placed under a ${orgKindLabels[parent.kind].en.toLowerCase()} (${orgKindLabels[parent.kind].zh})`,
      );
    }
  }

  private async codeMustBeFree(
    manager: EntityManager,
    countyId: string,
    code: string,
  ): Promise<void> {
    const [taken] = await manager.query<{ name: string }[]>(
      `SELECT name FROM org_unit WHERE county_id = $1 AND code = $2`,
      [countyId, code],
    );
    if (taken) {
      throw new AdminException(
        AdminErrorCode.OrgCodeTaken,
        `Code ${code} is already used by "${taken.name}"`,
      );
    }
  }

  private codeConflict(error: unknown, code: string): unknown {
    return isUniqueViolation(error)
      ? new AdminException(AdminErrorCode.OrgCodeTaken, `Code ${code} is already used`)
      : error;
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
        targetType: 'org_unit',
        targetId,
        detail,
      },
      manager,
    );
  }
}
