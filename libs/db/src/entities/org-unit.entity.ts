import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** Levels of the organisation tree: county → township/street → village/community, plus departments. */
export const ORG_KINDS = [
  'county',
  'township',
  'street',
  'village',
  'community',
  'department',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

@Entity({ name: 'org_unit' })
@Index('org_unit_county_code_uq', ['countyId', 'code'], { unique: true })
export class OrgUnitEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The tenant: the county this organisation belongs to (a county row points at itself). */
  @Column({ name: 'county_id', type: 'uuid' })
  countyId!: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'varchar', length: 16 })
  kind!: OrgKind;

  /** Administrative code, unique within the county (e.g. the civil-affairs village code). */
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 128 })
  name!: string;

  /** Materialised path of ancestor ids, `/county/township/village/`: a subtree is a prefix match. */
  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Column({ type: 'varchar', length: 16, default: 'active' })
  status!: 'active' | 'closed';

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
