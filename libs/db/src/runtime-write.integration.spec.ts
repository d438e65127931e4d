import type { OpenedDatabase } from './database.js';
import { databaseTargets } from '../../../test/support/services.js';
import { openTestTarget } from '../../../test/support/test-database.js';

const targets = databaseTargets();

/** Instances (each with an open task and a pending timer): a county's table, small enough that
 *  the planner, guessing 100 rows for a jsonb list, would rather hash the whole table. */
const INSTANCES = 500;

describe.each(targets)('runtime_write on %s', (_name, target) => {
  let db: OpenedDatabase | undefined;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const t = target();
    if (!t) return;
    ({ db, close } = await openTestTarget(t, { runMigrations: true }));
    // Rows only the function's plans care about: the foreign keys' parents are left out.
    await db.dataSource.transaction(async (m) => {
      await m.query(`SET LOCAL session_replication_role = replica`);
      await m.query(
        `INSERT INTO process_instance (id, county_id, campaign_id, org_unit_id, definition_version_id, snapshot, status)
         SELECT gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(), gen_random_uuid(),
                jsonb_build_object('n', n), 'active'
           FROM generate_series(1, $1) n`,
        [INSTANCES],
      );
      await m.query(
        `INSERT INTO task (county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, step_kind,
                           title_zh, title_en, assignee_rule, candidate_roles, candidate_match, status)
         SELECT i.county_id, i.id, i.campaign_id, i.org_unit_id, 'speaking', 'speaking', 'speaking',
                '述职', 'Speaking', '{}', '{}', 'exact', 'open'
           FROM process_instance i`,
      );
      await m.query(
        `INSERT INTO timer (county_id, instance_id, timer_key, task_key, purpose, due_at, status)
         SELECT i.county_id, i.id, 'speaking@1/deadline', 'speaking', 'deadline', now() + interval '1 day', 'pending'
           FROM process_instance i`,
      );
    });
    await db.dataSource.query(`ANALYZE process_instance, task, timer`);
  });

  afterAll(async () => {
    await close?.();
  });

  it('writes an event through the tables’ indexes, scanning none of them', async () => {
    if (!db) return;
    const [instance] = await db.dataSource.query<{ id: string; task_id: string }[]>(
      `SELECT i.id, t.id AS task_id FROM process_instance i JOIN task t ON t.instance_id = i.id LIMIT 1`,
    );
    const payload = {
      now: new Date().toISOString(),
      completions: [{ task_id: instance.task_id, user_id: null, data: { report: '已述职' } }],
      updates: [
        { id: instance.id, snapshot: { n: 0 }, version: 2, status: 'done', current_states: [] },
      ],
      closes: [{ instance_id: instance.id, task_key: 'speaking', reason: 'completed' }],
      cancels: [{ instance_id: instance.id, timer_key: 'speaking@1/deadline' }],
      marks: [{ instance_id: instance.id, task_key: 'speaking', level: 1 }],
    };
    const { scans, written } = await db.dataSource.transaction(async (m) => {
      // The connection's counters not yet flushed (they may hold earlier transactions' too).
      const counters = async () =>
        new Map(
          (
            await m.query<{ relname: string; seq_scan: string }[]>(
              `SELECT relname, seq_scan FROM pg_stat_xact_user_tables
                WHERE relname IN ('process_instance', 'task', 'timer')`,
            )
          ).map((r) => [r.relname, Number(r.seq_scan)]),
        );
      const before = await counters();
      await m.query(`SELECT * FROM runtime_write($1::jsonb)`, [JSON.stringify(payload)]);
      const after = await counters();
      const scans = ['process_instance', 'task', 'timer'].map((table) => [
        table,
        (after.get(table) ?? 0) - (before.get(table) ?? 0),
      ]);
      const [written] = await m.query<
        { instance: string; version: number; task: string; form_data: unknown; timer: string }[]
      >(
        `SELECT i.status AS instance, i.version, t.status AS task, t.form_data, tm.status AS timer
           FROM process_instance i JOIN task t ON t.instance_id = i.id JOIN timer tm ON tm.instance_id = i.id
          WHERE i.id = $1`,
        [instance.id],
      );
      return { scans, written };
    });
    expect(written).toEqual({
      instance: 'done',
      version: 2,
      task: 'done',
      form_data: { report: '已述职' },
      timer: 'cancelled',
    });
    expect(scans).toEqual([
      ['process_instance', 0],
      ['task', 0],
      ['timer', 0],
    ]);
  });
});
