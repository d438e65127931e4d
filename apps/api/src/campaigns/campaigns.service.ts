import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException } from '@shuping/contracts';
import { ORG_KINDS } from '@shuping/db';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, hasRole, type Principal } from '../auth/principal.js';
import { ForbiddenException, NotFoundException } from '../common/tenancy/tenancy.js';
import { CampaignLauncher } from './campaign-launcher.service.js';

export const launchCampaignSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  definitionId: z.uuid(),
  /** A published version; the latest when omitted. */
  version: z.number().int().positive().optional(),
  scopeOrgId: z.uuid(),
  orgKinds: z
    .array(z.enum(ORG_KINDS))
    .min(1)
    .max(ORG_KINDS.length)
    .default(['village', 'community']),
});
export type LaunchCampaign = z.infer<typeof launchCampaignSchema>;

export interface CampaignSummary {
  id: string;
  name: string;
  status: string;
  total: number;
  launched: number;
  definitionVersionId: string;
  scopeOrgId: string;
  createdAt: string;
  lastError: string | null;
}

export interface CampaignProgress extends CampaignSummary {
  byStatus: { status: string; count: number }[];
  byStep: { state: string; count: number }[];
  instances: {
    id: string;
    orgUnitId: string;
    orgName: string;
    status: string;
    currentStates: string[];
  }[];
}

const SUMMARY = `c.id, c.name, c.status, c.total, c.launched, c.definition_version_id AS "definitionVersionId",
  c.scope_org_id AS "scopeOrgId", c.created_at AS "createdAt", c.last_error AS "lastError"`;

@Injectable()
export class CampaignsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly launcher: CampaignLauncher,
    private readonly audit: AuditService,
  ) {}

  /** Creates the campaign and returns at once; instances are created in the background. */
  async launch(principal: Principal, body: LaunchCampaign): Promise<CampaignSummary> {
    if (
      !principal.countyId ||
      !hasRole(principal, 'county_admin', 'org_department', 'township_secretary')
    ) {
      throw new ForbiddenException('You may not launch campaigns');
    }
    const [scope] = await this.db.query<{ id: string; path: string }[]>(
      `SELECT id, path FROM org_unit WHERE id = $1 AND county_id = $2`,
      [body.scopeOrgId, principal.countyId],
    );
    if (
      !scope ||
      !coversOrg(principal, scope.path, ['county_admin', 'org_department', 'township_secretary'])
    ) {
      throw new NotFoundException('Organisation');
    }
    const [version] = await this.db.query<{ id: string }[]>(
      `SELECT v.id FROM process_definition_version v JOIN process_definition d ON d.id = v.definition_id
        WHERE d.id = $1 AND d.county_id = $2 AND v.version = COALESCE($3, d.latest_version)`,
      [body.definitionId, principal.countyId, body.version ?? null],
    );
    if (!version) {
      throw new AppException(
        'invalid',
        'DEFINITION_NOT_PUBLISHED',
        'Publish the process before launching it',
      );
    }
    const [{ total }] = (await this.db.query<{ total: number }[]>(
      `SELECT count(*)::int AS total FROM org_unit
        WHERE county_id = $1 AND path LIKE $2 AND kind = ANY($3) AND status = 'active'`,
      [principal.countyId, `${scope.path}%`, body.orgKinds],
    )) as [{ total: number }];
    if (total === 0) {
      throw new AppException(
        'invalid',
        'CAMPAIGN_EMPTY_SCOPE',
        'No organisation of those kinds in the chosen scope',
      );
    }
    const [campaign] = await this.db.query<{ id: string }[]>(
      `INSERT INTO campaign (county_id, definition_version_id, name, scope_org_id, org_kinds, status, total, created_by)
       VALUES ($1, $2, $3, $4, $5, 'launching', $6, $7) RETURNING id`,
      [principal.countyId, version.id, body.name, scope.id, body.orgKinds, total, principal.userId],
    );
    await this.audit.record({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action: 'campaign.launch',
      targetType: 'campaign',
      targetId: campaign.id,
      detail: { total, scopeOrgId: scope.id },
    });
    void this.launcher.start(campaign.id);
    return this.summary(principal, campaign.id);
  }

  async list(principal: Principal): Promise<CampaignSummary[]> {
    return this.db.query(
      `SELECT ${SUMMARY} FROM campaign c WHERE c.county_id = $1 ORDER BY c.created_at DESC`,
      [principal.countyId],
    );
  }

  async summary(principal: Principal, id: string): Promise<CampaignSummary> {
    const [row] = await this.db.query<CampaignSummary[]>(
      `SELECT ${SUMMARY} FROM campaign c WHERE c.id = $1 AND c.county_id = $2`,
      [id, principal.countyId],
    );
    if (!row) throw new NotFoundException('Campaign');
    return row;
  }

  /** Progress by instance status and by current step, and each organisation's state (in my scope). */
  async progress(principal: Principal, id: string): Promise<CampaignProgress> {
    const summary = await this.summary(principal, id);
    const paths = principal.roles
      .map((r) => r.orgPath)
      .filter((p): p is string => p !== null)
      .map((p) => `${p}%`);
    const scoped = `i.campaign_id = $1 AND o.path LIKE ANY($2)`;
    const [byStatus, byStep, instances] = await Promise.all([
      this.db.query<{ status: string; count: number }[]>(
        `SELECT i.status, count(*)::int AS count FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
          WHERE ${scoped} GROUP BY i.status ORDER BY i.status`,
        [id, paths],
      ),
      this.db.query<{ state: string; count: number }[]>(
        `SELECT s.state, count(*)::int AS count
           FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id, unnest(i.current_states) AS s(state)
          WHERE ${scoped} AND i.status = 'active' GROUP BY s.state ORDER BY s.state`,
        [id, paths],
      ),
      this.db.query<CampaignProgress['instances']>(
        `SELECT i.id, i.org_unit_id AS "orgUnitId", o.name AS "orgName", i.status, i.current_states AS "currentStates"
           FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
          WHERE ${scoped} ORDER BY o.path LIMIT 5000`,
        [id, paths],
      ),
    ]);
    return { ...summary, byStatus, byStep, instances };
  }
}
