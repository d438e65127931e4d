import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { objectionEvent } from '@shuping/engine';
import { Clock, InstanceRuntime, RuntimeErrorCode, RuntimeException } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { publicSecret, saltedHash } from './public-hash.util.js';

export interface ObjectionReceipt {
  id: string;
  /** True when the objection moved (or was counted by) the process; false when already under review. */
  routed: boolean;
  receivedAt: string;
}

export interface ObjectionView {
  id: string;
  noticeTitle: string;
  text: string;
  routed: boolean;
  createdAt: string;
}

/**
 * 公示异议: during a notice's publicity period anyone may object (one objection per phone / ID
 * number per notice, kept as a salted hash). The objection is sent to the instance as OBJECT,
 * which routes it as its definition says (e.g. to an objection review). After the period —
 * judged on the process clock — objections are refused.
 */
@Injectable()
export class ObjectionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
    private readonly clock: Clock,
  ) {}

  async object(
    noticeId: string,
    body: { text: string; identity: string },
  ): Promise<ObjectionReceipt> {
    const [notice] = await this.db.query<
      {
        id: string;
        county_id: string;
        instance_id: string | null;
        until: Date | null;
        published_at: Date;
      }[]
    >(`SELECT id, county_id, instance_id, until, published_at FROM public_notice WHERE id = $1`, [
      noticeId,
    ]);
    if (!notice) throw new NotFoundException('Notice');
    if (!notice.instance_id) {
      throw new InboxException(InboxErrorCode.NotObjectable, 'This notice takes no objections');
    }
    const instanceId = notice.instance_id;
    const now = this.clock.now();
    if (notice.until && notice.until.getTime() <= now.getTime()) {
      throw new InboxException(
        InboxErrorCode.PublicityClosed,
        '公示期已结束，不再受理异议 (the publicity period is over)',
      );
    }
    return this.runtime.transaction(async (manager) => {
      const salt = await publicSecret(manager, noticeId);
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO objection (county_id, notice_id, instance_id, text, contact_hash, routed, created_at)
         VALUES ($1, $2, $3, $4, $5, true, $6) ON CONFLICT (notice_id, contact_hash) DO NOTHING RETURNING id`,
        [notice.county_id, noticeId, instanceId, body.text, saltedHash(salt, body.identity), now],
      );
      if (inserted.length === 0) {
        throw new InboxException(
          InboxErrorCode.AlreadyObjected,
          '您已对该公示提出过异议 (you have already objected to this notice)',
        );
      }
      const id = inserted[0].id;
      let routed = true;
      try {
        await this.runtime.advanceIn(
          manager,
          instanceId,
          objectionEvent({ objectionId: id, text: body.text.slice(0, 500) }),
          { actorUserId: null, idempotencyKey: `objection:${id}` },
        );
      } catch (error) {
        const notAccepted =
          error instanceof RuntimeException &&
          [RuntimeErrorCode.EventNotAccepted, RuntimeErrorCode.InstanceFinished].includes(
            error.code as RuntimeErrorCode,
          );
        if (!notAccepted) throw error;
        if (!(await this.underReview(manager, instanceId, id))) {
          throw new InboxException(
            InboxErrorCode.NotObjectable,
            '该公示当前不受理异议 (this notice takes no objections now)',
          );
        }
        routed = false;
        await manager.query(`UPDATE objection SET routed = false WHERE id = $1`, [id]);
      }
      return { id, routed, receivedAt: now.toISOString() };
    });
  }

  /** True when an earlier objection to this instance already opened a review. */
  private async underReview(
    manager: EntityManager,
    instanceId: string,
    except: string,
  ): Promise<boolean> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM objection WHERE instance_id = $1 AND routed AND id <> $2`,
      [instanceId, except],
    );
    return (row?.n ?? 0) > 0;
  }

  /** Objections of an instance (for the staff reviewing them). */
  list(manager: EntityManager, instanceId: string): Promise<ObjectionView[]> {
    return manager.query<ObjectionView[]>(
      `SELECT b.id, n.title_zh AS "noticeTitle", b.text, b.routed, b.created_at AS "createdAt"
         FROM objection b JOIN public_notice n ON n.id = b.notice_id
        WHERE b.instance_id = $1 ORDER BY b.created_at`,
      [instanceId],
    );
  }
}
