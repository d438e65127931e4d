import type { DataSource } from 'typeorm';

export interface BulkCounty {
  countyId: string;
  townshipIds: string[];
  villageCount: number;
}

/**
 * A county of `townships × villagesPerTownship` organisations written with three set-based
 * statements (the admin import path is measured elsewhere; here we need 40,000 rows fast).
 */
export async function bulkCounty(
  db: DataSource,
  code: string,
  townships: number,
  villagesPerTownship: number,
): Promise<BulkCounty> {
  const [{ id: countyId }] = (await db.query(`SELECT gen_random_uuid() AS id`)) as [{ id: string }];
  await db.query(
    `INSERT INTO org_unit (id, county_id, kind, code, name, path, depth) VALUES ($1::uuid, $1::uuid, 'county', $2, $3, '/' || $1::uuid::text || '/', 0)`,
    [countyId, code, `${code}县`],
  );
  const towns = (await db.query(
    `INSERT INTO org_unit (id, county_id, parent_id, kind, code, name, path, depth)
     SELECT t.id, $1::uuid, $1::uuid, 'township', $2 || '-T' || t.i, '第' || t.i || '乡镇', '/' || $1 || '/' || t.id || '/', 1
       FROM (SELECT gen_random_uuid() AS id, i FROM generate_series(1, $3::int) i) t
     RETURNING id`,
    [countyId, code, townships],
  )) as { id: string }[];
  await db.query(
    `INSERT INTO org_unit (id, county_id, parent_id, kind, code, name, path, depth)
     SELECT v.id, $1::uuid, t.id, 'village', t.code || '-V' || v.i, t.name || v.i || '村', t.path || v.id || '/', 2
       FROM org_unit t CROSS JOIN LATERAL (SELECT gen_random_uuid() AS id, i FROM generate_series(1, $2::int) i) v
      WHERE t.county_id = $1 AND t.kind = 'township'`,
    [countyId, villagesPerTownship],
  );
  return {
    countyId,
    townshipIds: towns.map((t) => t.id),
    villageCount: townships * villagesPerTownship,
  };
}

/** A campaign row over the whole county's villages, ready for the launcher. */
export async function campaignRow(
  db: DataSource,
  countyId: string,
  definitionId: string,
  name: string,
): Promise<string> {
  const [row] = (await db.query(
    `INSERT INTO campaign (county_id, definition_version_id, name, scope_org_id, org_kinds, status, total)
     SELECT $1, v.id, $3, $1, ARRAY['village'], 'launching',
            (SELECT count(*) FROM org_unit WHERE county_id = $1 AND kind = 'village')
       FROM process_definition_version v WHERE v.definition_id = $2 AND v.version = 1
     RETURNING id`,
    [countyId, definitionId, name],
  )) as [{ id: string }];
  return row.id;
}

/** Launches a campaign through the product's launcher; a launch that failed fails the bench. */
export async function launchCampaign(
  db: DataSource,
  launcher: { start(campaignId: string): Promise<void> },
  campaignId: string,
): Promise<void> {
  await launcher.start(campaignId);
  const [campaign] = (await db.query(`SELECT status, last_error FROM campaign WHERE id = $1`, [
    campaignId,
  ])) as [{ status: string; last_error: string | null }];
  if (campaign.status !== 'running')
    throw new Error(`The launch ended ${campaign.status}: ${campaign.last_error ?? ''}`);
}
