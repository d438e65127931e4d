import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { RectificationItemInput, VerifyItem } from '@shuping/contracts';
import { Clock } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { rectificationItemUpdateSchema } from '@shuping/contracts';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { isSecretaryOf, TaskScopeService } from './task-scope.service.js';

export interface RectificationItemView {
  id: string;
  list: 'problems' | 'responsibilities' | 'actions';
  seq: number;
  content: string;
  owner: string;
  deadline: string;
  evidence: string | null;
  attachments: string[];
  status: 'open' | 'done' | 'verified' | 'rejected';
  verifiedBy: string | null;
  verifiedAt: string | null;
  verifyNote: string | null;
  updatedAt: string;
}

type ItemUpdate = z.infer<typeof rectificationItemUpdateSchema>;

/** Superiors who verify rectification items (never the organisation's own secretary). */
const VERIFIERS = ['township_secretary', 'org_department', 'county_admin', 'supervisor'] as const;

/**
 * 整改: the three lists (问题清单、责任清单、整改清单) of an instance, item by item with owner,
 * deadline and evidence. The organisation writes them (and carries them out); a superior
 * verifies each item (验收) or sends it back with a note.
 */
@Injectable()
export class RectificationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(manager: EntityManager, instanceId: string): Promise<RectificationItemView[]> {
    return manager.query<RectificationItemView[]>(
      `SELECT i.id, i.list, i.seq, i.content, i.owner, to_char(i.deadline, 'YYYY-MM-DD') AS deadline, i.evidence,
              i.attachments, i.status, u.display_name AS "verifiedBy", i.verified_at AS "verifiedAt",
              i.verify_note AS "verifyNote", i.updated_at AS "updatedAt"
         FROM rectification_item i LEFT JOIN app_user u ON u.id = i.verified_by
        WHERE i.instance_id = $1 ORDER BY array_position(ARRAY['problems','responsibilities','actions'], i.list::text), i.seq`,
      [instanceId],
    );
  }

  /** Adds an item; the organisation's open rectification task is the door. */
  async add(
    principal: Principal,
    taskId: string,
    body: RectificationItemInput,
  ): Promise<RectificationItemView[]> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.forActor(principal, taskId, ['rectification'], manager);
      if (task.assignee_rule?.role !== 'selfSecretary') {
        throw new InboxException(
          InboxErrorCode.WrongStep,
          'Items are listed by the organisation itself',
        );
      }
      await manager.query(
        `INSERT INTO rectification_item (county_id, instance_id, list, seq, content, owner, deadline, evidence, attachments,
                status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3::varchar, (SELECT COALESCE(max(seq), 0) + 1 FROM rectification_item WHERE instance_id = $2 AND list = $3::varchar),
                 $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
        [
          task.county_id,
          task.instance_id,
          body.list,
          body.content,
          body.owner,
          body.deadline,
          body.evidence ?? null,
          body.attachments ?? [],
          body.evidence ? 'done' : 'open',
          principal.userId,
          this.clock.now(),
        ],
      );
      return this.list(manager, task.instance_id);
    });
  }

  /** The item, locked, if the caller is the organisation (secretary, or actor of its open step). */
  private async ownItem(
    manager: EntityManager,
    principal: Principal,
    itemId: string,
  ): Promise<{ instance_id: string; status: string; org_unit_id: string; org_path: string }> {
    const [item] = await manager.query<
      { instance_id: string; status: string; org_unit_id: string; org_path: string }[]
    >(
      `SELECT i.instance_id, i.status, p.org_unit_id, o.path AS org_path
         FROM rectification_item i JOIN process_instance p ON p.id = i.instance_id JOIN org_unit o ON o.id = p.org_unit_id
        WHERE i.id = $1 AND i.county_id = $2 FOR UPDATE OF i`,
      [itemId, principal.countyId],
    );
    if (!item || !coversOrg(principal, item.org_path)) throw new NotFoundException('Item');
    if (!isSecretaryOf(principal, item.org_unit_id)) {
      const [open] = await manager.query<{ id: string }[]>(
        `SELECT id FROM task WHERE instance_id = $1 AND step_kind = 'rectification' AND status IN ('open','claimed')
            AND assignee_rule->>'role' = 'selfSecretary' AND assignee_user_id = $2`,
        [item.instance_id, principal.userId],
      );
      if (!open) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          'Only the organisation edits its items',
        );
      }
    }
    if (item.status === 'verified') {
      throw new InboxException(InboxErrorCode.ItemVerified, 'A verified item can no longer change');
    }
    return item;
  }

  /** Edits an item; giving evidence marks it done (again, after a rejection). */
  async update(
    principal: Principal,
    itemId: string,
    body: ItemUpdate,
  ): Promise<RectificationItemView[]> {
    return this.db.transaction(async (manager) => {
      const item = await this.ownItem(manager, principal, itemId);
      await manager.query(
        `UPDATE rectification_item SET
            content = COALESCE($2, content), owner = COALESCE($3, owner), deadline = COALESCE($4::date, deadline),
            evidence = COALESCE($5, evidence), attachments = COALESCE($6, attachments),
            status = CASE WHEN COALESCE($5, evidence) IS NOT NULL AND COALESCE($5, evidence) <> '' THEN 'done' ELSE 'open' END,
            updated_at = $7
          WHERE id = $1`,
        [
          itemId,
          body.content ?? null,
          body.owner ?? null,
          body.deadline ?? null,
          body.evidence ?? null,
          body.attachments ?? null,
          this.clock.now(),
        ],
      );
      return this.list(manager, item.instance_id);
    });
  }

  async remove(principal: Principal, itemId: string): Promise<RectificationItemView[]> {
    return this.db.transaction(async (manager) => {
      const item = await this.ownItem(manager, principal, itemId);
      await manager.query(`DELETE FROM rectification_item WHERE id = $1`, [itemId]);
      return this.list(manager, item.instance_id);
    });
  }

  /** 逐项验收: a superior verifies an item with evidence, or sends it back with a note. */
  async verify(
    principal: Principal,
    itemId: string,
    body: VerifyItem,
  ): Promise<RectificationItemView[]> {
    return this.db.transaction(async (manager) => {
      const [item] = await manager.query<
        { instance_id: string; status: string; org_unit_id: string; org_path: string }[]
      >(
        `SELECT i.instance_id, i.status, p.org_unit_id, o.path AS org_path
           FROM rectification_item i JOIN process_instance p ON p.id = i.instance_id JOIN org_unit o ON o.id = p.org_unit_id
          WHERE i.id = $1 AND i.county_id = $2 FOR UPDATE OF i`,
        [itemId, principal.countyId],
      );
      if (!item || !coversOrg(principal, item.org_path)) throw new NotFoundException('Item');
      if (
        isSecretaryOf(principal, item.org_unit_id) ||
        !coversOrg(principal, item.org_path, [...VERIFIERS])
      ) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          'Only a superior verifies rectification items',
        );
      }
      if (item.status !== 'done') {
        throw new InboxException(
          InboxErrorCode.WrongStep,
          item.status === 'verified'
            ? 'This item is already verified'
            : 'This item has no evidence of rectification yet',
        );
      }
      await manager.query(
        `UPDATE rectification_item SET status = $2, verified_by = $3, verified_at = $4, verify_note = $5, updated_at = $4
          WHERE id = $1`,
        [itemId, body.verdict, principal.userId, this.clock.now(), body.note ?? null],
      );
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: `rectification.${body.verdict}`,
          targetType: 'rectification_item',
          targetId: itemId,
          detail: { instanceId: item.instance_id, note: body.note ?? null },
        },
        manager,
      );
      return this.list(manager, item.instance_id);
    });
  }

  /** The items of an instance the caller covers (for the detail page and the notice). */
  async forInstance(principal: Principal, instanceId: string): Promise<RectificationItemView[]> {
    const [inst] = await this.db.query<{ path: string }[]>(
      `SELECT o.path FROM process_instance p JOIN org_unit o ON o.id = p.org_unit_id WHERE p.id = $1 AND p.county_id = $2`,
      [instanceId, principal.countyId],
    );
    if (!inst || !coversOrg(principal, inst.path)) throw new NotFoundException('Instance');
    return this.list(this.db.manager, instanceId);
  }
}
