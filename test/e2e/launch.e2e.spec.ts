import { readFileSync } from 'node:fs';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { startTestApp } from '../support/app.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

/** More than two launch batches (500 each), over two townships, so batches run side by side. */
const TOWNSHIPS = 2;
const VILLAGES = 650;

describe.each(targets)('launching a campaign over many organisations on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (!available) return;
    database = name === 'postgres' ? await createTestDatabase(postgresUrl!) : undefined;
    shuping = await startTestApp(database ? { DATABASE_URL: database.url } : {});
  });
  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  const q = <T>(sql: string, params: unknown[] = []) => shuping.db.dataSource.query<T>(sql, params);

  /** A county of 1,300 villages and a campaign row over them, waiting for the launcher. */
  async function countyWithCampaign(prefix: string): Promise<{ countyId: string; id: string }> {
    const setup = shuping.app.get(CountySetupService);
    const orgs = await setup.createCounty({
      kind: 'county',
      code: `${prefix}-C`,
      name: `${prefix}县`,
      children: Array.from({ length: TOWNSHIPS }, (_, t) => ({
        kind: 'township' as const,
        code: `${prefix}-T${t}`,
        name: `${prefix}镇${t}`,
        children: Array.from({ length: VILLAGES }, (_, v) => ({
          kind: 'village' as const,
          code: `${prefix}-T${t}-V${v}`,
          name: `${prefix}村${t}-${v}`,
        })),
      })),
    });
    const countyId = orgs.get(`${prefix}-C`)!.id;
    const document = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as Record<
      string,
      unknown
    >;
    const ids = await setup.installTemplates(countyId, [
      { file: 'standard-review.json', document },
    ]);
    const [campaign] = await q<{ id: string }[]>(
      `INSERT INTO campaign (county_id, definition_version_id, name, scope_org_id, org_kinds, status, total)
       SELECT $1, v.id, 'launch', $1, ARRAY['village'], 'launching', $3
         FROM process_definition_version v WHERE v.definition_id = $2 AND v.version = 1
       RETURNING id`,
      [countyId, ids.get('standard-review'), TOWNSHIPS * VILLAGES],
    );
    return { countyId, id: campaign.id };
  }

  const progress = async (campaignId: string) =>
    (
      await q<
        { status: string; launched: number; instances: number; orgs: number; tasks: number }[]
      >(
        `SELECT c.status, c.launched,
                (SELECT count(*)::int FROM process_instance WHERE campaign_id = c.id) AS instances,
                (SELECT count(DISTINCT org_unit_id)::int FROM process_instance WHERE campaign_id = c.id) AS orgs,
                (SELECT count(*)::int FROM task WHERE campaign_id = c.id) AS tasks
           FROM campaign c WHERE c.id = $1`,
        [campaignId],
      )
    )[0];

  run('starts one instance per organisation over several batches', async () => {
    const campaign = await countyWithCampaign(`l${name[0]}`);
    await shuping.app.get(CampaignLauncher).start(campaign.id);
    const total = TOWNSHIPS * VILLAGES;
    expect(await progress(campaign.id)).toEqual({
      status: 'running',
      launched: total,
      instances: total,
      orgs: total,
      tasks: total,
    });
    // Started again (a resumed launch): nothing is started twice.
    await q(`UPDATE campaign SET status = 'launching' WHERE id = $1`, [campaign.id]);
    await shuping.app.get(CampaignLauncher).start(campaign.id);
    expect(await progress(campaign.id)).toMatchObject({
      status: 'running',
      launched: total,
      instances: total,
    });
  });

  run('resumes a launch cut short, starting only the organisations left', async () => {
    const campaign = await countyWithCampaign(`r${name[0]}`);
    // The first 500 organisations (in path order) were started before the process stopped:
    // the others are closed for the first run, then reopened.
    const seeds = await q<{ id: string }[]>(
      `SELECT id FROM org_unit WHERE county_id = $1 AND kind = 'village' ORDER BY path LIMIT 500`,
      [campaign.countyId],
    );
    const launcher = shuping.app.get(CampaignLauncher);
    await q(
      `UPDATE org_unit SET status = 'closed' WHERE county_id = $1 AND kind = 'village' AND id <> ALL ($2::uuid[])`,
      [campaign.countyId, seeds.map((s) => s.id)],
    );
    await launcher.start(campaign.id);
    expect((await progress(campaign.id)).instances).toBe(500);
    await q(`UPDATE org_unit SET status = 'active' WHERE county_id = $1`, [campaign.countyId]);
    await q(`UPDATE campaign SET status = 'launching' WHERE id = $1`, [campaign.id]);
    await launcher.start(campaign.id);
    const total = TOWNSHIPS * VILLAGES;
    expect(await progress(campaign.id)).toMatchObject({
      status: 'running',
      launched: total,
      instances: total,
      orgs: total,
    });
  });

  run('marks the campaign failed, with the reason, when a batch cannot be started', async () => {
    const campaign = await countyWithCampaign(`f${name[0]}`);
    // A definition version whose document the engine refuses.
    await q(
      `UPDATE process_definition_version SET document = '{"broken": true}'
        WHERE id = (SELECT definition_version_id FROM campaign WHERE id = $1)`,
      [campaign.id],
    );
    await shuping.app.get(CampaignLauncher).start(campaign.id);
    const [row] = await q<{ status: string; last_error: string | null }[]>(
      `SELECT status, last_error FROM campaign WHERE id = $1`,
      [campaign.id],
    );
    expect(row.status).toBe('failed');
    expect(row.last_error).toBeTruthy();
    expect((await progress(campaign.id)).instances).toBe(0);
  });
});
