import { Injectable } from '@nestjs/common';
import {
  formIssues,
  rectificationListsInputSchema,
  rectificationLists,
  stepDataSchema,
  topicPick,
  verdictField,
  type StepFormContext,
} from '@shuping/contracts';
import type { WorkflowDefinition } from '@shuping/engine';
import { DefinitionCache } from '@shuping/worker';
import type { EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { stepFormContextOf } from './step-form-context.util.js';
import { TaskErrorCode, TaskException } from './tasks.exception.js';

/** The columns of a task the forms need. */
export interface FormTask {
  id: string;
  county_id: string;
  instance_id: string;
  state_key: string;
  step_kind: string;
  form_settings: unknown;
  /** Known when the task was read with its instance: saves a query. */
  definition_version_id?: string;
}

type Data = Record<string, unknown>;

/** Rectification items as the step data carries them. */
export interface ItemRow {
  id: string;
  list: string;
  content: string;
  owner: string;
  deadline: string;
  evidence: string | null;
  status: string;
  attachments: string[];
  verify_note: string | null;
}

const ITEM_COLUMNS = `id, list, content, owner, to_char(deadline, 'YYYY-MM-DD') AS deadline, evidence, status,
  attachments, verify_note`;

function itemData(row: ItemRow): Data {
  return {
    id: row.id,
    content: row.content,
    owner: row.owner,
    deadline: row.deadline,
    evidence: row.evidence ?? '',
    status: row.status,
    ...(row.attachments.length > 0 ? { attachments: row.attachments } : {}),
    ...(row.verify_note ? { verifyNote: row.verify_note } : {}),
  };
}

function pick(data: Data, keys: string[]): Data {
  return Object.fromEntries(Object.entries(data).filter(([k]) => keys.includes(k)));
}

/**
 * The step forms on the server: which form a task has (its settings plus what the definition's
 * guards read), and turning a submission into the step data — composed with the side records
 * where the step keeps them — validated with the same schema the web app uses. A submission
 * that does not fit is refused (FORM_INVALID) before the instance is touched.
 */
/**
 * Kinds whose submission `prepare` turns into writes (the topic round closed and its choice
 * kept; rectification items replaced or verified). Every other kind only reads.
 */
const SIDE_RECORD_KINDS = new Set(['topicSelection', 'rectification']);

@Injectable()
export class TaskFormsService {
  constructor(private readonly definitions: DefinitionCache) {}

  /**
   * Whether `prepare` writes side records for this kind (see its cases): such a completion is
   * written alone, so a refused submission rolls back only its own writes.
   */
  writesSideRecords(stepKind: string): boolean {
    return SIDE_RECORD_KINDS.has(stepKind);
  }

  async definitionOf(manager: EntityManager, instanceId: string): Promise<WorkflowDefinition> {
    const [row] = await manager.query<{ definition_version_id: string }[]>(
      `SELECT definition_version_id FROM process_instance WHERE id = $1`,
      [instanceId],
    );
    return this.definitions.get(row.definition_version_id, manager);
  }

  async contextOf(manager: EntityManager, task: FormTask): Promise<StepFormContext> {
    const definition = task.definition_version_id
      ? await this.definitions.get(task.definition_version_id, manager)
      : await this.definitionOf(manager, task.instance_id);
    return stepFormContextOf(definition, task.state_key, task.step_kind, task.form_settings);
  }

  /** Validates composed data against the step's schema; throws FORM_INVALID with the fields. */
  validate(context: StepFormContext, data: Data): Data {
    const parsed = stepDataSchema(context).safeParse(data);
    if (!parsed.success) {
      throw new TaskException(
        TaskErrorCode.FormInvalid,
        '提交的内容不符合本环节的表单要求 (the data does not fit the form of this step)',
        formIssues(parsed.error),
      );
    }
    return parsed.data;
  }

  /**
   * Turns a submission into the step data (inside the completing transaction): applies what the
   * submission carries for side records (rectification lists, verify-all), composes the side
   * records in, and validates the result. Only the kinds of `SIDE_RECORD_KINDS` write: a case
   * that starts writing belongs there too.
   */
  async prepare(
    manager: EntityManager,
    principal: Principal,
    task: FormTask,
    context: StepFormContext,
    submitted: Data,
  ): Promise<Data> {
    const guards = (context.guardFields ?? []).map((g) => g.field);
    switch (task.step_kind) {
      case 'topicSelection':
        return this.validate(
          context,
          await this.composeTopic(manager, task, submitted, [...guards, 'note']),
        );
      case 'questioning': {
        const rows = await manager.query<
          {
            id: string;
            text: string;
            answer: string | null;
            asked: string | null;
            answered: string | null;
          }[]
        >(
          `SELECT q.id, q.text, q.answer, a.display_name AS asked, b.display_name AS answered
             FROM question q LEFT JOIN app_user a ON a.id = q.asked_by LEFT JOIN app_user b ON b.id = q.answered_by
            WHERE q.task_id = $1 ORDER BY q.created_at, q.id`,
          [task.id],
        );
        return this.validate(context, {
          ...pick(submitted, [...guards, 'note']),
          questions: rows.map((r) => ({
            id: r.id,
            question: r.text,
            answer: r.answer ?? '',
            askedBy: r.asked,
            answeredBy: r.answered,
          })),
        });
      }
      case 'commitment':
        return this.validate(context, {
          ...pick(submitted, [...guards, 'note']),
          ...(await this.composeCommitment(manager, task.id)),
        });
      case 'rectification':
        return this.validate(
          context,
          await this.composeRectification(manager, principal, task, context, submitted, guards),
        );
      case 'reportWriting': {
        const data = this.validate(context, submitted);
        await this.checkAttachments(manager, task, data['attachments']);
        return data;
      }
      default:
        return this.validate(context, submitted);
    }
  }

  private async checkAttachments(
    manager: EntityManager,
    task: FormTask,
    ids: unknown,
  ): Promise<void> {
    if (!Array.isArray(ids) || ids.length === 0) return;
    const rows = await manager.query<{ id: string }[]>(
      `SELECT id FROM attachment WHERE id = ANY($1) AND instance_id = $2`,
      [ids, task.instance_id],
    );
    if (rows.length !== new Set(ids).size) {
      throw new TaskException(TaskErrorCode.FormInvalid, 'Unknown attachment', [
        { path: 'attachments', message: '附件不存在或不属于本流程' },
      ]);
    }
  }

  private async composeTopic(
    manager: EntityManager,
    task: FormTask,
    submitted: Data,
    keep: string[],
  ): Promise<Data> {
    const rows = await manager.query<
      {
        id: string;
        text: string;
        category: string | null;
        status: string;
        support: number;
        round_id: string;
      }[]
    >(
      `SELECT p.id, p.text, p.category, p.status, p.round_id,
              (SELECT count(*)::int FROM topic_vote v JOIN topic_proposal m ON m.id = v.proposal_id
                WHERE m.id = p.id OR m.merged_into = p.id) AS support
         FROM topic_proposal p JOIN topic_round r ON r.id = p.round_id
        WHERE r.task_id = $1 AND p.status IN ('new', 'accepted')`,
      [task.id],
    );
    const chosen = rows.find((r) => r.id === submitted['proposalId']);
    const base = {
      ...pick(submitted, keep),
      proposals: rows.length,
    };
    if (!chosen) {
      return {
        ...base,
        proposalId: submitted['proposalId'],
        topic: '',
        category: null,
        support: 0,
      };
    }
    const best = Math.max(...rows.map((r) => r.support));
    if (topicPick(task.form_settings) === 'mostSupported' && chosen.support < best) {
      throw new TaskException(TaskErrorCode.FormInvalid, 'Not the most supported topic', [
        { path: 'proposalId', message: `本环节须选定支持人数最多的题目（最多${best}人支持）` },
      ]);
    }
    await manager.query(
      `UPDATE topic_round SET status = 'closed', closed_at = now(), chosen_proposal_id = $2 WHERE id = $1`,
      [chosen.round_id, chosen.id],
    );
    return {
      ...base,
      proposalId: chosen.id,
      topic: chosen.text,
      category: chosen.category,
      support: chosen.support,
    };
  }

  async composeCommitment(manager: EntityManager, taskId: string): Promise<Data> {
    const [row] = await manager.query<
      { id: string; text: string; signed_at: Date | null; countersigned_at: Date | null }[]
    >(`SELECT id, text, signed_at, countersigned_at FROM commitment WHERE task_id = $1`, [taskId]);
    if (!row) return { commitment: '', ledger: [], signedAt: null, countersignedAt: null };
    const ledger = await manager.query<
      { kind: string; period: string; content: string; target: string | null }[]
    >(
      `SELECT kind, period, content, target FROM ledger_item WHERE commitment_id = $1 ORDER BY seq`,
      [row.id],
    );
    return {
      commitment: row.text,
      ledger: ledger.map((l) => ({
        kind: l.kind,
        period: l.period,
        content: l.content,
        ...(l.target ? { target: l.target } : {}),
      })),
      signedAt: row.signed_at?.toISOString() ?? null,
      countersignedAt: row.countersigned_at?.toISOString() ?? null,
    };
  }

  /** The rectification items of an instance, by list. */
  async items(manager: EntityManager, instanceId: string): Promise<ItemRow[]> {
    return manager.query<ItemRow[]>(
      `SELECT ${ITEM_COLUMNS} FROM rectification_item WHERE instance_id = $1 ORDER BY list, seq`,
      [instanceId],
    );
  }

  private async composeRectification(
    manager: EntityManager,
    principal: Principal,
    task: FormTask,
    context: StepFormContext,
    submitted: Data,
    guards: string[],
  ): Promise<Data> {
    if (context.rectificationMode === 'reviewer') {
      const verdict = verdictField(context.guardFields);
      if (submitted['verifyAll'] === true) {
        await manager.query(
          `UPDATE rectification_item SET status = 'verified', verified_by = $2, verified_at = now(), updated_at = now()
            WHERE instance_id = $1 AND status = 'done'`,
          [task.instance_id, principal.userId],
        );
      }
      const rows = await this.items(manager, task.instance_id);
      return {
        ...pick(submitted, [...guards, verdict, 'verifyAll', 'comment', 'note']),
        items: rows.map(itemData),
      };
    }
    if (submitted['lists'] !== undefined) {
      const parsed = rectificationListsInputSchema.safeParse(submitted['lists']);
      if (!parsed.success) {
        throw new TaskException(
          TaskErrorCode.FormInvalid,
          '提交的内容不符合本环节的表单要求 (the data does not fit the form of this step)',
          formIssues(parsed.error).map((i) => ({ ...i, path: `lists.${i.path}` })),
        );
      }
      // Items given with the submission replace the ones not yet verified.
      await manager.query(
        `DELETE FROM rectification_item WHERE instance_id = $1 AND status <> 'verified'`,
        [task.instance_id],
      );
      for (const [list, entries] of Object.entries(parsed.data)) {
        for (const e of entries ?? []) {
          await manager.query(
            `INSERT INTO rectification_item (county_id, instance_id, list, seq, content, owner, deadline, evidence,
                    attachments, status, created_by)
             VALUES ($1, $2, $3::varchar, (SELECT COALESCE(max(seq), 0) + 1 FROM rectification_item WHERE instance_id = $2 AND list = $3::varchar),
                     $4, $5, $6, $7, $8, $9, $10)`,
            [
              task.county_id,
              task.instance_id,
              list,
              e.content,
              e.owner,
              e.deadline,
              e.evidence ?? null,
              e.attachments ?? [],
              e.evidence ? 'done' : 'open',
              principal.userId,
            ],
          );
        }
      }
    }
    const rows = await this.items(manager, task.instance_id);
    const lists = Object.fromEntries(
      rectificationLists(task.form_settings).map((l) => [
        l,
        rows.filter((r) => r.list === l).map(itemData),
      ]),
    );
    return { ...pick(submitted, [...guards, 'note']), lists };
  }
}
