import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { EngineSnapshot, LocalizedText, WorkflowDefinition } from '@shuping/engine';
import { Clock, DefinitionCache } from '@shuping/worker';
import { allQueries } from './supervision-db.util.js';
import { DataSource } from 'typeorm';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { moveOptions, stepColumns, type MoveOption } from './supervision-definition.util.js';
import { ACTOR_ROLES, ADMIN_ROLES, supervisionScope } from './supervision-scope.js';

export interface InstanceTask {
  id: string;
  taskKey: string;
  stateKey: string;
  visit: number;
  stepKind: string;
  title: LocalizedText;
  status: string;
  closeReason: string | null;
  openedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  /** Finished after its deadline (or timed out); null while open or without a deadline. */
  late: boolean | null;
  escalationLevel: number;
  assigneeName: string | null;
  completedByName: string | null;
  lastUrgedAt: string | null;
}

export interface InstanceHistoryEntry {
  seq: number;
  eventType: string;
  actor: string | null;
  at: string;
  fromStates: string[];
  toStates: string[];
  taskKey: string | null;
  /** For completions: whether the task was finished after its deadline. */
  late: boolean | null;
  /** Administrative entries and moves: the reason given. */
  reason: string | null;
  detail: Record<string, unknown>;
}

export interface SupervisedInstance {
  now: string;
  id: string;
  status: string;
  version: number;
  campaign: { id: string; name: string };
  org: { id: string; name: string; kind: string; townshipName: string | null };
  startedAt: string;
  endedAt: string | null;
  definition: WorkflowDefinition;
  currentStates: string[];
  completedStates: string[];
  steps: { stateKey: string; title: LocalizedText; kind: string; task: boolean; state: string }[];
  facts: EngineSnapshot['context']['facts'];
  tasks: InstanceTask[];
  timers: { timerKey: string; purpose: string; taskKey: string | null; dueAt: string }[];
  history: InstanceHistoryEntry[];
  escalations: {
    id: string;
    status: string;
    taskKey: string | null;
    openedAt: string;
    closedAt: string | null;
  }[];
  /** What I may do here. */
  can: { extend: boolean; reassign: boolean; escalate: boolean; move: boolean; cancel: boolean };
  moves: MoveOption[];
}

@Injectable()
export class SupervisionInstanceService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly definitions: DefinitionCache,
  ) {}

  /** The read-only picture of one instance: where it is, what happened, what is pending. */
  async get(principal: Principal, id: string): Promise<SupervisedInstance> {
    const scope = supervisionScope(principal);
    const [row] = await this.db.query<
      {
        id: string;
        status: string;
        version: number;
        current_states: string[];
        campaign_id: string;
        campaign_name: string;
        org_id: string;
        org_name: string;
        org_kind: string;
        org_path: string;
        township_name: string | null;
        definition_version_id: string;
        started_at: string;
        ended_at: string | null;
        snapshot: EngineSnapshot;
      }[]
    >(
      `SELECT i.id, i.status, i.version, i.current_states, i.campaign_id, c.name AS campaign_name,
              o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.path AS org_path, tw.name AS township_name,
              i.definition_version_id, i.started_at, i.ended_at, i.snapshot
         FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id JOIN campaign c ON c.id = i.campaign_id
         LEFT JOIN org_unit tw ON tw.id = NULLIF(split_part(o.path, '/', 3), '')::uuid
        WHERE i.id = $1 AND ($2::uuid IS NULL OR i.county_id = $2)`,
      [id, scope.countyId],
    );
    if (!row || (scope.paths !== null && !scope.paths.some((p) => row.org_path.startsWith(p)))) {
      throw new NotFoundException('Instance');
    }
    const now = this.clock.now();
    const [tasks, timers, events, escalations] = await allQueries(this.db, [
      () =>
        this.db.query<(InstanceTask & { completedBy: string | null })[]>(
          `SELECT t.id, t.task_key AS "taskKey", t.state_key AS "stateKey", t.visit, t.step_kind AS "stepKind",
                json_build_object('zh', t.title_zh, 'en', t.title_en) AS title, t.status,
                t.close_reason AS "closeReason", t.opened_at AS "openedAt", t.due_at AS "dueAt",
                t.closed_at AS "closedAt",
                (t.status IN ('open','claimed') AND t.due_at < $2) AS overdue,
                CASE WHEN t.close_reason = 'timedOut' THEN true
                     WHEN t.status = 'done' AND t.due_at IS NOT NULL THEN t.closed_at > t.due_at
                     ELSE NULL END AS late,
                t.escalation_level AS "escalationLevel", a.display_name AS "assigneeName",
                cb.display_name AS "completedByName", t.completed_by AS "completedBy",
                t.last_urged_at AS "lastUrgedAt"
           FROM task t LEFT JOIN app_user a ON a.id = t.assignee_user_id
           LEFT JOIN app_user cb ON cb.id = t.completed_by
          WHERE t.instance_id = $1 ORDER BY t.opened_at, t.task_key`,
          [id, now],
        ),
      () =>
        this.db.query<SupervisedInstance['timers']>(
          `SELECT timer_key AS "timerKey", purpose, task_key AS "taskKey", due_at AS "dueAt" FROM timer
          WHERE instance_id = $1 AND status = 'pending' ORDER BY due_at`,
          [id],
        ),
      () =>
        this.db.query<
          {
            seq: number;
            event_type: string;
            event: Record<string, unknown>;
            actor: string | null;
            at: Date;
            from_states: string[];
            to_states: string[];
          }[]
        >(
          `SELECT e.seq, e.event_type, e.event, u.display_name AS actor, e.created_at AS at,
                e.from_states, e.to_states
           FROM instance_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
          WHERE e.instance_id = $1 ORDER BY e.seq`,
          [id],
        ),
      () =>
        this.db.query<SupervisedInstance['escalations']>(
          `SELECT id, status, task_key AS "taskKey", opened_at AS "openedAt", closed_at AS "closedAt"
           FROM escalation WHERE instance_id = $1 ORDER BY opened_at`,
          [id],
        ),
    ]);
    const definition = await this.definitions.get(row.definition_version_id);
    const history = events.map((e): InstanceHistoryEntry => {
      const taskKey = typeof e.event.taskKey === 'string' ? e.event.taskKey : null;
      const data = (e.event.data ?? {}) as Record<string, unknown>;
      const reason =
        typeof e.event.reason === 'string'
          ? e.event.reason
          : typeof data.adminReason === 'string'
            ? data.adminReason
            : null;
      // The completion this event recorded: the task of that key closed at this instant.
      const task =
        e.event_type === 'SUBMIT' && taskKey
          ? tasks.find(
              (t) =>
                t.taskKey === taskKey &&
                t.closedAt !== null &&
                new Date(t.closedAt).getTime() === new Date(e.at).getTime(),
            )
          : undefined;
      const { type: _type, data: _data, ...detail } = e.event;
      return {
        seq: e.seq,
        eventType: e.event_type,
        actor: e.actor,
        at: new Date(e.at).toISOString(),
        fromStates: e.from_states,
        toStates: e.to_states,
        taskKey,
        late: task ? task.late : null,
        reason,
        detail,
      };
    });
    const current = new Set(row.current_states);
    const visited = new Set(events.flatMap((e) => e.to_states));
    const completed = [...visited].filter((s) => !current.has(s));
    const active = row.status === 'active';
    const steps = stepColumns(definition).map((c) => ({
      ...c,
      state: current.has(c.stateKey) ? 'current' : visited.has(c.stateKey) ? 'done' : 'pending',
    }));
    return {
      now: now.toISOString(),
      id: row.id,
      status: row.status,
      version: row.version,
      campaign: { id: row.campaign_id, name: row.campaign_name },
      org: {
        id: row.org_id,
        name: row.org_name,
        kind: row.org_kind,
        townshipName: row.township_name,
      },
      startedAt: row.started_at,
      endedAt: row.ended_at,
      definition,
      currentStates: row.current_states,
      completedStates: completed,
      steps,
      facts: row.snapshot.context.facts,
      tasks: tasks.map(({ completedBy: _c, ...t }) => t),
      timers,
      history,
      escalations,
      can: {
        extend: active && coversOrg(principal, row.org_path, ACTOR_ROLES),
        reassign: active && coversOrg(principal, row.org_path, ACTOR_ROLES),
        escalate: active && coversOrg(principal, row.org_path, ACTOR_ROLES),
        move: active && coversOrg(principal, row.org_path, ADMIN_ROLES),
        cancel: active && coversOrg(principal, row.org_path, ADMIN_ROLES),
      },
      moves: active ? moveOptions(definition, row.snapshot) : [],
    };
  }
}
