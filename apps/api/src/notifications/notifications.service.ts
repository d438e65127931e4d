import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { returnedRows } from '@shuping/worker';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';

export interface NotificationView {
  id: string;
  reason: string;
  title: { zh: string; en: string };
  instanceId: string | null;
  taskKey: string | null;
  dueAt: string | null;
  readAt: string | null;
  createdAt: string;
}

/** The in-app notification centre: my notifications, unread count, mark read. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async list(
    principal: Principal,
    unreadOnly: boolean,
    limit: number,
  ): Promise<{ unread: number; items: NotificationView[] }> {
    const [counts, items] = await Promise.all([
      this.db.query<{ unread: number }[]>(
        `SELECT count(*)::int AS unread FROM notification WHERE user_id = $1 AND read_at IS NULL`,
        [principal.userId],
      ),
      this.db.query<NotificationView[]>(
        `SELECT id, reason, json_build_object('zh', title_zh, 'en', title_en) AS title, instance_id AS "instanceId",
                task_key AS "taskKey", due_at AS "dueAt", read_at AS "readAt", created_at AS "createdAt"
           FROM notification WHERE user_id = $1 ${unreadOnly ? 'AND read_at IS NULL' : ''}
          ORDER BY created_at DESC LIMIT $2`,
        [principal.userId, limit],
      ),
    ]);
    return { unread: counts[0]?.unread ?? 0, items };
  }

  async markRead(principal: Principal, id: string): Promise<void> {
    const rows = returnedRows<{ id: string }>(
      await this.db.query(
        `UPDATE notification SET read_at = COALESCE(read_at, now()) WHERE id = $1 AND user_id = $2 RETURNING id`,
        [id, principal.userId],
      ),
    );
    if (rows.length === 0) throw new NotFoundException('Notification');
  }

  async markAllRead(principal: Principal): Promise<void> {
    await this.db.query(
      `UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`,
      [principal.userId],
    );
  }
}
