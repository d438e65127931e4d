import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { submitEvent } from '@shuping/engine';
import { InstanceRuntime } from '@shuping/worker';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { startTestApp } from '../support/app.js';
import { login, PASSWORD, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const standardReview = () =>
  JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as {
    id: string;
    machine: { states: Record<string, { meta: Record<string, unknown> }> };
  };

/** China-local `YYYY-MM-DD` of today plus `days`. */
const chinaDay = (days = 0) =>
  new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

interface Task {
  id: string;
  instanceId: string;
  taskKey: string;
  orgName: string;
}

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('administration: people and roles on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let a: TestCounty;
  let b: TestCounty;
  let definitionIds: Map<string, string>;
  const http = () => request(app.getHttpServer());
  const userId = async (username: string) =>
    (
      await shuping.db.dataSource.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE username = $1`,
        [username],
      )
    )[0].id;
  const tasksOf = async (token: string) =>
    (await http().get('/api/tasks').set('authorization', token).expect(200)).body as Task[];
  const launch = async (definitionKey: string, scopeOrgId: string) => {
    const admin = await login(app, a.users.admin);
    const res = await http()
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({
        name: definitionKey,
        definitionId: definitionIds.get(definitionKey),
        scopeOrgId,
        orgKinds: ['village'],
      })
      .expect(202);
    const campaignId = res.body.id as string;
    // Join the background launch instead of polling while it runs.
    await app.get(CampaignLauncher).start(campaignId);
    return campaignId;
  };

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp(database ? { DATABASE_URL: database.url } : {});
    app = shuping.app;
    a = await seedCounty(app, `pa${name}`, 3);
    b = await seedCounty(app, `pb${name}`, 1);
    const linked = standardReview();
    linked.id = 'linked-review';
    linked.machine.states.reportWriting.meta.assignee = { role: 'linkedLeader' };
    definitionIds = await app.get(CountySetupService).installTemplates(a.county.id, [
      { file: 'standard-review.json', document: standardReview() },
      { file: 'linked.json', document: linked },
    ]);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run('creates a person with a one-time password that must be changed first', async () => {
    const admin = await login(app, a.users.admin);
    const created = await http()
      .post('/api/admin/users')
      .set('authorization', admin)
      .send({
        username: `${name}-newcomer`,
        displayName: '新同志',
        phone: '13912345678',
        orgUnitId: a.township.id,
        roles: [{ role: 'rater', orgUnitId: a.township.id, raterGroup: 'partyMembers' }],
      })
      .expect(201);
    const otp = created.body.oneTimePassword as string;
    expect(otp).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);
    const dup = await http()
      .post('/api/admin/users')
      .set('authorization', admin)
      .send({ username: `${name}-newcomer`, displayName: '重名', orgUnitId: a.township.id })
      .expect(409);
    expect(dup.body.code).toBe('USERNAME_TAKEN');
    const badPhone = await http()
      .post('/api/admin/users')
      .set('authorization', admin)
      .send({ username: `${name}-x`, displayName: 'x', phone: '123', orgUnitId: a.township.id })
      .expect(400);
    expect(badPhone.body.errors[0].path).toBe('phone');

    const token = await login(app, `${name}-newcomer`, otp);
    const account = await http().get('/api/account').set('authorization', token).expect(200);
    expect(account.body.mustChangePassword).toBe(true);
    await http().get('/api/me').set('authorization', token).expect(200);
    const blocked = await http().get('/api/tasks').set('authorization', token).expect(403);
    expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const wrong = await http()
      .post('/api/account/password')
      .set('authorization', token)
      .send({ currentPassword: 'nope', newPassword: 'better-pass-1' })
      .expect(400);
    expect(wrong.body.code).toBe('WRONG_CURRENT_PASSWORD');
    const weak = await http()
      .post('/api/account/password')
      .set('authorization', token)
      .send({ currentPassword: otp, newPassword: 'short' })
      .expect(400);
    expect(weak.body.code).toBe('VALIDATION_FAILED');
    const changed = await http()
      .post('/api/account/password')
      .set('authorization', token)
      .send({ currentPassword: otp, newPassword: 'better-pass-1' })
      .expect(200);
    expect(changed.body.mustChangePassword).toBe(false);
    await http().get('/api/tasks').set('authorization', token).expect(200);
    await http()
      .post('/api/auth/login')
      .send({ username: `${name}-newcomer`, password: otp })
      .expect(401);
    await login(app, `${name}-newcomer`, 'better-pass-1');
  });

  run('a deactivated person cannot log in and their sessions end at once', async () => {
    const admin = await login(app, a.users.admin);
    const supervisor = a.users.supervisor;
    const loginRes = await http()
      .post('/api/auth/login')
      .send({ username: supervisor, password: PASSWORD })
      .expect(200);
    const token = `Bearer ${loginRes.body.accessToken as string}`;
    await http().get('/api/me').set('authorization', token).expect(200);
    const id = await userId(supervisor);

    const self = await http()
      .post(`/api/admin/users/${await userId(a.users.admin)}/deactivate`)
      .set('authorization', admin)
      .expect(403);
    expect(self.body.code).toBe('CANNOT_CHANGE_SELF');
    const off = await http()
      .post(`/api/admin/users/${id}/deactivate`)
      .set('authorization', admin)
      .expect(200);
    expect(off.body).toMatchObject({ active: false, activeSessions: 0 });

    const refused = await http()
      .post('/api/auth/login')
      .send({ username: supervisor, password: PASSWORD })
      .expect(401);
    expect(refused.body.code).toBe('ACCOUNT_INACTIVE');
    const ended = await http().get('/api/me').set('authorization', token).expect(401);
    expect(ended.body.code).toBe('SESSION_ENDED');
    await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: loginRes.body.refreshToken })
      .expect(401);

    await http().post(`/api/admin/users/${id}/reactivate`).set('authorization', admin).expect(200);
    await login(app, supervisor);
    const actions = await shuping.db.dataSource.query<{ action: string }[]>(
      `SELECT action FROM audit_log WHERE target_id = $1 AND action LIKE 'user.%' ORDER BY id`,
      [id],
    );
    expect(actions.map((r) => r.action)).toEqual(['user.deactivate', 'user.reactivate']);
  });

  run('resets passwords and issues one-time passwords to accounts without one', async () => {
    const admin = await login(app, a.users.admin);
    const reset = await http()
      .post(`/api/admin/users/${await userId(a.users.orgDept)}/reset-password`)
      .set('authorization', admin)
      .expect(200);
    await http()
      .post('/api/auth/login')
      .send({ username: a.users.orgDept, password: PASSWORD })
      .expect(401);
    const token = await login(app, a.users.orgDept, reset.body.oneTimePassword);
    expect(
      (await http().get('/api/campaigns').set('authorization', token).expect(403)).body.code,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    await http()
      .post('/api/account/password')
      .set('authorization', token)
      .send({ currentPassword: reset.body.oneTimePassword, newPassword: PASSWORD })
      .expect(200);

    const issued = await http()
      .post('/api/admin/users/passwords')
      .set('authorization', admin)
      .send({ userIds: [await userId(a.users.raters[0]), await userId(a.users.raters[1])] })
      .expect(200);
    expect(issued.body).toHaveLength(2);
    await login(app, a.users.raters[0], issued.body[0].oneTimePassword);
    // Put the raters' passwords back for the other tests.
    for (const [i, entry] of (issued.body as { oneTimePassword: string }[]).entries()) {
      const t = await login(app, a.users.raters[i], entry.oneTimePassword);
      await http()
        .post('/api/account/password')
        .set('authorization', t)
        .send({ currentPassword: entry.oneTimePassword, newPassword: PASSWORD })
        .expect(200);
    }
    const foreign = await http()
      .post(`/api/admin/users/${await userId(b.users.admin)}/reset-password`)
      .set('authorization', admin)
      .expect(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
  });

  run('changing a secretary moves the post and keeps the history with who held it', async () => {
    const admin = await login(app, a.users.admin);
    const village = a.villages[1];
    await launch('standard-review', village.id);
    const oldToken = await login(app, a.users.villages[1]);
    const oldId = await userId(a.users.villages[1]);
    const [report] = (await tasksOf(oldToken)).filter((t) => t.taskKey === 'reportWriting');
    expect(report).toBeDefined();
    // The old secretary writes the report (through the runtime: the form rules are not the
    // subject here), then claims the next step.
    await app
      .get(InstanceRuntime)
      .apply(
        report.instanceId,
        submitEvent('reportWriting', { note: 'written by the old secretary' }),
        {
          actorUserId: oldId,
          completion: { taskId: report.id, userId: oldId, data: { note: 'old' } },
        },
      );
    const [speaking] = (await tasksOf(oldToken)).filter((t) => t.taskKey === 'speaking');
    await http().post(`/api/tasks/${speaking.id}/claim`).set('authorization', oldToken).expect(200);

    // A new secretary: created without roles, then appointed to the post.
    const created = await http()
      .post('/api/admin/users')
      .set('authorization', admin)
      .send({ username: `${name}-newsec`, displayName: '新书记', orgUnitId: village.id })
      .expect(201);
    const newId = created.body.userId as string;
    const appointed = await http()
      .post(`/api/admin/orgs/${village.id}/secretary`)
      .set('authorization', admin)
      .send({ userId: newId, note: '换届' })
      .expect(200);
    const holders = appointed.body.roleHolders as {
      userId: string;
      current: boolean;
      validTo: string | null;
    }[];
    expect(holders.find((h) => h.userId === newId)).toMatchObject({ current: true, validTo: null });
    expect(holders.find((h) => h.userId === oldId)).toMatchObject({ current: false });
    expect(appointed.body.secretaries).toEqual(['新书记']);
    const again = await http()
      .post(`/api/admin/orgs/${village.id}/secretary`)
      .set('authorization', admin)
      .send({ userId: newId })
      .expect(409);
    expect(again.body.code).toBe('ROLE_ALREADY_HELD');

    // The completed report stays with the old secretary; the next step goes to the new one.
    const [done] = await shuping.db.dataSource.query<{ completed_by: string }[]>(
      `SELECT completed_by FROM task WHERE id = $1`,
      [report.id],
    );
    expect(done.completed_by).toBe(oldId);
    const newToken = await login(app, `${name}-newsec`, created.body.oneTimePassword);
    await http()
      .post('/api/account/password')
      .set('authorization', newToken)
      .send({ currentPassword: created.body.oneTimePassword, newPassword: PASSWORD })
      .expect(200);
    // The step the old secretary had claimed went back to the post: the new secretary has it.
    expect((await tasksOf(newToken)).map((t) => t.id)).toContain(speaking.id);
    const [event] = await shuping.db.dataSource.query<{ actor_user_id: string }[]>(
      `SELECT actor_user_id FROM instance_event WHERE instance_id = $1 AND seq = 2`,
      [report.instanceId],
    );
    expect(event.actor_user_id).toBe(oldId);
    expect(
      (await tasksOf(await login(app, a.users.villages[1]))).filter(
        (t) => t.orgName === village.name,
      ),
    ).toEqual([]);
    const history = await http()
      .get(`/api/admin/users/${oldId}`)
      .set('authorization', admin)
      .expect(200);
    expect(history.body.assignments[0]).toMatchObject({
      role: 'village_secretary',
      current: false,
    });
  });

  run('a stand-in holds the absent person’s roles for the period only', async () => {
    const admin = await login(app, a.users.admin);
    const absent = await userId(a.users.township);
    const standIn = await userId(a.users.raters[2]);
    const from = chinaDay(0);
    const to = chinaDay(3);
    const self = await http()
      .post(`/api/admin/users/${absent}/stand-ins`)
      .set('authorization', admin)
      .send({ standInUserId: absent, from, to })
      .expect(400);
    expect(self.body.code).toBe('STAND_IN_SELF');
    const backwards = await http()
      .post(`/api/admin/users/${absent}/stand-ins`)
      .set('authorization', admin)
      .send({ standInUserId: standIn, from: to, to: from })
      .expect(400);
    expect(backwards.body.code).toBe('BAD_PERIOD');

    const created = await http()
      .post(`/api/admin/users/${absent}/stand-ins`)
      .set('authorization', admin)
      .send({ standInUserId: standIn, from, to, reason: '外出学习' })
      .expect(201);
    expect(created.body).toHaveLength(1);
    expect(created.body[0]).toMatchObject({
      role: 'township_secretary',
      absentUserId: absent,
      standInUserId: standIn,
      current: true,
      note: '外出学习',
    });
    expect(new Date(created.body[0].validTo as string).toISOString()).toBe(
      new Date(`${chinaDay(4)}T00:00:00+08:00`).toISOString(),
    );
    const me = (
      await http()
        .get('/api/me')
        .set('authorization', await login(app, a.users.raters[2]))
        .expect(200)
    ).body as { roles: { role: string; orgUnitId: string }[] };
    expect(me.roles).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'township_secretary', orgUnitId: a.township.id }),
      ]),
    );
    const listed = await http().get('/api/admin/stand-ins').set('authorization', admin).expect(200);
    expect(listed.body.map((s: { assignmentId: string }) => s.assignmentId)).toContain(
      created.body[0].assignmentId,
    );

    // A future absence does not give the role yet.
    const later = await http()
      .post(`/api/admin/users/${await userId(a.users.villages[2])}/stand-ins`)
      .set('authorization', admin)
      .send({ standInUserId: standIn, from: chinaDay(10), to: chinaDay(12) })
      .expect(201);
    expect(later.body[0].current).toBe(false);

    await http()
      .post(`/api/admin/role-assignments/${created.body[0].assignmentId}/end`)
      .set('authorization', admin)
      .expect(200);
    const after = (
      await http()
        .get('/api/me')
        .set('authorization', await login(app, a.users.raters[2]))
        .expect(200)
    ).body as { roles: { role: string }[] };
    expect(after.roles.map((r) => r.role)).toEqual(['rater']);
    const twice = await http()
      .post(`/api/admin/role-assignments/${created.body[0].assignmentId}/end`)
      .set('authorization', admin)
      .expect(409);
    expect(twice.body.code).toBe('ASSIGNMENT_ENDED');
  });

  run('links a leader to an organisation and hands them the linkedLeader steps', async () => {
    const admin = await login(app, a.users.admin);
    const village = a.villages[2];
    const cadre = a.users.raters[0];
    const cadreId = await userId(cadre);
    const county = await http()
      .post('/api/admin/links')
      .set('authorization', admin)
      .send({ orgUnitId: a.county.id, userId: cadreId })
      .expect(400);
    expect(county.body.code).toBe('LINK_KIND_NOT_ALLOWED');
    const below = await http()
      .post('/api/admin/links')
      .set('authorization', admin)
      .send({ orgUnitId: a.township.id, userId: await userId(a.users.villages[0]) })
      .expect(400);
    expect(below.body.code).toBe('LINK_USER_NOT_ABOVE');

    const link = await http()
      .post('/api/admin/links')
      .set('authorization', admin)
      .send({ orgUnitId: village.id, userId: cadreId, title: '包村干部' })
      .expect(201);
    expect(link.body).toMatchObject({ kind: 'township_cadre', title: '包村干部', validTo: null });
    const leader = await http()
      .post('/api/admin/links')
      .set('authorization', admin)
      .send({ orgUnitId: a.township.id, userId: await userId(a.users.orgDept), title: '县委常委' })
      .expect(201);
    expect(leader.body.kind).toBe('county_leader');
    const dup = await http()
      .post('/api/admin/links')
      .set('authorization', admin)
      .send({ orgUnitId: village.id, userId: cadreId })
      .expect(409);
    expect(dup.body.code).toBe('LINK_EXISTS');
    const org = await http()
      .get(`/api/admin/orgs/${village.id}`)
      .set('authorization', admin)
      .expect(200);
    expect(org.body.linkedLeaders).toEqual([cadre]);
    expect(org.body.links[0]).toMatchObject({ displayName: cadre, title: '包村干部' });

    // A process whose first step is assigned to "the linked leader".
    await launch('linked-review', village.id);
    const mine = await tasksOf(await login(app, cadre));
    expect(mine.filter((t) => t.orgName === village.name).map((t) => t.taskKey)).toEqual([
      'reportWriting',
    ]);
    expect(
      (await tasksOf(await login(app, a.users.villages[2]))).filter(
        (t) => t.taskKey === 'reportWriting',
      ),
    ).toEqual([]);
    // A link's role is ended with the link, not by hand.
    const roles = (
      await http().get(`/api/admin/users/${cadreId}`).set('authorization', admin).expect(200)
    ).body.assignments as { assignmentId: string; role: string }[];
    const linkedRole = roles.find((r) => r.role === 'linked_leader')!;
    const byHand = await http()
      .post(`/api/admin/role-assignments/${linkedRole.assignmentId}/end`)
      .set('authorization', admin)
      .expect(400);
    expect(byHand.body.code).toBe('ROLE_MANAGED_BY_LINK');
    const ended = await http()
      .post(`/api/admin/links/${link.body.id}/end`)
      .set('authorization', admin)
      .expect(200);
    expect(ended.body.validTo).not.toBeNull();
    expect(
      (await tasksOf(await login(app, cadre))).filter((t) => t.orgName === village.name),
    ).toEqual([]);
  });

  run('grants scoped roles with clear refusals', async () => {
    const admin = await login(app, a.users.admin);
    const id = await userId(a.users.supervisor);
    const noGroup = await http()
      .post(`/api/admin/users/${id}/roles`)
      .set('authorization', admin)
      .send({ role: 'rater', orgUnitId: a.township.id })
      .expect(400);
    expect(noGroup.body.code).toBe('RATER_GROUP_REQUIRED');
    const wrongOrg = await http()
      .post(`/api/admin/users/${id}/roles`)
      .set('authorization', admin)
      .send({ role: 'village_secretary', orgUnitId: a.township.id })
      .expect(400);
    expect(wrongOrg.body.code).toBe('ROLE_NOT_ALLOWED_AT_ORG');
    const dated = await http()
      .post(`/api/admin/users/${id}/roles`)
      .set('authorization', admin)
      .send({
        role: 'rater',
        orgUnitId: a.township.id,
        raterGroup: 'massesReps',
        validTo: '2099-12-31',
      })
      .expect(201);
    expect(
      dated.body.roles.map((r: { role: string; raterGroup: string | null }) => [
        r.role,
        r.raterGroup,
      ]),
    ).toEqual(expect.arrayContaining([['rater', 'massesReps']]));
    const held = await http()
      .post(`/api/admin/users/${id}/roles`)
      .set('authorization', admin)
      .send({ role: 'rater', orgUnitId: a.township.id, raterGroup: 'massesReps' })
      .expect(409);
    expect(held.body.code).toBe('ROLE_ALREADY_HELD');
    const list = await http()
      .get(`/api/admin/users?role=rater&q=${encodeURIComponent(a.users.supervisor)}`)
      .set('authorization', admin)
      .expect(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0].username).toBe(a.users.supervisor);
  });

  run('a provincial administrator sets up a new county and invites its administrator', async () => {
    const setup = app.get(CountySetupService);
    await setup.createUser({
      username: `${name}-province`,
      displayName: '省管理员',
      password: PASSWORD,
      countyId: null,
      orgUnitId: null,
      roles: [{ role: 'province_admin', orgUnitId: null }],
    });
    const province = await login(app, `${name}-province`);
    const refused = await http()
      .post('/api/admin/counties')
      .set('authorization', await login(app, a.users.admin))
      .send({ code: 'NEW', name: '新县', admin: { username: 'x-admin', displayName: 'x' } })
      .expect(403);
    expect(refused.body.code).toBe('NOT_PROVINCE_ADMIN');
    const created = await http()
      .post('/api/admin/counties')
      .set('authorization', province)
      .send({
        code: `${name}-NEW`,
        name: '新设县',
        admin: { username: `${name}-firstadmin`, displayName: '首任管理员', phone: '13811112222' },
      })
      .expect(201);
    const countyId = created.body.county.id as string;
    const dupCode = await http()
      .post('/api/admin/counties')
      .set('authorization', province)
      .send({
        code: `${name}-NEW`,
        name: '重复',
        admin: { username: `${name}-a2`, displayName: 'x' },
      })
      .expect(409);
    expect(dupCode.body.code).toBe('COUNTY_CODE_TAKEN');
    const counties = await http()
      .get('/api/admin/counties')
      .set('authorization', province)
      .expect(200);
    expect(counties.body.find((c: { id: string }) => c.id === countyId)).toMatchObject({
      organisations: 1,
      admins: [{ username: `${name}-firstadmin`, mustChangePassword: true }],
    });

    const otp = created.body.admin.oneTimePassword as string;
    const first = await login(app, `${name}-firstadmin`, otp);
    expect(
      (await http().get('/api/admin/orgs').set('authorization', first).expect(403)).body.code,
    ).toBe('PASSWORD_CHANGE_REQUIRED');
    await http()
      .post('/api/account/password')
      .set('authorization', first)
      .send({ currentPassword: otp, newPassword: 'county-admin-1' })
      .expect(200);
    const tree = await http().get('/api/admin/orgs').set('authorization', first).expect(200);
    expect(tree.body).toEqual([
      expect.objectContaining({ id: countyId, kind: 'county', depth: 0 }),
    ]);
    const township = await http()
      .post('/api/admin/orgs')
      .set('authorization', first)
      .send({ parentId: countyId, kind: 'township', code: 'T1', name: '第一镇' })
      .expect(201);
    expect(township.body.path).toBe(`/${countyId}/${township.body.id}/`);
    const invited = await http()
      .post(`/api/admin/counties/${countyId}/admins`)
      .set('authorization', province)
      .send({ username: `${name}-secondadmin`, displayName: '第二管理员' })
      .expect(201);
    expect(invited.body.oneTimePassword).toBeTruthy();
    const [audit] = await shuping.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE county_id = $1 AND action IN ('county.create', 'county.admin_invite')`,
      [countyId],
    );
    expect(audit.n).toBe(3);
  });
});
