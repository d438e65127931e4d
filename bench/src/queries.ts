import { taskQuerySchema, type Principal, type ShupingApp, type TasksService } from '@shuping/api';
import { percentile, round, summarise, type Summary } from './stats.js';

/**
 * Scenario 5: grows the campaign's task table to `totalTasks` (40% open) with realistic spreads of
 * due times, then measures a village secretary's inbox, a supervisor's overdue list, the campaign
 * overview and the organisation × step heatmap — all as the product runs them, in SQL aggregates.
 */
export async function queriesScenario(
  shuping: ShupingApp,
  tasks: TasksService,
  countyId: string,
  campaignId: string,
  totalTasks: number,
  runs: number,
): Promise<{
  tasks: number;
  openTasks: number;
  inboxP95Ms: number;
  overdueP95Ms: number;
  overviewMs: Summary;
  heatmapMs: Summary;
}> {
  const db = shuping.db.dataSource;
  const [existing] = (await db.query(`SELECT count(*)::int AS n FROM task WHERE campaign_id = $1`, [
    campaignId,
  ])) as [{ n: number }];
  const copies = Math.max(0, Math.round((totalTasks - existing.n) / Math.max(1, existing.n)));
  if (copies > 0) {
    await db.query(
      `INSERT INTO task (county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, step_kind, title_zh, title_en,
                         assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match, status, due_at,
                         overdue, opened_at, closed_at)
       SELECT t.county_id, t.instance_id, t.campaign_id, t.org_unit_id, 'step' || g, 'step' || g, t.step_kind, t.title_zh, t.title_en,
              t.assignee_rule, t.candidate_roles, t.candidate_org_id, t.candidate_org_path, t.candidate_match,
              CASE WHEN g <= $2 * 0.375 THEN 'open' ELSE 'done' END,
              now() + make_interval(days => (g % 11) - 5, hours => (random() * 20)::int),
              false, now() - interval '10 days', CASE WHEN g <= $2 * 0.375 THEN NULL ELSE now() - interval '1 day' END
         FROM task t CROSS JOIN generate_series(1, $2::int) g
        WHERE t.campaign_id = $1 AND t.task_key = 'reportWriting'`,
      [campaignId, copies],
    );
    await db.query(`ANALYZE task`);
  }
  const [size] = (await db.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('open','claimed'))::int AS open FROM task WHERE campaign_id = $1`,
    [campaignId],
  )) as [{ n: number; open: number }];

  const villages = (await db.query(
    `SELECT id, path, parent_id FROM org_unit WHERE county_id = $1 AND kind = 'village' ORDER BY random() LIMIT 50`,
    [countyId],
  )) as { id: string; path: string; parent_id: string }[];
  const townships = (await db.query(
    `SELECT path FROM org_unit WHERE county_id = $1 AND kind = 'township' LIMIT 50`,
    [countyId],
  )) as {
    path: string;
  }[];
  const secretary = (v: { id: string; path: string; parent_id: string }): Principal => ({
    userId: '00000000-0000-0000-0000-000000000000',
    username: 'bench',
    displayName: 'bench',
    countyId,
    orgUnitId: v.id,
    sessionId: 'bench',
    roles: [
      {
        role: 'village_secretary',
        orgUnitId: v.id,
        orgPath: v.path,
        orgParentId: v.parent_id,
        raterGroup: null,
      },
    ],
  });
  const inbox: number[] = [];
  for (const v of villages) {
    const t0 = performance.now();
    await tasks.list(secretary(v), taskQuerySchema.parse({ status: 'open', limit: '100' }));
    inbox.push(performance.now() - t0);
  }
  const overdue: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    await db.query(
      `SELECT t.id, t.task_key, t.due_at, o.name FROM task t JOIN org_unit o ON o.id = t.org_unit_id
        WHERE t.county_id = $1 AND t.status IN ('open','claimed') AND t.due_at < now() AND t.candidate_org_path LIKE $2
        ORDER BY t.due_at LIMIT 100`,
      [countyId, `${townships[i % townships.length].path}%`],
    );
    overdue.push(performance.now() - t0);
  }
  const overview: number[] = [];
  const heatmap: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await db.query(
      `SELECT s.state, count(*)::int FROM process_instance i, unnest(i.current_states) s(state)
        WHERE i.campaign_id = $1 AND i.status = 'active' GROUP BY s.state`,
      [campaignId],
    );
    await db.query(
      `SELECT count(*) FILTER (WHERE status IN ('open','claimed') AND due_at < now())::int AS overdue,
              count(*) FILTER (WHERE status = 'done' AND closed_at <= due_at)::int AS on_time,
              count(*) FILTER (WHERE status = 'done')::int AS done
         FROM task WHERE campaign_id = $1`,
      [campaignId],
    );
    overview.push(performance.now() - t0);
    t0 = performance.now();
    await db.query(
      `SELECT split_part(t.candidate_org_path, '/', 3) AS township, t.state_key,
              count(*) FILTER (WHERE t.status IN ('open','claimed') AND t.due_at < now())::int AS overdue,
              count(*) FILTER (WHERE t.status IN ('open','claimed'))::int AS open,
              count(*) FILTER (WHERE t.status = 'done')::int AS done
         FROM task t WHERE t.campaign_id = $1 GROUP BY 1, 2`,
      [campaignId],
    );
    heatmap.push(performance.now() - t0);
  }
  return {
    tasks: size.n,
    openTasks: size.open,
    inboxP95Ms: round(percentile(inbox, 95), 2),
    overdueP95Ms: round(percentile(overdue, 95), 2),
    overviewMs: summarise(overview.map((x) => round(x))),
    heatmapMs: summarise(heatmap.map((x) => round(x))),
  };
}
