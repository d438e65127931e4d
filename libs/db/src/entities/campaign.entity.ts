import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export type CampaignStatus = 'launching' | 'running' | 'done' | 'cancelled' | 'failed';

/** A definition version launched over a scope of organisations: one instance per organisation. */
@Entity({ name: 'campaign' })
export class CampaignEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ name: 'definition_version_id', type: 'uuid' }) definitionVersionId!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ name: 'scope_org_id', type: 'uuid' }) scopeOrgId!: string;
  /** Which kinds of organisation in the scope get an instance (e.g. village, community). */
  @Column({ name: 'org_kinds', type: 'text', array: true }) orgKinds!: string[];
  @Column({ type: 'varchar', length: 16 }) status!: CampaignStatus;
  @Column({ type: 'int', default: 0 }) total!: number;
  @Column({ type: 'int', default: 0 }) launched!: number;
  @Column({ name: 'last_error', type: 'text', nullable: true }) lastError!: string | null;
  @Column({ name: 'starts_at', type: 'timestamptz', nullable: true }) startsAt!: Date | null;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
