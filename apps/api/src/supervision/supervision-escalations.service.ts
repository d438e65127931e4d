import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AssigneeRule } from '@shuping/engine';
import type { Role } from '@shuping/db';
import {
  candidatesFor,
  Clock,
  insertNotifications,
  notificationTitle,
  type OrgRef,
} from '@shuping/worker';
import { allQueries } from './supervision-db.util.js';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { loadCampaign } from './supervision-campaigns.js';
import { SupervisionLiveService } from './supervision-live.service.js';
import { lockTask, requireOpen, type LockedTask } from './supervision-records.js';
import {
  ACTOR_ROLES,
  requireActor,
  scopeSql,
  supervisionScope,
  type SupervisionScope,
} from './supervision-scope.js';
import { SupervisionErrorCode, SupervisionException } from './supervision.exception.js';
import type { CloseEscalation, Escalate, EscalationsQuery } from './supervision.schemas.js';

import type { EscalationPage, EscalationView } from '@shuping/contracts';

@Injectable()
export class SupervisionEscalationsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly live: SupervisionLiveService,
  ) {}

  /** Supervision records (督办单) in my scope: open ones oldest first, closed ones newest first. */
  async list(principal: Principal, query: EscalationsQuery): Promise<EscalationPage> {
    const scope = supervisionScope(principal);
    if (query.campaignId) await loadCampaign(this.db.manager, scope, query.campaignId);
    return this.page(scope, query);
  }

  /** One record as the list shows it (404 outside my scope). */
  async one(principal: Principal, id: string): Promise<EscalationView> {
    const page = await this.page(supervisionScope(principal), {
      status: 'all',
      limit: 1,
      offset: 0,
      id,
    });
    if (!page.items[0]) throw new NotFoundException('Escalation');
    return page.items[0];
  }

  private async page(
    scope: SupervisionScope,
    query: EscalationsQuery & { id?: string },
  ): Promise<EscalationPage> {
    const params: unknown[] = [];
    const where = [scopeSql(scope, 'e.county_id', 'o.path', params)];
    if (query.id) {
      params.push(query.id);
      where.push(`e.id = $${params.length}`);
    }
    if (query.status !== 'all') {
      params.push(query.status);
      where.push(`e.status = $${params.length}`);
    }
    if (query.campaignId) {
      params.push(query.campaignId);
      where.push(`i.campaign_id = $${params.length}`);
    }
    const from = `escalation e JOIN org_unit o ON o.id = e.org_unit_id
      JOIN process_instance i ON i.id = e.instance_id JOIN campaign c ON c.id = i.campaign_id`;
    const pageParams = [...params, query.limit, query.offset];
    const [items, [count]] = await allQueries(this.db, [
      () =>
        this.db.query<Omit<EscalationView, 'actions'>[]>(
          `SELECT e.id, e.status, e.instance_id AS "instanceId", c.id AS "campaignId", c.name AS "campaignName",
                e.org_unit_id AS "orgId", o.name AS "orgName", tw.name AS "townshipName",
                e.task_key AS "taskKey", e.state_key AS "stateKey", tk.id AS "taskId",
                CASE WHEN tk.id IS NULL THEN NULL ELSE json_build_object('zh', tk.title_zh, 'en', tk.title_en) END AS title,
                tk.status AS "taskStatus", tk.due_at AS "taskDueAt", e.due_at AS "dueAt",
                e.opened_at AS "openedAt", e.closed_at AS "closedAt", e.close_note AS "closeNote",
                e.open_note AS "openNote", ob.display_name AS "openedByName",
                e.owner_user_id AS "ownerId", ow.display_name AS "ownerName", cb.display_name AS "closedByName"
           FROM ${from}
           LEFT JOIN org_unit tw ON tw.id = NULLIF(split_part(o.path, '/', 3), '')::uuid
           LEFT JOIN LATERAL (SELECT id, title_zh, title_en, status, due_at FROM task
                               WHERE instance_id = e.instance_id AND task_key = e.task_key
                               ORDER BY opened_at DESC LIMIT 1) tk ON true
           LEFT JOIN app_user ob ON ob.id = e.opened_by
           LEFT JOIN app_user ow ON ow.id = e.owner_user_id
           LEFT JOIN app_user cb ON cb.id = e.closed_by
          WHERE ${where.join(' AND ')}
          ORDER BY (e.status = 'open') DESC,
                   CASE WHEN e.status = 'open' THEN e.opened_at END ASC,
                   e.closed_at DESC, e.id
          LIMIT $${pageParams.length - 1} OFFSET $${pageParams.length}`,
          pageParams,
        ),
      () =>
        this.db.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ${from} WHERE ${where.join(' AND ')}`,
          params,
        ),
    ]);
    const actions = items.length
      ? await this.db.query<
          {
            escalation_id: string;
            action: string;
            note: string | null;
            actor: string | null;
            at: string;
          }[]
        >(
          `SELECT a.escalation_id, a.action, a.note, u.display_name AS actor, a.created_at AS at
             FROM escalation_action a LEFT JOIN app_user u ON u.id = a.actor_user_id
            WHERE a.escalation_id = ANY($1::uuid[]) ORDER BY a.id`,
          [items.map((i) => i.id)],
        )
      : [];
    return {
      now: this.clock.now().toISOString(),
      total: count.n,
      items: items.map((item) => ({
        ...item,
        actions: actions
          .filter((a) => a.escalation_id === item.id)
          .map((a) => ({ action: a.action, note: a.note, actorName: a.actor, at: a.at })),
      })),
    };
  }

  /**
   * Escalates an open task by hand: opens a supervision record (督办单) owned by the caller,
   * marks the task escalated and notifies the supervisors and the people who must act.
   */
  async escalate(principal: Principal, taskId: string, body: Escalate): Promise<EscalationView> {
    const scope = supervisionScope(principal);
    const id = await this.db.transaction(async (manager) => {
      const now = this.clock.now();
      const task = await lockTask(manager, scope.countyId, taskId);
      requireVisible(scope.paths, task.org_path);
      requireActor(principal, task.org_path, ACTOR_ROLES, 'escalate a task');
      requireOpen(task);
      const [existing] = await manager.query<{ id: string }[]>(
        `SELECT id FROM escalation WHERE instance_id = $1 AND task_key = $2 AND status = 'open'`,
        [task.instance_id, task.task_key],
      );
      if (existing) {
        throw new SupervisionException(
          SupervisionErrorCode.AlreadyEscalated,
          'This task is already under supervision',
        );
      }
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO escalation (county_id, instance_id, org_unit_id, task_key, state_key, due_at, opened_at,
                                 opened_by, owner_user_id, open_note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9) RETURNING id`,
        [
          task.county_id,
          task.instance_id,
          task.org_unit_id,
          task.task_key,
          task.state_key,
          task.due_at,
          now,
          principal.userId,
          body.note,
        ],
      );
      await manager.query(
        `INSERT INTO escalation_action (county_id, escalation_id, actor_user_id, action, note, created_at)
         VALUES ($1, $2, $3, 'opened', $4, $5)`,
        [task.county_id, row.id, principal.userId, body.note, now],
      );
      await manager.query(
        `UPDATE task SET escalation_level = GREATEST(escalation_level, 2) WHERE id = $1`,
        [task.id],
      );
      await this.notifyEscalated(manager, task, now);
      await this.audit.record(
        {
          countyId: task.county_id,
          actorUserId: principal.userId,
          action: 'supervision.escalate',
          targetType: 'task',
          targetId: task.id,
          detail: { instanceId: task.instance_id, escalationId: row.id, note: body.note },
        },
        manager,
      );
      return { id: row.id, countyId: task.county_id };
    });
    this.live.publish(id.countyId);
    return this.one(principal, id.id);
  }

  /** Takes over a record: I follow it up (督办人). */
  async claim(principal: Principal, id: string): Promise<EscalationView> {
    await this.change(principal, id, async (manager, row, now) => {
      if (row.status !== 'open') {
        throw new SupervisionException(
          SupervisionErrorCode.EscalationClosed,
          'This supervision record is already closed',
        );
      }
      await manager.query(`UPDATE escalation SET owner_user_id = $2 WHERE id = $1`, [
        id,
        principal.userId,
      ]);
      await this.logAction(manager, row.county_id, id, principal.userId, 'claimed', null, now);
      return { action: 'supervision.escalation_claim', detail: {} };
    });
    return this.one(principal, id);
  }

  /** Closes a record with a note saying what was done. */
  async close(principal: Principal, id: string, body: CloseEscalation): Promise<EscalationView> {
    await this.change(principal, id, async (manager, row, now) => {
      if (row.status !== 'open') {
        throw new SupervisionException(
          SupervisionErrorCode.EscalationClosed,
          'This supervision record is already closed',
        );
      }
      await manager.query(
        `UPDATE escalation SET status = 'closed', closed_at = $2, closed_by = $3, close_note = $4,
                owner_user_id = COALESCE(owner_user_id, $3)
          WHERE id = $1`,
        [id, now, principal.userId, body.note],
      );
      await this.logAction(manager, row.county_id, id, principal.userId, 'closed', body.note, now);
      return { action: 'supervision.escalation_close', detail: { note: body.note } };
    });
    return this.one(principal, id);
  }

  private async change(
    principal: Principal,
    id: string,
    work: (
      manager: EntityManager,
      row: { id: string; county_id: string; status: string; org_path: string; instance_id: string },
      now: Date,
    ) => Promise<{ action: string; detail: Record<string, unknown> }>,
  ): Promise<void> {
    const scope = supervisionScope(principal);
    const countyId = await this.db.transaction(async (manager) => {
      const [row] = await manager.query<
        { id: string; county_id: string; status: string; org_path: string; instance_id: string }[]
      >(
        `SELECT e.id, e.county_id, e.status, o.path AS org_path, e.instance_id
           FROM escalation e JOIN org_unit o ON o.id = e.org_unit_id
          WHERE e.id = $1 AND ($2::uuid IS NULL OR e.county_id = $2) FOR UPDATE OF e`,
        [id, scope.countyId],
      );
      if (!row) throw new NotFoundException('Escalation');
      requireVisible(scope.paths, row.org_path);
      requireActor(principal, row.org_path, ACTOR_ROLES, 'handle supervision records');
      const { action, detail } = await work(manager, row, this.clock.now());
      await this.audit.record(
        {
          countyId: row.county_id,
          actorUserId: principal.userId,
          action,
          targetType: 'escalation',
          targetId: id,
          detail: { instanceId: row.instance_id, ...detail },
        },
        manager,
      );
      return row.county_id;
    });
    this.live.publish(countyId);
  }

  private async logAction(
    manager: EntityManager,
    countyId: string,
    escalationId: string,
    actorUserId: string,
    action: string,
    note: string | null,
    now: Date,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO escalation_action (county_id, escalation_id, actor_user_id, action, note, created_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [countyId, escalationId, actorUserId, action, note, now],
    );
  }

  /** Tells the supervisors over the organisation and the task's people that it is escalated. */
  private async notifyEscalated(
    manager: EntityManager,
    task: LockedTask,
    now: Date,
  ): Promise<void> {
    const [org] = await manager.query<OrgRef[]>(
      `SELECT o.id, o.name, o.county_id AS "countyId", o.kind, o.path, o.parent_id AS "parentId",
              p.kind AS "parentKind", p.path AS "parentPath"
         FROM org_unit o LEFT JOIN org_unit p ON p.id = o.parent_id WHERE o.id = $1`,
      [task.org_unit_id],
    );
    const title = notificationTitle(
      'escalated',
      task.org_name,
      { zh: task.title_zh, en: task.title_en },
      task.due_at ? task.due_at.toISOString() : null,
      null,
    );
    const instance = { id: task.instance_id, countyId: task.county_id };
    const dueAt = task.due_at ? task.due_at.toISOString() : null;
    const supervisors: AssigneeRule = { role: 'supervisors' };
    await insertNotifications(
      manager,
      {
        instance,
        candidates: candidatesFor(supervisors, org),
        reason: 'escalated',
        taskKey: task.task_key,
        dueAt,
        title,
      },
      now,
    );
    if (task.assignee_user_id) {
      await manager.query(
        `INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at, created_at)
         VALUES ($1, $2, 'escalated', $3, $4, $5, $6, $7, $8)`,
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
    } else {
      await insertNotifications(
        manager,
        {
          instance,
          candidates: {
            roles: task.candidate_roles as Role[],
            orgId: task.candidate_org_id,
            orgPath: task.candidate_org_path,
            match: task.candidate_match,
            raterGroups: task.rater_groups,
          },
          reason: 'escalated',
          taskKey: task.task_key,
          dueAt,
          title,
        },
        now,
      );
    }
  }
}

/** 404 for records outside a partial scope. */
export function requireVisible(paths: string[] | null, orgPath: string): void {
  if (paths !== null && !paths.some((p) => orgPath.startsWith(p))) {
    throw new NotFoundException('Task');
  }
}
