import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { STEP_KINDS, stepKindCatalogue, type LocalizedText, type StepKind } from '@shuping/engine';
import {
  CELL_STATES,
  type CampaignOption,
  type CellState,
  type DeadlineFacets,
  type DeadlineItem,
  type DeadlinePage,
  type Heatmap,
  type HeatmapRow,
  type Overview,
  type StepColumn,
} from '@shuping/contracts';
import { Clock, DefinitionCache } from '@shuping/worker';
import { CELL_COUNTS, cellCounts, type CellCountRow } from './supervision-cells.js';
import { allQueries, inTurn, readOnly } from './supervision-db.util.js';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { listCampaigns, loadCampaign, type CampaignRow } from './supervision-campaigns.js';
import { stepColumns } from './supervision-definition.util.js';
import { scopeSql, supervisionScope, type SupervisionScope } from './supervision-scope.js';
import type { DeadlinesQuery, HeatmapQuery, OverviewQuery } from './supervision.schemas.js';

/** "Due soon": open and due within this long. */
export const DUE_SOON_MS = 24 * 3600 * 1000;

const OPEN = `t.status IN ('open','claimed')`;

const int = (value: unknown): number => Number(value ?? 0);

/** Tasks of campaign $1 whose step was visited again later (rare: found by a partial index). */
const SUPERSEDED_TASKS = `SELECT earlier.id FROM task later
  JOIN task earlier ON earlier.instance_id = later.instance_id
   AND earlier.task_key = later.task_key AND earlier.visit < later.visit
 WHERE later.campaign_id = $1 AND later.visit > 1`;

/** Tasks of one status and step kind, with the overview's time-dependent counts among them. */
interface TaskCountRow {
  status: string;
  kind: string;
  n: number;
  overdue: number;
  due_soon: number;
  escalated: number;
  /** Closed by the deadline. */
  on_time: number;
  /** Closed after the deadline, or timed out. */
  late: number;
  timed_out: number;
}

/** The overview's task figures from the rows of its grouped count. */
function taskCounts(rows: TaskCountRow[]) {
  const c = {
    open: 0,
    overdue: 0,
    dueSoon: 0,
    escalated: 0,
    done: 0,
    doneOnTime: 0,
    doneLate: 0,
    ratingExpected: 0,
    ratingReceived: 0,
    rectOpen: 0,
    rectDone: 0,
  };
  for (const r of rows) {
    const open = r.status === 'open' || r.status === 'claimed';
    const done = r.status === 'done';
    if (open) {
      c.open += r.n;
      c.overdue += r.overdue;
      c.dueSoon += r.due_soon;
      c.escalated += r.escalated;
    }
    if (done) {
      c.done += r.n;
      c.doneOnTime += r.on_time;
    }
    // Late: done after the deadline, or closed by its timeout whatever the status.
    c.doneLate += done ? r.late : r.timed_out;
    if (r.kind === 'rating') {
      if (r.status !== 'cancelled') c.ratingExpected += r.n;
      if (done) c.ratingReceived += r.n;
    }
    if (r.kind === 'rectification') {
      if (open) c.rectOpen += r.n;
      if (done) c.rectDone += r.n;
    }
  }
  return c;
}

@Injectable()
export class SupervisionDashboardService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly definitions: DefinitionCache,
  ) {}

  async campaigns(principal: Principal): Promise<CampaignOption[]> {
    const rows = await listCampaigns(this.db.manager, supervisionScope(principal));
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      scopeName: r.scope_name,
      createdAt: r.created_at,
    }));
  }

  /** Counts at a glance, each one aggregate query (GROUP BY / FILTER), never rows in memory. */
  async overview(principal: Principal, query: OverviewQuery): Promise<Overview> {
    const scope = supervisionScope(principal);
    const campaign = query.campaignId
      ? await loadCampaign(this.db.manager, scope, query.campaignId)
      : null;
    const now = this.clock.now();
    const soon = new Date(now.getTime() + DUE_SOON_MS);

    const taskWhere = (params: unknown[]) => {
      const parts = [scopeSql(scope, 't.county_id', 'o.path', params)];
      if (campaign) {
        params.push(campaign.id);
        parts.push(`t.campaign_id = $${params.length}`);
      }
      return parts.join(' AND ');
    };
    const instanceWhere = (params: unknown[]) => {
      const parts = [scopeSql(scope, 'i.county_id', 'o.path', params)];
      if (campaign) {
        params.push(campaign.id);
        parts.push(`i.campaign_id = $${params.length}`);
      }
      return parts.join(' AND ');
    };
    // The organisation join is needed only to narrow a partial scope.
    const taskFrom =
      scope.paths === null ? 'task t' : 'task t JOIN org_unit o ON o.id = t.org_unit_id';
    const instanceFrom =
      scope.paths === null
        ? 'process_instance i'
        : 'process_instance i JOIN org_unit o ON o.id = i.org_unit_id';

    const taskParams: unknown[] = [now, soon];
    // Grouped by status and kind (a dozen groups) with the time-dependent counts alongside, then
    // summed up in taskCounts: fewer conditions per row than one FILTER per figure (a million rows
    // at province scale).
    const taskSql = `
      SELECT t.status, t.step_kind AS kind, count(*)::int AS n,
             count(*) FILTER (WHERE t.due_at < $1)::int AS overdue,
             count(*) FILTER (WHERE t.due_at >= $1 AND t.due_at < $2)::int AS due_soon,
             count(*) FILTER (WHERE t.escalation_level >= 2)::int AS escalated,
             count(*) FILTER (WHERE t.closed_at <= t.due_at)::int AS on_time,
             count(*) FILTER (WHERE t.closed_at > t.due_at OR t.close_reason = 'timedOut')::int AS late,
             count(*) FILTER (WHERE t.close_reason = 'timedOut')::int AS timed_out
        FROM ${taskFrom} WHERE ${taskWhere(taskParams)}
       GROUP BY t.status, t.step_kind`;

    const instanceParams: unknown[] = [];
    const instanceSql = `SELECT i.status, count(*)::int AS n FROM ${instanceFrom}
      WHERE ${instanceWhere(instanceParams)} GROUP BY i.status`;

    const stepParams: unknown[] = [];
    const stepSql = `SELECT i.definition_version_id AS version, s.state, count(*)::int AS n
        FROM ${instanceFrom}, unnest(i.current_states) AS s(state)
       WHERE ${instanceWhere(stepParams)} AND i.status = 'active'
       GROUP BY i.definition_version_id, s.state`;

    const escParams: unknown[] = [];
    const escParts = [scopeSql(scope, 'e.county_id', 'o.path', escParams)];
    let escFrom = `escalation e${scope.paths === null ? '' : ' JOIN org_unit o ON o.id = e.org_unit_id'}`;
    if (campaign) {
      escParams.push(campaign.id);
      escFrom += ` JOIN process_instance i ON i.id = e.instance_id AND i.campaign_id = $${escParams.length}`;
    }
    const escSql = `SELECT count(*) FILTER (WHERE e.status = 'open') AS open,
                           count(*) FILTER (WHERE e.status = 'closed') AS closed
                      FROM ${escFrom} WHERE ${escParts.join(' AND ')}`;

    const ballotParams: unknown[] = [];
    const ballotSql = `SELECT count(*)::int AS n FROM ballot b JOIN task t ON t.id = b.task_id
      ${scope.paths === null ? '' : 'JOIN org_unit o ON o.id = t.org_unit_id'}
      WHERE ${taskWhere(ballotParams)}`;

    const itemParams: unknown[] = [];
    const itemSql = `SELECT count(*) FILTER (WHERE r.status IN ('open','rejected'))::int AS open,
                            count(*) FILTER (WHERE r.status = 'done')::int AS done,
                            count(*) FILTER (WHERE r.status = 'verified')::int AS verified
                       FROM rectification_item r JOIN process_instance i ON i.id = r.instance_id
                      ${scope.paths === null ? '' : 'JOIN org_unit o ON o.id = i.org_unit_id'}
                      WHERE ${instanceWhere(itemParams)}`;

    const townParams: unknown[] = [now];
    // Counted by organisation first (an index-only scan of the open tasks by due time), then by
    // township, named last: the joins stay on one row per organisation, then on a dozen.
    const townSql = `
      SELECT tw.id, COALESCE(tw.name, x.name) AS name, x.n
        FROM (SELECT NULLIF(split_part(o.path, '/', 3), '') AS township, min(o.name) AS name, sum(t.n)::int AS n
                FROM (SELECT t.org_unit_id, count(*) AS n FROM ${taskFrom}
                       WHERE ${taskWhere(townParams)} AND ${OPEN} AND t.due_at < $1
                       GROUP BY t.org_unit_id) t
                JOIN org_unit o ON o.id = t.org_unit_id
               GROUP BY 1 ORDER BY n DESC, 1 LIMIT 12) x
        LEFT JOIN org_unit tw ON tw.id = x.township::uuid
       ORDER BY x.n DESC, name`;

    // The scan of every task on a connection of its own, the smaller queries on another.
    const [taskRows, [instances, steps, [esc], towns, [ballots], [items]]] = await allQueries(
      this.db,
      [
        () => readOnly(this.db, (manager) => manager.query<TaskCountRow[]>(taskSql, taskParams)),
        () =>
          readOnly(this.db, (manager) =>
            inTurn([
              () => manager.query<{ status: string; n: number }[]>(instanceSql, instanceParams),
              () =>
                manager.query<{ version: string; state: string; n: number }[]>(stepSql, stepParams),
              () => manager.query<Record<string, string>[]>(escSql, escParams),
              () =>
                manager.query<{ id: string | null; name: string; n: number }[]>(
                  townSql,
                  townParams,
                ),
              () => manager.query<{ n: number }[]>(ballotSql, ballotParams),
              () =>
                manager.query<{ open: number; done: number; verified: number }[]>(
                  itemSql,
                  itemParams,
                ),
            ]),
          ),
      ],
    );
    const tasks = taskCounts(taskRows);

    const byStatus = new Map(instances.map((r) => [r.status, r.n]));
    const { doneOnTime, doneLate } = tasks;
    return {
      now: now.toISOString(),
      campaign: campaign ? { id: campaign.id, name: campaign.name } : null,
      instances: {
        total: instances.reduce((sum, r) => sum + r.n, 0),
        active: byStatus.get('active') ?? 0,
        done: byStatus.get('done') ?? 0,
        cancelled: byStatus.get('cancelled') ?? 0,
      },
      funnel: await this.funnel(steps, campaign),
      tasks: {
        open: tasks.open,
        overdue: tasks.overdue,
        dueSoon: tasks.dueSoon,
        escalated: tasks.escalated,
        done: tasks.done,
        doneOnTime,
        doneLate,
        onTimeRate:
          doneOnTime + doneLate === 0
            ? null
            : Math.round((doneOnTime / (doneOnTime + doneLate)) * 10_000) / 10_000,
      },
      escalations: { open: int(esc.open), closed: int(esc.closed) },
      ballots: {
        received: ballots.n,
        ratingTasks: { done: tasks.ratingReceived, total: tasks.ratingExpected },
      },
      rectification: {
        items: { open: items.open, done: items.done, verified: items.verified },
        tasks: { open: tasks.rectOpen, done: tasks.rectDone },
      },
      overdueByTownship: towns.map((r) => ({ orgId: r.id, name: r.name, count: r.n })),
    };
  }

  /**
   * Instances by step: by the step itself for one campaign (process order), by step kind across
   * campaigns (their definitions differ; kinds are shared).
   */
  private async funnel(
    rows: { version: string; state: string; n: number }[],
    campaign: CampaignRow | null,
  ): Promise<Overview['funnel']> {
    const versions = [...new Set(rows.map((r) => r.version))];
    const columns = new Map<string, StepColumn[]>();
    for (const version of versions) {
      columns.set(version, stepColumns(await this.definitions.get(version)));
    }
    const out = new Map<
      string,
      { key: string; title: LocalizedText; kind: string; count: number; order: number }
    >();
    for (const row of rows) {
      const cols = columns.get(row.version) ?? [];
      const index = cols.findIndex((c) => c.stateKey === row.state);
      const column = cols[index];
      const kind = column?.kind ?? 'end';
      const key = campaign ? row.state : kind;
      const title = campaign
        ? (column?.title ?? { zh: row.state, en: row.state })
        : (stepKindCatalogue[kind as StepKind]?.label ?? { zh: kind, en: kind });
      const order = campaign ? index : STEP_KINDS.indexOf(kind as StepKind);
      const entry = out.get(key) ?? { key, title, kind, count: 0, order };
      entry.count += row.n;
      out.set(key, entry);
    }
    return [...out.values()]
      .sort((a, b) => a.order - b.order || a.key.localeCompare(b.key))
      .map(({ order: _order, ...rest }) => rest);
  }

  /**
   * One level of the organisation × step heatmap: a row per child of `parentId` (or the scope's
   * roots), each cell aggregated over the row's subtree by two GROUP BYs in SQL: the state of
   * each (instance, step) from its tasks, then counts per (row, step, state).
   */
  async heatmap(principal: Principal, query: HeatmapQuery): Promise<Heatmap> {
    const scope = supervisionScope(principal);
    const campaign = await loadCampaign(this.db.manager, scope, query.campaignId);
    const now = this.clock.now();
    const soon = new Date(now.getTime() + DUE_SOON_MS);
    const columns = stepColumns(await this.definitions.get(campaign.definition_version_id)).filter(
      (c) => c.task,
    );

    let parent: { id: string; name: string; path: string; depth: number } | null = null;
    let roots: { id: string; name: string; kind: string; path: string; depth: number }[];
    if (query.parentId) {
      const [row] = await this.db.query<
        { id: string; name: string; path: string; depth: number; county_id: string }[]
      >(`SELECT id, name, path, depth, county_id FROM org_unit WHERE id = $1`, [query.parentId]);
      if (
        !row ||
        (scope.countyId !== null && row.county_id !== scope.countyId) ||
        !(scope.paths === null || scope.paths.some((p) => row.path.startsWith(p)))
      ) {
        throw new NotFoundException('Organisation');
      }
      parent = row;
      roots = [];
    } else {
      // The campaign's scope when I cover it, else the parts of it I supervise.
      const paths =
        scope.paths === null || scope.paths.some((p) => campaign.scope_path.startsWith(p))
          ? [campaign.scope_path]
          : scope.paths.filter((p) => p.startsWith(campaign.scope_path));
      roots = await this.db.query(
        `SELECT id, name, kind, path, depth FROM org_unit WHERE path = ANY($1) ORDER BY path`,
        [paths],
      );
    }

    const rows: HeatmapRow[] = [];
    if (parent) {
      rows.push(...(await this.level(campaign, parent.path, parent.depth, now, soon)));
    } else {
      for (const root of roots) {
        const [own] = await this.level(campaign, root.path, root.depth - 1, now, soon, true);
        rows.push(
          own ?? {
            orgId: root.id,
            name: root.name,
            kind: root.kind,
            depth: root.depth,
            instanceId: null,
            instanceStatus: null,
            instances: 0,
            hasChildren: false,
            cells: {},
          },
        );
      }
    }
    return {
      now: now.toISOString(),
      campaign: { id: campaign.id, name: campaign.name },
      columns,
      parent: parent ? { id: parent.id, name: parent.name } : null,
      rows,
    };
  }

  /**
   * Rows for the organisations one level below the one at `path` (depth `depth`). With
   * `asRoot`, `path` is itself the only row (aggregated over its subtree): `depth` is then its
   * parent's depth.
   */
  private async level(
    campaign: CampaignRow,
    path: string,
    depth: number,
    now: Date,
    soon: Date,
    asRoot = false,
  ): Promise<HeatmapRow[]> {
    // Path '/a/b/c/' splits into ['', a, b, c, '']: the organisation at depth d is part d + 2.
    const part = depth + 3;
    // Children only: at least one more character than the parent's path.
    const pattern = asRoot ? `${path}%` : `${path}_%`;
    // A root that covers the whole campaign needs no organisation join at all.
    const whole = asRoot && campaign.scope_path.startsWith(path);
    const rootId = path.split('/').at(-2) ?? '';
    // Revisited steps are rare: when the campaign has none (one probe of a small partial index),
    // no task needs checking against a later visit of its step.
    const [{ revisits }] = await this.db.query<{ revisits: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM task WHERE campaign_id = $1 AND visit > 1) AS revisits`,
      [campaign.id],
    );
    // The cells on a connection of their own (they read every task), the rows on another.
    const [cells, instances] = await allQueries(this.db, [
      // One task per (instance, step): the step's own task of its latest visit. Own tasks are
      // told from a step's extra tasks (`stateKey#key`; state keys have no '#') by a pattern, not
      // by task_key = state_key: PostgreSQL cannot estimate a comparison of two columns, guessed
      // 0.5 % of a million tasks and sorted them on disk instead of hashing them. Counted by
      // status (see CELL_COUNTS); a county's townships are known to the planner by their
      // statistics (migration TownshipStatistics), so a province's million tasks are hashed
      // into their few thousand groups, in parallel.
      () =>
        readOnly(this.db, (manager) =>
          manager.query<(CellCountRow & { child: string; state_key: string })[]>(
            `SELECT ${whole ? '$2::text' : `split_part(o.path, '/', $3)`} AS child, t.state_key, t.status,
                    ${CELL_COUNTS}
               FROM task t
               ${whole ? '' : 'JOIN org_unit o ON o.id = t.org_unit_id'}
              WHERE t.campaign_id = $1 AND t.task_key NOT LIKE '%#%'
                ${revisits ? `AND t.id NOT IN (${SUPERSEDED_TASKS})` : ''}
                AND ${whole ? '$3::int IS NOT NULL' : 'o.path LIKE $2'}
              GROUP BY 1, 2, 3`,
            [campaign.id, whole ? rootId : pattern, part, now, soon],
          ),
        ),
      () =>
        readOnly(this.db, (manager) =>
          manager.query<
            {
              child: string;
              n: number;
              own: string | null;
              own_status: string | null;
              below: number;
            }[]
          >(
            `SELECT split_part(o.path, '/', $3) AS child, count(*)::int AS n,
                    max(i.id::text) FILTER (WHERE o.depth = $4) AS own,
                    max(i.status) FILTER (WHERE o.depth = $4) AS own_status,
                    count(*) FILTER (WHERE o.depth > $4)::int AS below
               FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
              WHERE i.campaign_id = $1 AND o.path LIKE $2
              GROUP BY 1`,
            [campaign.id, pattern, part, depth + 1],
          ),
        ),
    ]);
    const ids = instances.map((r) => r.child).filter((id) => id !== '');
    const orgs = ids.length
      ? await this.db.query<
          { id: string; name: string; kind: string; depth: number; code: string }[]
        >(`SELECT id, name, kind, depth, code FROM org_unit WHERE id = ANY($1::uuid[])`, [ids])
      : [];
    const orgById = new Map(orgs.map((o) => [o.id, o]));
    const cellsByChild = new Map<string, HeatmapRow['cells']>();
    for (const c of cells) {
      const row = cellsByChild.get(c.child) ?? {};
      for (const [state, n] of Object.entries(cellCounts(c)) as [CellState, number][]) {
        const cell = row[c.state_key] ?? { state, counts: {} };
        cell.counts[state] = (cell.counts[state] ?? 0) + n;
        if (CELL_STATES.indexOf(state) < CELL_STATES.indexOf(cell.state)) cell.state = state;
        row[c.state_key] = cell;
      }
      cellsByChild.set(c.child, row);
    }
    return instances
      .filter((r) => orgById.has(r.child))
      .map((r) => {
        const org = orgById.get(r.child)!;
        return {
          orgId: org.id,
          name: org.name,
          kind: org.kind,
          depth: org.depth,
          instanceId: r.own,
          instanceStatus: r.own_status,
          instances: r.n,
          hasChildren: r.below > 0,
          cells: cellsByChild.get(r.child) ?? {},
          code: org.code,
        };
      })
      .sort((a, b) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name))
      .map(({ code: _code, ...row }) => row);
  }

  /** Open tasks with their deadlines, filtered and sorted in SQL, one page at a time. */
  async deadlines(principal: Principal, query: DeadlinesQuery): Promise<DeadlinePage> {
    const scope = supervisionScope(principal);
    if (query.campaignId) await loadCampaign(this.db.manager, scope, query.campaignId);
    const now = this.clock.now();
    const orgIds = await this.organisations(scope, query.townshipId);
    const params: unknown[] = [];
    const where = [OPEN, scopeSql({ ...scope, paths: null }, 't.county_id', 'o.path', params)];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (orgIds) where.push(`t.org_unit_id = ANY(${param(orgIds)}::uuid[])`);
    if (query.campaignId) where.push(`t.campaign_id = ${param(query.campaignId)}`);
    if (query.stepKind) where.push(`t.step_kind = ${param(query.stepKind)}`);
    if (query.assignee === 'unassigned') where.push(`t.assignee_user_id IS NULL`);
    else if (query.assignee) where.push(`t.assignee_user_id = ${param(query.assignee)}`);
    switch (query.state) {
      case 'overdue':
        where.push(`t.due_at < ${param(now)}`);
        break;
      case 'dueSoon':
        where.push(
          `t.due_at >= ${param(now)} AND t.due_at < ${param(new Date(now.getTime() + DUE_SOON_MS))}`,
        );
        break;
      case 'escalated':
        where.push(`t.escalation_level >= 2`);
        break;
      case 'all':
        break;
    }
    const dir = query.order === 'desc' ? 'DESC' : 'ASC';
    const orderBy = {
      dueAt: `t.due_at ${dir} NULLS LAST`,
      org: `o.name ${dir}`,
      township: `tw.name ${dir} NULLS LAST, o.name`,
      step: `t.title_zh ${dir}`,
    }[query.sort];
    const from = `task t JOIN org_unit o ON o.id = t.org_unit_id
      LEFT JOIN org_unit tw ON tw.id = NULLIF(split_part(o.path, '/', 3), '')::uuid`;
    // A partial scope's tasks are few (a township's overdue ones: hundreds): all of them are read
    // by organisation first, then sorted. Left to choose, the planner may walk the county's tasks
    // in due order for the page (LIMIT makes that look cheap), which is slower here.
    const scoped = orgIds
      ? `WITH scoped AS MATERIALIZED (SELECT t.id FROM task t WHERE ${where.join(' AND ')})`
      : '';
    const countParams = [...params];
    const nowParam = param(now);
    const limit = param(query.limit);
    const offset = param(query.offset);
    const [items, [count]] = await allQueries(this.db, [
      () =>
        this.db.query<DeadlineItem[]>(
          `${scoped}
           SELECT t.id, t.instance_id AS "instanceId", t.campaign_id AS "campaignId", c.name AS "campaignName",
                t.org_unit_id AS "orgId", o.name AS "orgName", tw.name AS "townshipName",
                t.task_key AS "taskKey", t.step_kind AS "stepKind",
                json_build_object('zh', t.title_zh, 'en', t.title_en) AS title, t.status,
                t.due_at AS "dueAt", COALESCE(t.due_at < ${nowParam}::timestamptz, false) AS overdue,
                t.escalation_level AS "escalationLevel", t.assignee_user_id AS "assigneeId",
                u.display_name AS "assigneeName", t.candidate_roles AS "candidateRoles",
                t.last_urged_at AS "lastUrgedAt", t.opened_at AS "openedAt"
           FROM ${from} JOIN campaign c ON c.id = t.campaign_id
           LEFT JOIN app_user u ON u.id = t.assignee_user_id
          WHERE ${orgIds ? 't.id IN (SELECT id FROM scoped)' : where.join(' AND ')}
          ORDER BY ${orderBy}, t.id
          LIMIT ${limit} OFFSET ${offset}`,
          params,
        ),
      // Counted on the task alone: over a whole county an index-only scan by due time.
      () =>
        readOnly(
          this.db,
          (manager) =>
            manager.query<{ n: number }[]>(
              `SELECT count(*)::int AS n FROM task t WHERE ${where.join(' AND ')}`,
              countParams,
            ),
          'count',
        ),
    ]);
    return { now: now.toISOString(), total: count.n, items };
  }

  /**
   * The organisations of a partial scope (and of the township filtered on), read by path prefix;
   * null for a whole county. Lists filter their tasks by these ids, not by the path: the planner
   * then knows how few tasks they cover and reads them organisation by organisation. Its
   * estimate of a path prefix is coarse (hundreds of organisations for a township's hundred),
   * and with it a page of a township's overdue tasks could walk every overdue task of the county
   * in due order.
   */
  private async organisations(
    scope: SupervisionScope,
    townshipId: string | undefined,
  ): Promise<string[] | null> {
    if (scope.paths === null && !townshipId) return null;
    const params: unknown[] = [];
    const where = [scopeSql(scope, 'o.county_id', 'o.path', params)];
    if (townshipId) {
      const [township] = await this.db.query<{ path: string }[]>(
        `SELECT path FROM org_unit WHERE id = $1`,
        [townshipId],
      );
      if (!township) return [];
      params.push(`${township.path}%`);
      where.push(`o.path LIKE $${params.length}`);
    }
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT o.id FROM org_unit o WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows.map((r) => r.id);
  }

  /** What the deadlines list can be filtered by, with counts of open tasks. */
  async facets(principal: Principal, query: { campaignId?: string }): Promise<DeadlineFacets> {
    const scope = supervisionScope(principal);
    if (query.campaignId) await loadCampaign(this.db.manager, scope, query.campaignId);
    const params: unknown[] = [];
    const where = [OPEN, scopeSql(scope, 't.county_id', 'o.path', params)];
    if (query.campaignId) {
      params.push(query.campaignId);
      where.push(`t.campaign_id = $${params.length}`);
    }
    const townParams: unknown[] = [];
    const [kinds, assignees, townships] = await allQueries(this.db, [
      () =>
        this.db.query<{ kind: string; n: number }[]>(
          `SELECT t.step_kind AS kind, count(*)::int AS n FROM task t JOIN org_unit o ON o.id = t.org_unit_id
          WHERE ${where.join(' AND ')} GROUP BY t.step_kind`,
          params,
        ),
      () =>
        this.db.query<{ id: string | null; name: string | null; n: number }[]>(
          `SELECT t.assignee_user_id AS id, u.display_name AS name, count(*)::int AS n
           FROM task t JOIN org_unit o ON o.id = t.org_unit_id LEFT JOIN app_user u ON u.id = t.assignee_user_id
          WHERE ${where.join(' AND ')} GROUP BY t.assignee_user_id, u.display_name
          ORDER BY n DESC LIMIT 200`,
          params,
        ),
      () =>
        this.db.query<{ id: string; name: string }[]>(
          `SELECT o.id, o.name FROM org_unit o
          WHERE o.depth = 1 AND o.kind IN ('township','street') AND ${scopeSql(scope, 'o.county_id', 'o.path', townParams)}
          ORDER BY o.code`,
          townParams,
        ),
    ]);
    return {
      townships,
      stepKinds: kinds
        .map((k) => ({
          kind: k.kind,
          label: stepKindCatalogue[k.kind as StepKind]?.label ?? { zh: k.kind, en: k.kind },
          count: k.n,
        }))
        .sort(
          (a, b) => STEP_KINDS.indexOf(a.kind as StepKind) - STEP_KINDS.indexOf(b.kind as StepKind),
        ),
      assignees: assignees.map((a) => ({ id: a.id, name: a.name, count: a.n })),
    };
  }
}
