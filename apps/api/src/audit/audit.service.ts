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

/** Appends to the audit log (append-only at the database level). */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records an entry; pass the transaction's manager to make it part of a larger change. */
  async record(entry: AuditEntry, manager: EntityManager = this.db.manager): Promise<void> {
    await manager.query(
      `INSERT INTO audit_log (county_id, actor_user_id, action, target_type, target_id, detail)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        entry.countyId,
        entry.actorUserId,
        entry.action,
        entry.targetType,
        entry.targetId,
        JSON.stringify(entry.detail),
      ],
    );
  }
}
