import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { speakingLimitSeconds, type StepFormContext } from '@shuping/contracts';
import type { EngineSnapshot, Facts, WorkflowDefinition } from '@shuping/engine';
import { DefinitionCache } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { coversOrg, type Principal } from '../auth/principal.js';
import { RatingService, type RatingProgress, type RatingTask } from '../tasks/rating.service.js';
import { stepFormContextOf } from '../tasks/step-form-context.util.js';
import { BULK_KINDS, OVERSEERS, TasksService, type TaskView } from '../tasks/tasks.service.js';
import { AttachmentsService, type AttachmentView } from './attachments.service.js';
import { CommitmentsService, type CommitmentView } from './commitments.service.js';
import { ObjectionsService, type ObjectionView } from './objections.service.js';
import { answererOrg, QuestionsService, type QuestionView } from './questions.service.js';
import { RectificationService, type RectificationItemView } from './rectification.service.js';
import { isSecretaryOf, TaskScopeService } from './task-scope.service.js';
import { TopicsService, type TopicRoundView } from './topics.service.js';

export interface ParticipantView {
  id: string;
  kind: 'delegate' | 'coHandler' | 'copy';
  userId: string;
  name: string;
  status: 'pending' | 'done' | 'withdrawn';
  note: string | null;
  opinion: string | null;
  agree: boolean | null;
  addedBy: string | null;
  createdAt: string;
  doneAt: string | null;
}

export interface ActionLogEntry {
  at: string;
  action: string;
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface MeetingSpeaker {
  taskId: string;
  orgName: string;
  status: string;
  order: number;
  durationSeconds: number | null;
  overrunSeconds: number | null;
  current: boolean;
}

/** Everything the task page shows. */
export interface TaskDetail {
  task: TaskView;
  /** What the caller may do now. */
  can: {
    complete: boolean;
    claim: boolean;
    transfer: boolean;
    delegate: boolean;
    resolve: boolean;
    coHandler: boolean;
    coSign: boolean;
    copy: boolean;
    sendBack: boolean;
    urge: boolean;
    print: boolean;
    answer: boolean;
    verify: boolean;
    countersign: boolean;
    bulk: boolean;
  };
  form: StepFormContext;
  draft: { data: Record<string, unknown>; updatedAt: string; updatedBy: string | null } | null;
  data: Record<string, unknown> | null;
  participants: ParticipantView[];
  actions: ActionLogEntry[];
  instance: {
    id: string;
    status: string;
    orgName: string;
    orgKind: string;
    parentName: string | null;
    definition: WorkflowDefinition;
    currentStates: string[];
    completedStates: string[];
    facts: Facts;
    results: Record<string, Record<string, unknown>>;
    history: {
      seq: number;
      eventType: string;
      actor: string | null;
      fromStates: string[];
      toStates: string[];
      at: string;
    }[];
  };
  questions?: QuestionView[];
  rating?: RatingProgress;
  items?: RectificationItemView[];
  commitments?: CommitmentView[];
  topics?: TopicRoundView;
  attachments?: AttachmentView[];
  objections?: ObjectionView[];
  meeting?: { limitSeconds: number; speakers: MeetingSpeaker[] };
}

const PRINTABLE = ['reportWriting', 'rectification', 'accountability'];
const VERIFIERS = ['township_secretary', 'org_department', 'county_admin', 'supervisor'] as const;

/** The task page: task, permissions, form, draft, people, history, and the step's side records. */
@Injectable()
export class TaskDetailService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tasks: TasksService,
    private readonly scope: TaskScopeService,
    private readonly definitions: DefinitionCache,
    private readonly ratings: RatingService,
    private readonly questions: QuestionsService,
    private readonly rectification: RectificationService,
    private readonly commitments: CommitmentsService,
    private readonly topics: TopicsService,
    private readonly attachments: AttachmentsService,
    private readonly objections: ObjectionsService,
  ) {}

  async get(principal: Principal, id: string): Promise<TaskDetail> {
    let view = await this.tasks.get(principal, id);
    if (view.stepKind === 'rating' && (view.status === 'open' || view.status === 'claimed')) {
      await this.ratings.closeIfDue(id);
      view = await this.tasks.get(principal, id);
    }
    const task = await this.scope.load(principal, id);
    const manager = this.db.manager;
    const [instance] = await manager.query<
      {
        id: string;
        status: string;
        snapshot: EngineSnapshot;
        definition_version_id: string;
        current_states: string[];
      }[]
    >(
      `SELECT id, status, snapshot, definition_version_id, current_states FROM process_instance WHERE id = $1`,
      [task.instance_id],
    );
    const definition = await this.definitions.get(instance.definition_version_id);
    const form = stepFormContextOf(definition, task.state_key, task.step_kind, task.form_settings);
    // One query at a time: embedded PGlite serves one statement at a time across connections.
    const draftRows = await manager.query<
      { data: Record<string, unknown>; updatedAt: string; updatedBy: string | null }[]
    >(
      `SELECT d.data, d.updated_at AS "updatedAt", u.display_name AS "updatedBy"
         FROM task_draft d LEFT JOIN app_user u ON u.id = d.updated_by WHERE d.task_id = $1`,
      [id],
    );
    const participants = await manager.query<ParticipantView[]>(
      `SELECT p.id, p.kind, p.user_id AS "userId", u.display_name AS name, p.status, p.note, p.opinion, p.agree,
              a.display_name AS "addedBy", p.created_at AS "createdAt", p.done_at AS "doneAt"
         FROM task_participant p JOIN app_user u ON u.id = p.user_id LEFT JOIN app_user a ON a.id = p.added_by
        WHERE p.task_id = $1 ORDER BY p.created_at`,
      [id],
    );
    const actions = await manager.query<ActionLogEntry[]>(
      `SELECT l.created_at AS at, l.action, u.display_name AS actor, l.detail
         FROM audit_log l LEFT JOIN app_user u ON u.id = l.actor_user_id
        WHERE l.target_type = 'task' AND l.target_id = $1 ORDER BY l.id`,
      [id],
    );
    const history = await manager.query<TaskDetail['instance']['history']>(
      `SELECT e.seq, e.event_type AS "eventType", u.display_name AS actor, e.from_states AS "fromStates",
              e.to_states AS "toStates", e.created_at AS at
         FROM instance_event e LEFT JOIN app_user u ON u.id = e.actor_user_id
        WHERE e.instance_id = $1 ORDER BY e.seq`,
      [task.instance_id],
    );
    const open = task.status === 'open' || task.status === 'claimed';
    const actor = open && (task.via === 'self' || task.via === 'standIn');
    const pending = (kind: string) =>
      participants.some(
        (p) => p.kind === kind && p.userId === principal.userId && p.status === 'pending',
      );
    const rating = task.step_kind === 'rating';
    const completed = new Set(history.flatMap((h) => h.fromStates));
    for (const s of instance.current_states) completed.delete(s);
    const detail: TaskDetail = {
      task: view,
      can: {
        complete: actor && !rating,
        claim: actor && !rating && task.assignee_user_id === null,
        transfer: actor && !rating,
        delegate: actor && !rating,
        resolve: open && pending('delegate'),
        coHandler: actor && !rating,
        coSign: open && pending('coHandler'),
        copy: task.via !== 'copy',
        sendBack:
          actor &&
          history.some((h) => h.eventType === 'SUBMIT' && h.toStates.includes(task.state_key)),
        urge:
          open &&
          !actor &&
          coversOrg(principal, task.org_path, [
            'county_admin',
            'org_department',
            'township_secretary',
            'supervisor',
          ]),
        print: PRINTABLE.includes(task.step_kind),
        answer:
          open && task.step_kind === 'questioning' && isSecretaryOf(principal, answererOrg(task)),
        verify:
          task.step_kind === 'rectification' &&
          !isSecretaryOf(principal, task.org_unit_id) &&
          coversOrg(principal, task.org_path, [...VERIFIERS]),
        countersign:
          open &&
          task.step_kind === 'commitment' &&
          (task.assignee_rule?.role === 'selfSecretary'
            ? isSecretaryOf(principal, task.parent_id) ||
              (task.parent_kind === 'county' &&
                coversOrg(principal, task.org_path, ['org_department', 'county_admin']))
            : isSecretaryOf(principal, task.org_unit_id)),
        bulk: actor && BULK_KINDS.includes(task.step_kind),
      },
      form,
      draft: draftRows[0] ?? null,
      data: task.form_data,
      participants,
      actions,
      instance: {
        id: instance.id,
        status: instance.status,
        orgName: task.org_name,
        orgKind: task.org_kind,
        parentName: task.parent_name,
        definition,
        currentStates: instance.current_states,
        completedStates: [...completed],
        facts: instance.snapshot.context.facts,
        results: instance.snapshot.context.results,
        history,
      },
    };
    await this.sideRecords(principal, task, detail);
    return detail;
  }

  private async sideRecords(
    principal: Principal,
    task: Awaited<ReturnType<TaskScopeService['load']>>,
    detail: TaskDetail,
  ): Promise<void> {
    const manager = this.db.manager;
    switch (task.step_kind) {
      case 'questioning':
        detail.questions = await this.questions.list(manager, principal, task.id);
        break;
      case 'rating':
        detail.rating = await this.ratings.progress(manager, principal, {
          ...(task as unknown as RatingTask),
          org_path: task.org_path,
          status: task.status,
        });
        break;
      case 'rectification':
        detail.items = await this.rectification.list(manager, task.instance_id);
        detail.attachments = await this.attachments.list(task.instance_id);
        break;
      case 'commitment':
        detail.commitments = await this.commitments.view(manager, { taskId: task.id });
        break;
      case 'topicSelection':
        detail.topics = await this.topics.forTask(principal, task.id);
        break;
      case 'reportWriting':
        detail.attachments = await this.attachments.list(task.instance_id);
        break;
      case 'aggregation':
        detail.objections = await this.objections.list(manager, task.instance_id);
        break;
      case 'speaking':
        detail.meeting = await this.meeting(task);
        break;
      case 'critique':
      case 'talk':
      case 'accountability':
        detail.items = await this.rectification.list(manager, task.instance_id);
        detail.objections = await this.objections.list(manager, task.instance_id);
        break;
      default:
        break;
    }
    if (!coversOrg(principal, task.org_path, OVERSEERS) && detail.objections?.length === 0) {
      delete detail.objections;
    }
  }

  /**
   * The meeting's speaking order: the same step of the same campaign for the organisations
   * under the same superior, in the listed order (organisation code), superior first when the
   * step says so.
   */
  private async meeting(
    task: Awaited<ReturnType<TaskScopeService['load']>>,
  ): Promise<{ limitSeconds: number; speakers: MeetingSpeaker[] }> {
    const rows = await this.db.query<
      {
        id: string;
        org_name: string;
        code: string;
        status: string;
        form_data: Record<string, unknown> | null;
      }[]
    >(
      `SELECT DISTINCT ON (o.id) t.id, o.name AS org_name, o.code, t.status, t.form_data
         FROM task t JOIN org_unit o ON o.id = t.org_unit_id
        WHERE t.campaign_id = $1 AND t.task_key = $2 AND o.parent_id IS NOT DISTINCT FROM $3
          AND t.status <> 'cancelled'
        ORDER BY o.id, t.opened_at DESC`,
      [task.campaign_id, task.task_key, task.parent_id],
    );
    rows.sort((a, b) => a.code.localeCompare(b.code));
    return {
      limitSeconds: speakingLimitSeconds(task.form_settings),
      speakers: rows.map((r, i) => ({
        taskId: r.id,
        orgName: r.org_name,
        status: r.status,
        order: i + 1,
        durationSeconds:
          typeof r.form_data?.['durationSeconds'] === 'number'
            ? r.form_data['durationSeconds']
            : null,
        overrunSeconds:
          typeof r.form_data?.['overrunSeconds'] === 'number'
            ? r.form_data['overrunSeconds']
            : null,
        current: r.id === task.id,
      })),
    };
  }
}
