import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  categories,
  durationDays,
  topicPick,
  type KeyedTitle,
  type TopicClassify,
} from '@shuping/contracts';
import { Clock } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { InboxErrorCode, InboxException } from './inbox.exception.js';
import { newSalt, saltedHash } from './public-hash.util.js';
import {
  requireKind,
  requireOpen,
  TaskScopeService,
  type ScopedTask,
} from './task-scope.service.js';

export interface TopicProposalView {
  id: string;
  text: string;
  category: string | null;
  status: 'new' | 'accepted' | 'rejected' | 'merged';
  mergedInto: string | null;
  source: 'public' | 'staff';
  /** Votes for it and for the proposals merged into it. */
  support: number;
  createdAt: string;
}

export interface TopicRoundView {
  id: string;
  taskId: string;
  orgName: string;
  stepTitle: string;
  open: boolean;
  closesAt: string | null;
  pick: 'mostSupported' | 'committeeChoice';
  categories: KeyedTitle[];
  chosenProposalId: string | null;
  proposals: TopicProposalView[];
  votes: number;
}

interface RoundRow {
  id: string;
  task_id: string;
  county_id: string;
  salt: string;
  status: string;
  closes_at: Date | null;
  chosen_proposal_id: string | null;
  task_status: string;
  form_settings: unknown;
  org_name: string;
  title_zh: string;
}

const ROUND = `SELECT r.id, r.task_id, r.county_id, r.salt, r.status, r.closes_at, r.chosen_proposal_id, t.status AS task_status,
    t.form_settings, o.name AS org_name, t.title_zh
  FROM topic_round r JOIN task t ON t.id = r.task_id JOIN org_unit o ON o.id = r.org_unit_id`;

/**
 * 群众点题: a public round per topic-selection task. The public proposes topics (one per phone
 * or ID number, kept as a salted hash) and supports them (one vote per person per round);
 * staff add the topics heard on visits, classify, merge duplicates, and submit the most
 * supported (or the committee's choice) as the reporter's topic.
 */
@Injectable()
export class TopicsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly scope: TaskScopeService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** The round of a topic-selection task, created on first use. */
  async ensureRound(manager: EntityManager, task: ScopedTask): Promise<string> {
    const days = durationDays((task.form_settings as { period?: unknown } | null)?.period);
    await manager.query(
      `INSERT INTO topic_round (county_id, instance_id, task_id, org_unit_id, salt, closes_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (task_id) DO NOTHING`,
      [
        task.county_id,
        task.instance_id,
        task.id,
        task.org_unit_id,
        newSalt(),
        days ? new Date(task.opened_at.getTime() + days * 86_400_000) : null,
      ],
    );
    const [row] = await manager.query<{ id: string }[]>(
      `SELECT id FROM topic_round WHERE task_id = $1`,
      [task.id],
    );
    return row.id;
  }

  private isOpen(round: RoundRow): boolean {
    return (
      round.status === 'open' &&
      (round.task_status === 'open' || round.task_status === 'claimed') &&
      (round.closes_at === null || round.closes_at.getTime() > this.clock.now().getTime())
    );
  }

  private async roundRow(manager: EntityManager, roundId: string, lock = false): Promise<RoundRow> {
    const [round] = await manager.query<RoundRow[]>(
      `${ROUND} WHERE r.id = $1 ${lock ? 'FOR UPDATE OF r' : ''}`,
      [roundId],
    );
    if (!round) throw new NotFoundException('Topic round');
    return round;
  }

  async view(
    manager: EntityManager,
    roundId: string,
    publicView: boolean,
  ): Promise<TopicRoundView> {
    const round = await this.roundRow(manager, roundId);
    const proposals = await manager.query<TopicProposalView[]>(
      `SELECT p.id, p.text, p.category, p.status, p.merged_into AS "mergedInto", p.source, p.created_at AS "createdAt",
              (SELECT count(*)::int FROM topic_vote v JOIN topic_proposal m ON m.id = v.proposal_id
                WHERE m.id = p.id OR m.merged_into = p.id) AS support
         FROM topic_proposal p WHERE p.round_id = $1 ${publicView ? `AND p.status IN ('new','accepted')` : ''}
        ORDER BY support DESC, p.created_at`,
      [roundId],
    );
    const [votes] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM topic_vote WHERE round_id = $1`,
      [roundId],
    );
    return {
      id: round.id,
      taskId: round.task_id,
      orgName: round.org_name,
      stepTitle: round.title_zh,
      open: this.isOpen(round),
      closesAt: round.closes_at?.toISOString() ?? null,
      pick: topicPick(round.form_settings),
      categories: categories(round.form_settings),
      chosenProposalId: round.chosen_proposal_id,
      proposals,
      votes: votes?.n ?? 0,
    };
  }

  /** The staff view of a task's round. */
  async forTask(principal: Principal, taskId: string): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const task = await this.scope.load(principal, taskId, manager);
      requireKind(task, ['topicSelection']);
      return this.view(manager, await this.ensureRound(manager, task), false);
    });
  }

  private async staffTask(
    manager: EntityManager,
    principal: Principal,
    taskId: string,
  ): Promise<ScopedTask> {
    const task = await this.scope.load(principal, taskId, manager, true);
    requireKind(task, ['topicSelection']);
    requireOpen(task);
    if (!['self', 'standIn', 'delegate', 'overseer'].includes(task.via)) {
      throw new InboxException(
        InboxErrorCode.NotTheActor,
        'Only the staff of this step may do this',
      );
    }
    return task;
  }

  private checkCategory(settings: unknown, category: string | null | undefined): void {
    const cats = categories(settings);
    if (category && cats.length > 0 && !cats.some((c) => c.key === category)) {
      throw new InboxException(InboxErrorCode.WrongStep, 'Unknown category', [
        { path: 'category', message: '分类不在本环节的设置中' },
      ]);
    }
  }

  /** Staff add a topic heard on visits or at a symposium. */
  async addByStaff(
    principal: Principal,
    taskId: string,
    body: { text: string; category?: string },
  ): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const task = await this.staffTask(manager, principal, taskId);
      this.checkCategory(task.form_settings, body.category);
      const roundId = await this.ensureRound(manager, task);
      await manager.query(
        `INSERT INTO topic_proposal (county_id, round_id, text, category, status, source, proposer_hash, updated_by)
         VALUES ($1, $2, $3, $4, 'accepted', 'staff', $5, $6)`,
        [
          task.county_id,
          roundId,
          body.text,
          body.category ?? null,
          saltedHash(randomUUID(), 'staff'),
          principal.userId,
        ],
      );
      return this.view(manager, roundId, false);
    });
  }

  private async proposalTask(
    manager: EntityManager,
    principal: Principal,
    proposalId: string,
  ): Promise<{ task: ScopedTask; roundId: string; status: string }> {
    const [p] = await manager.query<{ task_id: string; round_id: string; status: string }[]>(
      `SELECT r.task_id, p.round_id, p.status FROM topic_proposal p JOIN topic_round r ON r.id = p.round_id
        WHERE p.id = $1 AND p.county_id = $2 FOR UPDATE OF p`,
      [proposalId, principal.countyId],
    );
    if (!p) throw new NotFoundException('Proposal');
    return {
      task: await this.staffTask(manager, principal, p.task_id),
      roundId: p.round_id,
      status: p.status,
    };
  }

  /** 分类: category and acceptance of a proposal. */
  async classify(
    principal: Principal,
    proposalId: string,
    body: TopicClassify,
  ): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const { task, roundId, status } = await this.proposalTask(manager, principal, proposalId);
      if (status === 'merged') {
        throw new InboxException(
          InboxErrorCode.WrongStep,
          'A merged proposal is classified with its target',
        );
      }
      this.checkCategory(task.form_settings, body.category);
      await manager.query(
        `UPDATE topic_proposal SET category = $2, status = $3, updated_by = $4 WHERE id = $1`,
        [proposalId, body.category, body.status, principal.userId],
      );
      await this.record(manager, principal, task, 'topic.classify', { proposalId, ...body });
      return this.view(manager, roundId, false);
    });
  }

  /** 合并: a duplicate joins another proposal; its supporters count for the target. */
  async merge(principal: Principal, proposalId: string, intoId: string): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const { task, roundId } = await this.proposalTask(manager, principal, proposalId);
      const [target] = await manager.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM topic_proposal WHERE id = $1 AND round_id = $2`,
        [intoId, roundId],
      );
      if (
        !target ||
        intoId === proposalId ||
        target.status === 'merged' ||
        target.status === 'rejected'
      ) {
        throw new InboxException(
          InboxErrorCode.WrongStep,
          'Merge into another open proposal of the round',
        );
      }
      await manager.query(`UPDATE topic_proposal SET merged_into = $2 WHERE merged_into = $1`, [
        proposalId,
        intoId,
      ]);
      await manager.query(
        `UPDATE topic_proposal SET status = 'merged', merged_into = $2, updated_by = $3 WHERE id = $1`,
        [proposalId, intoId, principal.userId],
      );
      await this.record(manager, principal, task, 'topic.merge', { proposalId, intoId });
      return this.view(manager, roundId, false);
    });
  }

  async setClosesAt(
    principal: Principal,
    taskId: string,
    closesAt: string | null,
  ): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const task = await this.staffTask(manager, principal, taskId);
      const roundId = await this.ensureRound(manager, task);
      await manager.query(`UPDATE topic_round SET closes_at = $2 WHERE id = $1`, [
        roundId,
        closesAt,
      ]);
      return this.view(manager, roundId, false);
    });
  }

  // ---- public ---------------------------------------------------------------------------------

  publicView(roundId: string): Promise<TopicRoundView> {
    return this.view(this.db.manager, roundId, true);
  }

  /** A member of the public proposes a topic: one per person per round. */
  async propose(
    roundId: string,
    body: { text: string; category?: string; identity: string },
  ): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const round = await this.roundRow(manager, roundId, true);
      if (!this.isOpen(round)) {
        throw new InboxException(
          InboxErrorCode.RoundClosed,
          '征集已结束 (the solicitation is closed)',
        );
      }
      this.checkCategory(round.form_settings, body.category);
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO topic_proposal (county_id, round_id, text, category, source, proposer_hash, created_at)
         VALUES ($1, $2, $3, $4, 'public', $5, $6) ON CONFLICT (round_id, proposer_hash) DO NOTHING RETURNING id`,
        [
          round.county_id,
          roundId,
          body.text,
          body.category ?? null,
          saltedHash(round.salt, body.identity),
          this.clock.now(),
        ],
      );
      if (inserted.length === 0) {
        throw new InboxException(
          InboxErrorCode.AlreadyProposed,
          '每人每轮只能提一个题目 (one proposal per person per round)',
        );
      }
      return this.view(manager, roundId, true);
    });
  }

  /** A member of the public supports a topic: one vote per person per round. */
  async vote(
    roundId: string,
    body: { proposalId: string; identity: string },
  ): Promise<TopicRoundView> {
    return this.db.transaction(async (manager) => {
      const round = await this.roundRow(manager, roundId, true);
      if (!this.isOpen(round)) {
        throw new InboxException(
          InboxErrorCode.RoundClosed,
          '征集已结束 (the solicitation is closed)',
        );
      }
      const [proposal] = await manager.query<{ id: string; status: string }[]>(
        `SELECT id, status FROM topic_proposal WHERE id = $1 AND round_id = $2`,
        [body.proposalId, roundId],
      );
      if (!proposal || proposal.status === 'rejected') {
        throw new NotFoundException('Proposal');
      }
      const inserted = await manager.query<{ id: string }[]>(
        `INSERT INTO topic_vote (county_id, round_id, proposal_id, voter_hash, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (round_id, voter_hash) DO NOTHING RETURNING id`,
        [
          round.county_id,
          roundId,
          proposal.id,
          saltedHash(round.salt, `vote:${body.identity}`),
          this.clock.now(),
        ],
      );
      if (inserted.length === 0) {
        throw new InboxException(
          InboxErrorCode.AlreadyVoted,
          '每人每轮只能支持一个题目 (one vote per person per round)',
        );
      }
      return this.view(manager, roundId, true);
    });
  }

  private record(
    manager: EntityManager,
    principal: Principal,
    task: ScopedTask,
    action: string,
    detail: Record<string, unknown>,
  ) {
    return this.audit.record(
      {
        countyId: principal.countyId,
        actorUserId: principal.userId,
        action,
        targetType: 'task',
        targetId: task.id,
        detail: { instanceId: task.instance_id, ...detail },
      },
      manager,
    );
  }
}
