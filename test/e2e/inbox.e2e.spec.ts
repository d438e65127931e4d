import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { sampleStepData } from '@shuping/contracts';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { PUBLIC_RATE_LIMIT } from '../../apps/api/src/inbox/rate-limiter.js';
import { startTestApp } from '../support/app.js';
import { login, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const standard = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as Record<
  string,
  unknown
>;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const report = sampleStepData({ kind: 'reportWriting', settings: {} });

interface TaskRow {
  id: string;
  instanceId: string;
  taskKey: string;
  stepKind: string;
  orgName: string;
  via: string;
  overdue: boolean;
}

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('the work inbox on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let c: TestCounty;
  let other: TestCounty;
  let instances: Map<string, string>;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const db = <T>(sql: string, params: unknown[] = []) =>
    shuping.db.dataSource.query<T>(sql, params);
  const as = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await login(app, username));
    return tokens.get(username)!;
  };
  const get = async (username: string, path: string) =>
    http()
      .get(path)
      .set('authorization', await as(username));
  const post = async (username: string, path: string, body: object = {}) =>
    http()
      .post(path)
      .set('authorization', await as(username))
      .send(body);
  const list = async (username: string, query = '') =>
    (await get(username, `/api/tasks?${query}`)).body as TaskRow[];
  const task = async (instanceId: string, taskKey: string) => {
    const [row] = await db<{ id: string }[]>(
      `SELECT id FROM task WHERE instance_id = $1 AND task_key = $2 AND status IN ('open','claimed')`,
      [instanceId, taskKey],
    );
    return row.id;
  };

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp({
      TIMER_POLL_INTERVAL_MS: '3600000',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    app = shuping.app;
    c = await seedCounty(app, `i${name}`, 3);
    other = await seedCounty(app, `o${name}`, 1);
    const ids = await app
      .get(CountySetupService)
      .installTemplates(c.county.id, [{ file: 'standard-review.json', document: standard }]);
    const launched = await post(`i${name}-admin`, '/api/campaigns', {
      name: '年度述职评议',
      definitionId: ids.get('standard-review'),
      scopeOrgId: c.township.id,
      orgKinds: ['village'],
    });
    await app.get(CampaignLauncher).start(launched.body.id as string);
    const rows = await db<{ id: string; org_unit_id: string }[]>(
      `SELECT id, org_unit_id FROM process_instance WHERE campaign_id = $1`,
      [launched.body.id],
    );
    instances = new Map(rows.map((r) => [r.org_unit_id, r.id]));
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run('lists my tasks with search, filters and sort, and claims them in bulk', async () => {
    const cun1 = c.users.villages[0];
    const mine = await list(cun1);
    expect(mine.map((t) => [t.taskKey, t.orgName, t.via])).toEqual([
      ['reportWriting', c.villages[0].name, 'self'],
    ]);
    expect(await list(cun1, `q=${encodeURIComponent(c.villages[1].name)}`)).toEqual([]);
    expect(await list(cun1, 'kind=rating')).toEqual([]);
    expect(await list(cun1, 'overdue=true')).toEqual([]);
    expect((await list(cun1, 'sort=org&q=' + encodeURIComponent('撰写'))).length).toBe(1);
    expect((await get(cun1, '/api/tasks?sort=sideways')).body.code).toBe('VALIDATION_FAILED');
    const claimed = await post(cun1, '/api/tasks/bulk/claim', { taskIds: [mine[0].id] });
    expect(claimed.body).toEqual([{ taskId: mine[0].id, ok: true }]);
    const bulk = await post(cun1, '/api/tasks/bulk/complete', {
      taskIds: [mine[0].id],
      data: report,
    });
    expect(bulk.body[0]).toMatchObject({ ok: false, code: 'FORM_INVALID' });
  });

  run(
    'transfers (转办), delegates (委派), adds a co-handler (加签) and copies (抄送)',
    async () => {
      const v2 = instances.get(c.villages[1].id)!;
      const cun2 = c.users.villages[1];
      const cun3 = c.users.villages[2];
      const [cun3User] = await db<{ id: string }[]>(`SELECT id FROM app_user WHERE username = $1`, [
        cun3,
      ]);
      let id = await task(v2, 'reportWriting');
      // 转办: the task leaves cun2's inbox and becomes cun3's.
      expect(
        (await post(cun2, `/api/tasks/${id}/transfer`, { userId: cun3User.id, note: '请代为撰写' }))
          .status,
      ).toBe(204);
      expect((await list(cun2)).map((t) => t.id)).not.toContain(id);
      expect((await list(cun3)).find((t) => t.id === id)).toMatchObject({ via: 'self' });
      const taken = await post(cun2, `/api/tasks/${id}/complete`, { data: report });
      expect([taken.status, taken.body.code]).toEqual([409, 'TASK_CLAIMED_BY_OTHER']);
      const [notice] = await db<{ title_zh: string }[]>(
        `SELECT title_zh FROM notification WHERE user_id = $1 AND reason = 'action' ORDER BY created_at DESC LIMIT 1`,
        [cun3User.id],
      );
      expect(notice.title_zh).toMatch(/^【转办】/);
      expect((await post(cun3, `/api/tasks/${id}/complete`, { data: report })).status).toBe(200);

      // Speaking, then the critique by the town secretary, who delegates and asks for a co-signature.
      await post(cun2, `/api/tasks/${await task(v2, 'speaking')}/complete`, {
        data: sampleStepData({ kind: 'speaking', settings: { timeLimit: 'PT8M' } }),
      });
      id = await task(v2, 'critique');
      const xiang = c.users.township;
      const [helper] = await db<{ id: string }[]>(`SELECT id FROM app_user WHERE username = $1`, [
        c.users.orgDept,
      ]);
      expect((await post(xiang, `/api/tasks/${id}/delegate`, { userId: helper.id })).status).toBe(
        204,
      );
      expect((await list(c.users.orgDept)).find((t) => t.id === id)).toMatchObject({
        via: 'delegate',
      });
      const draft = await http()
        .put(`/api/tasks/${id}/draft`)
        .set('authorization', await as(c.users.orgDept))
        .send({ data: { comment: '组织部起草的点评意见' } });
      expect(draft.status).toBe(200);
      expect(
        (await post(c.users.orgDept, `/api/tasks/${id}/complete`, { data: { comment: 'x' } }))
          .status,
      ).toBe(404);
      expect(
        (await post(c.users.orgDept, `/api/tasks/${id}/resolve`, { note: '已起草' })).status,
      ).toBe(204);
      const page = await get(xiang, `/api/inbox/tasks/${id}`);
      expect(page.body.draft.data).toEqual({ comment: '组织部起草的点评意见' });
      expect(page.body.participants).toEqual([
        expect.objectContaining({ kind: 'delegate', status: 'done', opinion: '已起草' }),
      ]);

      const [supervisor] = await db<{ id: string }[]>(
        `SELECT id FROM app_user WHERE username = $1`,
        [c.users.supervisor],
      );
      expect(
        (await post(xiang, `/api/tasks/${id}/co-handlers`, { userId: helper.id })).status,
      ).toBe(204);
      const blocked = await post(xiang, `/api/tasks/${id}/complete`, {
        data: { comment: '点评意见' },
      });
      expect([blocked.status, blocked.body.code]).toEqual([409, 'CO_HANDLERS_PENDING']);
      expect((await list(c.users.orgDept)).find((t) => t.id === id)).toMatchObject({
        via: 'coHandler',
      });
      expect(
        (await post(c.users.orgDept, `/api/tasks/${id}/co-sign`, { opinion: '同意', agree: true }))
          .status,
      ).toBe(204);
      expect(
        (await post(xiang, `/api/tasks/${id}/copies`, { userIds: [supervisor.id] })).status,
      ).toBe(204);
      expect((await list(c.users.supervisor, 'status=copied')).map((t) => t.id)).toContain(id);
      expect((await get(c.users.supervisor, `/api/inbox/tasks/${id}`)).body.task.via).toBe('copy');
      expect(
        (await post(xiang, `/api/tasks/${id}/complete`, { data: { comment: '点评意见' } })).status,
      ).toBe(200);
      const actions = (await get(xiang, `/api/inbox/tasks/${id}`)).body.actions.map(
        (a: { action: string }) => a.action,
      );
      expect(actions).toEqual([
        'task.delegate',
        'task.delegate.resolve',
        'task.coHandler',
        'task.coSign',
        'task.copy',
      ]);
      expect((await list(c.users.orgDept, 'status=done')).map((t) => t.id)).toContain(id);
    },
  );

  run('sends a task back to the previous step (退回), in the instance history', async () => {
    const v3 = instances.get(c.villages[2].id)!;
    const cun3 = c.users.villages[2];
    const first = await task(v3, 'reportWriting');
    const noBack = await post(cun3, `/api/tasks/${first}/send-back`, { reason: '无上一步' });
    expect(noBack.body.code).toBe('SEND_BACK_NOT_POSSIBLE');
    await post(cun3, `/api/tasks/${first}/complete`, { data: report });
    const speaking = await task(v3, 'speaking');
    expect((await post(cun3, `/api/tasks/${speaking}/send-back`, {})).body.code).toBe(
      'VALIDATION_FAILED',
    );
    const back = await post(cun3, `/api/tasks/${speaking}/send-back`, { reason: '报告需补充数据' });
    expect(back.status).toBe(200);
    expect(back.body.currentStates).toEqual(['reportWriting']);
    const reopened = back.body.reopenedTask.id as string;
    const [row] = await db<{ status: string; visit: number; assignee_user_id: string | null }[]>(
      `SELECT status, visit, assignee_user_id FROM task WHERE id = $1`,
      [reopened],
    );
    expect(row).toMatchObject({ status: 'claimed', visit: 2 });
    const [cancelled] = await db<{ status: string; close_reason: string }[]>(
      `SELECT status, close_reason FROM task WHERE id = $1`,
      [speaking],
    );
    expect(cancelled).toEqual({ status: 'cancelled', close_reason: 'sentBack' });
    const timers = await db<{ timer_key: string }[]>(
      `SELECT timer_key FROM timer WHERE instance_id = $1 AND status = 'pending' ORDER BY timer_key`,
      [v3],
    );
    expect(timers.map((t) => t.timer_key).every((k) => k.startsWith('reportWriting@2/'))).toBe(
      true,
    );
    const page = (await get(cun3, `/api/inbox/tasks/${reopened}`)).body;
    expect(page.draft.data).toEqual(report);
    expect(page.instance.history.at(-1)).toMatchObject({
      eventType: 'SEND_BACK',
      fromStates: ['speaking'],
      toStates: ['reportWriting'],
    });
    const again = await post(cun3, `/api/tasks/${reopened}/complete`, { data: report });
    expect(again.body.currentStates).toEqual(['speaking']);
    // The superior urges the speaker (催办).
    expect(
      (await post(c.users.township, `/api/tasks/${await task(v3, 'speaking')}/urge`)).body,
    ).toEqual({
      notified: 1,
    });
  });

  run('lets a stand-in see and complete the tasks of an absent secretary', async () => {
    const v1 = instances.get(c.villages[0].id)!;
    const cun1 = c.users.villages[0];
    const [standIn] = await db<{ id: string }[]>(`SELECT id FROM app_user WHERE username = $1`, [
      c.users.villages[1],
    ]);
    const id = await task(v1, 'reportWriting');
    expect((await list(c.users.villages[1])).map((t) => t.id)).not.toContain(id);
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    const inThree = new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const set = await post(cun1, '/api/inbox/stand-ins', {
      standInUserId: standIn.id,
      from: today,
      to: inThree,
    });
    expect(set.status).toBe(201);
    expect(set.body).toEqual([
      expect.objectContaining({ standInUserId: standIn.id, current: true }),
    ]);
    expect((await list(c.users.villages[1])).find((t) => t.id === id)).toMatchObject({
      via: 'standIn',
    });
    expect(
      (await post(c.users.villages[1], `/api/tasks/${id}/complete`, { data: report })).status,
    ).toBe(200);
    const [audit] = await db<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'task.complete.standIn' AND target_id = $1`,
      [id],
    );
    expect(audit.n).toBe(1);
    const ended = await http()
      .delete(`/api/inbox/stand-ins/${standIn.id}`)
      .set('authorization', await as(cun1));
    expect(ended.body).toEqual([]);
    expect((await list(c.users.villages[1])).map((t) => t.instanceId)).not.toContain(v1);
  });

  run('stores attachments safely: type by signature, size, download as a file', async () => {
    const v1 = instances.get(c.villages[0].id)!;
    const cun1 = c.users.villages[0];
    const id = await task(v1, 'speaking');
    const upload = async (fileName: string, body: Buffer) =>
      http()
        .post(`/api/tasks/${id}/attachments?fileName=${encodeURIComponent(fileName)}`)
        .set('authorization', await as(cun1))
        .set('content-type', 'application/octet-stream')
        .send(body);
    const ok = await upload('会议记录.pdf', PDF);
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      fileName: '会议记录.pdf',
      mimeType: 'application/pdf',
      sizeBytes: PDF.length,
    });
    expect((await upload('evil.exe', PDF)).body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await upload('photo.pdf', PNG)).body.code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await upload('../../etc/passwd.png', PNG)).body.fileName).toBe('passwd.png');
    const big = await upload('big.pdf', Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]));
    expect([big.status, big.body.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const file = await get(cun1, `/api/attachments/${ok.body.id}`);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename=/);
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    expect((await get(other.users.admin, `/api/attachments/${ok.body.id}`)).status).toBe(404);
    expect((await get(c.users.villages[2], `/api/attachments/${ok.body.id}`)).status).toBe(404);
  });

  run('rate-limits the public pages and hides everything from another county', async () => {
    const notice = '00000000-0000-4000-8000-000000000001';
    for (let i = 0; i < PUBLIC_RATE_LIMIT.requests; i++) {
      const res = await http().post(`/api/public/notices/${notice}/objections`).send({ text: 'x' });
      expect(res.status).toBe(400);
    }
    const limited = await http()
      .post(`/api/public/notices/${notice}/objections`)
      .send({ text: 'x' });
    expect([limited.status, limited.body.code]).toEqual([429, 'RATE_LIMITED']);

    const v1 = instances.get(c.villages[0].id)!;
    const id = await task(v1, 'speaking');
    const stranger = other.users.admin;
    const routes: [string, string, object?][] = [
      ['get', `/api/inbox/tasks/${id}`],
      ['get', `/api/tasks/${id}/rating`],
      ['get', `/api/tasks/${id}/document.pdf`],
      ['put', `/api/tasks/${id}/draft`, { data: {} }],
      ['post', `/api/tasks/${id}/transfer`, { userId: id }],
      ['post', `/api/tasks/${id}/delegate`, { userId: id }],
      ['post', `/api/tasks/${id}/co-handlers`, { userId: id }],
      ['post', `/api/tasks/${id}/copies`, { userIds: [id] }],
      ['post', `/api/tasks/${id}/send-back`, { reason: 'x' }],
      ['post', `/api/tasks/${id}/questions`, { question: 'x' }],
      [
        'post',
        `/api/tasks/${id}/rectification-items`,
        { list: 'problems', content: 'x', owner: 'y', deadline: '2030-01-01' },
      ],
      ['get', `/api/tasks/${id}/topics`],
    ];
    for (const [method, path, body] of routes) {
      const agent = http() as unknown as Record<string, (p: string) => request.Test>;
      const call = agent[method](path).set('authorization', await as(stranger));
      const res = await (body ? call.send(body) : call);
      expect([path, res.status]).toEqual([path, 404]);
    }
  });
});
