import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import type { SupervisionScope } from './supervision-scope.js';

/** A campaign as the dashboard needs it. */
export interface CampaignRow {
  id: string;
  name: string;
  county_id: string;
  definition_version_id: string;
  scope_org_id: string;
  scope_path: string;
  scope_name: string;
  status: string;
  created_at: string;
}

/** True when the campaign's scope and the caller's overlap (one contains the other). */
export function campaignVisible(scope: SupervisionScope, scopePath: string): boolean {
  return (
    scope.paths === null ||
    scope.paths.some((p) => scopePath.startsWith(p) || p.startsWith(scopePath))
  );
}

/** Loads a campaign of the caller's county whose scope overlaps theirs; 404 otherwise. */
export async function loadCampaign(
  manager: EntityManager,
  scope: SupervisionScope,
  id: string,
): Promise<CampaignRow> {
  const [row] = await manager.query<CampaignRow[]>(
    `SELECT c.id, c.name, c.county_id, c.definition_version_id, c.scope_org_id, s.path AS scope_path,
            s.name AS scope_name, c.status, c.created_at
       FROM campaign c JOIN org_unit s ON s.id = c.scope_org_id
      WHERE c.id = $1 AND ($2::uuid IS NULL OR c.county_id = $2)`,
    [id, scope.countyId],
  );
  if (!row || !campaignVisible(scope, row.scope_path)) throw new NotFoundException('Campaign');
  return row;
}

/** Campaigns of the caller's county that overlap their scope, newest first. */
export async function listCampaigns(
  manager: EntityManager,
  scope: SupervisionScope,
): Promise<CampaignRow[]> {
  const rows = await manager.query<CampaignRow[]>(
    `SELECT c.id, c.name, c.county_id, c.definition_version_id, c.scope_org_id, s.path AS scope_path,
            s.name AS scope_name, c.status, c.created_at
       FROM campaign c JOIN org_unit s ON s.id = c.scope_org_id
      WHERE ($1::uuid IS NULL OR c.county_id = $1) AND c.status <> 'failed'
      ORDER BY c.created_at DESC LIMIT 200`,
    [scope.countyId],
  );
  return rows.filter((r) => campaignVisible(scope, r.scope_path));
}
