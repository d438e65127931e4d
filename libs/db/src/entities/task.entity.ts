import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export type TaskStatus = 'open' | 'claimed' | 'done' | 'cancelled';
/** Who may claim: role holders at the candidate org, at its children, or above it. */
export type CandidateMatch = 'exact' | 'children' | 'subtree';

/** A human step's work item, owned by a person or claimable by a role. */
@Entity({ name: 'task' })
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'county_id', type: 'uuid' }) countyId!: string;
  @Column({ name: 'instance_id', type: 'uuid' }) instanceId!: string;
  @Column({ name: 'campaign_id', type: 'uuid' }) campaignId!: string;
  /** The organisation under review. */
  @Column({ name: 'org_unit_id', type: 'uuid' }) orgUnitId!: string;
  @Column({ name: 'task_key', type: 'varchar', length: 300 }) taskKey!: string;
  @Column({ name: 'state_key', type: 'varchar', length: 300 }) stateKey!: string;
  @Column({ type: 'int', default: 1 }) visit!: number;
  @Column({ name: 'step_kind', type: 'varchar', length: 32 }) stepKind!: string;
  @Column({ name: 'title_zh', type: 'varchar', length: 200 }) titleZh!: string;
  @Column({ name: 'title_en', type: 'varchar', length: 200 }) titleEn!: string;
  @Column({ name: 'assignee_rule', type: 'jsonb' }) assigneeRule!: unknown;
  @Column({ name: 'candidate_roles', type: 'text', array: true }) candidateRoles!: string[];
  @Column({ name: 'candidate_org_id', type: 'uuid', nullable: true }) candidateOrgId!:
    string | null;
  @Column({ name: 'candidate_org_path', type: 'text', nullable: true }) candidateOrgPath!:
    string | null;
  @Column({ name: 'candidate_match', type: 'varchar', length: 16 }) candidateMatch!: CandidateMatch;
  @Column({ name: 'rater_groups', type: 'text', array: true, nullable: true }) raterGroups!:
    string[] | null;
  @Column({ name: 'assignee_user_id', type: 'uuid', nullable: true }) assigneeUserId!:
    string | null;
  @Column({ type: 'varchar', length: 16 }) status!: TaskStatus;
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column({ type: 'boolean', default: false }) overdue!: boolean;
  @Column({ name: 'escalation_level', type: 'int', default: 0 }) escalationLevel!: number;
  @Column({ name: 'form_settings', type: 'jsonb', nullable: true }) formSettings!: unknown;
  @Column({ type: 'jsonb', nullable: true }) escalation!: unknown;
  @Column({ name: 'form_data', type: 'jsonb', nullable: true }) formData!: unknown;
  @Column({ name: 'close_reason', type: 'varchar', length: 16, nullable: true }) closeReason!:
    string | null;
  @Column({ name: 'completed_by', type: 'uuid', nullable: true }) completedBy!: string | null;
  @Column({ name: 'opened_at', type: 'timestamptz' }) openedAt!: Date;
  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true }) closedAt!: Date | null;
}
