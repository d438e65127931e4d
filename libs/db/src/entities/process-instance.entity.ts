import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type InstanceStatus = 'active' | 'done' | 'cancelled';

/** One organisation's run of a campaign's process. */
@Entity({ name: 'process_instance' })
export class ProcessInstanceEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  @Column({ name: 'org_unit_id', type: 'uuid' }) orgUnitId!: string;
  @Column({ name: 'definition_version_id', type: 'uuid' }) definitionVersionId!: string;
  /** XState persisted snapshot (engine). */
  @Column({ type: 'jsonb' }) snapshot!: unknown;
  /** Bumped by every applied event. */
  @Column({ type: 'int', default: 1 }) version!: number;
  @Column({ type: 'varchar', length: 16 }) status!: InstanceStatus;
  /** Active step keys, for dashboards. */
  @Column({ name: 'current_states', type: 'text', array: true }) currentStates!: string[];
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
