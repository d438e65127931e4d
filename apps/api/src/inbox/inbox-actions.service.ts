import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CoSign, SendBack, TaskCopy, TaskDraft, TaskPerson } from '@shuping/contracts';
import type { EngineSnapshot } from '@shuping/engine';
import {
  Clock,
  DefinitionCache,
  insertRows,
  InstanceRuntime,
  leafStates,
  RuntimeEvents,
  type ArmedTimer,
} from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { canActOn } from '../tasks/task-access.js';
import { TaskErrorCode, TaskException } from '../tasks/tasks.exception.js';
import { TasksService, type LockedTask } from '../tasks/tasks.service.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { rewindSnapshot, SendBackError } from './send-back.util.js';

/** The outcome of sending a task back. */
export interface SendBackOutcome {
  instanceId: string;
  version: number;
  currentStates: string[];
  reopenedTask: {
    id: string;
    taskKey: string;
    assigneeUserId: string | null;
    dueAt: string | null;
  };
}

interface Person {
  id: string;
  display_name: string;
}

/**
 * The inbox actions on a task: 转办 (transfer), 委派 (delegate, and hand back), 加签 (add a
 * co-handler who must sign), 抄送 (copy to), 退回 (send back to the previous step) and drafts.
 * Every action is written to the audit log; sending back also to the instance history.
 */
@Injectable()
export class InboxActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly audit: AuditService,
    private readonly runtime: InstanceRuntime,
    private readonly definitions: DefinitionCache,
    private readonly events: RuntimeEvents,
    private readonly clock: Clock,
  ) {}

  /** People of my county to pick for an action (active accounts), by name or username. */
  async people(
    principal: Principal,
    q: string | undefined,
  ): Promise<{ id: string; displayName: string; username: string; orgName: string | null }[]> {
    const params: unknown[] = [principal.countyId];
    let filter = '';
    if (q) {
      params.push(`%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      filter = `AND (u.display_name ILIKE $2 OR u.username ILIKE $2 OR o.name ILIKE $2)`;
    }
    return this.db.query(
      `SELECT u.id, u.display_name AS "displayName", u.username, o.name AS "orgName"
         FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id
        WHERE u.county_id = $1 AND u.active ${filter}
        ORDER BY u.display_name LIMIT 20`,
      params,
    );
  }

  private async person(
    manager: EntityManager,
    principal: Principal,
    userId: string,
  ): Promise<Person> {
    const [person] = await manager.query<Person[]>(
      `SELECT id, display_name FROM app_user WHERE id = $1 AND county_id = $2 AND active`,
      [userId, principal.countyId],
    );
    if (!person) {
      throw new InboxException(InboxErrorCode.PersonNotFound, 'No such person in your county', [
        { path: 'userId', message: '人员不存在或不属于本县' },
      ]);
    }
    if (person.id === principal.userId) {
      throw new InboxException(InboxErrorCode.PersonNotFound, 'Choose someone else', [
        { path: 'userId', message: '不能选择自己' },
      ]);
    }
    return person;
  }

  /** Locks the task for its actor; rating tasks are shared by all raters and refuse these actions. */
  private async actorLock(
    manager: EntityManager,
    principal: Principal,
    id: string,
    allowRating = false,
  ): Promise<LockedTask> {
    const task = await this.tasks.lock(manager, principal, id);
    if ('replayed' in task) throw new NotFoundException('Task');
    if (!allowRating && task.step_kind === 'rating') {
      throw new TaskException(
        TaskErrorCode.NotForRating,
        'A rating task is shared by every rater and cannot be passed on',
      );
    }
    return task;
  }

  private async notify(
    manager: EntityManager,
    task: LockedTask,
    userId: string,
    tag: string,
    tagEn: string,
    from: Principal,
  ): Promise<void> {
    const [row] = await manager.query<{ org: string; zh: string; en: string; due: Date | null }[]>(
      `SELECT o.name AS org, t.title_zh AS zh, t.title_en AS en, t.due_at AS due
         FROM task t JOIN org_unit o ON o.id = t.org_unit_id WHERE t.id = $1`,
      [task.id],
    );
    await manager.query(
      `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at)
       VALUES ($1, $2, 'action', $3, $4, $5, $6, $7)`,
      [
        task.county_id,
        userId,
        `【${tag}】${from.displayName}：${row.org}「${row.zh}」`.slice(0, 300),
        `${tagEn} by ${from.displayName}: "${row.en}" for ${row.org}`.slice(0, 300),
        task.instance_id,
        task.task_key,
        row.due,
      ],
    );
  }

  private record(
    manager: EntityManager,
    principal: Principal,
    action: string,
    task: LockedTask,
    detail: Record<string, unknown>,
  ): Promise<void> {
    return this.audit.record(
      {
        countyId: principal.countyId,
        actorUserId: principal.userId,
        action,
        targetType: 'task',
        targetId: task.id,
        detail: { instanceId: task.instance_id, taskKey: task.task_key, ...detail },
      },
      manager,
    );
  }

  /** 转办: the task now belongs to another person (it leaves my inbox). */
  async transfer(principal: Principal, id: string, body: TaskPerson): Promise<void> {
    await this.db.transaction(async (manager) => {
      const task = await this.actorLock(manager, principal, id);
      const person = await this.person(manager, principal, body.userId);
      await manager.query(
        `UPDATE task SET assignee_user_id = $2, status = 'claimed' WHERE id = $1`,
        [id, person.id],
      );
      await manager.query(
        `UPDATE task_participant SET status = 'withdrawn', done_at = now()
          WHERE task_id = $1 AND kind = 'delegate' AND status = 'pending'`,
        [id],
      );
      await this.notify(manager, task, person.id, '转办', 'Transferred', principal);
      await this.record(manager, principal, 'task.transfer', task, {
        from: task.assignee_user_id,
        to: person.id,
        toName: person.display_name,
        note: body.note ?? null,
      });
    });
  }

  private async addParticipant(
    manager: EntityManager,
    principal: Principal,
    task: LockedTask,
    person: Person,
    kind: 'delegate' | 'coHandler' | 'copy',
    note: string | undefined,
  ): Promise<void> {
    const [existing] = await manager.query<{ id: string }[]>(
      `SELECT id FROM task_participant WHERE task_id = $1 AND user_id = $2 AND kind = $3 AND status = 'pending'`,
      [task.id, person.id, kind],
    );
    if (existing) {
      throw new InboxException(
        InboxErrorCode.AlreadyParticipant,
        `${person.display_name} already takes part in this task`,
      );
    }
    await manager.query(
      `INSERT INTO task_participant (county_id, task_id, user_id, kind, note, added_by, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        task.county_id,
        task.id,
        person.id,
        kind,
        note ?? null,
        principal.userId,
        kind === 'copy' ? 'done' : 'pending',
      ],
    );
  }

  /**
   * 委派: someone works on the task for me (sees it, edits the draft) and hands it back; I stay
   * responsible and complete it. Delegating a claimable task claims it first.
   */
  async delegate(principal: Principal, id: string, body: TaskPerson): Promise<void> {
    await this.db.transaction(async (manager) => {
      const task = await this.actorLock(manager, principal, id);
      const person = await this.person(manager, principal, body.userId);
      if (!task.assignee_user_id) {
        await manager.query(
          `UPDATE task SET assignee_user_id = $2, status = 'claimed' WHERE id = $1`,
          [id, principal.userId],
        );
      }
      await this.addParticipant(manager, principal, task, person, 'delegate', body.note);
      await this.notify(manager, task, person.id, '委派', 'Delegated', principal);
      await this.record(manager, principal, 'task.delegate', task, {
        to: person.id,
        toName: person.display_name,
        note: body.note ?? null,
      });
    });
  }

  /** The delegate hands the task back to its owner. */
  async resolve(principal: Principal, id: string, note: string | undefined): Promise<void> {
    await this.db.transaction(async (manager) => {
      const task = await this.participantLock(manager, principal, id, 'delegate');
      await manager.query(
        `UPDATE task_participant SET status = 'done', done_at = now(), opinion = $3
          WHERE task_id = $1 AND user_id = $2 AND kind = 'delegate' AND status = 'pending'`,
        [id, principal.userId, note ?? null],
      );
      const owner = (
        await manager.query<{ assignee_user_id: string | null }[]>(
          `SELECT assignee_user_id FROM task WHERE id = $1`,
          [id],
        )
      )[0]?.assignee_user_id;
      if (owner) await this.notify(manager, task, owner, '委派办结', 'Handed back', principal);
      await this.record(manager, principal, 'task.delegate.resolve', task, { note: note ?? null });
    });
  }

  /** 加签: the task cannot be completed until this person signs. */
  async addCoHandler(principal: Principal, id: string, body: TaskPerson): Promise<void> {
    await this.db.transaction(async (manager) => {
      const task = await this.actorLock(manager, principal, id);
      const person = await this.person(manager, principal, body.userId);
      await this.addParticipant(manager, principal, task, person, 'coHandler', body.note);
      await this.notify(manager, task, person.id, '加签', 'Co-sign requested', principal);
      await this.record(manager, principal, 'task.coHandler', task, {
        to: person.id,
        toName: person.display_name,
        note: body.note ?? null,
      });
    });
  }

  /** The co-handler signs with an opinion. */
  async coSign(principal: Principal, id: string, body: CoSign): Promise<void> {
    await this.db.transaction(async (manager) => {
      const task = await this.participantLock(manager, principal, id, 'coHandler');
      await manager.query(
        `UPDATE task_participant SET status = 'done', done_at = now(), opinion = $3, agree = $4
          WHERE task_id = $1 AND user_id = $2 AND kind = 'coHandler' AND status = 'pending'`,
        [id, principal.userId, body.opinion, body.agree],
      );
      await this.record(manager, principal, 'task.coSign', task, {
        opinion: body.opinion,
        agree: body.agree,
      });
    });
  }

  /** 抄送: read-only copies, with a notification. Actors and overseers may copy. */
  async copy(principal: Principal, id: string, body: TaskCopy): Promise<void> {
    await this.db.transaction(async (manager) => {
      const [task] = await manager.query<
        (LockedTask & { path: string; completed_by: string | null })[]
      >(
        `SELECT t.*, o.path FROM task t JOIN org_unit o ON o.id = t.org_unit_id WHERE t.id = $1 AND t.county_id = $2`,
        [id, principal.countyId],
      );
      const via = task ? await this.tasks.relation(manager, principal, task) : null;
      if (!task || !via) throw new NotFoundException('Task');
      if (via === 'copy') {
        throw new InboxException(InboxErrorCode.NotAllowed, 'A copy cannot be copied on');
      }
      const names: string[] = [];
      for (const userId of new Set(body.userIds)) {
        const person = await this.person(manager, principal, userId);
        await manager.query(
          `INSERT INTO task_participant (county_id, task_id, user_id, kind, note, added_by, status)
           VALUES ($1, $2, $3, 'copy', $4, $5, 'done')`,
          [task.county_id, id, person.id, body.note ?? null, principal.userId],
        );
        await this.notify(manager, task, person.id, '抄送', 'Copied', principal);
        names.push(person.display_name);
      }
      await this.record(manager, principal, 'task.copy', task, {
        to: [...new Set(body.userIds)],
        toNames: names,
        note: body.note ?? null,
      });
    });
  }

  private async participantLock(
    manager: EntityManager,
    principal: Principal,
    id: string,
    kind: 'delegate' | 'coHandler',
  ): Promise<LockedTask> {
    const [task] = await manager.query<LockedTask[]>(
      `SELECT * FROM task WHERE id = $1 AND county_id = $2 FOR UPDATE`,
      [id, principal.countyId],
    );
    if (!task) throw new NotFoundException('Task');
    const [mine] = await manager.query<{ id: string }[]>(
      `SELECT id FROM task_participant WHERE task_id = $1 AND user_id = $2 AND kind = $3 AND status = 'pending'`,
      [id, principal.userId, kind],
    );
    if (!mine) {
      if (canActOn(principal, task)) {
        throw new InboxException(InboxErrorCode.NotAParticipant, 'You are not asked to do this');
      }
      throw new NotFoundException('Task');
    }
    if (task.status !== 'open' && task.status !== 'claimed') {
      throw new TaskException(TaskErrorCode.AlreadyClosed, 'This task has already been completed');
    }
    return task;
  }

  /** Saves the form as a draft (the actor or a delegate). */
  async saveDraft(principal: Principal, id: string, body: TaskDraft): Promise<{ savedAt: string }> {
    return this.db.transaction(async (manager) => {
      const [delegate] = await manager.query<{ id: string }[]>(
        `SELECT p.id FROM task_participant p JOIN task t ON t.id = p.task_id
          WHERE p.task_id = $1 AND p.user_id = $2 AND p.kind = 'delegate' AND p.status = 'pending'
            AND t.county_id = $3 AND t.status IN ('open', 'claimed')`,
        [id, principal.userId, principal.countyId],
      );
      if (!delegate) await this.actorLock(manager, principal, id, true);
      const savedAt = this.clock.now().toISOString();
      await manager.query(
        `INSERT INTO task_draft (task_id, data, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (task_id) DO UPDATE SET data = EXCLUDED.data, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [id, JSON.stringify(body.data), principal.userId, savedAt],
      );
      return { savedAt };
    });
  }

  /**
   * 退回: the task goes back to the step whose completion opened it; that step's task opens
   * again (for the person who completed it, with their data as a draft). One transaction writes
   * the snapshot, the tasks, the timers, the instance history and the audit log.
   */
  async sendBack(principal: Principal, id: string, body: SendBack): Promise<SendBackOutcome> {
    let armed: { countyId: string; instanceId: string; timers: ArmedTimer[] } | null = null;
    const outcome = await this.runtime.transaction(async (manager) => {
      const task = await this.actorLock(manager, principal, id, true);
      const [event] = await manager.query<{ task_key: string | null }[]>(
        `SELECT e.event->>'taskKey' AS task_key FROM instance_event e
          WHERE e.instance_id = $1 AND e.event_type = 'SUBMIT' AND $2 = ANY(e.to_states) AND NOT ($2 = ANY(e.from_states))
          ORDER BY e.seq DESC LIMIT 1`,
        [task.instance_id, task.state_key],
      );
      const previousKey = event?.task_key;
      const [previous] = previousKey
        ? await manager.query<Record<string, unknown>[]>(
            `SELECT * FROM task WHERE instance_id = $1 AND task_key = $2 AND status = 'done'
              ORDER BY closed_at DESC LIMIT 1`,
            [task.instance_id, previousKey],
          )
        : [];
      if (!previousKey || !previous || previousKey.includes('#')) {
        throw new InboxException(
          InboxErrorCode.SendBackNotPossible,
          'This step has no earlier step to send the task back to',
        );
      }
      const [instance] = await manager.query<
        {
          snapshot: EngineSnapshot;
          version: number;
          definition_version_id: string;
          status: string;
        }[]
      >(
        `SELECT snapshot, version, definition_version_id, status FROM process_instance WHERE id = $1 FOR UPDATE`,
        [task.instance_id],
      );
      if (instance.status !== 'active') {
        throw new InboxException(InboxErrorCode.SendBackNotPossible, 'This process has ended');
      }
      const definition = await this.definitions.get(instance.definition_version_id, manager);
      const now = this.clock.now();
      let rewind;
      try {
        rewind = rewindSnapshot(definition, instance.snapshot, task.state_key, previousKey, now);
      } catch (error) {
        if (error instanceof SendBackError) {
          throw new InboxException(InboxErrorCode.SendBackNotPossible, error.message);
        }
        throw error;
      }
      const version = instance.version + 1;
      const fromStates = leafStates(instance.snapshot.value);
      const toStates = leafStates(rewind.snapshot.value);
      await manager.query(
        `UPDATE process_instance SET snapshot = $2, version = $3, current_states = $4, updated_at = $5 WHERE id = $1`,
        [task.instance_id, JSON.stringify(rewind.snapshot), version, toStates, now],
      );
      await manager.query(
        `UPDATE task SET status = 'cancelled', close_reason = 'sentBack', closed_at = $3
          WHERE instance_id = $1 AND task_key = ANY($2) AND status IN ('open', 'claimed')`,
        [task.instance_id, rewind.closedTasks, now],
      );
      await manager.query(
        `UPDATE timer SET status = 'cancelled' WHERE instance_id = $1 AND timer_key = ANY($2) AND status = 'pending'`,
        [task.instance_id, rewind.cancelled],
      );
      const assignee = (previous['completed_by'] as string | null) ?? null;
      const [reopened] = await manager.query<{ id: string }[]>(
        `INSERT INTO task (county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, visit, step_kind,
                title_zh, title_en, assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match,
                rater_groups, assignee_user_id, status, due_at, form_settings, escalation, opened_at)
         SELECT county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, $2, step_kind,
                title_zh, title_en, assignee_rule, candidate_roles, candidate_org_id, candidate_org_path, candidate_match,
                rater_groups, $3::uuid, CASE WHEN $3::uuid IS NULL THEN 'open' ELSE 'claimed' END, $4, form_settings, escalation, $5
           FROM task WHERE id = $1 RETURNING id`,
        [previous['id'], rewind.visit, assignee, rewind.dueAt, now],
      );
      if (previous['form_data']) {
        await manager.query(
          `INSERT INTO task_draft (task_id, data, updated_by, updated_at) VALUES ($1, $2, $3, $4)`,
          [reopened.id, JSON.stringify(previous['form_data']), principal.userId, now],
        );
      }
      const timers = await insertRows<{ id: string; instance_id: string; due_at: Date }>(
        manager,
        'timer',
        [
          'county_id',
          'instance_id',
          'timer_key',
          'task_key',
          'purpose',
          'due_at',
          'status',
          'created_at',
        ],
        rewind.timers.map((t) => [
          task.county_id,
          task.instance_id,
          t.timerKey,
          t.record.taskKey,
          t.record.purpose,
          t.record.dueAt,
          'pending',
          now,
        ]),
        'id, instance_id, due_at',
      );
      const result: SendBackOutcome = {
        instanceId: task.instance_id,
        version,
        currentStates: toStates,
        reopenedTask: {
          id: reopened.id,
          taskKey: previousKey,
          assigneeUserId: assignee,
          dueAt: rewind.dueAt,
        },
      };
      await insertRows(
        manager,
        'instance_event',
        [
          'county_id',
          'instance_id',
          'seq',
          'event_type',
          'event',
          'actor_user_id',
          'from_states',
          'to_states',
          'effects',
          'result',
          'created_at',
        ],
        [
          [
            task.county_id,
            task.instance_id,
            version,
            'SEND_BACK',
            JSON.stringify({
              type: 'SEND_BACK',
              taskKey: task.task_key,
              to: previousKey,
              reason: body.reason,
            }),
            principal.userId,
            fromStates,
            toStates,
            JSON.stringify([
              ...rewind.closedTasks.map((k) => ({
                type: 'closeTask',
                taskKey: k,
                reason: 'cancelled',
              })),
              { type: 'openTask', taskKey: previousKey, dueAt: rewind.dueAt },
            ]),
            JSON.stringify(result),
            now,
          ],
        ],
      );
      if (assignee)
        await this.notify(
          manager,
          { ...task, task_key: previousKey },
          assignee,
          '退回',
          'Sent back',
          principal,
        );
      await this.record(manager, principal, 'task.sendBack', task, {
        to: previousKey,
        reopenedTaskId: reopened.id,
        reason: body.reason,
      });
      armed = {
        countyId: task.county_id,
        instanceId: task.instance_id,
        timers: timers.map((t) => ({ id: t.id, instanceId: t.instance_id, dueAt: t.due_at })),
      };
      return result;
    });
    const committed = armed as {
      countyId: string;
      instanceId: string;
      timers: ArmedTimer[];
    } | null;
    if (committed) {
      await this.events.emit({
        countyId: committed.countyId,
        instanceIds: [committed.instanceId],
        timers: committed.timers,
        eventType: 'SEND_BACK',
      });
    }
    return outcome;
  }
}
