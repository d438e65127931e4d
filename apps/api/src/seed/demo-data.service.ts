import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@shuping/config';
import { DataSource } from 'typeorm';
import { CampaignLauncher } from '../campaigns/campaign-launcher.service.js';
import { APP_CONFIG } from '../common/config/config.constants.js';
import { CountySetupService, type OrgSpec } from './county-setup.service.js';

export const DEMO_PASSWORD = 'demo123';

/** The demo logins printed at start, with what each can do. */
export const DEMO_USERS = [
  { username: 'admin', zh: '县管理员', en: 'county administrator' },
  { username: 'zuzhibu', zh: '县委组织部', en: 'organisation department' },
  { username: 'xiang1', zh: '城关镇党委书记', en: 'township 1 secretary' },
  { username: 'cun1', zh: '东关村党支部书记', en: 'village secretary (township 1)' },
  { username: 'pingyi1', zh: '党员代表（评议人）', en: 'rater' },
  { username: 'ducha', zh: '督查员', en: 'supervisor' },
] as const;

const TOWNSHIPS: { code: string; name: string; villages: string[] }[] = [
  { code: 'T1', name: '城关镇', villages: ['东关村', '西关村', '南街社区', '北街村', '新华村'] },
  { code: 'T2', name: '东山乡', villages: ['东山村', '石门村', '桃园村', '李庄村', '王庄村'] },
  { code: 'T3', name: '西河镇', villages: ['西河村', '柳林村', '河湾社区', '杨集村', '高庄村'] },
];

export function demoCountySpec(): OrgSpec {
  return {
    kind: 'county',
    code: 'DEMO',
    name: '示范县',
    children: [
      { kind: 'department', code: 'D-ZZB', name: '县委组织部' },
      ...TOWNSHIPS.map((t) => ({
        kind: 'township' as const,
        code: t.code,
        name: t.name,
        children: t.villages.map((name, i) => ({
          kind: name.endsWith('社区') ? ('community' as const) : ('village' as const),
          code: `${t.code}-V${i + 1}`,
          name,
        })),
      })),
    ],
  };
}

/**
 * Loads the demo county at start (never in production, never twice): 3 townships × 5 villages,
 * the six built-in templates, one running campaign, and the demo logins.
 */
@Injectable()
export class DemoDataService implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoData');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly setup: CountySetupService,
    private readonly launcher: CampaignLauncher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData) return;
    const [existing] = await this.db.query<unknown[]>(
      `SELECT 1 FROM org_unit WHERE kind = 'county' AND code = 'DEMO'`,
    );
    if (existing) return;
    await this.load();
  }

  async load(): Promise<void> {
    const orgs = await this.setup.createCounty(demoCountySpec());
    const county = orgs.get('DEMO')!;
    const t1 = orgs.get('T1')!;
    const v1 = orgs.get('T1-V1')!;
    const user = (
      username: string,
      displayName: string,
      orgUnitId: string,
      roles: Parameters<CountySetupService['createUser']>[0]['roles'],
    ) =>
      this.setup.createUser({
        username,
        displayName,
        password: DEMO_PASSWORD,
        countyId: county.id,
        orgUnitId,
        roles,
      });
    const admin = await user('admin', '县管理员', county.id, [
      { role: 'county_admin', orgUnitId: county.id },
    ]);
    await user('zuzhibu', '组织部干部', orgs.get('D-ZZB')!.id, [
      { role: 'org_department', orgUnitId: county.id },
    ]);
    await user('xiang1', '城关镇党委书记', t1.id, [
      { role: 'township_secretary', orgUnitId: t1.id },
    ]);
    await user('cun1', '东关村党支部书记', v1.id, [
      { role: 'village_secretary', orgUnitId: v1.id },
    ]);
    await user('pingyi1', '党员代表', t1.id, [
      { role: 'rater', orgUnitId: t1.id, raterGroup: 'partyMembers' },
    ]);
    await user('ducha', '督查员', county.id, [{ role: 'supervisor', orgUnitId: county.id }]);

    const templates = CountySetupService.readTemplates(this.config.workflowsDir);
    const definitions = await this.setup.installTemplates(county.id, templates, admin);
    const standard = definitions.get('standard-review');
    if (standard) {
      const [campaign] = await this.db.query<{ id: string }[]>(
        `INSERT INTO campaign (county_id, definition_version_id, name, scope_org_id, org_kinds, status, total, created_by)
         SELECT $1, v.id, $2, $3, ARRAY['village','community'], 'launching', 5, $4
           FROM process_definition_version v WHERE v.definition_id = $5 AND v.version = 1
         RETURNING id`,
        [county.id, '2026年度城关镇村党组织书记抓基层党建述职评议', t1.id, admin, standard],
      );
      await this.launcher.start(campaign.id);
    }
    this.logger.log(
      `Demo county loaded: ${orgs.size} organisations, ${definitions.size} templates`,
    );
  }
}
