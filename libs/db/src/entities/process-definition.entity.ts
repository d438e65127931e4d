import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A county's process: an editable draft plus its published versions. */
@Entity({ name: 'process_definition' })
export class ProcessDefinitionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ type: 'varchar', length: 100 }) key!: string;
  @Column({ name: 'name_zh', type: 'varchar', length: 200 }) nameZh!: string;
  @Column({ name: 'name_en', type: 'varchar', length: 200 }) nameEn!: string;
  /** The editable definition document (engine schema). */
  @Column({ type: 'jsonb' }) draft!: unknown;
  /** 0 until first published. */
  @Column({ name: 'latest_version', type: 'int', default: 0 }) latestVersion!: number;
  @Column({ name: 'created_by', type: 'uuid', nullable: true }) createdBy!: string | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

/** An immutable published version; running instances stay on the one they started with. */
@Entity({ name: 'process_definition_version' })
export class ProcessDefinitionVersionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'definition_id', type: 'uuid' }) definitionId!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ type: 'int' }) version!: number;
  @Column({ type: 'jsonb' }) document!: unknown;
  @Column({ name: 'published_by', type: 'uuid', nullable: true }) publishedBy!: string | null;
  @CreateDateColumn({ name: 'published_at', type: 'timestamptz' }) publishedAt!: Date;
}
