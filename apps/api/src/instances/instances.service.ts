import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { acceptedEvents, type AcceptedEvent, type EngineSnapshot } from '@shuping/engine';
import { DefinitionCache } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';

export interface InstanceView {
  id: string;
  status: string;
  version: number;
  currentStates: string[];
  campaign: { id: string; name: string };
  org: { id: string; name: string; kind: string };
  definitionVersionId: string;
  startedAt: string;
  endedAt: string | null;
  facts: unknown;
  acceptedEvents: AcceptedEvent[];
  tasks: {
    id: string;
    taskKey: string;
    stepKind: string;
    title: { zh: string; en: string };
    status: string;
    dueAt: string | null;
    overdue: boolean;
    completedBy: string | null;
    closedAt: string | null;
  }[];
  timers: { timerKey: string; purpose: string; dueAt: string }[];
  history: {
    seq: number;
    eventType: string;
    actor: string | null;
    fromStates: string[];
    toStates: string[];
    at: string;
  }[];
}

interface InstanceRow {
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
  definition_version_id: string;
  started_at: string;
  ended_at: string | null;
  snapshot: EngineSnapshot;
}

@Injectable()
export class InstancesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly definitions: DefinitionCache,
  ) {}

  /** State, tasks, pending timers and the full ordered history of one instance in my scope. */
  async get(principal: Principal, id: string): Promise<InstanceView> {
    const [row] = await this.db.query<InstanceRow[]>(
      `SELECT i.id, i.status, i.version, i.current_states, i.campaign_id, c.name AS campaign_name,
              o.id AS org_id, o.name AS org_name, o.kind AS org_kind, o.path AS org_path,
              i.definition_version_id, i.started_at, i.ended_at, i.snapshot
         FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id JOIN campaign c ON c.id = i.campaign_id
        WHERE i.id = $1 AND i.county_id = $2`,
      [id, principal.countyId],
    );
    if (!row || !coversOrg(principal, row.org_path)) throw new NotFoundException('Instance');
    const [tasks, timers, history] = await Promise.all([
      this.db.query<InstanceView['tasks']>(
        `SELECT id, task_key AS "taskKey", step_kind AS "stepKind", json_build_object('zh', title_zh, 'en', title_en) AS title,
                status, due_at AS "dueAt", (overdue OR (status IN ('open','claimed') AND due_at < now())) AS overdue,
                completed_by AS "completedBy", closed_at AS "closedAt"
           FROM task WHERE instance_id = $1 ORDER BY opened_at, task_key`,
        [id],
      ),
      this.db.query<InstanceView['timers']>(
        `SELECT timer_key AS "timerKey", purpose, due_at AS "dueAt" FROM timer
          WHERE instance_id = $1 AND status = 'pending' ORDER BY due_at`,
        [id],
      ),
      this.db.query<InstanceView['history']>(
        `SELECT e.seq, e.event_type AS "eventType", u.display_name AS actor, e.from_states AS "fromStates",
                e.to_states AS "toStates", e.created_at AS at
           FROM instance_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
          WHERE e.instance_id = $1 ORDER BY e.seq`,
        [id],
      ),
    ]);
    const definition = await this.definitions.get(row.definition_version_id);
    return {
      id: row.id,
      status: row.status,
      version: row.version,
      currentStates: row.current_states,
      campaign: { id: row.campaign_id, name: row.campaign_name },
      org: { id: row.org_id, name: row.org_name, kind: row.org_kind },
      definitionVersionId: row.definition_version_id,
      startedAt: row.started_at,
      endedAt: row.ended_at,
      facts: row.snapshot.context.facts,
      acceptedEvents: row.status === 'active' ? [...acceptedEvents(definition, row.snapshot)] : [],
      tasks,
      timers,
      history,
    };
  }
}
