import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { sampleStepData } from '@shuping/contracts';
import { validateDefinition } from '@shuping/engine';
import { Clock, TimerPoller } from '@shuping/worker';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { CampaignLauncher } from '../../apps/api/src/campaigns/campaign-launcher.service.js';
import { CountySetupService } from '../../apps/api/src/seed/county-setup.service.js';
import { RatingService } from '../../apps/api/src/tasks/rating.service.js';
import { startTestApp } from '../support/app.js';
import { login, PASSWORD, seedCounty, type TestCounty } from '../support/factories.js';
import { requirePostgresUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const township2017 = JSON.parse(
  readFileSync('workflows/township-plan-2017.json', 'utf8'),
) as Record<string, unknown>;

const t = (zh: string) => ({ zh, en: zh });
const LISTS = ['problems', 'responsibilities', 'actions'];

/** Every form the 2017 plan does not have, in one line: nomination to supervision order. */
const lab = {
  id: 'forms-lab',
  schemaVersion: 1,
  name: t('表单实验流程'),
  subjectLevel: 'village',
  machine: {
    id: 'formsLab',
    initial: 'nominate',
    states: {
      nominate: {
        meta: {
          kind: 'nominate',
          title: t('党委点名'),
          assignee: { role: 'superiorCommittee' },
          form: { categories: [{ key: 'developmentTask', title: t('发展任务重') }] },
        },
        on: { SUBMIT: 'topicSelection' },
      },
      topicSelection: {
        meta: {
          kind: 'topicSelection',
          title: t('群众点题'),
          assignee: { role: 'superiorCommittee' },
          form: {
            categories: [
              { key: 'economy', title: t('集体经济') },
              { key: 'service', title: t('为民服务') },
            ],
            pick: 'mostSupported',
          },
        },
        on: { SUBMIT: 'questioning' },
      },
      questioning: {
        meta: {
          kind: 'questioning',
          title: t('现场提问'),
          assignee: { role: 'raters', groups: ['partyMembers', 'massesReps'] },
          form: { direction: 'downward', maxQuestions: 5 },
        },
        on: { SUBMIT: 'commitment' },
      },
      commitment: {
        meta: {
          kind: 'commitment',
          title: t('签订承诺'),
          assignee: { role: 'selfSecretary' },
          form: { ledger: { monthlyTasks: true, quarterlyGoals: true } },
        },
        on: { SUBMIT: 'publicity' },
      },
      publicity: {
        meta: {
          kind: 'publicity',
          title: t('承诺公示'),
          form: { period: '5WD', subject: 'commitments', objections: true },
        },
        entry: [{ type: 'publishNotice', params: { subject: 'commitments', period: '5WD' } }],
        on: { OBJECT: 'objectionReview' },
        after: { publicityPeriod: 'rectification' },
      },
      objectionReview: {
        meta: {
          kind: 'aggregation',
          title: t('异议复核'),
          assignee: { role: 'countyOrgDept' },
          form: { method: 'gradeMajority' },
        },
        on: { SUBMIT: 'rectification' },
      },
      rectification: {
        meta: {
          kind: 'rectification',
          title: t('整改'),
          assignee: { role: 'selfSecretary' },
          form: { lists: LISTS, verifiedBy: { role: 'superiorSecretary' } },
        },
        on: { SUBMIT: 'rectificationReview' },
      },
      rectificationReview: {
        meta: {
          kind: 'rectification',
          title: t('整改验收'),
          assignee: { role: 'superiorSecretary' },
          form: { verifiedBy: { role: 'superiorSecretary' } },
        },
        on: {
          SUBMIT: [
            {
              target: 'order',
              guard: { type: 'resultEquals', params: { field: 'passed', value: true } },
            },
            { target: 'rectification' },
          ],
        },
      },
      order: {
        meta: {
          kind: 'accountability',
          title: t('问责督办'),
          assignee: { role: 'superiorCommittee' },
          form: { grounds: ['inaction'], supervisionOrder: true },
        },
        on: { SUBMIT: 'done' },
      },
      done: { type: 'final', meta: { kind: 'end', title: t('结束') } },
    },
  },
};

/** An instance that starts in its publicity period (objections during and after it). */
const publicityOnly = {
  id: 'publicity-lab',
  schemaVersion: 1,
  name: t('公示实验'),
  subjectLevel: 'village',
  machine: {
    id: 'publicityLab',
    initial: 'publicity',
    states: {
      publicity: {
        meta: {
          kind: 'publicity',
          title: t('结果公示'),
          form: { period: 'P5D', objections: true },
        },
        entry: [{ type: 'publishNotice', params: { subject: 'results', period: 'P5D' } }],
        on: { OBJECT: 'review' },
        after: { publicityPeriod: 'done' },
      },
      review: {
        meta: {
          kind: 'aggregation',
          title: t('异议复核'),
          assignee: { role: 'countyOrgDept' },
          form: { method: 'gradeMajority' },
        },
        on: { SUBMIT: 'done' },
      },
      done: { type: 'final', meta: { kind: 'end', title: t('结束') } },
    },
  },
};

/** A rating whose panel signs its ballots (记名测评). */
const signedRating = {
  id: 'signed-rating-lab',
  schemaVersion: 1,
  name: t('记名测评实验'),
  subjectLevel: 'village',
  machine: {
    id: 'signedRatingLab',
    initial: 'rating',
    states: {
      rating: {
        meta: {
          kind: 'rating',
          title: t('记名测评'),
          assignee: { role: 'raters', groups: ['panel'] },
          form: {
            direction: 'downward',
            grades: ['好', '较好', '一般', '差'],
            oneBallotPerRater: true,
            raterGroups: [{ key: 'panel', title: t('评议组'), anonymous: false }],
          },
        },
        on: { SUBMIT: 'done' },
      },
      done: { type: 'final', meta: { kind: 'end', title: t('结束') } },
    },
  },
};

const postgresUrl = requirePostgresUrl();
const targets: [string, boolean][] = [
  ['pglite', true],
  ['postgres', Boolean(postgresUrl)],
];

describe.each(targets)('step forms over HTTP on %s', (name, available) => {
  const run = available ? it : it.skip;
  let shuping: ShupingApp;
  let app: INestApplication;
  let database: TestDatabase | undefined;
  let c: TestCounty;
  let p: string;
  let ids: Map<string, string>;
  const tokens = new Map<string, string>();
  const http = () => request(app.getHttpServer());
  const db = <T>(sql: string, params: unknown[] = []) =>
    shuping.db.dataSource.query<T>(sql, params);
  const as = async (username: string) => {
    if (!tokens.has(username)) tokens.set(username, await login(app, username));
    return tokens.get(username)!;
  };
  const post = async (username: string, path: string, body: object = {}) =>
    http()
      .post(path)
      .set('authorization', await as(username))
      .send(body);
  const complete = (username: string, taskId: string, data: object) =>
    post(username, `/api/tasks/${taskId}/complete`, { data });

  /** The open task of a step of an instance. */
  const task = async (instanceId: string, taskKey: string): Promise<string> => {
    const rows = await db<{ id: string }[]>(
      `SELECT id FROM task WHERE instance_id = $1 AND task_key = $2 AND status IN ('open','claimed')`,
      [instanceId, taskKey],
    );
    expect([taskKey, rows.length]).toEqual([taskKey, 1]);
    return rows[0].id;
  };
  const state = async (instanceId: string) =>
    (
      await db<{ current_states: string[]; version: number }[]>(
        `SELECT current_states, version FROM process_instance WHERE id = $1`,
        [instanceId],
      )
    )[0];
  /** A refusal: the status, the problem code, and the instance did not move. */
  const refused = async (
    res: request.Response,
    status: number,
    code: string,
    instanceId: string,
    before: { current_states: string[]; version: number },
  ) => {
    expect([res.status, res.body.code]).toEqual([status, code]);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(await state(instanceId)).toEqual(before);
  };
  const launch = async (definition: string, scopeOrgId: string, label: string) => {
    const res = await post(p + '-admin', '/api/campaigns', {
      name: label,
      definitionId: ids.get(definition),
      scopeOrgId,
      orgKinds: ['village'],
    });
    expect(res.status).toBe(202);
    const campaignId = res.body.id as string;
    // Wait for the launch itself rather than polling: embedded PGlite serves one statement at a time.
    await app.get(CampaignLauncher).start(campaignId);
    const rows = await db<{ id: string; org_unit_id: string }[]>(
      `SELECT id, org_unit_id FROM process_instance WHERE campaign_id = $1`,
      [campaignId],
    );
    return new Map(rows.map((r) => [r.org_unit_id, r.id]));
  };

  beforeAll(async () => {
    if (!available) return;
    if (name === 'postgres') database = await createTestDatabase(postgresUrl!);
    // Timers are fired by hand (TimerPoller.tick) where a test needs them.
    shuping = await startTestApp({
      TIMER_POLL_INTERVAL_MS: '3600000',
      ...(database ? { DATABASE_URL: database.url } : {}),
    });
    app = shuping.app;
    p = `f${name}`;
    c = await seedCounty(app, p, 3);
    const setup = app.get(CountySetupService);
    for (const i of [1, 2, 3]) {
      await setup.createUser({
        username: `${p}-panel${i}`,
        displayName: `评议组成员${i}`,
        password: PASSWORD,
        countyId: c.county.id,
        orgUnitId: c.township.id,
        roles: [{ role: 'rater', orgUnitId: c.township.id, raterGroup: 'panel' }],
      });
    }
    // The first village's secretary also sits on the panel: may not rate their own village.
    await setup.createUser({
      username: `${p}-dual`,
      displayName: '兼任评议人',
      password: PASSWORD,
      countyId: c.county.id,
      orgUnitId: c.villages[0].id,
      roles: [
        { role: 'village_secretary', orgUnitId: c.villages[0].id },
        { role: 'rater', orgUnitId: c.township.id, raterGroup: 'panel' },
      ],
    });
    expect(validateDefinition(lab)).toEqual([]);
    expect(validateDefinition(publicityOnly)).toEqual([]);
    expect(validateDefinition(signedRating)).toEqual([]);
    ids = await setup.installTemplates(c.county.id, [
      { file: 'township-plan-2017.json', document: township2017 },
      { file: 'lab.json', document: lab },
      { file: 'publicity.json', document: publicityOnly },
      { file: 'signed-rating.json', document: signedRating },
    ]);
  });

  afterAll(async () => {
    await shuping?.close();
    await database?.drop();
  });

  let plan: Map<string, string>;

  run(
    'walks the 2017 plan: each form refuses what does not fit and advances on what does',
    async () => {
      plan = await launch('township-plan-2017', c.township.id, '2017年度述职评议');
      const v1 = plan.get(c.villages[0].id)!;
      const xiang = c.users.township;
      const cun1 = c.users.villages[0];

      // 调研
      let id = await task(v1, 'investigate');
      let before = await state(v1);
      await refused(
        await complete(xiang, id, { methods: [], findings: 'x' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(xiang, id, { methods: ['symposium'], findings: '座谈' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      expect(
        (await complete(xiang, id, { methods: ['visits'], findings: '走访党员群众' })).status,
      ).toBe(200);

      // 撰写述职报告
      id = await task(v1, 'reportWriting');
      before = await state(v1);
      const sections = {
        performance: '履职情况……',
        problems: '问题与原因……',
        measures: '下步措施……',
      };
      const missing = await complete(cun1, id, {
        sections: { performance: sections.performance, measures: sections.measures },
      });
      await refused(missing, 400, 'FORM_INVALID', v1, before);
      expect(missing.body.errors).toEqual([
        expect.objectContaining({
          path: 'sections.problems',
          message: '请撰写「存在的问题和原因分析」部分',
        }),
      ]);
      await refused(
        await complete(cun1, id, { sections: { ...sections, problems: '   ' } }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(cun1, id, { sections, attachments: [] }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(cun1, id, { sections, extra: 1 }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      // A neighbour cannot even see it.
      await refused(
        await complete(c.users.villages[1], id, { sections }),
        404,
        'NOT_FOUND',
        v1,
        before,
      );
      const pdfDraft = await post(cun1, `/api/tasks/${id}/complete`, { data: { sections } });
      expect(pdfDraft.status).toBe(200);
      const pdf = await http()
        .get(`/api/tasks/${id}/document.pdf`)
        .set('authorization', await as(cun1))
        .buffer(true)
        .parse((res, cb) => {
          const chunks: Buffer[] = [];
          res.on('data', (ch: Buffer) => chunks.push(ch));
          res.on('end', () => cb(null, Buffer.concat(chunks)));
        });
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const bytes = pdf.body as Buffer;
      expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(bytes.toString('latin1')).toMatch(/FontFile2/);
      expect(bytes.toString('latin1')).toMatch(/NotoSansSC/);

      // 现场述职 (≤ 7 minutes): the overrun must be what the times say.
      id = await task(v1, 'speaking');
      before = await state(v1);
      const started = new Date(Date.now() - 450_000).toISOString();
      const ended = new Date().toISOString();
      const speech = {
        startedAt: started,
        endedAt: ended,
        durationSeconds: 450,
        limitSeconds: 420,
      };
      await refused(
        await complete(cun1, id, { ...speech, overrunSeconds: 0 }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(cun1, id, { ...speech, limitSeconds: 480, overrunSeconds: 0 }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(cun1, id, { ...speech, endedAt: started, overrunSeconds: 30 }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      expect((await complete(cun1, id, { ...speech, overrunSeconds: 30 })).status).toBe(200);
      const [spoken] = await db<{ form_data: { overrunSeconds: number } }[]>(
        `SELECT form_data FROM task WHERE id = $1`,
        [id],
      );
      expect(spoken.form_data.overrunSeconds).toBe(30);

      // 镇党委书记点评
      id = await task(v1, 'critique');
      before = await state(v1);
      await refused(await complete(xiang, id, {}), 400, 'FORM_INVALID', v1, before);
      expect(
        (await complete(xiang, id, { comment: '问题查摆不够深入，整改要具体。' })).status,
      ).toBe(200);

      // 现场测评: ballots, one per rater, not for oneself; the round closes when all are in.
      id = await task(v1, 'rating');
      before = await state(v1);
      await refused(
        await complete(`${p}-panel1`, id, { grade: '优秀' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(`${p}-dual`, id, { grade: '好' }),
        403,
        'CANNOT_RATE_SELF',
        v1,
        before,
      );
      await refused(
        await complete(c.users.villages[1], id, { grade: '好' }),
        404,
        'NOT_FOUND',
        v1,
        before,
      );
      const first = await complete(`${p}-panel1`, id, { grade: '一般' });
      expect(first.status).toBe(200);
      expect(first.body.ballot).toEqual({ received: 1, eligible: 3 });
      before = await state(v1);
      await refused(
        await complete(`${p}-panel1`, id, { grade: '好' }),
        409,
        'DUPLICATE_BALLOT',
        v1,
        before,
      );
      const mine = (
        await http()
          .get('/api/tasks')
          .set('authorization', await as(`${p}-panel1`))
      ).body as { id: string }[];
      expect(mine.map((m) => m.id)).not.toContain(id);
      const progress = await http()
        .get(`/api/tasks/${id}/rating`)
        .set('authorization', await as(`${p}-panel2`));
      expect(progress.body).toMatchObject({
        received: 1,
        eligible: 3,
        voted: false,
        canVote: true,
      });
      const refusedClose = await post(`${p}-panel2`, `/api/tasks/${id}/rating/close`);
      expect(refusedClose.body.code).toBe('NOT_THE_ORGANISER');
      expect((await complete(`${p}-panel2`, id, { grade: '一般' })).status).toBe(200);
      const last = await complete(`${p}-panel3`, id, { grade: '较好', comment: '有进步' });
      expect(last.status).toBe(200);
      expect(last.body.currentStates).toEqual(['aggregation']);
      const ballots = await db<{ rater_user_id: string | null; created_at: Date | null }[]>(
        `SELECT rater_user_id, created_at FROM ballot WHERE task_id = $1`,
        [id],
      );
      expect(ballots).toHaveLength(3);
      expect(ballots.every((b) => b.rater_user_id === null && b.created_at === null)).toBe(true);
      const [rated] = await db<{ form_data: { grade: string; ballots: number } }[]>(
        `SELECT form_data FROM task WHERE id = $1`,
        [id],
      );
      expect(rated.form_data).toMatchObject({ grade: '一般', ballots: 3 });
      // The close is audited, with no actor when the last ballot closed the round.
      const audits = await db<{ actor_user_id: string | null; detail: Record<string, unknown> }[]>(
        `SELECT actor_user_id, detail FROM audit_log WHERE action = 'rating.close' AND target_id = $1`,
        [id],
      );
      expect(audits).toEqual([
        {
          actor_user_id: null,
          detail: expect.objectContaining({
            reason: 'complete',
            ballots: 3,
            eligible: 3,
            grade: '一般',
          }) as unknown,
        },
      ]);

      // 汇总反馈: the grade is one of the four.
      id = await task(v1, 'aggregation');
      before = await state(v1);
      await refused(await complete(xiang, id, { grade: '优秀' }), 400, 'FORM_INVALID', v1, before);
      await refused(
        await complete(xiang, id, { feedback: '已反馈' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      const graded = await complete(xiang, id, { grade: '一般', feedback: '综合评价一般' });
      expect(graded.body.currentStates).toEqual(['talk']);

      // 约谈
      id = await task(v1, 'talk');
      before = await state(v1);
      const talk = sampleStepData({ kind: 'talk', settings: {} });
      await refused(
        await complete(xiang, id, { ...talk, rectificationDeadline: undefined }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      await refused(
        await complete(xiang, id, { ...talk, serious: 'yes' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      expect((await complete(xiang, id, { ...talk, serious: false })).body.currentStates).toEqual([
        'rectification',
      ]);

      // 三张清单: every list, with evidence, verified item by item by the town.
      id = await task(v1, 'rectification');
      before = await state(v1);
      await refused(await complete(cun1, id, {}), 400, 'FORM_INVALID', v1, before);
      let items: { id: string; list: string; status: string }[] = [];
      for (const list of LISTS) {
        const res = await post(cun1, `/api/tasks/${id}/rectification-items`, {
          list,
          content: `${list} 事项`,
          owner: '张书记',
          deadline: '2030-01-31',
        });
        expect(res.status).toBe(201);
        items = res.body;
      }
      const noEvidence = await complete(cun1, id, {});
      await refused(noEvidence, 400, 'FORM_INVALID', v1, before);
      expect(noEvidence.body.errors.map((e: { path: string }) => e.path)).toContain(
        'lists.problems.0.evidence',
      );
      for (const item of items) {
        const res = await http()
          .patch(`/api/rectification-items/${item.id}`)
          .set('authorization', await as(cun1))
          .send({ evidence: '已召开专题会议，附会议记录' });
        expect(res.status).toBe(200);
      }
      const unverified = await complete(cun1, id, {});
      await refused(unverified, 400, 'FORM_INVALID', v1, before);
      expect(unverified.body.errors[0].message).toBe('该项尚未经上级验收');
      // The village cannot verify itself; the town can, or send an item back.
      expect(
        (
          await post(cun1, `/api/rectification-items/${items[0].id}/verify`, {
            verdict: 'verified',
          })
        ).body.code,
      ).toBe('NOT_ALLOWED');
      expect(
        (
          await post(xiang, `/api/rectification-items/${items[0].id}/verify`, {
            verdict: 'rejected',
          })
        ).status,
      ).toBe(400);
      await post(xiang, `/api/rectification-items/${items[0].id}/verify`, {
        verdict: 'rejected',
        note: '佐证不足',
      });
      await post(xiang, `/api/rectification-items/${items[1].id}/verify`, { verdict: 'verified' });
      await post(xiang, `/api/rectification-items/${items[2].id}/verify`, { verdict: 'verified' });
      await refused(await complete(cun1, id, {}), 400, 'FORM_INVALID', v1, before);
      await http()
        .patch(`/api/rectification-items/${items[0].id}`)
        .set('authorization', await as(cun1))
        .send({ evidence: '补充：整改台账及照片' });
      expect(
        (
          await post(xiang, `/api/rectification-items/${items[0].id}/verify`, {
            verdict: 'verified',
          })
        ).status,
      ).toBe(200);
      const notice = await http()
        .get(`/api/tasks/${id}/document.pdf`)
        .set('authorization', await as(xiang));
      expect([notice.status, notice.headers['content-type']]).toEqual([200, 'application/pdf']);
      expect((await complete(cun1, id, {})).body.currentStates).toEqual(['resultApplication']);

      // 结果运用
      id = await task(v1, 'resultApplication');
      before = await state(v1);
      await refused(
        await complete(xiang, id, { outcomes: ['promotion'], decision: '晋升' }),
        400,
        'FORM_INVALID',
        v1,
        before,
      );
      const finished = await complete(xiang, id, {
        outcomes: ['annualAssessment'],
        decision: '不得评为优秀',
      });
      expect(finished.body).toMatchObject({ status: 'done', currentStates: ['done'] });
    },
  );

  run('takes a serious case to accountability, with the sanctions the plan allows', async () => {
    const v2 = plan.get(c.villages[1].id)!;
    const xiang = c.users.township;
    const cun2 = c.users.villages[1];
    const sample = (kind: string) => sampleStepData({ kind, settings: {} });
    await complete(xiang, await task(v2, 'investigate'), {
      methods: ['records'],
      findings: '查阅资料',
    });
    await complete(cun2, await task(v2, 'reportWriting'), {
      sections: { performance: 'a', problems: 'b', measures: 'c' },
    });
    await complete(
      cun2,
      await task(v2, 'speaking'),
      sampleStepData({ kind: 'speaking', settings: { timeLimit: 'PT7M' } }),
    );
    await complete(xiang, await task(v2, 'critique'), sample('critique'));
    const rating = await task(v2, 'rating');
    for (const r of [1, 2, 3]) await complete(`${p}-panel${r}`, rating, { grade: '差' });
    // The dual rater may rate this village, so one ballot is missing: the organiser closes.
    expect(await state(v2)).toMatchObject({ current_states: ['rating'] });
    const closed = await post(xiang, `/api/tasks/${rating}/rating/close`);
    expect(closed.body.currentStates).toEqual(['aggregation']);
    // The task keeps the aggregated round and who closed it.
    const [ratingRow] = await db<
      { status: string; form_data: Record<string, unknown>; username: string | null }[]
    >(
      `SELECT t.status, t.form_data, u.username FROM task t LEFT JOIN app_user u ON u.id = t.completed_by WHERE t.id = $1`,
      [rating],
    );
    expect(ratingRow).toMatchObject({
      status: 'done',
      username: xiang,
      form_data: { grade: '差', ballots: 3, closedBy: 'organiser' },
    });
    await complete(xiang, await task(v2, 'aggregation'), { grade: '差' });
    const talk = await complete(xiang, await task(v2, 'talk'), {
      ...sample('talk'),
      serious: true,
    });
    expect(talk.body.currentStates).toEqual(['accountability']);

    const id = await task(v2, 'accountability');
    const before = await state(v2);
    const order = { grounds: ['inaction'], facts: '整改不力', basis: '《中国共产党问责条例》' };
    await refused(
      await complete(xiang, id, { ...order, sanction: 'removal' }),
      400,
      'FORM_INVALID',
      v2,
      before,
    );
    await refused(
      await complete(xiang, id, { ...order, sanction: undefined }),
      400,
      'FORM_INVALID',
      v2,
      before,
    );
    await refused(
      await complete(xiang, id, { ...order, facts: '', sanction: 'admonishment' }),
      400,
      'FORM_INVALID',
      v2,
      before,
    );
    await http()
      .put(`/api/tasks/${id}/draft`)
      .set('authorization', await as(xiang))
      .send({ data: { ...order, sanction: 'admonishment' } })
      .expect(200);
    const draftPdf = await http()
      .get(`/api/tasks/${id}/document.pdf`)
      .set('authorization', await as(xiang));
    expect(draftPdf.status).toBe(200);
    const done = await complete(xiang, id, { ...order, sanction: 'admonishment' });
    expect(done.body.currentStates).toEqual(['rectification']);
  });

  run(
    'topic selection: public proposals and votes, one per person, the most supported wins',
    async () => {
      const lab1 = await launch('forms-lab', c.villages[2].id, '点题述职');
      const v3 = lab1.get(c.villages[2].id)!;
      const xiang = c.users.township;
      let id = await task(v3, 'nominate');
      let before = await state(v3);
      await refused(
        await complete(xiang, id, { category: 'other', reason: 'x' }),
        400,
        'FORM_INVALID',
        v3,
        before,
      );
      expect(
        (await complete(xiang, id, { category: 'developmentTask', reason: '承担重点任务' })).status,
      ).toBe(200);

      id = await task(v3, 'topicSelection');
      const round = (
        await http()
          .get(`/api/tasks/${id}/topics`)
          .set('authorization', await as(xiang))
      ).body as { id: string };
      const publicRound = await http().get(`/api/public/topic-rounds/${round.id}`).expect(200);
      expect(publicRound.body).toMatchObject({ open: true, pick: 'mostSupported' });
      const propose = (text: string, identity: string, category?: string) =>
        http()
          .post(`/api/public/topic-rounds/${round.id}/proposals`)
          .send({ text, identity, category });
      const vote = (proposalId: string, identity: string) =>
        http().post(`/api/public/topic-rounds/${round.id}/votes`).send({ proposalId, identity });
      expect((await propose('发展壮大村级集体经济', '13800000001', 'economy')).status).toBe(201);
      const dup = await propose('另一个题目', '138 0000 0001');
      expect([dup.status, dup.body.code]).toEqual([409, 'ALREADY_PROPOSED']);
      expect((await propose('太短', '13800000002')).body.code).toBe('VALIDATION_FAILED');
      expect((await propose('解决群众办事难', 'not-a-phone')).body.code).toBe('VALIDATION_FAILED');
      expect((await propose('解决群众办事难问题', '11010519491231002X', 'service')).status).toBe(
        201,
      );
      const staff = await post(xiang, `/api/tasks/${id}/topics/proposals`, {
        text: '群众办事难的问题',
        category: 'service',
      });
      const byText = (view: { proposals: { id: string; text: string }[] }, text: string) =>
        view.proposals.find((x) => x.text === text)!.id;
      const economy = byText(staff.body, '发展壮大村级集体经济');
      const service = byText(staff.body, '解决群众办事难问题');
      const duplicate = byText(staff.body, '群众办事难的问题');
      expect((await vote(economy, '13900000001')).status).toBe(201);
      expect((await vote(duplicate, '13900000002')).status).toBe(201);
      expect((await vote(service, '13900000003')).status).toBe(201);
      const twice = await vote(service, '13900000001');
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_VOTED']);
      const merged = await post(xiang, `/api/topic-proposals/${duplicate}/merge`, {
        intoId: service,
      });
      expect(merged.body.proposals.find((x: { id: string }) => x.id === service).support).toBe(2);
      // No phone or ID number is stored, only salted hashes.
      const stored = await db<{ proposer_hash: string }[]>(
        `SELECT proposer_hash FROM topic_proposal WHERE round_id = $1 AND source = 'public'`,
        [round.id],
      );
      const plain = createHash('sha256').update('13800000001').digest('hex');
      expect(stored.map((s) => s.proposer_hash)).not.toContain(plain);
      expect(JSON.stringify(stored)).not.toMatch(/13800000001/);

      before = await state(v3);
      await refused(
        await complete(xiang, id, { proposalId: economy }),
        400,
        'FORM_INVALID',
        v3,
        before,
      );
      await refused(await complete(xiang, id, {}), 400, 'FORM_INVALID', v3, before);
      const chosen = await complete(xiang, id, { proposalId: service });
      expect(chosen.body.currentStates).toEqual(['questioning']);
      const [topic] = await db<{ form_data: Record<string, unknown> }[]>(
        `SELECT form_data FROM task WHERE id = $1`,
        [id],
      );
      expect(topic.form_data).toMatchObject({
        topic: '解决群众办事难问题',
        support: 2,
        category: 'service',
      });
      expect((await propose('晚到的题目建议', '13800000009')).body.code).toBe('TOPIC_ROUND_CLOSED');

      // 提问: members ask, the reporter answers; an unanswered question holds the step.
      id = await task(v3, 'questioning');
      before = await state(v3);
      const asked = await post(c.users.raters[0], `/api/tasks/${id}/questions`, {
        question: '集体经济收入有多少？',
      });
      expect(asked.status).toBe(201);
      const unanswered = await complete(c.users.raters[1], id, {});
      await refused(unanswered, 400, 'FORM_INVALID', v3, before);
      expect(unanswered.body.errors[0]).toMatchObject({
        path: 'questions.0.answer',
        message: '该问题尚未回答',
      });
      const qid = asked.body[0].id as string;
      expect(
        (await post(c.users.raters[0], `/api/questions/${qid}/answer`, { answer: '自己回答' })).body
          .code,
      ).toBe('NOT_ALLOWED');
      expect(
        (
          await post(c.users.villages[2], `/api/questions/${qid}/answer`, {
            answer: '今年收入12万元。',
          })
        ).status,
      ).toBe(200);
      expect((await complete(c.users.raters[1], id, {})).body.currentStates).toEqual([
        'commitment',
      ]);

      // 承诺: ledger of monthly tasks and quarterly goals, signed by both levels.
      id = await task(v3, 'commitment');
      before = await state(v3);
      const cun3 = c.users.villages[2];
      await refused(await complete(cun3, id, {}), 400, 'FORM_INVALID', v3, before);
      const saved = await http()
        .put(`/api/tasks/${id}/commitment`)
        .set('authorization', await as(cun3))
        .send({
          text: '年内集体经济收入突破15万元',
          ledger: [{ kind: 'monthly', period: '2025-03', content: '完成合作社注册' }],
        });
      expect(saved.status).toBe(200);
      const noGoals = await complete(cun3, id, {});
      await refused(noGoals, 400, 'FORM_INVALID', v3, before);
      expect(noGoals.body.errors.map((e: { message: string }) => e.message)).toEqual(
        expect.arrayContaining([
          '台账须列出季度目标',
          '承诺人尚未签字',
          '对方（上级或下级）尚未会签',
        ]),
      );
      const ledger = [
        { kind: 'monthly', period: '2025-03', content: '完成合作社注册' },
        { kind: 'quarterly', period: '2025-Q2', content: '集体经济收入达到8万元', target: '8万元' },
      ];
      await http()
        .put(`/api/tasks/${id}/commitment`)
        .set('authorization', await as(cun3))
        .send({ text: '年内集体经济收入突破15万元', ledger });
      expect((await post(xiang, `/api/tasks/${id}/commitment/countersign`)).body.code).toBe(
        'NOT_SIGNED',
      );
      expect((await post(cun3, `/api/tasks/${id}/commitment/sign`)).status).toBe(200);
      expect((await post(cun3, `/api/tasks/${id}/commitment/countersign`)).body.code).toBe(
        'NOT_ALLOWED',
      );
      const signed = await post(xiang, `/api/tasks/${id}/commitment/countersign`);
      expect(signed.body).toMatchObject({ signedBy: cun3, countersignedBy: xiang });
      const item = signed.body.ledger[0].id as string;
      expect((await complete(cun3, id, {})).body.currentStates).toEqual(['publicity']);
      const progressed = await post(cun3, `/api/ledger-items/${item}/progress`, {
        progress: 60,
        note: '已提交注册材料',
      });
      expect(progressed.body.ledger[0]).toMatchObject({
        progress: 60,
        reports: [expect.objectContaining({ progress: 60 })],
      });

      // 公示: an objection during the period routes the instance to its review.
      const notices = (await http().get(`/api/public/notices?countyId=${c.county.id}`).expect(200))
        .body as {
        id: string;
        orgName: string;
      }[];
      const mineNotice = notices.find((n) => n.orgName === c.villages[2].name)!;
      expect(
        (
          await http()
            .post(`/api/public/notices/${mineNotice.id}/objections`)
            .send({ text: '异议', identity: '13700000001' })
        ).body.code,
      ).toBe('VALIDATION_FAILED');
      const objected = await http()
        .post(`/api/public/notices/${mineNotice.id}/objections`)
        .send({ text: '承诺目标定得太低，群众不认可。', identity: '13700000001' });
      expect(objected.status).toBe(202);
      expect(objected.body.routed).toBe(true);
      expect(await state(v3)).toMatchObject({ current_states: ['objectionReview'] });
      const again = await http()
        .post(`/api/public/notices/${mineNotice.id}/objections`)
        .send({ text: '再次提出同样的异议内容', identity: '13700000001' });
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_OBJECTED']);
      const second = await http()
        .post(`/api/public/notices/${mineNotice.id}/objections`)
        .send({ text: '另一位群众的异议意见', identity: '13700000002' });
      expect(second.body.routed).toBe(false);
      const review = await http()
        .get(`/api/inbox/tasks/${await task(v3, 'objectionReview')}`)
        .set('authorization', await as(c.users.orgDept));
      expect(review.body.objections).toHaveLength(2);
      await complete(c.users.orgDept, await task(v3, 'objectionReview'), {
        grade: '较好',
        feedback: '复核属实，已要求调整目标',
      });

      // 整改 with a review step: items given with the submission; the reviewer verifies.
      id = await task(v3, 'rectification');
      const lists = sampleStepData({
        kind: 'rectification',
        settings: {},
        rectificationMode: 'executor',
      });
      expect((await complete(cun3, id, lists)).body.currentStates).toEqual(['rectificationReview']);
      id = await task(v3, 'rectificationReview');
      before = await state(v3);
      await refused(await complete(xiang, id, { passed: true }), 400, 'FORM_INVALID', v3, before);
      await refused(await complete(xiang, id, { passed: false }), 400, 'FORM_INVALID', v3, before);
      expect(
        (await complete(xiang, id, { passed: true, verifyAll: true })).body.currentStates,
      ).toEqual(['order']);

      // 问责督办单
      id = await task(v3, 'order');
      before = await state(v3);
      const order = {
        grounds: ['inaction'],
        facts: '承诺事项推进缓慢',
        basis: '县委《党建问责办法》',
      };
      await refused(await complete(xiang, id, order), 400, 'FORM_INVALID', v3, before);
      await refused(
        await complete(xiang, id, {
          ...order,
          grounds: ['errors'],
          requirements: '限期',
          deadline: '2030-01-01',
        }),
        400,
        'FORM_INVALID',
        v3,
        before,
      );
      expect(
        (
          await complete(xiang, id, {
            ...order,
            orderNo: 'DB-2025-01',
            requirements: '15日内办结',
            deadline: '2030-01-01',
          })
        ).body.status,
      ).toBe('done');
    },
  );

  run(
    'closes a rating at its deadline and refuses an objection after the publicity period',
    async () => {
      // A rating with one ballot in: the deadline closes the round with what came in.
      const v3 = plan.get(c.villages[2].id)!;
      const xiang = c.users.township;
      const cun3 = c.users.villages[2];
      await complete(xiang, await task(v3, 'investigate'), {
        methods: ['visits'],
        findings: '走访',
      });
      await complete(cun3, await task(v3, 'reportWriting'), {
        sections: { performance: 'a', problems: 'b', measures: 'c' },
      });
      await complete(
        cun3,
        await task(v3, 'speaking'),
        sampleStepData({ kind: 'speaking', settings: { timeLimit: 'PT7M' } }),
      );
      await complete(xiang, await task(v3, 'critique'), { comment: '点评' });
      const rating = await task(v3, 'rating');
      await complete(`${p}-panel1`, rating, { grade: '好' });
      expect(await state(v3)).toMatchObject({ current_states: ['rating'] });

      const started = await launch('publicity-lab', c.villages[0].id, '结果公示');
      const v1 = started.get(c.villages[0].id)!;
      const [notice] = await db<{ id: string }[]>(
        `SELECT id FROM public_notice WHERE instance_id = $1`,
        [v1],
      );
      app.get(Clock).advance(6 * 24 * 3600 * 1000);
      await app.get(TimerPoller).tick();
      expect(await state(v1)).toMatchObject({ current_states: ['done'] });
      expect(await state(v3)).toMatchObject({ current_states: ['aggregation'] });
      const [closed] = await db<
        { form_data: Record<string, unknown>; completed_by: string | null }[]
      >(`SELECT form_data, completed_by FROM task WHERE id = $1`, [rating]);
      expect(closed.form_data).toMatchObject({ grade: '好', ballots: 1, closedBy: 'deadline' });
      expect(closed.completed_by).toBeNull();
      const late = await http()
        .post(`/api/public/notices/${notice.id}/objections`)
        .send({ text: '公示期后提出的异议', identity: '13600000001' });
      expect([late.status, late.body.code]).toEqual([409, 'PUBLICITY_CLOSED']);
      const [count] = await db<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM objection WHERE notice_id = $1`,
        [notice.id],
      );
      expect(count.n).toBe(0);
    },
  );
  run(
    'signs the ballots of a group that signs, and refuses a stand-in, who is not on the roll',
    async () => {
      const signed = await launch('signed-rating-lab', c.township.id, '记名测评');
      const v2 = signed.get(c.villages[1].id)!;
      const id = await task(v2, 'rating');
      // 代理: stands in for the first panel member, with the rater role that comes with it.
      const setup = app.get(CountySetupService);
      const standIn = await setup.createUser({
        username: `${p}-standin`,
        displayName: '代理人',
        password: PASSWORD,
        countyId: c.county.id,
        orgUnitId: c.township.id,
        roles: [],
      });
      const [panel1] = await db<{ id: string }[]>(`SELECT id FROM app_user WHERE username = $1`, [
        `${p}-panel1`,
      ]);
      await db(
        `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, rater_group, stand_in_for)
         VALUES ($1, $2, $3, 'rater', 'panel', $4)`,
        [standIn, c.county.id, c.township.id, panel1.id],
      );
      let before = await state(v2);
      await refused(
        await complete(`${p}-standin`, id, { grade: '好' }),
        403,
        'NOT_A_RATER',
        v2,
        before,
      );
      const [none] = await db<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM ballot WHERE task_id = $1`,
        [id],
      );
      expect(none.n).toBe(0);

      // The panel and the dual rater (secretary of the first village, not this one) vote.
      const first = await complete(`${p}-panel1`, id, { grade: '较好' });
      expect(first.status).toBe(200);
      expect(first.body.ballot).toEqual({ received: 1, eligible: 4 });
      before = await state(v2);
      await refused(
        await complete(`${p}-panel1`, id, { grade: '好' }),
        409,
        'DUPLICATE_BALLOT',
        v2,
        before,
      );
      const ballots = await db<{ rater_user_id: string | null; created_at: Date | null }[]>(
        `SELECT rater_user_id, created_at FROM ballot WHERE task_id = $1`,
        [id],
      );
      expect(ballots).toEqual([{ rater_user_id: panel1.id, created_at: expect.any(Date) }]);
      const audits = await db<{ actor_user_id: string }[]>(
        `SELECT actor_user_id FROM audit_log WHERE action = 'rating.ballot' AND target_id = $1`,
        [id],
      );
      expect(audits).toEqual([{ actor_user_id: panel1.id }]);
      for (const voter of [`${p}-panel2`, `${p}-panel3`]) {
        expect((await complete(voter, id, { grade: '较好' })).status).toBe(200);
      }
      const last = await complete(`${p}-dual`, id, { grade: '一般' });
      expect(last.body).toMatchObject({ ballot: { received: 4, eligible: 4 }, status: 'done' });
      const [rated] = await db<{ form_data: { grade: string; ballots: number } }[]>(
        `SELECT form_data FROM task WHERE id = $1`,
        [id],
      );
      expect(rated.form_data).toMatchObject({ grade: '较好', ballots: 4 });
    },
  );
  run('writes ballots that arrive together in batches, answering each on its own', async () => {
    const signed = await launch('signed-rating-lab', c.township.id, '记名测评（同时投票）');
    const villages = c.villages.map((v) => signed.get(v.id)!);
    const ratings = await Promise.all(villages.map((v) => task(v, 'rating')));
    const voters = [1, 2, 3].map((i) => `${p}-panel${i}`).concat(`${p}-dual`);
    for (const voter of voters) await as(voter); // signed in before the ballots come together
    // Ballots cast alone go through castBallot; those of a batch straight to castStep. A ballot
    // cast alone takes a while (as on a busy database), so that the others queue up meanwhile.
    const ratingService = app.get(RatingService);
    const { castBallot, castStep } = ratingService;
    let alone = 0;
    let cast = 0;
    ratingService.castBallot = async (...args) => {
      alone++;
      await new Promise((resolve) => setTimeout(resolve, 40));
      return castBallot.apply(ratingService, args);
    };
    ratingService.castStep = (...args) => {
      cast++;
      return castStep.apply(ratingService, args);
    };
    let answers: request.Response[][];
    let repeat: request.Response;
    try {
      [answers, repeat] = await Promise.all([
        Promise.all(
          ratings.map((id) =>
            Promise.all(voters.map((voter) => complete(voter, id, { grade: '较好' }))),
          ),
        ),
        complete(`${p}-panel1`, ratings[1], { grade: '好' }),
      ]);
    } finally {
      Object.assign(ratingService, { castBallot, castStep });
    }
    // The dual rater is the first village's secretary: not for their own village (or too
    // late, when the panel's three ballots have closed its round first).
    expect(answers[0].slice(0, 3).map((r) => r.status)).toEqual([200, 200, 200]);
    expect([
      [403, 'CANNOT_RATE_SELF'],
      [409, 'TASK_ALREADY_CLOSED'],
    ]).toContainEqual([answers[0][3].status, answers[0][3].body.code]);
    expect(answers[2].map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(answers[1].slice(1).map((r) => r.status)).toEqual([200, 200, 200]);
    // Two ballots of one rater on one round: whichever came second was refused.
    const pair = [answers[1][0], repeat];
    expect(pair.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(['DUPLICATE_BALLOT', 'TASK_ALREADY_CLOSED']).toContain(
      pair.find((r) => r.status === 409)!.body.code,
    );
    // Every round closed on its last ballot, with every ballot counted once.
    const closed = await db<{ status: string; ballots: number; eligible: number }[]>(
      `SELECT i.status, (t.form_data->>'ballots')::int AS ballots, (t.form_data->>'eligible')::int AS eligible
           FROM task t JOIN process_instance i ON i.id = t.instance_id
          WHERE t.id = ANY($1) ORDER BY array_position($1, t.id)`,
      [ratings],
    );
    expect(closed).toEqual([
      { status: 'done', ballots: 3, eligible: 3 },
      { status: 'done', ballots: 4, eligible: 4 },
      { status: 'done', ballots: 4, eligible: 4 },
    ]);
    const [counted] = await db<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ballot WHERE task_id = ANY($1)`,
      [ratings],
    );
    expect(counted.n).toBe(11);
    // Some ballots were cast in a batch, with other completions.
    expect(cast - alone).toBeGreaterThan(0);
  });
});
