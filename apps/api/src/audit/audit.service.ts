import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditEntry {
  countyId: string | null;
  actorUserId: string | null;
  /** Dotted verb, e.g. `definition.publish`, `task.transfer`. */
  action: string;
  targetType: string;
  targetId: string | null;
  detail: Record<string, unknown>;
}

/**
 * The INSERT of one audit entry with its parameters numbered from `$first`, to run alone or as a
 * CTE of a larger statement (one round trip for a change and its audit row).
 */
export function auditInsert(entry: AuditEntry, first = 1): { sql: string; params: unknown[] } {
  const p = (i: number) => `$${first + i}`;
  return {
    sql: `INSERT INTO audit_log (county_id, actor_user_id, action, target_type, target_id, detail)
       VALUES (${p(0)}, ${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)})`,
    params: [
      entry.countyId,
      entry.actorUserId,
      entry.action,
      entry.targetType,
      entry.targetId,
      JSON.stringify(entry.detail),
    ],
  };
}

/** Appends to the audit log (append-only at the database level). */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an entry; pass the transaction's manager to make it part of a larger change. */
  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    const { sql, params } = auditInsert(entry);
    await manager.query(sql, params);
  }
}
