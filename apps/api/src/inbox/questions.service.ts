import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { direction } from '@shuping/contracts';
import { Clock } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import {
  isSecretaryOf,
  requireOpen,
  TaskScopeService,
  type ScopedTask,
} from './task-scope.service.js';

export interface QuestionView {
  id: string;
  question: string;
  askedBy: string | null;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  mine: boolean;
}

/** Who answers the questions of a task: the reporter (the organisation's secretary, or its superior's when upward). */
export function answererOrg(
  task: Pick<ScopedTask, 'form_settings' | 'org_unit_id' | 'parent_id'>,
): string | null {
  return direction(task.form_settings) === 'upward' ? task.parent_id : task.org_unit_id;
}

/** 提问: the step's people ask; the reporter answers on the spot (two-way). */
@Injectable()
export class QuestionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  list(manager: EntityManager, principal: Principal, taskId: string): Promise<QuestionView[]> {
    return manager.query<QuestionView[]>(
      `SELECT q.id, q.text AS question, a.display_name AS "askedBy", q.created_at AS "askedAt", q.answer,
              b.display_name AS "answeredBy", q.answered_at AS "answeredAt", (q.asked_by = $2) AS mine
         FROM question q LEFT JOIN app_user a ON a.id = q.asked_by LEFT JOIN app_user b ON b.id = q.answered_by
        WHERE q.task_id = $1 ORDER BY q.created_at, q.id`,
      [taskId, principal.userId],
    );
  }

  async ask(principal: Principal, taskId: string, question: string): Promise<QuestionView[]> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.forActor(principal, taskId, ['questioning'], manager, false);
      const max = (task.form_settings as { maxQuestions?: number } | null)?.maxQuestions;
      const [count] = await manager.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM question WHERE task_id = $1`,
        [taskId],
      );
      if (typeof max === 'number' && (count?.n ?? 0) >= max) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          `At most ${max} questions in this step`,
        );
      }
      await manager.query(
        `INSERT INTO question (county_id, instance_id, task_id, asked_by, text, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
        [task.county_id, task.instance_id, taskId, principal.userId, question, this.clock.now()],
      );
      return this.list(manager, principal, taskId);
    });
  }

  async answer(principal: Principal, questionId: string, answer: string): Promise<QuestionView[]> {
    return this.db.transaction(async (manager) => {
      const [q] = await manager.query<{ task_id: string }[]>(
        `SELECT task_id FROM question WHERE id = $1 AND county_id = $2 FOR UPDATE`,
        [questionId, principal.countyId],
      );
      if (!q) throw new NotFoundException('Question');
      const task = await this.scope.load(principal, q.task_id, manager);
      requireOpen(task);
      if (!isSecretaryOf(principal, answererOrg(task))) {
        throw new InboxException(
          InboxErrorCode.NotAllowed,
          'Only the reporter answers the questions',
        );
      }
      await manager.query(
        `UPDATE question SET answer = $2, answered_by = $3, answered_at = $4 WHERE id = $1`,
        [questionId, answer, principal.userId, this.clock.now()],
      );
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'question.answer',
          targetType: 'task',
          targetId: task.id,
          detail: { questionId },
        },
        manager,
      );
      return this.list(manager, principal, q.task_id);
    });
  }
}
