import { getQueueToken } from '@nestjs/bullmq';
import type { CampaignLauncher, ShupingApp } from '@shuping/api';
import { QUEUES, TimerQueue } from '@shuping/worker';
import type { Queue } from 'bullmq';
import { launchCampaign } from './seed.js';
import { round } from './stats.js';

/** Scenario 3: time until every instance of a campaign is started with its first tasks and timers. */
export async function launchScenario(
  shuping: ShupingApp,
  launcher: CampaignLauncher,
  campaignId: string,
): Promise<{
  instances: number;
  tasks: number;
  timers: number;
  seconds: number;
  instancesPerSecond: number;
}> {
  const db = shuping.db.dataSource;
  const started = performance.now();
  await launchCampaign(db, launcher, campaignId);
  const seconds = (performance.now() - started) / 1000;
  const [counts] = (await db.query(
    `SELECT (SELECT count(*)::int FROM process_instance WHERE campaign_id = $1) AS instances,
            (SELECT count(*)::int FROM task WHERE campaign_id = $1) AS tasks,
            (SELECT count(*)::int FROM timer t JOIN process_instance i ON i.id = t.instance_id WHERE i.campaign_id = $1) AS timers`,
    [campaignId],
  )) as [{ instances: number; tasks: number; timers: number }];
  return {
    ...counts,
    seconds: round(seconds, 2),
    instancesPerSecond: round(counts.instances / seconds),
  };
}

/**
 * Scenario 4: `count` real deadline/reminder timers of a launched campaign are moved to fall due
 * within `windowSeconds`, armed in BullMQ ahead of the window (as deadlines are when they are set),
 * and fired by the BullMQ workers. Reports fire lag (fired_at − due_at), how long arming took,
 * and checks every timer fired exactly once.
 */
export async function timersScenario(
  shuping: ShupingApp,
  campaignId: string,
  count: number,
  windowSeconds: number,
  onProgress: (fired: number) => void,
): Promise<{
  timers: number;
  fired: number;
  duplicates: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  armSeconds: number;
  seconds: number;
}> {
  const db = shuping.db.dataSource;
  // Jobs armed at launch carry the old due times: start from an empty queue.
  const queue = shuping.app.get<Queue>(getQueueToken(QUEUES.timers));
  await queue.obliterate({ force: true });
  await db.query(`DROP TABLE IF EXISTS bench_timer`);
  await db.query(
    `CREATE TABLE bench_timer AS
       SELECT t.id FROM timer t JOIN process_instance i ON i.id = t.instance_id
        WHERE i.campaign_id = $1 AND t.status = 'pending' LIMIT $2`,
    [campaignId, count],
  );
  // Everything else of the campaign is pushed far away so only the chosen timers are due.
  await db.query(
    `UPDATE timer SET due_at = now() + interval '365 days'
      WHERE status = 'pending' AND instance_id IN (SELECT id FROM process_instance WHERE campaign_id = $1)
        AND id NOT IN (SELECT id FROM bench_timer)`,
    [campaignId],
  );
  // The window opens once the jobs are armed (about 10,000 a second here).
  const startAt = Date.now() + 3000 + count / 5;
  const [chosen] = (await db.query(
    `UPDATE timer SET due_at = to_timestamp($1 / 1000.0) + random() * make_interval(secs => $2)
      WHERE id IN (SELECT id FROM bench_timer) RETURNING id, instance_id, due_at`,
    [startAt, windowSeconds],
  )) as [{ id: string; instance_id: string; due_at: Date }[], number];
  const arming = performance.now();
  await shuping.app
    .get(TimerQueue)
    .arm(chosen.map((t) => ({ id: t.id, instanceId: t.instance_id, dueAt: t.due_at })));
  const armSeconds = (performance.now() - arming) / 1000;
  const started = performance.now();
  const deadline = Date.now() + (windowSeconds + 240) * 1000;
  let fired = 0;
  while (Date.now() < deadline) {
    const [row] = (await db.query(
      `SELECT count(*)::int AS n FROM timer WHERE id IN (SELECT id FROM bench_timer) AND status = 'fired'`,
    )) as [{ n: number }];
    fired = row.n;
    onProgress(fired);
    if (fired >= count) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (performance.now() - started) / 1000;
  const [lag] = (await db.query(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99, max(ms) AS max
       FROM (SELECT extract(epoch FROM fired_at - due_at) * 1000 AS ms FROM timer WHERE id IN (SELECT id FROM bench_timer) AND status = 'fired') x`,
  )) as [{ p50: number; p99: number; max: number }];
  const [dup] = (await db.query(
    `SELECT count(*)::int - count(DISTINCT idempotency_key)::int AS n FROM instance_event
      WHERE idempotency_key IN (SELECT 'timer:' || id FROM bench_timer)`,
  )) as [{ n: number }];
  // Nothing else of this campaign may fire later in the run.
  await db.query(
    `UPDATE timer SET status = 'cancelled' WHERE status = 'pending' AND instance_id IN (SELECT id FROM process_instance WHERE campaign_id = $1)`,
    [campaignId],
  );
  await queue.obliterate({ force: true });
  return {
    timers: count,
    fired,
    duplicates: dup.n,
    lagP50Ms: round(Number(lag.p50 ?? 0)),
    lagP99Ms: round(Number(lag.p99 ?? 0)),
    lagMaxMs: round(Number(lag.max ?? 0)),
    armSeconds: round(armSeconds, 1),
    seconds: round(seconds, 1),
  };
}
