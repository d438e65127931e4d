import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException } from '@shuping/contracts';
import type { Role } from '@shuping/db';
import type { JsonObject } from '@shuping/engine';
import {
  chinaTime,
  Clock,
  DefinitionCache,
  insertNotifications,
  InstanceRuntime,
  RuntimeEvents,
  type AdvanceOutcome,
  type ArmedTimer,
} from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { TasksService } from '../tasks/tasks.service.js';
import { requireVisible } from './supervision-escalations.service.js';
import { moveOptions, planDeadline, withDeadline } from './supervision-definition.util.js';
import { SupervisionLiveService } from './supervision-live.service.js';
import {
  appendHistory,
  lockInstance,
  lockTask,
  logOnEscalations,
  requireActive,
  requireOpen,
  type LockedTask,
} from './supervision-records.js';
import { ACTOR_ROLES, ADMIN_ROLES, requireActor, supervisionScope } from './supervision-scope.js';
import { SupervisionErrorCode, SupervisionException } from './supervision.exception.js';
import type {
  AssignableQuery,
  BulkUrge,
  CancelInstance,
  ExtendDeadline,
  Move,
  Reassign,
} from './supervision.schemas.js';

export interface UrgeResult {
  taskId: string;
  ok: boolean;
  notified?: number;
  code?: string;
  message?: string;
}

export interface DeadlineChange {
  taskId: string;
  instanceId: string;
  previousDueAt: string | null;
  dueAt: string;
  /** Timers armed for the new deadline (deadline, reminders ahead, end of grace). */
  timers: { timerKey: string; purpose: string; dueAt: string }[];
}

export interface AssignableUser {
  id: string;
  username: string;
  displayName: string;
  orgName: string | null;
  roles: string[];
  /** Holds one of the roles the task is offered to. */
  candidate: boolean;
}

/**
 * Actions from the dashboard: urging in bulk, extending a deadline (re-arming its timers),
 * reassigning a task, moving an instance on, cancelling it. Each is one transaction that also
 * writes the instance history, the audit log and the log of open supervision records.
 */
@Injectable()
export class SupervisionActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly tasks: TasksService,
    private readonly runtime: InstanceRuntime,
    private readonly events: RuntimeEvents,
    private readonly definitions: DefinitionCache,
    private readonly live: SupervisionLiveService,
  ) {}

  /** Urges (催办) each task in turn; one failure does not stop the others. */
  async urge(principal: Principal, body: BulkUrge): Promise<UrgeResult[]> {
    const scope = supervisionScope(principal);
    const results: UrgeResult[] = [];
    for (const taskId of [...new Set(body.taskIds)]) {
      try {
        const { notified } = await this.tasks.urge(principal, taskId);
        await this.db.transaction(async (manager) => {
          const [task] = await manager.query<{ instance_id: string; task_key: string }[]>(
            `SELECT instance_id, task_key FROM task WHERE id = $1`,
            [taskId],
          );
          await logOnEscalations(
            manager,
            { instanceId: task.instance_id, taskKey: task.task_key },
            'urged',
            principal.userId,
            null,
            this.clock.now(),
          );
        });
        results.push({ taskId, ok: true, notified });
      } catch (error) {
        if (!(error instanceof AppException)) throw error;
        results.push({ taskId, ok: false, code: error.code, message: error.message });
      }
    }
    if (results.some((r) => r.ok) && scope.countyId) this.live.publish(scope.countyId);
    return results;
  }

  /**
   * Moves a task's deadline: the task's due time and the engine's task and timer tables are
   * updated, the old deadline / reminder / grace timers are cancelled and new ones inserted
   * (in Redis mode RuntimeEvents arms them in BullMQ after commit), the task is no longer
   * overdue, and the people who must act are told the new deadline.
   */
  async extend(
    principal: Principal,
    taskId: string,
    body: ExtendDeadline,
  ): Promise<DeadlineChange> {
    const scope = supervisionScope(principal);
    const dueAt = new Date(body.dueAt);
    const { change, armed, countyId } = await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const task = await this.actionableTask(manager, principal, scope.paths, taskId, ACTOR_ROLES);
      if (dueAt.getTime() <= now.getTime()) {
        throw new SupervisionException(
          SupervisionErrorCode.DeadlineInPast,
          'The new deadline must be in the future',
          [{ path: 'dueAt', message: 'must be later than now' }],
        );
      }
      const instance = await lockInstance(manager, task.county_id, task.instance_id);
      requireActive(instance);
      const definition = await this.definitions.get(instance.definition_version_id, manager);
      // The county's working calendar, as the runtime reads it for working-day durations.
      const days = await manager.query<{ day: string; kind: 'holiday' | 'workday' }[]>(
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM county_calendar_day WHERE county_id = $1`,
        [instance.county_id],
      );
      const plan = planDeadline(definition, instance.snapshot, task.task_key, dueAt, now, {
        extraHolidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
        extraWorkdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
      });
      const keys = [...new Set([...plan.cancel, ...plan.arm.map(([key]) => key)])];
      await manager.query(
        `UPDATE timer SET status = 'cancelled'
          WHERE instance_id = $1 AND status = 'pending' AND timer_key = ANY($2)`,
        [instance.id, keys],
      );
      const inserted = plan.arm.length
        ? await manager.query<
            { id: string; instance_id: string; due_at: Date; timer_key: string; purpose: string }[]
          >(
            `INSERT INTO timer (county_id, instance_id, timer_key, task_key, purpose, due_at, status, created_at)
             SELECT $1, $2, k, $3, p, d, 'pending', $4
               FROM unnest($5::text[], $6::text[], $7::timestamptz[]) AS x(k, p, d)
             RETURNING id, instance_id, due_at, timer_key, purpose`,
            [
              instance.county_id,
              instance.id,
              task.task_key,
              now,
              plan.arm.map(([key]) => key),
              plan.arm.map(([, t]) => t.purpose),
              plan.arm.map(([, t]) => t.dueAt),
            ],
          )
        : [];
      await manager.query(
        `UPDATE task SET due_at = $2, overdue = false, escalation_level = 0 WHERE id = $1`,
        [task.id, dueAt],
      );
      const previousDueAt = task.due_at ? task.due_at.toISOString() : null;
      await appendHistory(
        manager,
        instance,
        {
          eventType: 'ADMIN_EXTEND_DEADLINE',
          event: {
            taskKey: task.task_key,
            dueAt: dueAt.toISOString(),
            previousDueAt,
            reason: body.reason,
          },
          actorUserId: principal.userId,
          snapshot: withDeadline(instance.snapshot, task.task_key, dueAt, plan),
          effects: [
            ...keys.map((timerKey) => ({
              type: 'cancelTimer',
              timerKey,
              stateKey: task.state_key,
            })),
            ...plan.arm.map(([timerKey, t]) => ({
              type: 'setTimer',
              timerKey,
              stateKey: t.stateKey,
              taskKey: t.taskKey,
              purpose: t.purpose,
              dueAt: t.dueAt,
              event: { type: 'TIMER', timerKey },
            })),
          ],
          result: { reason: body.reason },
        },
        now,
      );
      await logOnEscalations(
        manager,
        { instanceId: instance.id, taskKey: task.task_key },
        'extended',
        principal.userId,
        `${chinaTime(dueAt)}：${body.reason}`,
        now,
      );
      await this.tell(
        manager,
        task,
        now,
        {
          zh: `【延期】${task.org_name}「${task.title_zh}」截止时间已延至${chinaTime(dueAt)}`,
          en: `Extended: "${task.title_en}" for ${task.org_name} is now due ${dueAt.toISOString()}`,
        },
        dueAt,
      );
      await this.audit.record(
        {
          countyId: task.county_id,
          actorUserId: principal.userId,
          action: 'supervision.extend_deadline',
          targetType: 'task',
          targetId: task.id,
          detail: {
            instanceId: instance.id,
            previousDueAt,
            dueAt: dueAt.toISOString(),
            reason: body.reason,
          },
        },
        manager,
      );
      return {
        countyId: task.county_id,
        armed: inserted.map((t): ArmedTimer => ({
          id: t.id,
          instanceId: t.instance_id,
          dueAt: t.due_at,
        })),
        change: {
          taskId: task.id,
          instanceId: instance.id,
          previousDueAt,
          dueAt: dueAt.toISOString(),
          timers: inserted
            .map((t) => ({
              timerKey: t.timer_key,
              purpose: t.purpose,
              dueAt: new Date(t.due_at).toISOString(),
            }))
            .sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
        },
      };
    });
    // After commit: BullMQ arms the new timers (Redis mode) and dashboards refresh.
    await this.events.emit({
      countyId,
      instanceIds: [change.instanceId],
      timers: armed,
      eventType: 'EXTEND',
    });
    return change;
  }

  /** Gives a task to one person (an administrator's decision, recorded with its reason). */
  async reassign(
    principal: Principal,
    taskId: string,
    body: Reassign,
  ): Promise<{ taskId: string; assigneeId: string }> {
    const scope = supervisionScope(principal);
    const countyId = await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const task = await this.actionableTask(manager, principal, scope.paths, taskId, ACTOR_ROLES);
      const [user] = await manager.query<{ id: string; display_name: string }[]>(
        `SELECT id, display_name FROM app_user WHERE id = $1 AND county_id = $2 AND active`,
        [body.userId, task.county_id],
      );
      if (!user) {
        throw new SupervisionException(
          SupervisionErrorCode.UnknownUser,
          'No active user with this id in the county',
          [{ path: 'userId', message: 'unknown user' }],
        );
      }
      const instance = await lockInstance(manager, task.county_id, task.instance_id);
      requireActive(instance);
      await manager.query(
        `UPDATE task SET assignee_user_id = $2, status = 'claimed' WHERE id = $1`,
        [task.id, user.id],
      );
      await appendHistory(
        manager,
        instance,
        {
          eventType: 'ADMIN_REASSIGN',
          event: {
            taskKey: task.task_key,
            from: task.assignee_user_id,
            to: user.id,
            toName: user.display_name,
            reason: body.reason,
          },
          actorUserId: principal.userId,
          result: { reason: body.reason },
        },
        now,
      );
      await logOnEscalations(
        manager,
        { instanceId: instance.id, taskKey: task.task_key },
        'reassigned',
        principal.userId,
        `${user.display_name}：${body.reason}`,
        now,
      );
      await manager.query(
        `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at, created_at)
         VALUES ($1, $2, 'action', $3, $4, $5, $6, $7, $8)`,
        [
          task.county_id,
          user.id,
          `【转办】请办理${task.org_name}「${task.title_zh}」`,
          `Assigned to you: "${task.title_en}" for ${task.org_name}`,
          task.instance_id,
          task.task_key,
          task.due_at,
          now,
        ],
      );
      await this.audit.record(
        {
          countyId: task.county_id,
          actorUserId: principal.userId,
          action: 'supervision.reassign',
          targetType: 'task',
          targetId: task.id,
          detail: {
            instanceId: instance.id,
            from: task.assignee_user_id,
            to: user.id,
            reason: body.reason,
          },
        },
        manager,
      );
      return task.county_id;
    });
    this.live.publish(countyId);
    return { taskId, assigneeId: body.userId };
  }

  /** People of the county a task can be given to, those holding a candidate role first. */
  async assignable(
    principal: Principal,
    taskId: string,
    query: AssignableQuery,
  ): Promise<AssignableUser[]> {
    const scope = supervisionScope(principal);
    const task = await this.db.transaction((manager) =>
      this.actionableTask(manager, principal, scope.paths, taskId, ACTOR_ROLES),
    );
    const rows = await this.db.query<
      {
        id: string;
        username: string;
        display_name: string;
        org_name: string | null;
        roles: string[];
      }[]
    >(
      `SELECT u.id, u.username, u.display_name, o.name AS org_name,
              COALESCE(array_agg(DISTINCT ra.role) FILTER (WHERE ra.role IS NOT NULL), '{}') AS roles
         FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id
         LEFT JOIN role_assignment ra ON ra.user_id = u.id
        WHERE u.county_id = $1 AND u.active
          AND ($2::text IS NULL OR u.username ILIKE $2 OR u.display_name ILIKE $2)
        GROUP BY u.id, u.username, u.display_name, o.name
        ORDER BY u.display_name LIMIT 200`,
      [task.county_id, query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null],
    );
    return rows
      .map((r) => ({
        id: r.id,
        username: r.username,
        displayName: r.display_name,
        orgName: r.org_name,
        roles: r.roles,
        candidate: r.roles.some((role) => task.candidate_roles.includes(role)),
      }))
      .sort((a, b) => Number(b.candidate) - Number(a.candidate))
      .slice(0, 50);
  }

  /**
   * Moves an instance on by sending one of the events it accepts now (forcing the current step
   * to complete or time out, or taking another declared transition), through the runtime.
   */
  async move(principal: Principal, instanceId: string, body: Move): Promise<AdvanceOutcome> {
    const scope = supervisionScope(principal);
    const outcome = await this.runtime.transaction(async (manager) => {
      const instance = await lockInstance(manager, scope.countyId, instanceId);
      requireVisible(scope.paths, instance.org_path);
      requireActor(principal, instance.org_path, ADMIN_ROLES, 'move a process on');
      requireActive(instance);
      const definition = await this.definitions.get(instance.definition_version_id, manager);
      const option = moveOptions(definition, instance.snapshot).find(
        (o) => o.event === body.event && (o.taskKey ?? undefined) === body.taskKey,
      );
      if (!option) {
        throw new SupervisionException(
          SupervisionErrorCode.MoveNotAvailable,
          `The process does not accept ${body.event} now`,
        );
      }
      const data: JsonObject = { adminReason: body.reason };
      let completion: { taskId: string; userId: string; data: JsonObject } | undefined;
      if (body.event === 'SUBMIT' && body.taskKey) {
        const [task] = await manager.query<{ id: string }[]>(
          `SELECT id FROM task WHERE instance_id = $1 AND task_key = $2 AND status IN ('open','claimed')`,
          [instance.id, body.taskKey],
        );
        if (task) completion = { taskId: task.id, userId: principal.userId, data };
      }
      const result = await this.runtime.advanceIn(
        manager,
        instance.id,
        { type: body.event, ...(body.taskKey ? { taskKey: body.taskKey } : {}), data },
        { actorUserId: principal.userId, completion },
      );
      await logOnEscalations(
        manager,
        { instanceId: instance.id, taskKey: null },
        'moved',
        principal.userId,
        body.reason,
        this.clock.now(),
      );
      await this.audit.record(
        {
          countyId: instance.county_id,
          actorUserId: principal.userId,
          action: 'supervision.move',
          targetType: 'instance',
          targetId: instance.id,
          detail: {
            event: body.event,
            taskKey: body.taskKey ?? null,
            from: instance.current_states,
            to: result.currentStates,
            reason: body.reason,
          },
        },
        manager,
      );
      return result;
    });
    return outcome;
  }

  /** Cancels an instance: its open tasks and pending timers end, its records are closed. */
  async cancel(
    principal: Principal,
    instanceId: string,
    body: CancelInstance,
  ): Promise<{ instanceId: string; status: 'cancelled' }> {
    const scope = supervisionScope(principal);
    const countyId = await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const instance = await lockInstance(manager, scope.countyId, instanceId);
      requireVisible(scope.paths, instance.org_path);
      requireActor(principal, instance.org_path, ADMIN_ROLES, 'cancel a process');
      requireActive(instance);
      const closed = await manager.query<{ task_key: string }[]>(
        `SELECT task_key FROM task WHERE instance_id = $1 AND status IN ('open','claimed')`,
        [instance.id],
      );
      await manager.query(
        `UPDATE task SET status = 'cancelled', close_reason = 'cancelled', closed_at = $2
          WHERE instance_id = $1 AND status IN ('open','claimed')`,
        [instance.id, now],
      );
      const timers = await manager.query<{ timer_key: string }[]>(
        `SELECT timer_key FROM timer WHERE instance_id = $1 AND status = 'pending'`,
        [instance.id],
      );
      await manager.query(
        `UPDATE timer SET status = 'cancelled' WHERE instance_id = $1 AND status = 'pending'`,
        [instance.id],
      );
      await logOnEscalations(
        manager,
        { instanceId: instance.id, taskKey: null },
        'cancelled',
        principal.userId,
        body.reason,
        now,
      );
      await manager.query(
        `UPDATE escalation SET status = 'closed', closed_at = $2, closed_by = $3, close_note = $4
          WHERE instance_id = $1 AND status = 'open'`,
        [instance.id, now, principal.userId, `流程已取消：${body.reason}`],
      );
      await appendHistory(
        manager,
        instance,
        {
          eventType: 'ADMIN_CANCEL',
          event: { reason: body.reason },
          actorUserId: principal.userId,
          toStates: [],
          status: 'cancelled',
          effects: [
            ...closed.map((t) => ({ type: 'closeTask', taskKey: t.task_key, reason: 'cancelled' })),
            ...timers.map((t) => ({ type: 'cancelTimer', timerKey: t.timer_key })),
          ],
          result: { reason: body.reason },
        },
        now,
      );
      await manager.query(`UPDATE process_instance SET current_states = '{}' WHERE id = $1`, [
        instance.id,
      ]);
      await this.audit.record(
        {
          countyId: instance.county_id,
          actorUserId: principal.userId,
          action: 'supervision.cancel_instance',
          targetType: 'instance',
          targetId: instance.id,
          detail: { reason: body.reason, closedTasks: closed.length },
        },
        manager,
      );
      return instance.county_id;
    });
    await this.events.emit({
      countyId,
      instanceIds: [instanceId],
      timers: [],
      eventType: 'CANCEL',
    });
    return { instanceId, status: 'cancelled' };
  }

  /** Locks an open task I may act on (404 outside my scope, 403 without an acting role). */
  private async actionableTask(
    manager: EntityManager,
    principal: Principal,
    paths: string[] | null,
    taskId: string,
    roles: Role[],
  ): Promise<LockedTask> {
    const task = await lockTask(manager, supervisionScope(principal).countyId, taskId);
    requireVisible(paths, task.org_path);
    requireActor(principal, task.org_path, roles, 'change this task');
    requireOpen(task);
    return task;
  }

  /** Tells the people who must act on a task (its assignee, or everyone it is offered to). */
  private async tell(
    manager: EntityManager,
    task: LockedTask,
    now: Date,
    title: { zh: string; en: string },
    due: Date | null = task.due_at,
  ): Promise<void> {
    const dueAt = due ? due.toISOString() : null;
    if (task.assignee_user_id) {
      await manager.query(
        `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at, created_at)
         VALUES ($1, $2, 'action', $3, $4, $5, $6, $7, $8)`,
        [
          task.county_id,
          task.assignee_user_id,
          title.zh,
          title.en,
          task.instance_id,
          task.task_key,
          dueAt,
          now,
        ],
      );
      return;
    }
    await insertNotifications(
      manager,
      {
        instance: { id: task.instance_id, countyId: task.county_id },
        candidates: {
          roles: task.candidate_roles as Role[],
          orgId: task.candidate_org_id,
          orgPath: task.candidate_org_path,
          match: task.candidate_match,
          raterGroups: task.rater_groups,
        },
        reason: 'action',
        taskKey: task.task_key,
        dueAt,
        title,
      },
      now,
    );
  }
}
