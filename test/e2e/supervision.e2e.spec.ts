import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { getQueueToken } from '@nestjs/bullmq';
import { Clock, QUEUES, TimerFiringService, TimerPoller, TimerQueue } from '@shuping/worker';
import type { Queue } from 'bullmq';
import ExcelJS from 'exceljs';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { startTestApp } from '../support/app.js';
import { login, PASSWORD } from '../support/factories.js';
import { requirePostgresUrl, requireRedisUrl } from '../support/services.js';
import { completeOpenTask, seedTwoTownships, type World } from './supervision-fixtures.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('supervision dashboard on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let w: World;
  let p: string;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const as = async (who: string) => {
    if (!tokens.has(who)) tokens.set(who, await login(app, `${p}-${who}`));
    return tokens.get(who)!;
  };
  const get = async (who: string, path: string, status = 200) =>
    (
      await http()
        .get(`/api/supervision${path}`)
        .set('authorization', await as(who))
        .expect(status)
    ).body;
  const post = async (who: string, path: string, body: object, status = 200) =>
    (
      await http()
        .post(`/api/supervision${path}`)
        .set('authorization', await as(who))
        .send(body)
        .expect(status)
    ).body;
  /** The open task of village `v` (1-based). */
  const openTask = async (v: number) => {
    const [task] = await shuping.db.dataSource.query<
      { id: string; task_key: string; instance_id: string }[]
    >(
      `SELECT id, task_key, instance_id FROM task WHERE org_unit_id = $1 AND status IN ('open','claimed')`,
      [w.villages[v - 1]],
    );
    return task;
  };
  /** Completes the open task of village `v` (1-based) with data that fits its form. */
  const complete = async (who: string, v: number) =>
    completeOpenTask(shuping, `${p}-${who}`, w.villages[v - 1], await as(who));
  const clock = () => app.get(Clock);

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    // The poller stays out of the way: the test fires timers itself with tick().
    shuping = await startTestApp({
      ...(database ? { DATABASE_URL: database.url } : {}),
      TIMER_POLL_INTERVAL_MS: '3600000',
      // SV_LOG=1 shows server errors while debugging this suite.
      ...(process.env.SV_LOG ? { LOG_LEVEL: 'error' } : {}),
    });
    app = shuping.app;
    p = `sv${name.slice(0, 2)}`;
    w = await seedTwoTownships(shuping, p);
    // At launch (t0): village 1 writes its report, village 2 reports and speaks, village 4 reports.
    await complete('cun1', 1);
    await complete('cun2', 2);
    await complete('cun2', 2);
    await complete('cun4', 4);
    // t0 + 3.5 days: deadlines and grace periods in between fire.
    clock().advance(3.5 * DAY);
    await app.get(TimerPoller).tick();
    // Village 5 writes its report late.
    await complete('cun5', 5);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  run(
    'counts instances by step, on-time rate, overdue, due soon and escalations at a fixed clock',
    async () => {
      const overview = await get('ducha', `/overview?campaignId=${w.campaignId}`);
      expect(new Date(overview.now).getTime()).toBeGreaterThan(Date.now() + 3.4 * DAY);
      expect(overview.instances).toEqual({ total: 5, active: 5, done: 0, cancelled: 0 });
      expect(overview.funnel.map((f: { key: string; count: number }) => [f.key, f.count])).toEqual([
        ['reportWriting', 1],
        ['speaking', 3],
        ['critique', 1],
      ]);
      expect(overview.funnel[0].title.zh).toBe('撰写述职报告');
      // Open: v1 speaking (due t0+4d: soon), v2 critique (due t0+2d, escalated at t0+3d),
      // v3 report (due t0+3d: overdue), v4 speaking (soon), v5 speaking (due t0+7.5d).
      // Done: v1, v2, v4 reports and v2 speaking on time; v5 report late → 4 / 5 on time.
      expect(overview.tasks).toEqual({
        open: 5,
        overdue: 2,
        dueSoon: 2,
        escalated: 1,
        done: 5,
        doneOnTime: 4,
        doneLate: 1,
        onTimeRate: 0.8,
      });
      expect(overview.escalations).toEqual({ open: 1, closed: 0 });
      expect(overview.ballots).toMatchObject({ received: 0, ratingTasks: { done: 0, total: 0 } });
      expect(overview.rectification).toEqual({
        items: { open: 0, done: 0, verified: 0 },
        tasks: { open: 0, done: 0 },
      });
      expect(overview.overdueByTownship).toEqual([{ orgId: w.t1, name: `${p}东镇`, count: 2 }]);

      // Across every campaign in scope: the same numbers, steps grouped by kind.
      const all = await get('ducha', '/overview');
      expect(all.tasks).toEqual(overview.tasks);
      expect(all.funnel.map((f: { key: string }) => f.key)).toEqual([
        'reportWriting',
        'speaking',
        'critique',
      ]);
      // A township secretary sees only their township.
      const west = await get('xiang2', `/overview?campaignId=${w.campaignId}`);
      expect(west.instances.total).toBe(2);
      expect(west.tasks).toMatchObject({ open: 2, overdue: 0, dueSoon: 1, done: 2, doneLate: 1 });
      expect(west.escalations.open).toBe(0);
    },
  );

  run('builds the organisation × step heatmap one level at a time', async () => {
    const root = await get('ducha', `/heatmap?campaignId=${w.campaignId}`);
    expect(root.columns.map((c: { stateKey: string }) => c.stateKey).slice(0, 4)).toEqual([
      'reportWriting',
      'speaking',
      'critique',
      'questioning',
    ]);
    expect(root.rows).toHaveLength(1);
    const county = root.rows[0];
    expect(county).toMatchObject({ orgId: w.countyId, instances: 5, hasChildren: true });
    expect(county.cells.reportWriting).toEqual({
      state: 'overdue',
      counts: { doneOnTime: 3, doneLate: 1, overdue: 1 },
    });
    expect(county.cells.speaking).toEqual({
      state: 'dueSoon',
      counts: { doneOnTime: 1, dueSoon: 2, open: 1 },
    });
    expect(county.cells.critique).toEqual({ state: 'escalated', counts: { escalated: 1 } });

    const townships = await get(
      'ducha',
      `/heatmap?campaignId=${w.campaignId}&parentId=${w.countyId}`,
    );
    expect(
      townships.rows.map((r: { orgId: string; instances: number }) => [r.orgId, r.instances]),
    ).toEqual([
      [w.t1, 3],
      [w.t2, 2],
    ]);
    expect(townships.rows[1].cells.reportWriting.counts).toEqual({ doneOnTime: 1, doneLate: 1 });

    const villages = await get('ducha', `/heatmap?campaignId=${w.campaignId}&parentId=${w.t1}`);
    expect(villages.rows).toHaveLength(3);
    const v3 = villages.rows[2];
    expect(v3).toMatchObject({
      orgId: w.villages[2],
      hasChildren: false,
      instanceStatus: 'active',
    });
    expect(v3.instanceId).toEqual((await openTask(3)).instance_id);
    expect(v3.cells).toEqual({ reportWriting: { state: 'overdue', counts: { overdue: 1 } } });

    // Outside my scope: 404.
    await get('xiang2', `/heatmap?campaignId=${w.campaignId}&parentId=${w.t1}`, 404);
  });

  run(
    'lists open deadlines: sorted, filtered by township, kind, state and assignee, paged',
    async () => {
      const page = await get('ducha', `/deadlines?campaignId=${w.campaignId}`);
      expect(page.total).toBe(5);
      expect(
        page.items.map((i: { orgName: string; taskKey: string }) => `${i.orgName}:${i.taskKey}`),
      ).toEqual([
        `${p}村2:critique`,
        `${p}村3:reportWriting`,
        `${p}村1:speaking`,
        `${p}村4:speaking`,
        `${p}村5:speaking`,
      ]);
      expect(page.items[0]).toMatchObject({
        overdue: true,
        escalationLevel: 2,
        townshipName: `${p}东镇`,
      });
      const remaining = new Date(page.items[4].dueAt).getTime() - new Date(page.now).getTime();
      expect(Math.abs(remaining - 4 * DAY)).toBeLessThan(HOUR);

      const west = await get('ducha', `/deadlines?campaignId=${w.campaignId}&townshipId=${w.t2}`);
      expect(west.items.map((i: { orgName: string }) => i.orgName)).toEqual([`${p}村4`, `${p}村5`]);
      const overdue = await get('ducha', `/deadlines?state=overdue`);
      expect(overdue.total).toBe(2);
      const soon = await get('ducha', `/deadlines?state=dueSoon&stepKind=speaking`);
      expect(soon.total).toBe(2);
      const byOrg = await get('ducha', `/deadlines?sort=org&order=desc&limit=2&offset=1`);
      expect(byOrg).toMatchObject({ total: 5 });
      expect(byOrg.items.map((i: { orgName: string }) => i.orgName)).toEqual([
        `${p}村4`,
        `${p}村3`,
      ]);
      expect((await get('ducha', `/deadlines?assignee=unassigned`)).total).toBe(5);

      const facets = await get('ducha', `/deadlines/facets?campaignId=${w.campaignId}`);
      expect(facets.townships.map((t: { id: string }) => t.id)).toEqual([w.t1, w.t2]);
      expect(
        facets.stepKinds.map((k: { kind: string; count: number }) => [k.kind, k.count]),
      ).toEqual([
        ['reportWriting', 1],
        ['speaking', 3],
        ['critique', 1],
      ]);

      for (const bad of ['sort=evil', 'state=late', 'limit=0', 'assignee=someone', 'extra=1']) {
        const res = await http()
          .get(`/api/supervision/deadlines?${bad}`)
          .set('authorization', await as('ducha'))
          .expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    },
  );

  run('urges in bulk, once per period per task', async () => {
    const v2 = await openTask(2);
    const v3 = await openTask(3);
    const results = await post('ducha', '/tasks/urge', { taskIds: [v2.id, v3.id] });
    expect(results).toEqual([
      { taskId: v2.id, ok: true, notified: 1 },
      { taskId: v3.id, ok: true, notified: 1 },
    ]);
    const again = await post('ducha', '/tasks/urge', { taskIds: [v3.id] });
    expect(again).toEqual([
      expect.objectContaining({ taskId: v3.id, ok: false, code: 'URGE_TOO_SOON' }),
    ]);
    // The township's own open escalation (v2 critique) logs the urging.
    const records = await get('ducha', `/escalations?campaignId=${w.campaignId}`);
    expect(records.items[0].actions.map((a: { action: string }) => a.action)).toEqual(['urged']);
    expect(records.items[0].ownerName).toBe(`${p}-ducha`);
    await post('cun1', '/tasks/urge', { taskIds: [v3.id] }, 403);
  });

  run('escalates by hand, extends a deadline with a reason and re-arms its timers', async () => {
    const v3 = await openTask(3);
    const opened = await post(
      'ducha',
      `/tasks/${v3.id}/escalate`,
      { note: '三天未交述职报告' },
      201,
    );
    expect(opened).toMatchObject({
      status: 'open',
      openNote: '三天未交述职报告',
      ownerName: `${p}-ducha`,
    });
    const twice = await post('ducha', `/tasks/${v3.id}/escalate`, { note: '再次督办' }, 409);
    expect(twice.code).toBe('ALREADY_ESCALATED');
    expect((await get('ducha', `/overview?campaignId=${w.campaignId}`)).escalations.open).toBe(2);

    const now = clock().now().getTime();
    const past = await post(
      'ducha',
      `/tasks/${v3.id}/extend`,
      { dueAt: new Date(now - HOUR).toISOString(), reason: '补交材料' },
      400,
    );
    expect(past.code).toBe('DEADLINE_IN_PAST');
    const newDue = new Date(now + 2 * DAY);
    const change = await post('ducha', `/tasks/${v3.id}/extend`, {
      dueAt: newDue.toISOString(),
      reason: '因防汛工作延期两天',
    });
    expect(change).toMatchObject({ taskId: v3.id, dueAt: newDue.toISOString() });
    expect(change.timers.map((t: { purpose: string }) => t.purpose)).toEqual([
      'reminder',
      'deadline',
      'escalation',
    ]);
    const overview = await get('ducha', `/overview?campaignId=${w.campaignId}`);
    expect(overview.tasks).toMatchObject({ overdue: 1, escalated: 1 });
    const pending = await shuping.db.dataSource.query<{ purpose: string; due_at: Date }[]>(
      `SELECT purpose, due_at FROM timer WHERE instance_id = $1 AND status = 'pending' ORDER BY due_at`,
      [v3.instance_id],
    );
    expect(pending.map((t) => [t.purpose, t.due_at.getTime() - newDue.getTime()])).toEqual([
      ['reminder', -DAY],
      ['deadline', 0],
      ['escalation', DAY],
    ]);
    const instance = await get('ducha', `/instances/${v3.instance_id}`);
    expect(instance.history.at(-1)).toMatchObject({
      eventType: 'ADMIN_EXTEND_DEADLINE',
      actor: `${p}-ducha`,
      reason: '因防汛工作延期两天',
    });
    expect(instance.tasks[0]).toMatchObject({ dueAt: newDue.toISOString(), overdue: false });
    const [audit] = await shuping.db.dataSource.query<{ detail: { reason: string } }[]>(
      `SELECT detail FROM audit_log WHERE action = 'supervision.extend_deadline' AND target_id = $1`,
      [v3.id],
    );
    expect(audit.detail.reason).toBe('因防汛工作延期两天');

    // The new deadline passes: the re-armed timer fires as the engine's own would.
    clock().advance(2.5 * DAY);
    await app.get(TimerPoller).tick();
    const [task] = await shuping.db.dataSource.query<
      { overdue: boolean; escalation_level: number }[]
    >(`SELECT overdue, escalation_level FROM task WHERE id = $1`, [v3.id]);
    expect(task).toEqual({ overdue: true, escalation_level: 1 });
    const notes = await shuping.db.dataSource.query<{ reason: string; title_zh: string }[]>(
      `SELECT reason, title_zh FROM notification WHERE instance_id = $1 ORDER BY created_at`,
      [v3.instance_id],
    );
    expect(notes.map((n) => n.reason)).toEqual(
      expect.arrayContaining(['urge', 'escalated', 'action', 'reminder', 'overdue']),
    );
    expect(notes.find((n) => n.reason === 'action')!.title_zh).toMatch(/^【延期】/);
    // Only the manual record: the old grace timer was cancelled with the old deadline.
    const records = await shuping.db.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM escalation WHERE instance_id = $1`,
      [v3.instance_id],
    );
    expect(records[0].n).toBe(1);

    const closed = await post('ducha', `/escalations/${opened.id}/close`, {
      note: '已约谈，承诺三日内提交',
    });
    expect(closed).toMatchObject({ status: 'closed', closeNote: '已约谈，承诺三日内提交' });
    expect(closed.actions.map((a: { action: string }) => a.action)).toEqual([
      'opened',
      'extended',
      'closed',
    ]);
    expect(
      (await post('ducha', `/escalations/${opened.id}/close`, { note: '再关' }, 409)).code,
    ).toBe('ESCALATION_ALREADY_CLOSED');
    const list = await get('ducha', `/escalations?status=closed`);
    expect(list.items.map((e: { id: string }) => e.id)).toEqual([opened.id]);
  });

  run('reassigns, moves and cancels with reasons in the history; refuses others', async () => {
    const v1 = await openTask(1);
    const candidates = await get('ducha', `/tasks/${v1.id}/assignable-users?q=xiang`);
    expect(candidates.map((u: { username: string }) => u.username)).toEqual([
      `${p}-xiang`,
      `${p}-xiang2`,
    ]);
    await post('ducha', `/tasks/${v1.id}/reassign`, {
      userId: w.users.xiang,
      reason: '村书记住院，由乡镇代为述职',
    });
    expect(
      (await get('ducha', `/deadlines?assignee=${w.users.xiang}`)).items.map(
        (i: { id: string }) => i.id,
      ),
    ).toEqual([v1.id]);
    const unknown = await post(
      'ducha',
      `/tasks/${v1.id}/reassign`,
      { userId: '00000000-0000-0000-0000-000000000000', reason: '测试' },
      400,
    );
    expect(unknown.code).toBe('UNKNOWN_USER');

    const v2 = await openTask(2);
    const view = await get('zzb', `/instances/${v2.instance_id}`);
    expect(view.can).toMatchObject({ move: true, cancel: true });
    expect(view.moves).toEqual([
      expect.objectContaining({
        event: 'SUBMIT',
        taskKey: 'critique',
        targets: [
          { stateKey: 'questioning', title: expect.objectContaining({ zh: expect.any(String) }) },
        ],
      }),
    ]);
    const refused = await post(
      'ducha',
      `/instances/${v2.instance_id}/move`,
      { event: 'SUBMIT', taskKey: 'critique', reason: '跳过' },
      403,
    );
    expect(refused.code).toBe('SUPERVISION_NOT_ALLOWED');
    const bad = await post(
      'zzb',
      `/instances/${v2.instance_id}/move`,
      { event: 'OBJECT', reason: '异议' },
      409,
    );
    expect(bad.code).toBe('MOVE_NOT_AVAILABLE');
    const moved = await post('zzb', `/instances/${v2.instance_id}/move`, {
      event: 'SUBMIT',
      taskKey: 'critique',
      reason: '乡镇书记已当面点评，补录',
    });
    expect(moved.currentStates).toEqual(['questioning']);
    const after = await get('zzb', `/instances/${v2.instance_id}`);
    const last = after.history.at(-1);
    expect(last).toMatchObject({
      eventType: 'SUBMIT',
      actor: `${p}-zzb`,
      reason: '乡镇书记已当面点评，补录',
      late: true,
    });
    expect(after.steps.find((s: { stateKey: string }) => s.stateKey === 'questioning').state).toBe(
      'current',
    );

    const v5 = await openTask(5);
    await post('zzb', `/instances/${v5.instance_id}/cancel`, { reason: '该村已撤并' });
    const cancelled = await get('zzb', `/instances/${v5.instance_id}`);
    expect(cancelled).toMatchObject({ status: 'cancelled', currentStates: [], timers: [] });
    expect(cancelled.history.at(-1)).toMatchObject({
      eventType: 'ADMIN_CANCEL',
      reason: '该村已撤并',
    });
    expect(cancelled.tasks.every((t: { status: string }) => t.status !== 'open')).toBe(true);
    expect(
      (await post('zzb', `/instances/${v5.instance_id}/cancel`, { reason: '再次取消' }, 409)).code,
    ).toBe('INSTANCE_FINISHED');
    expect((await get('ducha', `/overview?campaignId=${w.campaignId}`)).instances).toMatchObject({
      active: 4,
      cancelled: 1,
    });
    // History stays one gapless sequence through administrative entries.
    const seqs = cancelled.history.map((h: { seq: number }) => h.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
  });

  run('ranks, classes and explains results; publishes a notice and exports Excel', async () => {
    // The facts the rating and aggregation steps would have established (score and grade of
    // each village), written straight into the snapshots: results read nothing else.
    const facts: [number, number, string][] = [
      [1, 92, '好'],
      [2, 85, '较好'],
      [3, 78, '一般'],
      [4, 88, '好'],
    ];
    for (const [v, score, grade] of facts) {
      await shuping.db.dataSource.query(
        `UPDATE process_instance
            SET snapshot = jsonb_set(jsonb_set(snapshot, '{context,facts,score}', to_jsonb($2::numeric)),
                                     '{context,facts,grade}', to_jsonb($3::text)),
                updated_at = now()
          WHERE org_unit_id = $1`,
        [w.villages[v - 1], score, grade],
      );
    }
    const results = await get('ducha', `/campaigns/${w.campaignId}/results`);
    expect(results.rules).toMatchObject({
      rankWithin: 'scope',
      ranking: 'competition',
      hasRatings: true,
      classes: [
        { label: '一类村', sharePercent: 20, rewardPercent: 100 },
        { label: '二类村', sharePercent: 50, rewardPercent: 50 },
        { label: '三类村', sharePercent: 30, rewardPercent: 20 },
      ],
    });
    // Village 5 was cancelled: four organisations. East: 92 / 85 / 78 → classes 1 / 2 / 3
    // (3 × 20/50/30 by largest remainder: 1 / 1 / 1); west: 88 alone → class 2 (largest quota).
    expect(
      results.rows.map(
        (r: {
          name: string;
          rank: number;
          rankedAmong: number;
          classLabel: string;
          grade: string;
        }) => [r.name, r.rank, r.rankedAmong, r.classLabel, r.grade],
      ),
    ).toEqual([
      [`${p}村1`, 1, 3, '一类村', '好'],
      [`${p}村2`, 2, 3, '二类村', '较好'],
      [`${p}村3`, 3, 3, '三类村', '一般'],
      [`${p}村4`, 1, 1, '二类村', '好'],
    ]);
    const v3 = results.rows[2];
    expect(v3.consequences).toEqual(['约谈、限期整改(30天)']);
    expect(v3.explanation.zh).toContain('排名第3');
    expect(v3.explanation.lines.length).toBeGreaterThan(2);
    expect(results.summary).toMatchObject({ organisations: 4, scored: 4, graded: 4 });
    const west = await get('ducha', `/campaigns/${w.campaignId}/results?townshipId=${w.t2}`);
    expect(west.rows.map((r: { name: string }) => r.name)).toEqual([`${p}村4`]);

    const notice = {
      subject: '2025年度村党组织书记抓基层党建工作述职评议考核结果',
      organiser: '中共测试县委组织部',
      periodStart: '2025-12-24',
      periodEnd: '2025-12-30',
      contact: '联系电话:0377-1234567',
      showScores: true,
    };
    expect(
      (await post('ducha', `/campaigns/${w.campaignId}/results/notice`, notice, 403)).code,
    ).toBe('SUPERVISION_NOT_ALLOWED');
    const bad = await post(
      'zzb',
      `/campaigns/${w.campaignId}/results/notice`,
      { ...notice, periodEnd: '2025-12-01' },
      400,
    );
    expect(bad.code).toBe('INVALID_NOTICE');
    const published = await post('zzb', `/campaigns/${w.campaignId}/results/notice`, notice, 201);
    expect(published.text).toContain(`关于${notice.subject}的公示`);
    expect(published.text).toContain('一类村(1个)');
    expect(published.text).toContain(`${p}东镇${p}村1(92分)`);
    const notices = (
      await http().get(`/api/public/notices?countyId=${w.countyId}&includeClosed=true`).expect(200)
    ).body as { id: string; body: { text: string } }[];
    expect(notices.find((n) => n.id === published.id)!.body.text).toBe(published.text);

    const file = await http()
      .get(`/api/supervision/campaigns/${w.campaignId}/results/export`)
      .set('authorization', await as('ducha'))
      .buffer(true)
      .parse((res, callback) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => callback(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toMatch(/spreadsheetml/);
    const workbook = new ExcelJS.Workbook();
    const bytes = file.body as Buffer;
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('考评结果');
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(
      expect.arrayContaining(['排名', '组织', '得分', '等次', '类别', '说明']),
    );
    expect(sheet.rowCount).toBe(5);
    expect((sheet.getRow(2).values as unknown[]).slice(1)).toEqual(
      expect.arrayContaining([`${p}东镇`, 1, `${p}村1`, 92, '好', '一类村']),
    );
  });

  run('pushes live updates over server-sent events', async () => {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as AddressInfo;
    const abort = new AbortController();
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/supervision/live`, {
        headers: { authorization: await as('ducha') },
        signal: abort.signal,
      });
      expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      const until = async (pattern: RegExp) => {
        while (!pattern.test(text)) {
          const { value, done } = await reader.read();
          if (done) throw new Error(`stream ended before ${pattern}`);
          text += decoder.decode(value);
        }
      };
      await until(/event: ready/);
      await complete('cun4', 4);
      await until(/event: changed\n(id: \d+\n)?data: \{"source":"runtime"/);
    } finally {
      abort.abort();
    }
    const anonymous = await fetch(`http://127.0.0.1:${port}/api/supervision/live`);
    expect(anonymous.status).toBe(401);
  });

  run('hides other counties and refuses people without a supervision role', async () => {
    const other = `${p}x`;
    const setup = app.get(CountySetupService);
    const orgs = await setup.createCounty({ kind: 'county', code: `${other}-C`, name: '外县' });
    const otherCounty = orgs.get(`${other}-C`)!.id;
    await setup.createUser({
      username: `${other}-ducha`,
      displayName: 'x',
      password: PASSWORD,
      countyId: otherCounty,
      orgUnitId: otherCounty,
      roles: [{ role: 'supervisor', orgUnitId: otherCounty }],
    });
    const stranger = await login(app, `${other}-ducha`);
    const v1 = await openTask(1);
    const routes: ['get' | 'post', string, object?][] = [
      ['get', `/overview?campaignId=${w.campaignId}`],
      ['get', `/heatmap?campaignId=${w.campaignId}`],
      ['get', `/deadlines?campaignId=${w.campaignId}`],
      ['get', `/instances/${v1.instance_id}`],
      ['get', `/campaigns/${w.campaignId}/results`],
      [
        'post',
        `/tasks/${v1.id}/extend`,
        { dueAt: new Date(Date.now() + 9 * DAY).toISOString(), reason: '越权' },
      ],
      ['post', `/tasks/${v1.id}/escalate`, { note: '越权' }],
      ['post', `/instances/${v1.instance_id}/cancel`, { reason: '越权' }],
    ];
    for (const [method, path, body] of routes) {
      const call = http()[method](`/api/supervision${path}`).set('authorization', stranger);
      const res = await (body ? call.send(body) : call);
      expect([path, res.status]).toEqual([path, 404]);
    }
    expect(
      (await get('xiang2', '/deadlines')).items.every(
        (i: { townshipName: string }) => i.townshipName === `${p}西镇`,
      ),
    ).toBe(true);
    const village = await get('cun1', '/overview', 403);
    expect(village.code).toBe('NOT_A_SUPERVISOR');
    expect((await get('ducha', '/campaigns')).map((c: { id: string }) => c.id)).toEqual([
      w.campaignId,
    ]);
  });
});

const redisUrl = requireRedisUrl();
const withServices = postgresUrl && redisUrl ? describe : describe.skip;

withServices('extending a deadline with PostgreSQL and BullMQ', () => {
  let shuping: ShupingApp;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase(postgresUrl!);
    shuping = await startTestApp({
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl!,
      QUEUE_PREFIX: `sv${randomBytes(4).toString('hex')}`,
    });
  });
  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  it('arms the new timers as delayed jobs and leaves the old ones nothing to fire', async () => {
    const w = await seedTwoTownships(shuping, 'svrd');
    const [task] = await shuping.db.dataSource.query<{ id: string; instance_id: string }[]>(
      `SELECT id, instance_id FROM task WHERE org_unit_id = $1`,
      [w.villages[0]],
    );
    const [old] = await shuping.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM timer WHERE instance_id = $1 AND purpose = 'deadline' AND status = 'pending'`,
      [task.instance_id],
    );
    const token = await login(shuping.app, 'svrd-ducha');
    const dueAt = new Date(Date.now() + 5 * DAY);
    const change = (
      await request(shuping.app.getHttpServer())
        .post(`/api/supervision/tasks/${task.id}/extend`)
        .set('authorization', token)
        .send({ dueAt: dueAt.toISOString(), reason: '统一延期至下周' })
        .expect(200)
    ).body as { timers: { timerKey: string; purpose: string }[] };
    expect(change.timers.map((t) => t.purpose)).toEqual(['reminder', 'deadline', 'escalation']);
    const queue = shuping.app.get<Queue>(getQueueToken(QUEUES.timers));
    const armed = await shuping.db.dataSource.query<{ id: string; due_at: Date }[]>(
      `SELECT id, due_at FROM timer WHERE instance_id = $1 AND status = 'pending' ORDER BY due_at`,
      [task.instance_id],
    );
    expect(armed).toHaveLength(3);
    // Days away: the table holds them; none is in Redis before it comes within the horizon.
    for (const timer of armed) expect(await queue.getJob(timer.id)).toBeUndefined();
    // Shortly before the last one is due, a pass of the reconciler arms all three.
    const clock = shuping.app.get(Clock);
    clock.advance(armed[2].due_at.getTime() - clock.now().getTime() - 30_000);
    expect(await shuping.app.get(TimerQueue).reconcile()).toBeGreaterThanOrEqual(3);
    for (const timer of armed) {
      const job = await queue.getJob(timer.id);
      expect(job).toBeDefined();
      expect(
        Math.abs(job!.opts.delay! - Math.max(0, timer.due_at.getTime() - clock.now().getTime())),
      ).toBeLessThan(5_000);
    }
    // The old deadline's job may still come: its row is cancelled, so it fires nothing.
    expect(await shuping.app.get(TimerFiringService).fire(old.id)).toBe(false);
  });
});
