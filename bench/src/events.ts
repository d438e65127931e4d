import { EventEmitter } from 'node:events';
import type { Principal, ShupingApp, TasksService } from '@shuping/api';
import type { Role } from '@shuping/db';
import { sampleStepData } from '@shuping/contracts';
import { Clock, queryPrepared, TimerFiringService } from '@shuping/worker';
import { Engine } from 'bpmn-engine';
import type { DataSource } from 'typeorm';
import { pool } from './pool.js';
import { cpuMeter, percentile, round } from './stats.js';

export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** CPU time of this process (engine, driver, pool) per event: where an event's cost lies. */
  cpuMsPerEvent: number;
  /** CPU time of the local PostgreSQL server per event (null when the database is elsewhere). */
  dbCpuMsPerEvent: number | null;
  /** The engine's events by step kind: where the latency tail lies. */
  byStep?: Record<string, StepLatency>;
}

export interface StepLatency {
  events: number;
  p50Ms: number;
  p99Ms: number;
}

interface OpenTask {
  id: string;
  task_key: string;
  step_kind: string;
  form_settings: unknown;
  county_id: string;
  candidate_roles: Role[];
  candidate_org_id: string;
  candidate_org_path: string;
  candidate_match: 'exact' | 'children' | 'subtree';
  rater_groups: string[] | null;
}

const DAY_MS = 24 * 3600 * 1000;

/** The rater group the bench user votes in (standard-review's first group). */
export const BENCH_RATER_GROUP = 'partyMembers';

/**
 * A principal holding exactly the role the task offers (the bench acts for every assignee). On a
 * rating it is the one rater on the county's roll (a party-member representative), so its ballot
 * closes the round and the instance moves on.
 */
function principalFor(task: OpenTask, userId: string): Principal {
  if (task.step_kind === 'rating') {
    return {
      userId,
      username: 'bench',
      displayName: 'bench',
      countyId: task.county_id,
      orgUnitId: null,
      sessionId: 'bench',
      roles: [
        {
          role: 'rater',
          orgUnitId: task.county_id,
          orgPath: `/${task.county_id}/`,
          orgParentId: null,
          raterGroup: BENCH_RATER_GROUP,
        },
      ],
    };
  }
  return {
    userId,
    username: 'bench',
    displayName: 'bench',
    countyId: task.county_id,
    orgUnitId: null,
    sessionId: 'bench',
    roles: [
      {
        role: task.candidate_roles[0],
        orgUnitId: task.candidate_org_id,
        orgPath: task.candidate_org_path,
        orgParentId: task.candidate_match === 'children' ? task.candidate_org_id : null,
        raterGroup: task.rater_groups?.[0] ?? null,
      },
    ],
  };
}

/** Form data a diligent user would submit (the shared form samples): every village rated 好. */
function dataFor(task: OpenTask): Record<string, unknown> {
  return sampleStepData({ kind: task.step_kind, settings: task.form_settings }, { grade: '好' });
}

async function openTasks(db: DataSource, campaignId: string): Promise<OpenTask[]> {
  return db.query(
    `SELECT id, task_key, step_kind, form_settings, county_id, candidate_roles, candidate_org_id, candidate_org_path, candidate_match, rater_groups
       FROM task WHERE campaign_id = $1 AND status IN ('open', 'claimed') ORDER BY opened_at`,
    [campaignId],
  );
}

/**
 * Scenario 1: drives every instance of a campaign to its end by completing tasks through the
 * service layer (TasksService.complete: lock, check, engine step, writes, commit), `concurrency`
 * at a time. Timers (the publicity period) are fired between rounds and not counted.
 */
export async function driveCampaign(
  shuping: ShupingApp,
  tasks: TasksService,
  campaignId: string,
  userId: string,
  concurrency: number,
  onProgress: (done: number) => void,
): Promise<Throughput> {
  const db = shuping.db.dataSource;
  const clock = shuping.app.get(Clock);
  const firing = shuping.app.get(TimerFiringService);
  const latencies: number[] = [];
  const byStep = new Map<string, number[]>();
  let busyMs = 0;
  let cpuMicros = 0;
  let dbSeconds: number | null = 0;
  for (let round = 0; round < 50; round++) {
    const queue = await openTasks(db, campaignId);
    if (queue.length === 0) {
      const [active] = (await db.query(
        `SELECT count(*)::int AS n FROM process_instance WHERE campaign_id = $1 AND status = 'active'`,
        [campaignId],
      )) as [{ n: number }];
      if (active.n === 0) break;
      clock.advance(40 * DAY_MS);
      while ((await firing.fireDue(5000)) > 0) {
        /* fire every due timer */
      }
      continue;
    }
    const started = performance.now();
    const cpu = cpuMeter();
    await pool(queue, concurrency, async (task) => {
      const t0 = performance.now();
      await tasks.complete(principalFor(task, userId), task.id, { data: dataFor(task) });
      const ms = performance.now() - t0;
      latencies.push(ms);
      const kind = byStep.get(task.step_kind);
      if (kind) kind.push(ms);
      else byStep.set(task.step_kind, [ms]);
      if (latencies.length % 200 === 0) onProgress(latencies.length);
    });
    busyMs += performance.now() - started;
    const used = cpu();
    cpuMicros += used.processMicros;
    dbSeconds =
      dbSeconds === null || used.databaseSeconds === null ? null : dbSeconds + used.databaseSeconds;
  }
  return {
    ...summary(latencies, busyMs, cpuMicros, dbSeconds),
    byStep: Object.fromEntries(
      [...byStep].map(([kind, ms]) => [
        kind,
        {
          events: ms.length,
          p50Ms: round(percentile(ms, 50), 2),
          p99Ms: round(percentile(ms, 99), 2),
        },
      ]),
    ),
  };
}

function summary(
  latencies: number[],
  busyMs: number,
  cpuMicros: number,
  dbSeconds: number | null,
): Throughput {
  const events = Math.max(1, latencies.length);
  return {
    cpuMsPerEvent: round(cpuMicros / 1000 / events, 2),
    dbCpuMsPerEvent: dbSeconds === null ? null : round((dbSeconds * 1000) / events, 2),
    events: latencies.length,
    seconds: round(busyMs / 1000, 2),
    eventsPerSecond: round(latencies.length / (busyMs / 1000)),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

/**
 * The ceiling: the database work of one engine event as raw SQL in one transaction and nothing
 * else (no engine, no ORM entities, no validation) — the same round trips as the engine's
 * completion, as prepared statements like the engine's hot path: lock the task and its instance
 * (reading the snapshot), one statement with the same writes (close the task, rewrite the
 * snapshot, close the step's other tasks, cancel its timers, open the next task, set its deadline
 * and reminders, append history), commit. Rows are copies of the engine's own rows from
 * `campaignId`, so sizes match.
 */
export async function ceiling(
  db: DataSource,
  campaignId: string,
  events: number,
  concurrency: number,
  tick: (done: number) => void = () => undefined,
): Promise<Throughput> {
  const instances = (await db.query(
    `SELECT id FROM process_instance WHERE campaign_id = $1 LIMIT $2`,
    [campaignId, Math.max(1, Math.ceil(events / 10))],
  )) as { id: string }[];
  const [template] = (await db.query(
    `SELECT t.*, e.event AS e_event, e.effects AS e_effects, e.result AS e_result, e.from_states, e.to_states
       FROM task t JOIN instance_event e ON e.instance_id = t.instance_id AND e.seq = 2
      WHERE t.campaign_id = $1 AND t.task_key = 'speaking' LIMIT 1`,
    [campaignId],
  )) as [Record<string, unknown>];
  const json = (v: unknown) => JSON.stringify(v);
  // One open task per event to close, written before timing starts.
  const ids = (await db.query(
    `INSERT INTO task (county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, step_kind, title_zh, title_en,
                       assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match, status, opened_at)
     SELECT $1, i, $2, $3, 'ceiling', 'ceiling', 'reportWriting', 't', 't', '{}', $4, $5, $6, 'exact', 'open', now()
       FROM unnest($7::uuid[]) AS i RETURNING id`,
    [
      template.county_id,
      campaignId,
      template.org_unit_id,
      template.candidate_roles,
      template.candidate_org_id,
      template.candidate_org_path,
      Array.from({ length: events }, (_, i) => instances[i % instances.length].id),
    ],
  )) as { id: string }[];
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = cpuMeter();
  await pool(
    ids.map((row, i) => ({ taskId: row.id, i })),
    concurrency,
    async ({ taskId, i }) => {
      const t0 = performance.now();
      await db.transaction(async (m) => {
        const [locked] = (await queryPrepared(
          m,
          `SELECT t.id, i.id AS instance_id, i.version, i.snapshot FROM task t JOIN process_instance i ON i.id = t.instance_id
            WHERE t.id = $1 FOR UPDATE OF t, i`,
          [taskId],
        )) as [{ instance_id: string; version: number; snapshot: unknown }];
        await queryPrepared(
          m,
          `WITH done AS (
             UPDATE task SET status = 'done', close_reason = 'completed', closed_at = now(), form_data = $2 WHERE id = $1 RETURNING 1
           ), instance AS (
             UPDATE process_instance SET snapshot = $4, version = $5, current_states = $6, updated_at = now() WHERE id = $3 RETURNING 1
           ), closed AS (
             UPDATE task SET status = 'cancelled', close_reason = 'left', closed_at = now()
              WHERE instance_id = $3 AND task_key = 'ceiling-other' AND status IN ('open', 'claimed') RETURNING 1
           ), cancelled AS (
             UPDATE timer SET status = 'cancelled'
              WHERE status = 'pending' AND (instance_id, timer_key) IN (SELECT $3::uuid, k FROM unnest($7::text[]) k) RETURNING 1
           ), opened AS (
             INSERT INTO task (id, county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, visit, step_kind, title_zh, title_en,
                               assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match, status, due_at,
                               form_settings, escalation, opened_at)
             VALUES (gen_random_uuid(), $8, $3, $9, $10, $11, $11, 1, $12, $13, $14, $15, $16, $17, $18, $19, 'open',
                     now() + interval '5 days', $20, $21, now()) RETURNING 1
           ), timers AS (
             INSERT INTO timer (county_id, instance_id, timer_key, task_key, purpose, due_at, status, created_at)
             SELECT $8, $3, k, $11, p, now() + interval '5 days', 'pending', now()
               FROM unnest($22::text[], ARRAY['deadline', 'reminder', 'reminder']) AS x(k, p) RETURNING id, instance_id, due_at
           ), history AS (
             INSERT INTO instance_event (county_id, instance_id, seq, event_type, event, from_states, to_states, effects, result, created_at)
             VALUES ($8, $3, $5 + 1000000, 'SUBMIT', $23, $24, $25, $26, $27, now()) RETURNING 1
           )
           SELECT * FROM timers`,
          [
            taskId,
            json({ report: 'x'.repeat(200) }),
            locked.instance_id,
            json(locked.snapshot),
            locked.version + 1,
            template.to_states,
            [`c${i}/d`, `c${i}/r1`, `c${i}/r2`],
            template.county_id,
            campaignId,
            template.org_unit_id,
            `ceiling-${i}`,
            template.step_kind,
            template.title_zh,
            template.title_en,
            json(template.assignee_rule),
            template.candidate_roles,
            template.candidate_org_id,
            template.candidate_org_path,
            template.candidate_match,
            json(template.form_settings),
            json(template.escalation),
            [`n${i}/d`, `n${i}/r1`, `n${i}/r2`],
            json(template.e_event),
            template.from_states,
            template.to_states,
            json(template.e_effects),
            json(template.e_result),
          ],
        );
      });
      latencies.push(performance.now() - t0);
      if (latencies.length % 200 === 0) tick(latencies.length);
    },
  );
  const used = cpu();
  return summary(latencies, performance.now() - started, used.processMicros, used.databaseSeconds);
}

/** An equivalent 10-user-task process for the peer engine: start → task0 → … → task9 → end. */
export function bpmnSource(): string {
  const nodes = ['start', ...Array.from({ length: 10 }, (_, i) => `task${i}`), 'end'];
  const tasks = nodes
    .slice(1, -1)
    .map((id) => `<userTask id="${id}" />`)
    .join('');
  const flows = nodes
    .slice(0, -1)
    .map((from, i) => `<sequenceFlow id="f${i}" sourceRef="${from}" targetRef="${nodes[i + 1]}" />`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="reviewDefinitions">
  <process id="review" isExecutable="true"><startEvent id="start" />${tasks}<endEvent id="end" />${flows}</process>
</definitions>`;
}

/**
 * The peer: npm `bpmn-engine` driving the 10-user-task process; every wait saves the engine's
 * state to PostgreSQL in one transaction (state row + history row) before the task is signalled.
 */
export async function peer(
  db: DataSource,
  events: number,
  concurrency: number,
  tick: (done: number) => void = () => undefined,
): Promise<Throughput> {
  await db.query(
    `CREATE TABLE IF NOT EXISTS bench_bpmn_state (id uuid PRIMARY KEY, state jsonb NOT NULL, version int NOT NULL)`,
  );
  await db.query(
    `CREATE TABLE IF NOT EXISTS bench_bpmn_event (id bigserial PRIMARY KEY, instance_id uuid NOT NULL, activity text NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
  );
  const source = bpmnSource();
  const instanceCount = Math.max(1, Math.ceil(events / 10));
  const latencies: number[] = [];
  const started = performance.now();
  const cpu = cpuMeter();
  await pool(
    Array.from({ length: instanceCount }, () => crypto.randomUUID()),
    concurrency,
    (id) =>
      new Promise<void>((resolve, reject) => {
        const engine = new Engine({ name: id, source });
        const listener = new EventEmitter();
        let version = 0;
        listener.on('wait', (api: { id: string; signal: (data?: unknown) => void }) => {
          const t0 = performance.now();
          void (async () => {
            const state: unknown = await engine.getState();
            version++;
            await db.transaction(async (m) => {
              await queryPrepared(
                m,
                `INSERT INTO bench_bpmn_state (id, state, version) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version`,
                [id, JSON.stringify(state), version],
              );
              await queryPrepared(
                m,
                `INSERT INTO bench_bpmn_event (instance_id, activity) VALUES ($1, $2)`,
                [id, api.id],
              );
            });
            latencies.push(performance.now() - t0);
            if (latencies.length % 200 === 0) tick(latencies.length);
            api.signal();
          })().catch(reject);
        });
        const ended = engine.waitFor('end');
        engine.execute({ listener }).catch(reject);
        ended.then(() => resolve(), reject);
      }),
  );
  const used = cpu();
  return summary(latencies, performance.now() - started, used.processMicros, used.databaseSeconds);
}
