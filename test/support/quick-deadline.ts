import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { login, seedCounty, type TestCounty } from './factories.js';
import { waitFor } from './wait.js';

/** standard-review with a 3-second first step: reminder at 1 s, deadline at 3 s, escalation at 4 s. */
export function quickDeadlineDefinition(): Record<string, unknown> {
  const d = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as {
    id: string;
    machine: { states: { reportWriting: { meta: Record<string, unknown> } } };
  };
  d.id = 'quick-deadline';
  Object.assign(d.machine.states.reportWriting.meta, {
    deadline: 'PT3S',
    reminders: ['PT2S'],
    escalation: { grace: 'PT1S', notifyAfterGrace: { role: 'supervisors' } },
  });
  return d;
}

/** Seeds a county with the quick definition and launches it over its villages (one by default). */
export async function launchQuick(
  shuping: ShupingApp,
  prefix: string,
  villages = 1,
): Promise<TestCounty> {
  const county = await seedCounty(shuping.app, prefix, villages);
  const setup = shuping.app.get(CountySetupService);
  const ids = await setup.installTemplates(county.county.id, [
    { file: 'quick.json', document: quickDeadlineDefinition() },
  ]);
  const admin = await login(shuping.app, county.users.admin);
  await request(shuping.app.getHttpServer())
    .post('/api/campaigns')
    .set('authorization', admin)
    .send({
      name: 'deadline',
      definitionId: ids.get('quick-deadline'),
      scopeOrgId: villages === 1 ? county.villages[0].id : county.township.id,
      orgKinds: ['village'],
    })
    .expect(202);
  await waitFor(
    async () =>
      (
        await shuping.db.dataSource.query(`SELECT 1 FROM task WHERE county_id = $1`, [
          county.county.id,
        ])
      ).length === villages,
    'the instances to start',
  );
  return county;
}
