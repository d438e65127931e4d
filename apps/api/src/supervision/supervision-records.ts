import type { EngineSnapshot } from '@shuping/engine';
import type { EntityManager } from 'typeorm';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { SupervisionErrorCode, SupervisionException } from './supervision.exception.js';

/** Actions written to a supervision record's log (escalation_action.action). */
export type EscalationActionKind =
  'opened' | 'claimed' | 'urged' | 'extended' | 'reassigned' | 'moved' | 'cancelled' | 'closed';

/** A task locked for an administrative change, with its organisation and instance. */
export interface LockedTask {
  id: string;
  county_id: string;
  instance_id: string;
  campaign_id: string;
  org_unit_id: string;
  org_name: string;
  org_path: string;
  task_key: string;
  state_key: string;
  step_kind: string;
  title_zh: string;
  title_en: string;
  status: string;
  due_at: Date | null;
  assignee_user_id: string | null;
  escalation_level: number;
  candidate_roles: string[];
  candidate_org_id: string;
  candidate_org_path: string;
  candidate_match: 'exact' | 'children' | 'subtree';
  rater_groups: string[] | null;
}

/** Locks a task of the county (404 outside it); the caller checks scope and roles. */
export async function lockTask(
  manager: EntityManager,
  countyId: string | null,
  id: string,
): Promise<LockedTask> {
  const [task] = await manager.query<LockedTask[]>(
    `SELECT t.id, t.county_id, t.instance_id, t.campaign_id, t.org_unit_id, o.name AS org_name, o.path AS org_path,
            t.task_key, t.state_key, t.step_kind, t.title_zh, t.title_en, t.status, t.due_at,
            t.assignee_user_id, t.escalation_level, t.candidate_roles, t.candidate_org_id,
            t.candidate_org_path, t.candidate_match, t.rater_groups
       FROM task t JOIN org_unit o ON o.id = t.org_unit_id
      WHERE t.id = $1 AND ($2::uuid IS NULL OR t.county_id = $2)
      FOR UPDATE OF t`,
    [id, countyId],
  );
  if (!task) throw new NotFoundException('Task');
  return task;
}

/** 409 unless the task is still open. */
export function requireOpen(task: LockedTask): void {
  if (task.status !== 'open' && task.status !== 'claimed') {
    throw new SupervisionException(
      SupervisionErrorCode.TaskClosed,
      'This task has already been completed or closed',
    );
  }
}

/** An instance locked for an administrative change. */
export interface LockedInstance {
  id: string;
  county_id: string;
  campaign_id: string;
  org_unit_id: string;
  org_path: string;
  definition_version_id: string;
  snapshot: EngineSnapshot;
  version: number;
  status: 'active' | 'done' | 'cancelled';
  current_states: string[];
}

/** Locks an instance (the same lock the runtime takes, so events and admin changes serialise). */
export async function lockInstance(
  manager: EntityManager,
  countyId: string | null,
  id: string,
): Promise<LockedInstance> {
  const [row] = await manager.query<LockedInstance[]>(
    `SELECT i.id, i.county_id, i.campaign_id, i.org_unit_id, o.path AS org_path, i.definition_version_id,
            i.snapshot, i.version, i.status, i.current_states
       FROM process_instance i JOIN org_unit o ON o.id = i.org_unit_id
      WHERE i.id = $1 AND ($2::uuid IS NULL OR i.county_id = $2)
      FOR UPDATE OF i`,
    [id, countyId],
  );
  if (!row) throw new NotFoundException('Instance');
  return row;
}

/** 409 unless the instance is still running. */
export function requireActive(instance: LockedInstance): void {
  if (instance.status !== 'active') {
    throw new SupervisionException(
      SupervisionErrorCode.InstanceEnded,
      'This process has already ended',
    );
  }
}

/**
 * Appends an administrative entry to the instance's history, as the next event of the
 * instance (its version moves on, so the history stays one gapless sequence).
 */
export async function appendHistory(
  manager: EntityManager,
  instance: LockedInstance,
  entry: {
    eventType: string;
    event: Record<string, unknown>;
    actorUserId: string;
    toStates?: string[];
    effects?: unknown[];
    result?: Record<string, unknown>;
    snapshot?: EngineSnapshot;
    status?: 'active' | 'done' | 'cancelled';
  },
  now: Date,
): Promise<number> {
  const version = instance.version + 1;
  await manager.query(
    `UPDATE process_instance SET version = $2, snapshot = COALESCE($3::jsonb, snapshot), status = $4,
            ended_at = CASE WHEN $4::varchar <> 'active' THEN $5 ELSE ended_at END, updated_at = $5
      WHERE id = $1`,
    [
      instance.id,
      version,
      entry.snapshot ? JSON.stringify(entry.snapshot) : null,
      entry.status ?? instance.status,
      now,
    ],
  );
  await manager.query(
    `INSERT INTO instance_event (county_id, instance_id, seq, event_type, event, actor_user_id, from_states,
                                 to_states, effects, result, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      instance.county_id,
      instance.id,
      version,
      entry.eventType,
      JSON.stringify({ type: entry.eventType, ...entry.event }),
      entry.actorUserId,
      instance.current_states,
      entry.toStates ?? instance.current_states,
      JSON.stringify(entry.effects ?? []),
      entry.result ? JSON.stringify(entry.result) : null,
      now,
    ],
  );
  return version;
}

/**
 * Logs an action on the open supervision records of a task (or of the whole instance when
 * `taskKey` is null); the actor becomes the owner of records nobody owns yet.
 */
export async function logOnEscalations(
  manager: EntityManager,
  scope: { instanceId: string; taskKey: string | null },
  action: EscalationActionKind,
  actorUserId: string,
  note: string | null,
  now: Date,
): Promise<number> {
  const rows = await manager.query<{ id: string; county_id: string }[]>(
    `SELECT id, county_id FROM escalation
      WHERE instance_id = $1 AND status = 'open' AND ($2::varchar IS NULL OR task_key = $2)
      FOR UPDATE`,
    [scope.instanceId, scope.taskKey],
  );
  for (const row of rows) {
    await manager.query(
      `UPDATE escalation SET owner_user_id = COALESCE(owner_user_id, $2) WHERE id = $1`,
      [row.id, actorUserId],
    );
    await manager.query(
      `INSERT INTO escalation_action (county_id, escalation_id, actor_user_id, action, note, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [row.county_id, row.id, actorUserId, action, note, now],
    );
  }
  return rows.length;
}
