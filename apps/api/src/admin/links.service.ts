import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CreateLink, OrgLinkView } from '@shuping/contracts';
import { isUniqueViolation } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { adminScope, loadOrg, loadUser, scopeSql } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { LINK_VIEW } from './orgs.service.js';

/**
 * Links (联系点): a county leader linked to a township or street, a township cadre linked to a
 * village or community. A link also grants its leader the role `linked_leader` at the
 * organisation (same period), so process steps assigned to "the linked leader" reach them.
 */
@Injectable()
export class LinksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(
    principal: Principal,
    filter: { orgUnitId?: string; all?: boolean },
  ): Promise<OrgLinkView[]> {
    const scope = adminScope(principal);
    const params: unknown[] = [scope.countyId];
    const where = [`l.county_id = $1`, scopeSql(scope, 'lo.path', params)];
    if (filter.orgUnitId) {
      params.push(filter.orgUnitId);
      where.push(`l.org_unit_id = $${params.length}`);
    }
    if (!filter.all) where.push(`l.valid_to IS NULL`);
    return this.db.query<OrgLinkView[]>(
      `SELECT ${LINK_VIEW}
         FROM org_link l JOIN org_unit lo ON lo.id = l.org_unit_id JOIN app_user lu ON lu.id = l.user_id
        WHERE ${where.join(' AND ')}
        ORDER BY lo.path, l.valid_from DESC`,
      params,
    );
  }

  async create(principal: Principal, body: CreateLink): Promise<OrgLinkView> {
    const scope = adminScope(principal);
    let id: string;
    try {
      id = await this.db.transaction(async (manager) => {
        const org = await loadOrg(manager, scope, body.orgUnitId, 'FOR SHARE');
        const kind =
          org.kind === 'township' || org.kind === 'street'
            ? 'county_leader'
            : org.kind === 'village' || org.kind === 'community'
              ? 'township_cadre'
              : null;
        if (!kind) {
          throw new AdminException(
            AdminErrorCode.LinkKindNotAllowed,
            'Links (联系点) join a leader to a township, street, village or community',
          );
        }
        if (org.status !== 'active')
          throw new AdminException(AdminErrorCode.OrgClosed, `"${org.name}" is closed`);
        const user = await loadUser(manager, scope, body.userId, true);
        if (!user.active) {
          throw new AdminException(
            AdminErrorCode.UserInactive,
            `${user.display_name} is deactivated`,
          );
        }
        // The leader works above the organisation: in an ancestor, or a county department.
        const [home] = await manager.query<{ kind: string; path: string }[]>(
          `SELECT kind, path FROM org_unit WHERE id = $1`,
          [user.org_unit_id],
        );
        const above =
          home &&
          ((org.path.startsWith(home.path) && home.path !== org.path) ||
            (kind === 'county_leader' && home.kind === 'department'));
        if (!above) {
          throw new AdminException(
            AdminErrorCode.LinkUserNotAbove,
            kind === 'county_leader'
              ? 'A township is linked to a county leader (of the county or a county department)'
              : 'A village is linked to a cadre of its township (or of the county)',
          );
        }
        const [link] = await manager.query<{ id: string }[]>(
          `INSERT INTO org_link (county_id, org_unit_id, user_id, kind, title, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
          [scope.countyId, org.id, user.id, kind, body.title ?? null, scope.userId],
        );
        await manager.query(
          `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, link_id, note, created_by)
           VALUES ($1, $2, $3, 'linked_leader', $4, $5, $6)`,
          [user.id, scope.countyId, org.id, link.id, body.title ?? null, scope.userId],
        );
        await this.audit.record(
          {
            countyId: scope.countyId,
            actorUserId: scope.userId,
            action: 'link.create',
            targetType: 'org_unit',
            targetId: org.id,
            detail: { linkId: link.id, userId: user.id, kind, title: body.title ?? null },
          },
          manager,
        );
        return link.id;
      });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new AdminException(AdminErrorCode.LinkExists, 'This leader is already linked here');
      throw error;
    }
    return this.one(principal, id);
  }

  /** Ends a link (and the role it grants); it stays in the history. */
  async end(principal: Principal, id: string): Promise<OrgLinkView> {
    const scope = adminScope(principal);
    await this.db.transaction(async (manager) => {
      const [link] = await manager.query<
        { id: string; org_unit_id: string; user_id: string; valid_to: Date | null; path: string }[]
      >(
        `SELECT l.id, l.org_unit_id, l.user_id, l.valid_to, o.path
           FROM org_link l JOIN org_unit o ON o.id = l.org_unit_id
          WHERE l.id = $1 AND l.county_id = $2 FOR UPDATE OF l`,
        [id, scope.countyId],
      );
      if (!link || !coversOrg(principal, link.path, ['county_admin']))
        throw new NotFoundException('Link');
      if (link.valid_to) throw new AdminException(AdminErrorCode.LinkEnded, 'This link has ended');
      await manager.query(`UPDATE org_link SET valid_to = now(), ended_by = $2 WHERE id = $1`, [
        id,
        scope.userId,
      ]);
      await manager.query(
        `UPDATE role_assignment SET valid_to = now(), ended_by = $2
          WHERE link_id = $1 AND (valid_to IS NULL OR valid_to > now())`,
        [id, scope.userId],
      );
      await this.audit.record(
        {
          countyId: scope.countyId,
          actorUserId: scope.userId,
          action: 'link.end',
          targetType: 'org_unit',
          targetId: link.org_unit_id,
          detail: { linkId: id, userId: link.user_id },
        },
        manager,
      );
    });
    return this.one(principal, id);
  }

  private async one(principal: Principal, id: string): Promise<OrgLinkView> {
    const [link] = await this.db.query<OrgLinkView[]>(
      `SELECT ${LINK_VIEW}
         FROM org_link l JOIN org_unit lo ON lo.id = l.org_unit_id JOIN app_user lu ON lu.id = l.user_id
        WHERE l.id = $1 AND l.county_id = $2`,
      [id, adminScope(principal).countyId],
    );
    if (!link) throw new NotFoundException('Link');
    return link;
  }
}
