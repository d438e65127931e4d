import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEntryView, AuditExportQuery, AuditPage, AuditQuery } from '@shuping/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { adminScope, type AdminScope } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import type { DownloadFile } from './org-import.service.js';
import { CSV_TYPE, writeCsv, writeXlsx, XLSX_TYPE } from './spreadsheet.util.js';

/** Most rows one export may hold; narrow the period or filters beyond that. */
export const MAX_EXPORT_ROWS = 50_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Filters = Omit<AuditQuery, 'limit' | 'offset'>;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, '\\$&');

/**
 * The county's audit trail: administrative actions (audit_log) and every state change of every
 * process (instance_event), searchable by who, what and when, and exportable. Both tables are
 * append-only at the database level; nothing here changes them.
 */
@Injectable()
export class AuditLogService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async search(principal: Principal, query: AuditQuery): Promise<AuditPage> {
    const scope = adminScope(principal);
    const rows = await this.query(scope, query, query.limit + 1, query.offset);
    return { items: rows.slice(0, query.limit), more: rows.length > query.limit };
  }

  async export(principal: Principal, query: AuditExportQuery): Promise<DownloadFile> {
    const scope = adminScope(principal);
    const { format, ...filters } = query;
    const rows = await this.query(scope, filters, MAX_EXPORT_ROWS + 1, 0);
    if (rows.length > MAX_EXPORT_ROWS) {
      throw new AdminException(
        AdminErrorCode.ExportTooLarge,
        `More than ${MAX_EXPORT_ROWS} entries match: narrow the period or the filters`,
      );
    }
    await this.audit.record({
      countyId: scope.countyId,
      actorUserId: scope.userId,
      action: 'audit.export',
      targetType: 'audit_log',
      targetId: null,
      detail: { format, filters, rows: rows.length },
    });
    const headers = ['时间', '来源', '操作人', '操作', '对象类型', '对象', '详情'];
    const cells = rows.map((r) => [
      new Date(r.at).toISOString(),
      r.source === 'admin' ? '管理操作' : '流程状态变更',
      r.actorName ?? (r.actorUserId ? r.actorUserId : '系统'),
      r.action,
      r.targetType,
      r.targetId ?? '',
      JSON.stringify(r.detail),
    ]);
    const stamp = new Date().toISOString().slice(0, 10);
    if (format === 'xlsx') {
      return {
        fileName: `审计日志-${stamp}.xlsx`,
        type: XLSX_TYPE,
        content: await writeXlsx([
          { name: '审计日志', headers, rows: cells, widths: [26, 14, 16, 28, 14, 38, 80] },
        ]),
      };
    }
    return { fileName: `审计日志-${stamp}.csv`, type: CSV_TYPE, content: writeCsv(headers, cells) };
  }

  private async query(
    scope: AdminScope,
    filters: Filters,
    limit: number,
    offset: number,
  ): Promise<AuditEntryView[]> {
    const params: unknown[] = [scope.countyId];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const common: string[] = [];
    if (filters.actor) {
      const actor = filters.actor;
      const ids = await this.db.query<{ id: string }[]>(
        `SELECT id FROM app_user WHERE county_id = $1
            AND (username = $2 OR display_name ILIKE $3 OR ($4::boolean AND id::text = $2))`,
        [scope.countyId, actor, `%${escapeLike(actor)}%`, UUID.test(actor)],
      );
      common.push(`actor_user_id = ANY(${p(ids.map((i) => i.id))}::uuid[])`);
    }
    if (filters.from) common.push(`created_at >= ${p(filters.from)}`);
    if (filters.to) common.push(`created_at < ${p(filters.to)}`);
    // Only parameters of the branches that run may be pushed (PostgreSQL must type them all).
    const branches: string[] = [];
    if (filters.source !== 'process') {
      const admin = [`county_id = $1`, ...common];
      if (filters.action) admin.push(`action LIKE ${p(`${escapeLike(filters.action)}%`)}`);
      if (filters.targetType) admin.push(`target_type = ${p(filters.targetType)}`);
      if (filters.targetId) admin.push(`target_id = ${p(filters.targetId)}`);
      branches.push(`SELECT 'a:' || id AS id, 'admin' AS source, created_at AS at, actor_user_id,
                            action, target_type, target_id, detail
                       FROM audit_log WHERE ${admin.join(' AND ')}`);
    }
    if (filters.source !== 'admin') {
      const process = [`county_id = $1`, ...common];
      if (filters.action)
        process.push(
          `('instance.' || lower(event_type)) LIKE ${p(`${escapeLike(filters.action)}%`)}`,
        );
      if (filters.targetType && filters.targetType !== 'instance') process.push('FALSE');
      if (filters.targetId) {
        process.push(
          UUID.test(filters.targetId) ? `instance_id = ${p(filters.targetId)}::uuid` : 'FALSE',
        );
      }
      // Process history without its form data: ratings may be anonymous, the audit view is not.
      branches.push(`SELECT 'e:' || id AS id, 'process' AS source, created_at AS at, actor_user_id,
                            'instance.' || lower(event_type) AS action, 'instance' AS target_type,
                            instance_id::text AS target_id,
                            jsonb_build_object('seq', seq, 'taskKey', event->>'taskKey',
                                               'from', to_jsonb(from_states), 'to', to_jsonb(to_states)) AS detail
                       FROM instance_event WHERE ${process.join(' AND ')}`);
    }
    return this.db.query<AuditEntryView[]>(
      `SELECT e.id, e.source, e.at, e.actor_user_id AS "actorUserId", u.display_name AS "actorName",
              e.action, e.target_type AS "targetType", e.target_id AS "targetId", e.detail
         FROM (${branches.join(' UNION ALL ')}) e
         LEFT JOIN app_user u ON u.id = e.actor_user_id
        ORDER BY e.at DESC, e.id DESC
        LIMIT ${p(limit)} OFFSET ${p(offset)}`,
      params,
    );
  }
}
