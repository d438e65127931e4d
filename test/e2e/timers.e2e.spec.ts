import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import request from 'supertest';
import type { ShupingApp } from '../../apps/api/src/app.bootstrap.js';
import { startTestApp } from '../support/app.js';
import { login, type TestCounty } from '../support/factories.js';
import { launchQuick } from '../support/quick-deadline.js';
import { requirePostgresUrl, requireRedisUrl } from '../support/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { getQueueToken } from '@nestjs/bullmq';
import { QUEUES, TimerFiringService, TimerQueue } from '@shuping/worker';
import type { Queue } from 'bullmq';
import { waitFor } from '../support/wait.js';

interface Ladder {
  reminder: number;
  overdue: number;
  escalated: number;
  order: string[];
  escalations: number;
  taskOverdue: boolean;
  timersFired: number;
}

/** What the ladder did for the one instance of a county: notifications by reason, in order. */
async function ladderOf(shuping: ShupingApp, county: TestCounty): Promise<Ladder> {
  const q = <T>(sql: string) => shuping.db.dataSource.query<T>(sql, [county.county.id]);
  const rows = await q<{ reason: string; username: string }[]>(
    `SELECT n.reason, u.username FROM notification n JOIN app_user u ON u.id = n.user_id
      WHERE n.county_id = $1 ORDER BY n.created_at, n.reason`,
  );
  const count = (reason: string, username: string) =>
    rows.filter((r) => r.reason === reason && r.username === username).length;
  const [esc] = await q<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM escalation WHERE county_id = $1`,
  );
  const [task] = await q<{ overdue: boolean }[]>(
    `SELECT overdue FROM task WHERE county_id = $1 AND task_key = 'reportWriting'`,
  );
  const [fired] = await q<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM timer WHERE county_id = $1 AND status = 'fired'`,
  );
  return {
    reminder: count('reminder', county.users.villages[0]),
    overdue: count('overdue', county.users.township),
    escalated: count('escalated', county.users.supervisor),
    order: [...new Set(rows.map((r) => r.reason))],
    escalations: esc.n,
    taskOverdue: task?.overdue ?? false,
    timersFired: fired.n,
  };
}

const complete = (l: Ladder) =>
  l.reminder >= 1 && l.overdue >= 1 && l.escalated >= 1 && l.escalations >= 1;

function expectOnce(l: Ladder): void {
  expect(l).toMatchObject({
    reminder: 1,
    overdue: 1,
    escalated: 1,
    escalations: 1,
    taskOverdue: true,
  });
  expect(l.order).toEqual(['reminder', 'overdue', 'escalated']);
}

describe('deadlines in embedded mode (no Redis)', () => {
  let shuping: ShupingApp;
  beforeAll(async () => {
    shuping = await startTestApp({ TIMER_POLL_INTERVAL_MS: '200' });
  });
  afterAll(() => shuping.close());

  it('sends the reminder, marks overdue, escalates and notifies supervisors, in order, once each', async () => {
    const county = await launchQuick(shuping, 'emb');
    const ladder = await waitFor(async () => {
      const l = await ladderOf(shuping, county);
      return complete(l) ? l : null;
    }, 'the escalation ladder');
    await new Promise((r) => setTimeout(r, 600));
    expectOnce(await ladderOf(shuping, county));
    expect(ladder.timersFired).toBeGreaterThanOrEqual(3);
    const me = await login(shuping.app, county.users.villages[0]);
    const inbox = await request(shuping.app.getHttpServer())
      .get('/api/notifications')
      .set('authorization', me)
      .expect(200);
    expect(inbox.body.unread).toBe(1);
    expect(inbox.body.items[0].title.zh).toMatch(/^【提醒】/);
    await request(shuping.app.getHttpServer())
      .post('/api/notifications/read-all')
      .set('authorization', me)
      .expect(204);
    expect(
      (
        await request(shuping.app.getHttpServer())
          .get('/api/notifications')
          .set('authorization', me)
      ).body.unread,
    ).toBe(0);
  });

  it('lets a superior urge a task, once per period, and refuses the assignee', async () => {
    const county = await launchQuick(shuping, 'urg');
    const [task] = await shuping.db.dataSource.query<{ id: string }[]>(
      `SELECT id FROM task WHERE county_id = $1`,
      [county.county.id],
    );
    const http = () => request(shuping.app.getHttpServer());
    const self = await login(shuping.app, county.users.villages[0]);
    expect(
      (await http().post(`/api/tasks/${task.id}/urge`).set('authorization', self).expect(403)).body
        .code,
    ).toBe('NOT_A_SUPERIOR');
    const township = await login(shuping.app, county.users.township);
    expect(
      (await http().post(`/api/tasks/${task.id}/urge`).set('authorization', township).expect(200))
        .body,
    ).toEqual({ notified: 1 });
    expect(
      (await http().post(`/api/tasks/${task.id}/urge`).set('authorization', township).expect(429))
        .body.code,
    ).toBe('URGE_TOO_SOON');
    const notes = (await http().get('/api/notifications').set('authorization', self)).body
      .items as { reason: string }[];
    expect(notes.map((n) => n.reason)).toContain('urge');
  });
});

describe('firing due timers in batches', () => {
  let shuping: ShupingApp;
  // No poller rounds: the test fires the timers itself.
  beforeAll(async () => {
    shuping = await startTestApp({ TIMER_POLL_INTERVAL_MS: '3600000' });
  });
  afterAll(() => shuping.close());

  const q = <T>(sql: string, params: unknown[]) => shuping.db.dataSource.query<T>(sql, params);
  /** Pending timers of instances, made due an hour ago (their order kept). */
  const makeDue = async (orgIds: string[]) =>
    (
      await q<[{ id: string }[], number]>(
        `UPDATE timer t SET due_at = t.due_at - interval '1 hour' FROM process_instance i
          WHERE i.id = t.instance_id AND i.org_unit_id = ANY ($1) AND t.status = 'pending'
        RETURNING t.id`,
        [orgIds],
      )
    )[0].map((r) => r.id);
  const reasonsOf = async (orgId: string) =>
    (
      await q<{ reason: string }[]>(
        `SELECT n.reason FROM notification n JOIN process_instance i ON i.id = n.instance_id
          WHERE i.org_unit_id = $1 ORDER BY n.created_at, n.reason`,
        [orgId],
      )
    ).map((r) => r.reason);

  it('fires the timers of many instances in one transaction, each instance in due order', async () => {
    const county = await launchQuick(shuping, 'bat', 4);
    const [v0, v1] = county.villages.map((v) => v.id);
    const ids = await makeDue([v0, v1]);
    expect(ids.length).toBeGreaterThanOrEqual(4);

    const firing = shuping.app.get(TimerFiringService);
    const result = await firing.fireMany(ids);
    expect([...result.fired].sort()).toEqual([...ids].sort());
    expect(result.failed.size).toBe(0);

    // One transaction: every event carries the batch's time; versions follow the timers' order.
    const events = await q<{ org: string; seq: number; created_at: Date; key: string }[]>(
      `SELECT i.org_unit_id AS org, e.seq, e.created_at, e.idempotency_key AS key FROM instance_event e
         JOIN process_instance i ON i.id = e.instance_id
        WHERE e.idempotency_key = ANY ($1) ORDER BY i.org_unit_id, e.seq`,
      [ids.map((id) => `timer:${id}`)],
    );
    expect(events).toHaveLength(ids.length);
    expect(new Set(events.map((e) => e.created_at.getTime())).size).toBe(1);
    for (const org of [v0, v1]) {
      const seqs = events.filter((e) => e.org === org).map((e) => e.seq);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
      expect(await reasonsOf(org)).toEqual(expect.arrayContaining(['reminder', 'overdue']));
    }
    const tasks = await q<{ overdue: boolean }[]>(
      `SELECT overdue FROM task WHERE org_unit_id = ANY ($1) AND task_key = 'reportWriting'`,
      [[v0, v1]],
    );
    expect(tasks.map((t) => t.overdue)).toEqual([true, true]);
    // Firing again changes nothing: each timer fires once.
    expect((await firing.fireMany(ids)).fired.size).toBe(0);
  });

  it('retries a failed batch timer by timer, so one broken instance holds up no other', async () => {
    const county = await launchQuick(shuping, 'brk', 2);
    const [healthy, broken] = county.villages.map((v) => v.id);
    await q(
      `UPDATE process_instance SET snapshot = jsonb_set(snapshot, '{value}', '"nowhere"') WHERE org_unit_id = $1`,
      [broken],
    );
    const brokenIds = await makeDue([broken]);
    const healthyIds = await makeDue([healthy]);

    const result = await shuping.app
      .get(TimerFiringService)
      .fireMany([...brokenIds, ...healthyIds]);
    expect([...result.fired].sort()).toEqual([...healthyIds].sort());
    expect([...result.failed.keys()].sort()).toEqual([...brokenIds].sort());
    const [pending] = await q<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM timer WHERE id = ANY ($1) AND status = 'pending'`,
      [brokenIds],
    );
    expect(pending.n).toBe(brokenIds.length);
    expect(await reasonsOf(healthy)).toContain('reminder');
  });
});

const postgresUrl = requirePostgresUrl();
const redisUrl = requireRedisUrl();
const withServices = postgresUrl && redisUrl ? describe : describe.skip;

withServices('deadlines on PostgreSQL and BullMQ', () => {
  let database: TestDatabase;
  let prefix: string;
  let redis: Redis;
  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl!,
    QUEUE_PREFIX: prefix,
    TIMER_RECONCILE_INTERVAL_MS: '1000',
  });

  beforeEach(async () => {
    database = await createTestDatabase(postgresUrl!);
    prefix = `t${randomBytes(4).toString('hex')}`;
  });
  afterEach(async () => {
    await database.drop();
  });
  beforeAll(() => {
    redis = new Redis(redisUrl!);
  });
  afterAll(async () => {
    await redis.quit();
  });

  /** Our queue's keys vanish, as when Redis restarts with nothing on disk. */
  async function wipeQueue(): Promise<void> {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }

  it('with two workers, each rung of the ladder happens exactly once', async () => {
    const one = await startTestApp(env());
    const two = await startTestApp(env());
    try {
      const county = await launchQuick(one, 'two');
      await waitFor(async () => complete(await ladderOf(one, county)), 'the escalation ladder');
      await new Promise((r) => setTimeout(r, 1500));
      expectOnce(await ladderOf(one, county));

      // Operations: timer lag metrics and the queue dashboard, administrators only.
      const admin = await login(one.app, county.users.admin);
      const metrics = await request(one.app.getHttpServer())
        .get('/api/operations/timers')
        .set('authorization', admin)
        .expect(200);
      expect(metrics.body.firedLastHour).toBeGreaterThanOrEqual(3);
      expect(metrics.body.lagMs.p99).toEqual(expect.any(Number));
      const supervisor = await login(one.app, county.users.supervisor);
      await request(one.app.getHttpServer())
        .get('/api/operations/timers')
        .set('authorization', supervisor)
        .expect(403);
      await request(one.app.getHttpServer()).get('/api/admin/queues').expect(401);
      const token = admin.slice('Bearer '.length);
      await request(one.app.getHttpServer())
        .get(`/api/admin/queues?token=${token}`)
        .expect(200)
        .expect(/bull/i);
      await request(one.app.getHttpServer())
        .get(`/api/admin/queues?token=${supervisor.slice('Bearer '.length)}`)
        .expect(403);
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('loses no deadline when the worker stops and Redis loses everything', async () => {
    const first = await startTestApp(env());
    const county = await launchQuick(first, 'crash');
    await first.close();
    await wipeQueue();
    await new Promise((r) => setTimeout(r, 4500));
    const second = await startTestApp(env());
    try {
      await waitFor(
        async () => complete(await ladderOf(second, county)),
        'the ladder after restart',
      );
      await new Promise((r) => setTimeout(r, 1500));
      // All three were due while nothing ran, so they fire together: each exactly once.
      expect(await ladderOf(second, county)).toMatchObject({
        reminder: 1,
        overdue: 1,
        escalated: 1,
        escalations: 1,
        timersFired: 3,
      });
      const [lag] = await second.db.dataSource.query<{ max: number }[]>(
        `SELECT max(extract(epoch FROM fired_at - due_at))::float AS max FROM timer WHERE county_id = $1 AND status = 'fired'`,
        [county.county.id],
      );
      // Everything was due while nothing ran: fired by the reconciler right at start-up.
      expect(lag.max).toBeLessThan(10);
    } finally {
      await second.close();
    }
  });

  it('puts back a job that comes before its timer is due, and fires the timer when it is', async () => {
    // No periodic re-arming: only the job itself can fire the timer.
    const app = await startTestApp({ ...env(), TIMER_RECONCILE_INTERVAL_MS: '600000' });
    try {
      const county = await launchQuick(app, 'early');
      await app.app.get<Queue>(getQueueToken(QUEUES.timers)).obliterate({ force: true });
      const [[timer]] = await app.db.dataSource.query<[{ id: string; instance_id: string }[]]>(
        `UPDATE timer SET due_at = now() + interval '1500 milliseconds'
          WHERE id = (SELECT id FROM timer WHERE county_id = $1 AND status = 'pending' ORDER BY due_at LIMIT 1)
        RETURNING id, instance_id`,
        [county.county.id],
      );
      // Armed as if due now: the job runs 1.5 s early.
      await app.app
        .get(TimerQueue)
        .arm([{ id: timer.id, instanceId: timer.instance_id, dueAt: new Date() }]);
      const fired = await waitFor(async () => {
        const [row] = await app.db.dataSource.query<{ early: boolean }[]>(
          `SELECT fired_at < due_at AS early FROM timer WHERE id = $1 AND status = 'fired'`,
          [timer.id],
        );
        return row;
      }, 'the timer to fire when due');
      expect(fired.early).toBe(false);
      const [events] = await app.db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM instance_event WHERE idempotency_key = $1`,
        [`timer:${timer.id}`],
      );
      expect(events.n).toBe(1);
    } finally {
      await app.close();
    }
  });

  it('fires a timer once when its worker is killed in the middle of firing it', async () => {
    const api = await startTestApp({ ...env(), WORKERS_IN_API: 'false' });
    let worker: ChildProcess | undefined;
    let spare: ChildProcess | undefined;
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      const county = await launchQuick(api, 'kill');
      // Hold the instance: the worker takes the reminder and waits on this lock to fire it.
      await blocker.query('BEGIN');
      await blocker.query(`SELECT id FROM process_instance WHERE county_id = $1 FOR UPDATE`, [
        county.county.id,
      ]);
      worker = startWorker(env());
      await waitFor(
        // Asked on another connection: inside a transaction pg_stat_activity is a frozen snapshot.
        async () =>
          (
            await api.db.dataSource.query<unknown[]>(
              `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()
                 AND query LIKE '%FROM process_instance i%'`,
            )
          ).length > 0,
        'the worker to block inside the firing transaction',
      );
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      await blocker.query('ROLLBACK');
      const [pending] = await api.db.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM timer WHERE county_id = $1 AND status = 'fired'`,
        [county.county.id],
      );
      expect(pending.n).toBe(0);
      spare = startWorker(env());
      await waitFor(
        async () => complete(await ladderOf(api, county)),
        'the ladder on the spare worker',
        45_000,
      );
      await new Promise((r) => setTimeout(r, 1500));
      // All three timers were due by now and may be re-fired in any order; each exactly once.
      expect(await ladderOf(api, county)).toMatchObject({
        reminder: 1,
        overdue: 1,
        escalated: 1,
        escalations: 1,
        timersFired: 3,
      });
    } finally {
      await blocker.end().catch(() => undefined);
      worker?.kill('SIGKILL');
      spare?.kill('SIGTERM');
      await api.close();
    }
  }, 90_000);
});

function startWorker(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['apps/worker/dist/main.js'], {
    env: {
      ...process.env,
      ...env,
      LOG_LEVEL: process.env.DEBUG_WORKERS ? 'info' : 'silent',
      NODE_OPTIONS: '',
    },
    stdio: process.env.DEBUG_WORKERS ? 'inherit' : 'ignore',
  });
}
