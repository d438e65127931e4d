import { EventEmitter } from 'node:events';
import type { Principal, ShupingApp, TasksService } from '@shuping/api';
import type { Role } from '@shuping/db';
import { sampleStepData } from '@shuping/contracts';
import { Clock, TimerFiringService } from '@shuping/worker';
import { Engine } from 'bpmn-engine';
import type { DataSource } from 'typeorm';
import { pool } from './pool.js';
import { percentile, round } from './stats.js';

export interface Throughput {
  events: number;
  seconds: number;
  eventsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
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
  let busyMs = 0;
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
    await pool(queue, concurrency, async (task) => {
      const t0 = performance.now();
      await tasks.complete(principalFor(task, userId), task.id, { data: dataFor(task) });
      latencies.push(performance.now() - t0);
      if (latencies.length % 200 === 0) onProgress(latencies.length);
    });
    busyMs += performance.now() - started;
  }
  return summary(latencies, busyMs);
}

function summary(latencies: number[], busyMs: number): Throughput {
  return {
    events: latencies.length,
    seconds: round(busyMs / 1000, 2),
    eventsPerSecond: round(latencies.length / (busyMs / 1000)),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
  };
}

/**
 * The ceiling: the same writes per event as the engine's durable advance, as raw SQL in one
 * transaction and nothing else (no engine, no ORM): close the task, lock and rewrite the
 * instance snapshot, open the next task, cancel and set timers, append history.
 */
export async function ceiling(
  db: DataSource,
  campaignId: string,
  events: number,
  concurrency: number,
): Promise<Throughput> {
  const instances = (await db.query(
    `SELECT id, snapshot FROM process_instance WHERE campaign_id = $1 LIMIT $2`,
    [campaignId, Math.max(1, Math.ceil(events / 10))],
  )) as { id: string; snapshot: unknown }[];
  const [template] = (await db.query(`SELECT * FROM task WHERE campaign_id = $1 LIMIT 1`, [
    campaignId,
  ])) as [Record<string, unknown>];
  const work = Array.from({ length: events }, (_, i) => ({
    instance: instances[i % instances.length],
    i,
  }));
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
      work.map((w) => w.instance.id),
    ],
  )) as { id: string }[];
  const latencies: number[] = [];
  const started = performance.now();
  await pool(
    work.map((w, k) => ({ ...w, taskId: ids[k].id })),
    concurrency,
    async ({ instance, i, taskId }) => {
      const t0 = performance.now();
      await db.transaction(async (m) => {
        await m.query(
          `UPDATE task SET status = 'done', close_reason = 'completed', closed_at = now(), form_data = $2 WHERE id = $1 AND status IN ('open','claimed') RETURNING id`,
          [taskId, '{}'],
        );
        const [row] = (await m.query(
          `SELECT version FROM process_instance WHERE id = $1 FOR UPDATE`,
          [instance.id],
        )) as [{ version: number }];
        await m.query(
          `UPDATE process_instance SET snapshot = $2, version = $3, current_states = $4, updated_at = now() WHERE id = $1`,
          [instance.id, JSON.stringify(instance.snapshot), row.version + 1, ['next']],
        );
        await m.query(
          `INSERT INTO task (county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, step_kind, title_zh, title_en,
                             assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match, status, due_at, opened_at)
           VALUES ($1, $2, $3, $4, 'ceiling-next', 'ceiling-next', 'speaking', 't', 't', '{}', $5, $6, $7, 'exact', 'cancelled', now(), now())`,
          [
            template.county_id,
            instance.id,
            campaignId,
            template.org_unit_id,
            template.candidate_roles,
            template.candidate_org_id,
            template.candidate_org_path,
          ],
        );
        await m.query(
          `UPDATE timer SET status = 'cancelled' WHERE status = 'pending' AND (instance_id, timer_key) IN (SELECT * FROM unnest($1::uuid[], $2::text[]))`,
          [
            [instance.id, instance.id, instance.id],
            [`c${i}/d`, `c${i}/r1`, `c${i}/r2`],
          ],
        );
        await m.query(
          `INSERT INTO timer (county_id, instance_id, timer_key, purpose, due_at, status, created_at)
           VALUES ($1, $2, $3, 'deadline', now() + interval '5 days', 'cancelled', now()),
                  ($1, $2, $4, 'reminder', now() + interval '4 days', 'cancelled', now()),
                  ($1, $2, $5, 'reminder', now() + interval '4 days', 'cancelled', now())`,
          [template.county_id, instance.id, `n${i}/d`, `n${i}/r1`, `n${i}/r2`],
        );
        await m.query(
          `INSERT INTO instance_event (county_id, instance_id, seq, event_type, event, from_states, to_states, effects, result, created_at)
           VALUES ($1, $2, $3, 'SUBMIT', '{}', '{}', '{}', '[]', '{}', now())`,
          [template.county_id, instance.id, 1_000_000 + i],
        );
      });
      latencies.push(performance.now() - t0);
    },
  );
  return summary(latencies, performance.now() - started);
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
              await m.query(
                `INSERT INTO bench_bpmn_state (id, state, version) VALUES ($1, $2, $3)
                 ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, version = EXCLUDED.version`,
                [id, JSON.stringify(state), version],
              );
              await m.query(
                `INSERT INTO bench_bpmn_event (instance_id, activity) VALUES ($1, $2)`,
                [id, api.id],
              );
            });
            latencies.push(performance.now() - t0);
            api.signal();
          })().catch(reject);
        });
        const ended = engine.waitFor('end');
        engine.execute({ listener }).catch(reject);
        ended.then(() => resolve(), reject);
      }),
  );
  return summary(latencies, performance.now() - started);
}
