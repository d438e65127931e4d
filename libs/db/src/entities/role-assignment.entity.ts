import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Roles a person can hold, each scoped to an organisation subtree. */
export const ROLES = [
  'province_admin',
  'county_admin',
  'org_department',
  'township_secretary',
  'village_secretary',
  'rater',
  'supervisor',
  /** Granted by a link (联系点, table org_link) at the linked organisation; never assigned by hand. */
  'linked_leader',
] as const;
export type Role = (typeof ROLES)[number];

@Entity({ name: 'role_assignment' })
export class RoleAssignmentEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column({ name: 'county_id', type: 'uuid', nullable: true }) countyId!: string | null;
  /** Root of the subtree the role applies to (null only for provincial administrators). */
  @Column({ name: 'org_unit_id', type: 'uuid', nullable: true }) orgUnitId!: string | null;
  @Column({ type: 'varchar', length: 32 }) role!: Role;
  /** For raters: the group they rate in (e.g. party-member representatives). */
  @Column({ name: 'rater_group', type: 'varchar', length: 64, nullable: true }) raterGroup!:
    string | null;
  @Column({ name: 'valid_from', type: 'timestamptz', nullable: true }) validFrom!: Date | null;
  @Column({ name: 'valid_to', type: 'timestamptz', nullable: true }) validTo!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
