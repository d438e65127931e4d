import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only history: every event applied to an instance (a trigger refuses changes). */
@Entity({ name: 'instance_event' })
export class InstanceEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId!: string;
  /** 1, 2, 3… within the instance. */
  @Column({ type: 'int' }) seq!: number;
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200, nullable: true })
  idempotencyKey!: string | null;
  @Column({ name: 'event_type', type: 'varchar', length: 64 }) eventType!: string;
  @Column({ type: 'jsonb' }) event!: unknown;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ name: 'from_states', type: 'text', array: true }) fromStates!: string[];
  @Column({ name: 'to_states', type: 'text', array: true }) toStates!: string[];
  @Column({ type: 'jsonb' }) effects!: unknown;
  /** The answer given to the caller; returned again for a replayed idempotency key. */
  @Column({ type: 'jsonb', nullable: true }) result!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Append-only audit of administrative actions (a trigger refuses changes). */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId!: string | null;
  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true }) actorUserId!: string | null;
  @Column({ type: 'varchar', length: 64 }) action!: string;
  @Column({ name: 'target_type', type: 'varchar', length: 64 }) targetType!: string;
  @Column({ name: 'target_id', type: 'varchar', length: 64, nullable: true }) targetId!:
    string | null;
  @Column({ type: 'jsonb' }) detail!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}

/** Work for the outside world, written in the same transaction, dispatched after commit. */
@Entity({ name: 'outbox' })
export class OutboxEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId!: string | null;
  @Column({ type: 'varchar', length: 32 }) kind!: string;
  @Column({ type: 'jsonb' }) payload!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt!: Date | null;
  @Column({ type: 'int', default: 0 }) attempts!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
}
