import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { sampleStepData } from '@shuping/contracts';
import { Clock, InstanceRuntime, TimerPoller } from '@shuping/worker';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { startTestApp } from '../support/app.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { login, PASSWORD, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const standardReview = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as Record<
  string,
  unknown
>;
const DAY_MS = 24 * 3600 * 1000;

interface TaskRow {
  id: string;
  instanceId: string;
  orgName: string;
  stepKind: string;
  taskKey: string;
  formSettings: unknown;
}

/** Form data a user would submit at each step; the first village is graded 一般 to take the talk branch. */
function formFor(task: TaskRow, county: TestCounty): Record<string, unknown> {
  const weak = task.orgName === county.villages[0].name;
  const mode = task.taskKey === 'rectificationReview' ? 'reviewer' : 'executor';
  return sampleStepData(
    { kind: task.stepKind, settings: task.formSettings, rectificationMode: mode },
    { grade: weak ? '一般' : '好' },
  );
}
const report = sampleStepData({ kind: 'reportWriting', settings: {} });

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('durable runtime over HTTP on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let a: TestCounty;
  let b: TestCounty;
  let definitionId: string;
  let campaignId: string;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  type Method = 'get' | 'post' | 'put';
  const send = (method: Method, path: string) => http()[method](path);
  const as = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await login(app, username));
    return tokens.get(username)!;
  };

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp(database ? { DATABASE_URL: database.url } : {});
    app = shuping.app;
    a = await seedCounty(app, `a${name}`);
    b = await seedCounty(app, `b${name}`);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run('refuses every route without a login, except health, login and public notices', async () => {
    const res = await http().get('/api/tasks').expect(401);
    expect(res.body.code).toBe('MISSING_TOKEN');
    await http().get('/api/tasks').set('authorization', 'Bearer nonsense').expect(401);
    await http().get('/api/public/notices').expect(200);
  });

  run(
    'publishes a template and launches a campaign over a township, returning at once',
    async () => {
      const admin = await as(a.users.admin);
      const created = await http()
        .post('/api/process-definitions')
        .set('authorization', admin)
        .send({ document: standardReview })
        .expect(201);
      definitionId = created.body.id;
      expect(created.body.issues).toEqual([]);
      const published = await http()
        .post(`/api/process-definitions/${definitionId}/publish`)
        .set('authorization', admin)
        .expect(201);
      expect(published.body.version).toBe(1);

      const launched = await http()
        .post('/api/campaigns')
        .set('authorization', admin)
        .send({
          name: '年度述职评议',
          definitionId,
          scopeOrgId: a.township.id,
          orgKinds: ['village'],
        })
        .expect(202);
      campaignId = launched.body.id;
      expect(launched.body).toMatchObject({ status: 'launching', total: 3 });

      let progress:
        | { status: string; launched: number; byStep: { state: string; count: number }[] }
        | undefined;
      for (let i = 0; i < 100; i++) {
        progress = (
          await http().get(`/api/campaigns/${campaignId}`).set('authorization', admin).expect(200)
        ).body;
        if (progress!.status === 'running') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(progress).toMatchObject({ status: 'running', launched: 3 });
      expect(progress!.byStep).toEqual([{ state: 'reportWriting', count: 3 }]);
    },
  );

  run('drives every instance to the end with the right people completing each task', async () => {
    const everyone = [
      ...a.users.villages,
      a.users.township,
      ...a.users.raters,
      a.users.orgDept,
      a.users.admin,
    ];
    const clock = app.get(Clock);
    const poller = app.get(TimerPoller);
    for (let round = 0; round < 40; round++) {
      let completed = 0;
      for (const username of everyone) {
        const token = await as(username);
        const tasks = (await http().get('/api/tasks').set('authorization', token).expect(200))
          .body as TaskRow[];
        for (const task of tasks) {
          await http()
            .post(`/api/tasks/${task.id}/complete`)
            .set('authorization', token)
            .send({ data: formFor(task, a) })
            .expect((res) => expect([res.status, res.body]).toEqual([200, expect.anything()]));
          completed++;
        }
      }
      const state = (
        await http()
          .get(`/api/campaigns/${campaignId}`)
          .set('authorization', await as(a.users.admin))
      ).body as { byStatus: { status: string; count: number }[] };
      if (state.byStatus.length === 1 && state.byStatus[0].status === 'done') break;
      if (completed === 0) {
        // Nothing left to do by hand: time passes (the publicity period), timers fire.
        clock.advance(40 * DAY_MS);
        await poller.tick();
      }
    }
    const admin = await as(a.users.admin);
    const final = (await http().get(`/api/campaigns/${campaignId}`).set('authorization', admin))
      .body as {
      byStatus: { status: string; count: number }[];
      instances: { id: string; orgName: string }[];
    };
    expect(final.byStatus).toEqual([{ status: 'done', count: 3 }]);

    for (const instance of final.instances) {
      const view = (
        await http().get(`/api/instances/${instance.id}`).set('authorization', admin).expect(200)
      ).body;
      expect(view.status).toBe('done');
      const seqs = view.history.map((h: { seq: number }) => h.seq);
      expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
      expect(view.history[0].eventType).toBe('START');
      expect(view.history.at(-1).toStates).toEqual(['done']);
      const steps = view.history.flatMap((h: { toStates: string[] }) => h.toStates);
      if (instance.orgName === a.villages[0].name) {
        expect(steps).toEqual(
          expect.arrayContaining(['talk', 'rectification', 'rectificationReview']),
        );
      } else {
        expect(steps).not.toContain('talk');
      }
      expect(steps).toContain('publicity');
      expect(view.tasks.every((t: { status: string }) => t.status === 'done')).toBe(true);
    }
    const notices = (
      await http().get(`/api/public/notices?countyId=${a.county.id}&includeClosed=true`).expect(200)
    ).body;
    expect(notices.length).toBeGreaterThanOrEqual(3);
  });

  run('replays a completion with the same idempotency key and changes nothing', async () => {
    const { taskId, token, instanceId } = await freshTask('idem');
    const body = { data: report, idempotencyKey: 'retry-key-0001' };
    const first = await http()
      .post(`/api/tasks/${taskId}/complete`)
      .set('authorization', token)
      .send(body)
      .expect(200);
    const again = await http()
      .post(`/api/tasks/${taskId}/complete`)
      .set('authorization', token)
      .send(body)
      .expect(200);
    expect(again.body).toEqual(first.body);
    const view = await http()
      .get(`/api/instances/${instanceId}`)
      .set('authorization', await as(a.users.admin));
    expect(view.body.history).toHaveLength(2);

    // The history keeps what the engine did, not what the rows it wrote already hold: the next
    // task's form settings are on the task, not repeated in the event's effects.
    const [event] = await shuping.db.dataSource.query<{ effects: { type: string }[] }[]>(
      `SELECT effects FROM instance_event WHERE instance_id = $1 AND seq = 2`,
      [instanceId],
    );
    const opened = event.effects.filter((e) => e.type === 'openTask');
    expect(opened.length).toBeGreaterThan(0);
    for (const effect of opened) {
      expect(effect).toMatchObject({ taskKey: expect.any(String), title: expect.any(Object) });
      expect(effect).not.toHaveProperty('form');
      expect(effect).not.toHaveProperty('escalation');
    }
    for (const timer of event.effects.filter((e) => e.type === 'setTimer')) {
      expect(timer).toMatchObject({ timerKey: expect.any(String), dueAt: expect.any(String) });
      expect(timer).not.toHaveProperty('event');
    }
    const [next] = await shuping.db.dataSource.query<{ form_settings: unknown }[]>(
      `SELECT form_settings FROM task WHERE instance_id = $1 AND status = 'open'`,
      [instanceId],
    );
    expect(next.form_settings).not.toBeNull();
  });

  run('lets exactly one of 50 parallel completions of a task succeed', async () => {
    const { taskId, token } = await freshTask('race');
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        http()
          .post(`/api/tasks/${taskId}/complete`)
          .set('authorization', token)
          .send({ data: report }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('TASK_ALREADY_CLOSED');
  });

  run(
    'commits completions of many instances that arrive together, answering each on its own',
    async () => {
      const fresh: FreshTask[] = [];
      for (let i = 0; i < 8; i++) fresh.push(await freshTask(`together-${i}`));
      const [badData, strayed, doubled, ...plain] = fresh;
      const neighbour = await as(a.users.villages[2]);
      const { result: results, batchSizes } = await watchingRuntime(() =>
        Promise.all([
          complete(badData, { sections: { performance: '只写了一部分' } }),
          complete(strayed, report, neighbour),
          complete(strayed, report),
          complete(doubled, report),
          complete(doubled, report),
          ...plain.map((t) => complete(t, report)),
        ]),
      );
      const [refused, stranger, owner, double1, double2, ...others] = results;
      // Some were written together, and no batch fell back to writing its events one by one.
      expect(Math.max(...batchSizes)).toBeGreaterThan(1);
      expect(batchSizes.reduce((sum, n) => sum + n, 0)).toBe(2 + plain.length);
      expect([refused.status, refused.body.code]).toEqual([400, 'FORM_INVALID']);
      expect([stranger.status, stranger.body.code]).toEqual([404, 'NOT_FOUND']);
      expect(owner.status).toBe(200);
      expect([double1.status, double2.status].sort()).toEqual([200, 409]);
      expect([double1, double2].find((r) => r.status === 409)!.body.code).toBe(
        'TASK_ALREADY_CLOSED',
      );
      expect(others.map((r) => r.status)).toEqual(plain.map(() => 200));

      const me = (await http().get('/api/me').set('authorization', badData.token)).body as {
        userId: string;
      };
      const admin = await as(a.users.admin);
      const viewOf = async (instanceId: string) =>
        (await http().get(`/api/instances/${instanceId}`).set('authorization', admin).expect(200))
          .body as {
          history: { eventType: string; toStates: string[] }[];
          tasks: { id: string; status: string; completedBy: string | null; taskKey: string }[];
        };
      for (const t of [strayed, doubled, ...plain]) {
        const view = await viewOf(t.instanceId);
        expect(view.history).toHaveLength(2);
        expect(view.history[1].toStates).not.toContain('reportWriting');
        const task = view.tasks.find((x) => x.id === t.taskId)!;
        expect([task.status, task.completedBy]).toEqual(['done', me.userId]);
        expect(view.tasks.some((x) => x.status === 'open')).toBe(true);
      }
      // Someone who may not act on a task learns nothing of it, not even that it closed.
      const late = await complete(doubled, report, neighbour);
      expect([late.status, late.body.code]).toEqual([404, 'NOT_FOUND']);
      // The refused submission changed nothing, and its task can still be completed.
      const untouched = await viewOf(badData.instanceId);
      expect(untouched.history).toHaveLength(1);
      expect(untouched.tasks.find((x) => x.id === badData.taskId)!.status).toBe('open');
      await complete(badData, report).expect(200);
    },
  );

  run(
    'loses nothing when a batch fails as a whole: each completion is written again alone',
    async () => {
      const fresh: FreshTask[] = [];
      for (let i = 0; i < 8; i++) fresh.push(await freshTask(`fallback-${i}`));
      let failed = 0;
      const { result: results, batchSizes } = await watchingRuntime(
        () => Promise.all(fresh.map((t) => complete(t, report))),
        // The batch's write fails (as on a lost connection): its transaction rolls back.
        () => {
          failed++;
          throw new Error('connection lost');
        },
      );
      expect(failed).toBeGreaterThan(0);
      expect(results.map((r) => r.status)).toEqual(fresh.map(() => 200));
      // Every completion was written once, alone: nothing of a failed batch remained.
      expect(batchSizes.filter((n) => n === 1).length).toBe(fresh.length);
      const admin = await as(a.users.admin);
      for (const t of fresh) {
        const view = (
          await http().get(`/api/instances/${t.instanceId}`).set('authorization', admin).expect(200)
        ).body as { history: unknown[] };
        expect(view.history).toHaveLength(2);
      }
    },
  );

  run('hides every county-A id from a user of county B (404 on every route)', async () => {
    const { taskId, instanceId } = await freshTask('tenancy');
    const other = await as(b.users.admin);
    const routes: [Method, string, object?][] = [
      ['get', `/api/process-definitions/${definitionId}`],
      ['put', `/api/process-definitions/${definitionId}`, { document: standardReview }],
      ['post', `/api/process-definitions/${definitionId}/publish`],
      ['get', `/api/process-definitions/${definitionId}/versions`],
      ['get', `/api/process-definitions/${definitionId}/versions/1`],
      ['get', `/api/campaigns/${campaignId}`],
      ['post', '/api/campaigns', { name: 'x', definitionId, scopeOrgId: a.township.id }],
      ['get', `/api/instances/${instanceId}`],
      ['get', `/api/tasks/${taskId}`],
      ['post', `/api/tasks/${taskId}/claim`],
      ['post', `/api/tasks/${taskId}/complete`, { data: {} }],
    ];
    for (const [method, path, body] of routes) {
      const call = send(method, path).set('authorization', other);
      const res = await (body ? call.send(body) : call);
      expect([path, res.status]).toEqual([path, 404]);
    }
    const orgs = (await http().get('/api/org-units').set('authorization', other).expect(200))
      .body as { id: string }[];
    expect(orgs.map((o) => o.id)).not.toContain(a.township.id);
    const bTasks = (
      await http()
        .get('/api/tasks')
        .set('authorization', await as(b.users.villages[0]))
    ).body;
    expect(bTasks).toEqual([]);
  });

  run('refuses a task to people of another organisation and a rating of oneself', async () => {
    const { taskId } = await freshTask('scope');
    const neighbour = await as(a.users.villages[2]);
    await http()
      .post(`/api/tasks/${taskId}/complete`)
      .set('authorization', neighbour)
      .send({ data: {} })
      .expect(404);

    // A secretary who is also a rater may not rate their own village.
    await app.get(CountySetupService).createUser({
      username: `${name}-dual`,
      displayName: 'dual',
      password: PASSWORD,
      countyId: a.county.id,
      orgUnitId: a.villages[1].id,
      roles: [
        { role: 'village_secretary', orgUnitId: a.villages[1].id },
        { role: 'rater', orgUnitId: a.township.id, raterGroup: 'townshipCadres' },
      ],
    });
    const dual = await as(`${name}-dual`);
    const steps: [string, string][] = [
      ['reportWriting', a.users.villages[1]],
      ['speaking', a.users.villages[1]],
      ['critique', a.users.township],
      ['questioning', a.users.raters[0]],
    ];
    let current = taskId;
    let instance = '';
    for (const [step, username] of steps) {
      const settings = step === 'speaking' ? { timeLimit: 'PT8M' } : {};
      const res = await http()
        .post(`/api/tasks/${current}/complete`)
        .set('authorization', await as(username))
        .send({ data: sampleStepData({ kind: step, settings }) })
        .expect(200);
      expect(res.body.closedTasks).toContain(step);
      current = res.body.openedTasks[0].id;
      instance = res.body.instanceId;
    }
    const refused = await http()
      .post(`/api/tasks/${current}/complete`)
      .set('authorization', dual)
      .send({ data: { grade: '好' } })
      .expect(403);
    expect(refused.body.code).toBe('CANNOT_RATE_SELF');
    const view = await http()
      .get(`/api/instances/${instance}`)
      .set('authorization', await as(a.users.admin));
    expect(view.body.currentStates).toEqual(['rating']);
  });

  run('answers bad input with problem+json, never 500', async () => {
    const admin = await as(a.users.admin);
    const cases: [Method, string, unknown, number, string][] = [
      [
        'post',
        '/api/process-definitions',
        { document: standardReview, extra: 1 },
        400,
        'VALIDATION_FAILED',
      ],
      ['post', '/api/process-definitions', { document: 'not an object' }, 400, 'VALIDATION_FAILED'],
      ['post', '/api/campaigns', { name: '', definitionId: 'x' }, 400, 'VALIDATION_FAILED'],
      ['post', '/api/auth/login', { username: 'x' }, 400, 'VALIDATION_FAILED'],
      ['get', '/api/tasks?status=weird', undefined, 400, 'VALIDATION_FAILED'],
      ['get', '/api/tasks/not-a-uuid', undefined, 404, 'NOT_FOUND'],
      ['get', `/api/instances/00000000-0000-0000-0000-000000000000`, undefined, 404, 'NOT_FOUND'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const call = send(method, path).set('authorization', admin);
      const res = await (body === undefined ? call : call.send(body as object));
      expect([path, res.status, res.body.code]).toEqual([path, status, code]);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
    }
    const invalid = structuredClone(standardReview) as {
      id: string;
      machine: { states: Record<string, unknown> };
    };
    invalid.id = 'broken-review';
    invalid.machine.states.orphan = {
      meta: { kind: 'wait', title: { zh: '孤立', en: 'Orphan' } },
      on: { GO: 'done' },
    };
    const draft = await http()
      .post('/api/process-definitions')
      .set('authorization', admin)
      .send({ document: invalid })
      .expect(201);
    expect(draft.body.issues.map((i: { code: string }) => i.code)).toContain('UNREACHABLE_STATE');
    const refused = await http()
      .post(`/api/process-definitions/${draft.body.id}/publish`)
      .set('authorization', admin)
      .expect(400);
    expect(refused.body.code).toBe('DEFINITION_INVALID');
    const big = await http()
      .post('/api/process-definitions/validate')
      .set('authorization', admin)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ document: { blob: 'x'.repeat(1024 * 1024 + 1) } }))
      .expect(413);
    expect(big.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  run('never returns password hashes and locks an account after repeated failures', async () => {
    const me = await http()
      .get('/api/me')
      .set('authorization', await as(a.users.supervisor))
      .expect(200);
    expect(JSON.stringify(me.body)).not.toMatch(/password|scrypt/i);
    expect(me.body.roles).toEqual([expect.objectContaining({ role: 'supervisor' })]);
    for (let i = 0; i < 5; i++) {
      const res = await http()
        .post('/api/auth/login')
        .send({ username: a.users.raters[2], password: 'wrong' })
        .expect(401);
      expect(res.body.code).toBe('INVALID_CREDENTIALS');
    }
    const locked = await http()
      .post('/api/auth/login')
      .send({ username: a.users.raters[2], password: 'test-password-1' })
      .expect(429);
    expect(locked.body.code).toBe('ACCOUNT_LOCKED');
  });

  run('ends a session on logout and rotates refresh tokens', async () => {
    const pair = (
      await http()
        .post('/api/auth/login')
        .send({ username: a.users.orgDept, password: 'test-password-1' })
        .expect(200)
    ).body;
    const refreshed = (
      await http().post('/api/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200)
    ).body;
    await http().post('/api/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(401);
    await http()
      .post('/api/auth/logout')
      .set('authorization', `Bearer ${refreshed.accessToken}`)
      .expect(204);
    await http().get('/api/me').set('authorization', `Bearer ${refreshed.accessToken}`).expect(401);
    await http()
      .post('/api/auth/refresh')
      .send({ refreshToken: refreshed.refreshToken })
      .expect(401);
  });

  /** Launches a one-village campaign and returns the village secretary's first task. */
  type FreshTask = Awaited<ReturnType<typeof freshTask>>;

  function complete(t: FreshTask, data: unknown, token = t.token) {
    return http()
      .post(`/api/tasks/${t.taskId}/complete`)
      .set('authorization', token)
      .send({ data });
  }

  /**
   * Runs `work` watching the real runtime: the size of every write (1 for an event alone, the
   * batch's size for a batch). `failBatch`, when given, replaces the batches' writes.
   */
  async function watchingRuntime<T>(
    work: () => Promise<T>,
    failBatch?: () => never,
  ): Promise<{ result: T; batchSizes: number[] }> {
    const runtime = app.get(InstanceRuntime);
    const { advanceIn, advanceMany } = runtime;
    const batchSizes: number[] = [];
    runtime.advanceIn = (...args) => {
      batchSizes.push(1);
      return advanceIn.apply(runtime, args);
    };
    runtime.advanceMany = (manager, steps) => {
      if (failBatch) failBatch();
      batchSizes.push(steps.length);
      return advanceMany.call(runtime, manager, steps);
    };
    try {
      return { result: await work(), batchSizes };
    } finally {
      Object.assign(runtime, { advanceIn, advanceMany });
    }
  }

  async function freshTask(
    label: string,
  ): Promise<{ taskId: string; token: string; instanceId: string }> {
    const admin = await as(a.users.admin);
    const launched = await http()
      .post('/api/campaigns')
      .set('authorization', admin)
      .send({ name: label, definitionId, scopeOrgId: a.villages[1].id, orgKinds: ['village'] })
      .expect(202);
    const token = await as(a.users.villages[1]);
    for (let i = 0; i < 100; i++) {
      const tasks = (
        await http().get(`/api/tasks?campaignId=${launched.body.id}`).set('authorization', token)
      ).body as TaskRow[];
      if (tasks.length > 0) return { taskId: tasks[0].id, token, instanceId: tasks[0].instanceId };
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('campaign did not launch');
  }
});
