import {
  deadlinesQuerySchema,
  heatmapQuerySchema,
  overviewQuerySchema,
  SupervisionDashboardService,
  taskQuerySchema,
  type Principal,
  type ShupingApp,
  type TasksService,
} from '@shuping/api';
import type { Role } from '@shuping/db';
import { percentile, round, summarise, type Summary } from './stats.js';

/** p50 / p95 / max of repeated calls (ms). */
export interface Latency {
  samples: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface QueriesResult {
  tasks: number;
  openTasks: number;
  overdueOpenTasks: number;
  inboxP95Ms: number;
  /** The slower of the two overdue lists. */
  overdueP95Ms: number;
  /** A village secretary's inbox (TasksService.list, open tasks). */
  inbox: Latency;
  /** The overdue list (SupervisionDashboardService.deadlines, state overdue, first page). */
  overdueTownship: Latency;
  overdueCounty: Latency;
  /** SupervisionDashboardService.overview of the campaign, as a county supervisor. */
  overviewMs: Summary;
  /** SupervisionDashboardService.heatmap: the campaign's root row, then its townships. */
  heatmapMs: Summary;
  heatmapTownshipsMs: Summary;
}

const NOBODY = '00000000-0000-0000-0000-000000000000';

/** A person holding one role at one organisation, as PrincipalService resolves them. */
function holder(
  countyId: string,
  role: Role,
  org: { id: string; path: string; parent_id: string | null },
): Principal {
  return {
    userId: NOBODY,
    username: 'bench',
    displayName: 'bench',
    countyId,
    orgUnitId: org.id,
    sessionId: 'bench',
    roles: [
      {
        role,
        orgUnitId: org.id,
        orgPath: org.path,
        orgParentId: org.parent_id,
        raterGroup: null,
      },
    ],
  };
}

async function timed(samples: number, call: (i: number) => Promise<unknown>): Promise<Latency> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await call(i);
    times.push(performance.now() - t0);
  }
  return {
    samples,
    p50Ms: round(percentile(times, 50), 2),
    p95Ms: round(percentile(times, 95), 2),
    maxMs: round(Math.max(...times), 2),
  };
}

/**
 * Scenario 5: grows the campaign's task table to `totalTasks` (40% open) with realistic spreads of
 * due times, then times what the product runs for the inbox and the supervision dashboard — the
 * service methods behind the endpoints, with the principals that call them: a village
 * secretary's inbox, the overdue list of a township supervisor and of a county supervisor, the
 * campaign overview and the organisation × step heatmap (the whole campaign, then its townships).
 */
export async function queriesScenario(
  shuping: ShupingApp,
  tasks: TasksService,
  countyId: string,
  campaignId: string,
  totalTasks: number,
  runs: number,
  tick: (done: number) => void = () => undefined,
): Promise<QueriesResult> {
  // Progress: the table grown, analysed, the three lists timed, then each run of the three views.
  let done = 0;
  const progress = () => tick(++done);
  const db = shuping.db.dataSource;
  const dashboard = shuping.app.get(SupervisionDashboardService);
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
  }
  // What autovacuum keeps up in production (the bench writes faster than it runs, and a test
  // server may run without it): planner statistics, and the visibility map index-only scans use.
  progress();
  await db.query(`VACUUM ANALYZE`);
  progress();
  const [size] = (await db.query(
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status IN ('open','claimed'))::int AS open,
            count(*) FILTER (WHERE status IN ('open','claimed') AND due_at < now())::int AS overdue
       FROM task WHERE campaign_id = $1`,
    [campaignId],
  )) as [{ n: number; open: number; overdue: number }];

  const villages = (await db.query(
    `SELECT id, path, parent_id FROM org_unit WHERE county_id = $1 AND kind = 'village' ORDER BY random() LIMIT 50`,
    [countyId],
  )) as { id: string; path: string; parent_id: string }[];
  const townships = (await db.query(
    `SELECT id, path, parent_id FROM org_unit WHERE county_id = $1 AND kind = 'township' ORDER BY random() LIMIT 50`,
    [countyId],
  )) as { id: string; path: string; parent_id: string }[];
  const county = holder(countyId, 'supervisor', {
    id: countyId,
    path: `/${countyId}/`,
    parent_id: null,
  });

  const inbox = await timed(villages.length, async (i) => {
    const page = await tasks.list(
      holder(countyId, 'village_secretary', villages[i]),
      taskQuerySchema.parse({ status: 'open' }),
    );
    if (page.length === 0) throw new Error('a village secretary’s inbox is empty');
  });
  // The deadlines page as the dashboard opens it on "overdue": one campaign, 20 a page.
  const overdueQuery = deadlinesQuerySchema.parse({ campaignId, state: 'overdue', limit: '20' });
  const overdue = async (principal: Principal) => {
    const page = await dashboard.deadlines(principal, overdueQuery);
    if (page.items.length === 0) throw new Error('the overdue list is empty');
  };
  progress();
  const overdueTownship = await timed(townships.length, (i) =>
    overdue(holder(countyId, 'supervisor', townships[i])),
  );
  progress();
  const overdueCounty = await timed(20, () => overdue(county));
  progress();

  const overview: number[] = [];
  const heatmap: number[] = [];
  const heatmapTownships: number[] = [];
  for (let i = 0; i < runs; i++) {
    let t0 = performance.now();
    await dashboard.overview(county, overviewQuerySchema.parse({ campaignId }));
    overview.push(performance.now() - t0);
    progress();
    t0 = performance.now();
    await dashboard.heatmap(county, heatmapQuerySchema.parse({ campaignId }));
    heatmap.push(performance.now() - t0);
    progress();
    t0 = performance.now();
    const level = await dashboard.heatmap(
      county,
      heatmapQuerySchema.parse({ campaignId, parentId: countyId }),
    );
    heatmapTownships.push(performance.now() - t0);
    progress();
    if (level.rows.length === 0) throw new Error('the heatmap of the county shows no township');
  }
  return {
    tasks: size.n,
    openTasks: size.open,
    overdueOpenTasks: size.overdue,
    inboxP95Ms: inbox.p95Ms,
    overdueP95Ms: Math.max(overdueTownship.p95Ms, overdueCounty.p95Ms),
    inbox,
    overdueTownship,
    overdueCounty,
    overviewMs: summarise(overview.map((x) => round(x))),
    heatmapMs: summarise(heatmap.map((x) => round(x))),
    heatmapTownshipsMs: summarise(heatmapTownships.map((x) => round(x))),
  };
}
