import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import {
  CountySetupService,
  type CreatedOrg,
} from '../../apps/api/src/seed/county-setup.service.js';

export const PASSWORD = 'test-password-1';

export interface TestCounty {
  county: CreatedOrg;
  township: CreatedOrg;
  villages: CreatedOrg[];
  /** username → role description */
  users: {
    admin: string;
    township: string;
    villages: string[];
    raters: string[];
    orgDept: string;
    supervisor: string;
  };
}

/**
 * A county with one township of `villageCount` villages and a person for every role the
 * standard process needs. Usernames are prefixed so several counties can share a database.
 */
export async function seedCounty(
  app: INestApplication,
  prefix: string,
  villageCount = 3,
): Promise<TestCounty> {
  const setup = app.get(CountySetupService);
  const orgs = await setup.createCounty({
    kind: 'county',
    code: `${prefix}-C`,
    name: `${prefix}县`,
    children: [
      {
        kind: 'township',
        code: `${prefix}-T1`,
        name: `${prefix}镇`,
        children: Array.from({ length: villageCount }, (_, i) => ({
          kind: 'village' as const,
          code: `${prefix}-V${i + 1}`,
          name: `${prefix}村${i + 1}`,
        })),
      },
    ],
  });
  const county = orgs.get(`${prefix}-C`)!;
  const township = orgs.get(`${prefix}-T1`)!;
  const villages = Array.from({ length: villageCount }, (_, i) => orgs.get(`${prefix}-V${i + 1}`)!);
  const user = (
    username: string,
    orgUnitId: string,
    roles: Parameters<CountySetupService['createUser']>[0]['roles'],
  ) =>
    setup.createUser({
      username,
      displayName: username,
      password: PASSWORD,
      countyId: county.id,
      orgUnitId,
      roles,
    });
  await user(`${prefix}-admin`, county.id, [{ role: 'county_admin', orgUnitId: county.id }]);
  await user(`${prefix}-zzb`, county.id, [{ role: 'org_department', orgUnitId: county.id }]);
  await user(`${prefix}-ducha`, county.id, [{ role: 'supervisor', orgUnitId: county.id }]);
  await user(`${prefix}-xiang`, township.id, [
    { role: 'township_secretary', orgUnitId: township.id },
  ]);
  for (const [i, v] of villages.entries()) {
    await user(`${prefix}-cun${i + 1}`, v.id, [{ role: 'village_secretary', orgUnitId: v.id }]);
  }
  const groups = ['partyMembers', 'massesReps', 'townshipCadres'];
  for (const [i, group] of groups.entries()) {
    await user(`${prefix}-rater${i + 1}`, township.id, [
      { role: 'rater', orgUnitId: township.id, raterGroup: group },
    ]);
  }
  return {
    county,
    township,
    villages,
    users: {
      admin: `${prefix}-admin`,
      township: `${prefix}-xiang`,
      villages: villages.map((_, i) => `${prefix}-cun${i + 1}`),
      raters: groups.map((_, i) => `${prefix}-rater${i + 1}`),
      orgDept: `${prefix}-zzb`,
      supervisor: `${prefix}-ducha`,
    },
  };
}

/** Logs in over HTTP and returns the bearer header value. */
export async function login(
  app: INestApplication,
  username: string,
  password = PASSWORD,
): Promise<string> {
  const res = await request(app.getHttpServer())
    .post('/api/auth/login')
    .send({ username, password })
    .expect(200);
  return `Bearer ${(res.body as { accessToken: string }).accessToken}`;
}
