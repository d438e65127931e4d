import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CommitmentInput, LedgerProgress } from '@shuping/contracts';
import { Clock, returnedRows } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import {
  isSecretaryOf,
  requireOpen,
  TaskScopeService,
  type ScopedTask,
} from './task-scope.service.js';

export interface LedgerItemView {
  id: string;
  kind: 'monthly' | 'quarterly';
  period: string;
  content: string;
  target: string | null;
  progress: number;
  updatedAt: string;
  reports: { progress: number; note: string; by: string | null; at: string }[];
}

export interface CommitmentView {
  id: string;
  taskId: string;
  side: 'self' | 'superior';
  /** The organisation that commits (the instance's, or its superior's when side = superior). */
  orgName: string | null;
  text: string;
  signedBy: string | null;
  signedAt: string | null;
  countersignedBy: string | null;
  countersignedAt: string | null;
  ledger: LedgerItemView[];
}

/** The organisation that commits in a task: the one under review, or its superior (two-way). */
function committingOrg(task: Pick<ScopedTask, 'assignee_rule' | 'org_unit_id' | 'parent_id'>): {
  side: 'self' | 'superior';
  orgId: string | null;
  counterpartOrgId: string | null;
} {
  return task.assignee_rule?.role === 'selfSecretary'
    ? { side: 'self', orgId: task.org_unit_id, counterpartOrgId: task.parent_id }
    : { side: 'superior', orgId: task.parent_id, counterpartOrgId: task.org_unit_id };
}

/**
 * 承诺: the commitment text and its ledger (台账) of monthly tasks and quarterly goals, signed by
 * the committing secretary and countersigned by the other level; progress is reported on each
 * ledger item for as long as the ledger runs.
 */
@Injectable()
export class CommitmentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async view(
    manager: EntityManager,
    where: { taskId?: string; instanceId?: string },
  ): Promise<CommitmentView[]> {
    const rows = await manager.query<
      (Omit<CommitmentView, 'ledger'> & { orgName: string | null })[]
    >(
      `SELECT c.id, c.task_id AS "taskId", c.side, c.text, s.display_name AS "signedBy", c.signed_at AS "signedAt",
              cs.display_name AS "countersignedBy", c.countersigned_at AS "countersignedAt",
              CASE WHEN c.side = 'self' THEN o.name ELSE p.name END AS "orgName"
         FROM commitment c JOIN task t ON t.id = c.task_id JOIN org_unit o ON o.id = t.org_unit_id
         LEFT JOIN org_unit p ON p.id = o.parent_id
         LEFT JOIN app_user s ON s.id = c.signed_by LEFT JOIN app_user cs ON cs.id = c.countersigned_by
        WHERE ${where.taskId ? 'c.task_id = $1' : 'c.instance_id = $1'} ORDER BY c.created_at`,
      [where.taskId ?? where.instanceId],
    );
    const out: CommitmentView[] = [];
    for (const row of rows) {
      const items = await manager.query<Omit<LedgerItemView, 'reports'>[]>(
        `SELECT id, kind, period, content, target, progress, updated_at AS "updatedAt"
           FROM ledger_item WHERE commitment_id = $1 ORDER BY seq`,
        [row.id],
      );
      const reports = await manager.query<
        { item_id: string; progress: number; note: string; by: string | null; at: string }[]
      >(
        `SELECT lp.item_id, lp.progress, lp.note, u.display_name AS by, lp.created_at AS at
           FROM ledger_progress lp JOIN ledger_item li ON li.id = lp.item_id LEFT JOIN app_user u ON u.id = lp.reported_by
          WHERE li.commitment_id = $1 ORDER BY lp.created_at`,
        [row.id],
      );
      out.push({
        ...row,
        ledger: items.map((i) => ({
          ...i,
          reports: reports.filter((r) => r.item_id === i.id).map(({ item_id: _i, ...r }) => r),
        })),
      });
    }
    return out;
  }

  /** Writes the commitment and its ledger; any change clears the signatures (sign again). */
  async save(principal: Principal, taskId: string, body: CommitmentInput): Promise<CommitmentView> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.forActor(principal, taskId, ['commitment'], manager);
      const { side } = committingOrg(task);
      const now = this.clock.now();
      const [row] = await manager.query<{ id: string }[]>(
        `INSERT INTO commitment (county_id, instance_id, task_id, side, text, updated_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
         ON CONFLICT (task_id) DO UPDATE SET text = EXCLUDED.text, updated_by = EXCLUDED.updated_by,
           updated_at = EXCLUDED.updated_at, signed_by = NULL, signed_at = NULL, countersigned_by = NULL, countersigned_at = NULL
         RETURNING id`,
        [task.county_id, task.instance_id, taskId, side, body.text, principal.userId, now],
      );
      await manager.query(
        `DELETE FROM ledger_progress WHERE item_id IN (SELECT id FROM ledger_item WHERE commitment_id = $1)`,
        [row.id],
      );
      await manager.query(`DELETE FROM ledger_item WHERE commitment_id = $1`, [row.id]);
      for (const [i, l] of body.ledger.entries()) {
        await manager.query(
          `INSERT INTO ledger_item (county_id, instance_id, commitment_id, kind, period, content, target, seq, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            task.county_id,
            task.instance_id,
            row.id,
            l.kind,
            l.period,
            l.content,
            l.target ?? null,
            i + 1,
            now,
          ],
        );
      }
      return (await this.view(manager, { taskId }))[0];
    });
  }

  /** The committing secretary signs. */
  async sign(principal: Principal, taskId: string): Promise<CommitmentView> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.forActor(principal, taskId, ['commitment'], manager, false);
      const updated: unknown = await manager.query(
        `UPDATE commitment SET signed_by = $2, signed_at = $3 WHERE task_id = $1 RETURNING id`,
        [taskId, principal.userId, this.clock.now()],
      );
      if (returnedRows(updated).length === 0) {
        throw new InboxException(InboxErrorCode.NotSigned, 'Write the commitment first');
      }
      await this.record(manager, principal, 'commitment.sign', task);
      return (await this.view(manager, { taskId }))[0];
    });
  }

  /** The other level countersigns (会签): the superior for a village's commitment, and back. */
  async countersign(principal: Principal, taskId: string): Promise<CommitmentView> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.load(principal, taskId, manager, true);
      requireOpen(task);
      const { counterpartOrgId } = committingOrg(task);
      const counterpartIsCounty =
        task.parent_kind === 'county' && counterpartOrgId === task.parent_id;
      const allowed = counterpartIsCounty
        ? coversOrg(principal, task.org_path, ['org_department', 'county_admin'])
        : isSecretaryOf(principal, counterpartOrgId);
      if (!allowed) {
        throw new InboxException(InboxErrorCode.NotAllowed, 'Only the other level countersigns');
      }
      const [row] = await manager.query<{ signed_at: Date | null }[]>(
        `SELECT signed_at FROM commitment WHERE task_id = $1`,
        [taskId],
      );
      if (!row?.signed_at) {
        throw new InboxException(
          InboxErrorCode.NotSigned,
          'The committing secretary has not signed yet',
        );
      }
      await manager.query(
        `UPDATE commitment SET countersigned_by = $2, countersigned_at = $3 WHERE task_id = $1`,
        [taskId, principal.userId, this.clock.now()],
      );
      await this.record(manager, principal, 'commitment.countersign', task);
      return (await this.view(manager, { taskId }))[0];
    });
  }

  /** Progress on a ledger item: the committing secretary (or whoever signed) reports. */
  async progress(
    principal: Principal,
    itemId: string,
    body: LedgerProgress,
  ): Promise<CommitmentView> {
    return this.db.transaction(async (manager) => {
      const [item] = await manager.query<{ task_id: string; signed_by: string | null }[]>(
        `SELECT c.task_id, c.signed_by FROM ledger_item li JOIN commitment c ON c.id = li.commitment_id
          WHERE li.id = $1 AND li.county_id = $2 FOR UPDATE OF li`,
        [itemId, principal.countyId],
      );
      if (!item) throw new NotFoundException('Ledger item');
      const task = await this.scope.load(principal, item.task_id, manager);
      const { orgId } = committingOrg(task);
      if (!isSecretaryOf(principal, orgId) && item.signed_by !== principal.userId) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          'Only the committing secretary reports progress',
        );
      }
      const now = this.clock.now();
      await manager.query(
        `INSERT INTO ledger_progress (county_id, item_id, progress, note, reported_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [principal.countyId, itemId, body.progress, body.note, principal.userId, now],
      );
      await manager.query(`UPDATE ledger_item SET progress = $2, updated_at = $3 WHERE id = $1`, [
        itemId,
        body.progress,
        now,
      ]);
      return (await this.view(manager, { taskId: item.task_id }))[0];
    });
  }

  private record(manager: EntityManager, principal: Principal, action: string, task: ScopedTask) {
    return this.audit.record(
      {
        countyId: principal.countyId,
        actorUserId: principal.userId,
        action,
        targetType: 'task',
        targetId: task.id,
        detail: { instanceId: task.instance_id },
      },
      manager,
    );
  }
}
