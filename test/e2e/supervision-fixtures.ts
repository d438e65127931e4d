import { readFileSync } from 'node:fs';
import { sampleStepData } from '@shuping/contracts';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { login, PASSWORD } from '../support/factories.js';

/**
 * Fixtures of the supervision suites (API and browser): a county of two townships running a
 * review whose deadlines are plain calendar days, so every due time can be computed by hand.
 */

/**
 * standard-review with calendar-day deadlines (no working days), so every due time of the
 * scenario can be computed by hand, and classes 20/50/30 on the aggregation step.
 */
export function supervisionDefinition(): Record<string, unknown> {
  const d = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as {
    id: string;
    name: { zh: string; en: string };
    machine: { states: Record<string, { meta?: Record<string, unknown> }> };
  };
  d.id = 'supervision-test';
  const set = (state: string, meta: Record<string, unknown>) =>
    Object.assign(d.machine.states[state].meta!, meta);
  const grace = { grace: 'P1D', notifyAfterGrace: { role: 'supervisors' } };
  set('reportWriting', { deadline: 'P3D', reminders: ['P1D'], escalation: grace });
  set('speaking', { deadline: 'P4D', reminders: [], escalation: grace });
  set('critique', { deadline: 'P2D', reminders: [], escalation: grace });
  set('questioning', { deadline: 'P1D', reminders: [] });
  for (const state of [
    'rating',
    'aggregation',
    'talk',
    'rectification',
    'rectificationReview',
    'objectionReview',
    'resultApplication',
  ]) {
    set(state, { deadline: 'P5D', reminders: [], escalation: grace });
  }
  const aggregation = d.machine.states.aggregation.meta!;
  aggregation.form = {
    ...(aggregation.form as object),
    classes: [
      { key: 'class1', title: { zh: '一类村', en: 'Class 1' }, share: 0.2, rewardShare: 1 },
      { key: 'class2', title: { zh: '二类村', en: 'Class 2' }, share: 0.5, rewardShare: 0.5 },
      { key: 'class3', title: { zh: '三类村', en: 'Class 3' }, share: 0.3, rewardShare: 0.2 },
    ],
  };
  return d;
}

export interface World {
  countyId: string;
  t1: string;
  t2: string;
  villages: string[];
  users: Record<string, string>;
  campaignId: string;
}

/** A county of two townships (3 + 2 villages) and a person for every role of the scenario. */
export async function seedTwoTownships(shuping: ShupingApp, p: string): Promise<World> {
  const setup = shuping.app.get(CountySetupService);
  const orgs = await setup.createCounty({
    kind: 'county',
    code: `${p}-C`,
    name: `${p}县`,
    children: [
      {
        kind: 'township',
        code: `${p}-T1`,
        name: `${p}东镇`,
        children: [1, 2, 3].map((i) => ({
          kind: 'village' as const,
          code: `${p}-V${i}`,
          name: `${p}村${i}`,
        })),
      },
      {
        kind: 'township',
        code: `${p}-T2`,
        name: `${p}西镇`,
        children: [4, 5].map((i) => ({
          kind: 'village' as const,
          code: `${p}-V${i}`,
          name: `${p}村${i}`,
        })),
      },
    ],
  });
  const org = (code: string) => orgs.get(`${p}-${code}`)!.id;
  const countyId = org('C');
  const users: Record<string, string> = {};
  const user = async (
    name: string,
    orgUnitId: string,
    roles: Parameters<CountySetupService['createUser']>[0]['roles'],
  ) => {
    users[name] = await setup.createUser({
      username: `${p}-${name}`,
      displayName: `${p}-${name}`,
      password: PASSWORD,
      countyId,
      orgUnitId,
      roles,
    });
  };
  await user('admin', countyId, [{ role: 'county_admin', orgUnitId: countyId }]);
  await user('zzb', countyId, [{ role: 'org_department', orgUnitId: countyId }]);
  await user('ducha', countyId, [{ role: 'supervisor', orgUnitId: countyId }]);
  await user('xiang', org('T1'), [{ role: 'township_secretary', orgUnitId: org('T1') }]);
  await user('xiang2', org('T2'), [{ role: 'township_secretary', orgUnitId: org('T2') }]);
  for (const i of [1, 2, 3, 4, 5]) {
    await user(`cun${i}`, org(`V${i}`), [{ role: 'village_secretary', orgUnitId: org(`V${i}`) }]);
  }
  for (const [i, group] of ['partyMembers', 'massesReps', 'townshipCadres'].entries()) {
    await user(`rater${i + 1}`, countyId, [
      { role: 'rater', orgUnitId: countyId, raterGroup: group },
    ]);
  }
  const ids = await setup.installTemplates(countyId, [
    { file: 'supervision.json', document: supervisionDefinition() },
  ]);
  const admin = await login(shuping.app, `${p}-admin`);
  const launched = await request(shuping.app.getHttpServer())
    .post('/api/campaigns')
    .set('authorization', admin)
    .send({
      name: `${p}年度述职评议`,
      definitionId: ids.get('supervision-test'),
      scopeOrgId: countyId,
      orgKinds: ['village'],
    })
    .expect(202);
  const campaignId = (launched.body as { id: string }).id;
  // Join the background launch instead of polling: embedded PGlite serves one query at a time.
  await shuping.app.get(CampaignLauncher).start(campaignId);
  const [started] = await shuping.db.dataSource.query<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM task WHERE campaign_id = $1`,
    [campaignId],
  );
  if (started.n !== 5) throw new Error(`expected 5 tasks at launch, found ${started.n}`);
  return {
    countyId,
    t1: org('T1'),
    t2: org('T2'),
    villages: [1, 2, 3, 4, 5].map((i) => org(`V${i}`)),
    users,
    campaignId,
  };
}

/** Completes the open task of an organisation as `username`, with data that fits its form. */
export async function completeOpenTask(
  shuping: ShupingApp,
  username: string,
  orgUnitId: string,
  token?: string,
): Promise<void> {
  const [task] = await shuping.db.dataSource.query<
    { id: string; step_kind: string; form_settings: unknown }[]
  >(
    `SELECT id, step_kind, form_settings FROM task
      WHERE org_unit_id = $1 AND status IN ('open','claimed')`,
    [orgUnitId],
  );
  if (!task) throw new Error(`no open task for ${orgUnitId}`);
  const res = await request(shuping.app.getHttpServer())
    .post(`/api/tasks/${task.id}/complete`)
    .set('authorization', token ?? (await login(shuping.app, username)))
    .send({ data: sampleStepData({ kind: task.step_kind, settings: task.form_settings }) });
  if (res.status !== 200) {
    throw new Error(
      `completing ${task.step_kind} failed: ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
}
