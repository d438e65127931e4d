import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ballotSchema,
  direction as directionOf,
  formIssues,
  raterGroups,
  ratingDimensions,
  ratingGrades,
  type FormGrade,
} from '@shuping/contracts';
import { submitEvent, type JsonObject } from '@shuping/engine';
import {
  aggregateSubject,
  OVERALL_DIMENSION,
  type Ballot as ReviewBallot,
  type Direction,
  type ShareThresholdRule,
} from '@shuping/review';
import {
  Clock,
  InstanceRuntime,
  RuntimeEvents,
  type AdvanceOutcome,
  type LockedInstance,
} from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { TaskErrorCode, TaskException } from './tasks.exception.js';

/** The task columns a rating round needs. */
export interface RatingTask {
  id: string;
  county_id: string;
  instance_id: string;
  org_unit_id: string;
  task_key: string;
  status: string;
  form_settings: unknown;
  candidate_org_path: string | null;
  rater_groups: string[] | null;
  /** The instance, when it was locked with the task (saves reading it again). */
  instance?: LockedInstance | null;
}

interface Round {
  task_id: string;
  subject_org_id: string;
  direction: 'downward' | 'upward';
  salt: string;
  closed_at: Date | null;
  result: JsonObject | null;
}

/** What a rater or the organiser sees of a round. */
export interface RatingProgress {
  taskId: string;
  received: number;
  eligible: number;
  /** Ballots received per rater group (no grades before the round is closed). */
  byGroup: { group: string; received: number }[];
  voted: boolean;
  /** True when the caller is on the roll and has not voted. */
  canVote: boolean;
  /** True when the caller runs the meeting and may close the round. */
  canClose: boolean;
  anonymous: boolean;
  closed: boolean;
  result: JsonObject | null;
}

/** A ballot's answer: the step's outcome shape, plus the round's progress. */
export type BallotOutcome = AdvanceOutcome & { ballot: { received: number; eligible: number } };

const ORGANISERS = ['county_admin', 'org_department', 'township_secretary'] as const;
const SECRETARIES = `('village_secretary', 'township_secretary')`;

/** sha256(salt || user id): the de-duplication key of a ballot (also computed in SQL). */
export function ballotHash(salt: string, userId: string): string {
  return createHash('sha256').update(`${salt}${userId}`, 'utf8').digest('hex');
}

/** SQL for "this user has voted in round r" (r = rating_round alias). */
export function votedSql(userParam: string, round = 'r'): string {
  return `EXISTS (SELECT 1 FROM ballot b WHERE b.task_id = ${round}.task_id
            AND b.dedup_hash = encode(sha256(convert_to(${round}.salt || ${userParam}::text, 'UTF8')), 'hex'))`;
}

/** 上述下评 (downward: the superior side rates the organisation) → libs/review's direction. */
function reviewDirection(direction: 'downward' | 'upward'): Direction {
  return direction === 'downward' ? 'subordinate-reports' : 'superior-reports';
}

/**
 * 测评: one ballot per rater per subject per round, anonymous unless the rater group says
 * otherwise (then the ballot row holds no user and no time, only the de-duplication hash). The
 * rating task stays open while ballots come in; the round closes when every rater on the roll
 * has voted, when the organiser closes it, or at the task's deadline. Closing aggregates the
 * ballots with libs/review and submits the overall grade as the step's data, so the engine's
 * grade guards route the instance.
 */
@Injectable()
export class RatingService implements OnModuleInit {
  private readonly logger = new Logger(RatingService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly runtime: InstanceRuntime,
    private readonly events: RuntimeEvents,
    private readonly clock: Clock,
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    // Deadlines fire as timers of the instance; once one is committed, overdue rounds close.
    this.events.onCommitted(async (committed) => {
      if (committed.eventType !== 'TIMER' || committed.instanceIds.length === 0) return;
      const due = await this.db.query<{ id: string }[]>(
        `SELECT t.id FROM task t
          WHERE t.instance_id = ANY($1) AND t.step_kind = 'rating' AND t.status IN ('open', 'claimed')
            AND t.due_at <= $2 AND EXISTS (SELECT 1 FROM ballot b WHERE b.task_id = t.id)`,
        [committed.instanceIds, this.clock.now()],
      );
      for (const { id } of due) await this.closeIfDue(id);
    });
  }

  /**
   * Closes a round whose deadline has passed (with at least one ballot). Called after timers
   * fire, and again whenever the round is looked at — timers may fire in a worker process that
   * does not run this listener.
   */
  async closeIfDue(taskId: string): Promise<void> {
    try {
      await this.runtime.transaction(async (manager) => {
        const task = await this.lockTask(manager, taskId);
        if (!task || (task.status !== 'open' && task.status !== 'claimed')) return;
        const [due] = await manager.query<{ due: boolean }[]>(
          `SELECT (t.due_at <= $2 AND EXISTS (SELECT 1 FROM ballot b WHERE b.task_id = t.id)) AS due
             FROM task t WHERE t.id = $1`,
          [taskId, this.clock.now()],
        );
        if (due?.due) await this.close(manager, task, null, 'deadline');
      });
    } catch (error) {
      this.logger.warn(`Could not close rating ${taskId} at its deadline: ${String(error)}`);
    }
  }

  private async lockTask(manager: EntityManager, id: string): Promise<RatingTask | undefined> {
    const [task] = await manager.query<RatingTask[]>(
      `SELECT id, county_id, instance_id, org_unit_id, task_key, status, form_settings, candidate_org_path, rater_groups
         FROM task WHERE id = $1 AND step_kind = 'rating' FOR UPDATE`,
      [id],
    );
    return task;
  }

  /** The round of a rating task, created on first use. */
  async round(manager: EntityManager, task: RatingTask): Promise<Round> {
    const [found] = await manager.query<Round[]>(
      `SELECT task_id, subject_org_id, direction, salt, closed_at, result FROM rating_round WHERE task_id = $1`,
      [task.id],
    );
    if (found) return found;
    const direction = directionOf(task.form_settings);
    const [org] = await manager.query<{ parent_id: string | null }[]>(
      `SELECT parent_id FROM org_unit WHERE id = $1`,
      [task.org_unit_id],
    );
    const subject = direction === 'upward' && org?.parent_id ? org.parent_id : task.org_unit_id;
    await manager.query(
      `INSERT INTO rating_round (task_id, county_id, instance_id, subject_org_id, direction, salt)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (task_id) DO NOTHING`,
      [
        task.id,
        task.county_id,
        task.instance_id,
        subject,
        direction,
        randomBytes(24).toString('hex'),
      ],
    );
    const [created] = await manager.query<Round[]>(
      `SELECT task_id, subject_org_id, direction, salt, closed_at, result FROM rating_round WHERE task_id = $1`,
      [task.id],
    );
    return created;
  }

  /**
   * The roll: active raters of the task's groups whose subtree contains the organisation, who
   * hold the role themselves (not as a stand-in) and are not a secretary of the subject.
   */
  private rollSql(userFilter: boolean): string {
    return `SELECT ra.user_id, min(ra.rater_group) AS rater_group
      FROM role_assignment ra
      JOIN org_unit o ON o.id = ra.org_unit_id
      JOIN app_user u ON u.id = ra.user_id AND u.active
     WHERE ra.role = 'rater' AND ra.stand_in_for IS NULL
       AND (ra.valid_from IS NULL OR ra.valid_from <= now()) AND (ra.valid_to IS NULL OR ra.valid_to > now())
       AND $1 LIKE o.path || '%'
       AND ($2::text[] IS NULL OR ra.rater_group = ANY($2))
       AND NOT EXISTS (SELECT 1 FROM role_assignment s WHERE s.user_id = ra.user_id AND s.role IN ${SECRETARIES}
                        AND s.org_unit_id = $3 AND (s.valid_to IS NULL OR s.valid_to > now()))
       ${userFilter ? 'AND ra.user_id = $4' : ''}
     GROUP BY ra.user_id`;
  }

  async eligible(manager: EntityManager, task: RatingTask, subjectOrgId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (${this.rollSql(false)}) roll`,
      [task.candidate_org_path ?? '', task.rater_groups, subjectOrgId],
    );
    return row?.n ?? 0;
  }

  private async rollEntry(
    manager: EntityManager,
    task: RatingTask,
    subjectOrgId: string,
    userId: string,
  ): Promise<{ rater_group: string | null } | undefined> {
    const [row] = await manager.query<{ rater_group: string | null }[]>(this.rollSql(true), [
      task.candidate_org_path ?? '',
      task.rater_groups,
      subjectOrgId,
      userId,
    ]);
    return row;
  }

  private async received(manager: EntityManager, taskId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ballot WHERE task_id = $1`,
      [taskId],
    );
    return row?.n ?? 0;
  }

  private isSecretaryOf(principal: Principal, orgUnitId: string): boolean {
    return principal.roles.some(
      (r) =>
        (r.role === 'village_secretary' || r.role === 'township_secretary') &&
        r.orgUnitId === orgUnitId,
    );
  }

  private anonymous(settings: unknown, group: string | null): boolean {
    const configured = raterGroups(settings).find((g) => g.key === group);
    // Democratic rating is secret unless the process says the group signs its ballots.
    return configured ? configured.anonymous : true;
  }

  /**
   * Casts the caller's ballot (inside the task's locked transaction). Closes the round when
   * the last ballot of the roll comes in.
   */
  async castBallot(
    manager: EntityManager,
    principal: Principal,
    task: RatingTask,
    data: Record<string, unknown>,
  ): Promise<BallotOutcome> {
    const round = await this.round(manager, task);
    if (this.isSecretaryOf(principal, round.subject_org_id)) {
      throw new TaskException(
        TaskErrorCode.CannotRateSelf,
        'A secretary cannot rate their own organisation',
      );
    }
    const parsed = ballotSchema(task.form_settings).safeParse(data);
    if (!parsed.success) {
      throw new TaskException(
        TaskErrorCode.FormInvalid,
        '测评票不符合本环节的要求 (the ballot does not fit the rating form)',
        formIssues(parsed.error),
      );
    }
    const entry = await this.rollEntry(manager, task, round.subject_org_id, principal.userId);
    if (!entry) {
      throw new TaskException(
        TaskErrorCode.NotARater,
        'You are not on the roll of this rating (stand-ins do not vote)',
      );
    }
    const group = entry.rater_group ?? 'raters';
    const anonymous = this.anonymous(task.form_settings, entry.rater_group);
    const ballot = parsed.data;
    const inserted = await manager.query<{ id: string }[]>(
      `INSERT INTO ballot (county_id, task_id, rater_group, dedup_hash, rater_user_id, grade, dimensions, comment, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (task_id, dedup_hash) DO NOTHING RETURNING id`,
      [
        task.county_id,
        task.id,
        group,
        ballotHash(round.salt, principal.userId),
        anonymous ? null : principal.userId,
        ballot.grade,
        JSON.stringify(ballot.dimensions ?? {}),
        ballot.comment ?? null,
        anonymous ? null : this.clock.now(),
      ],
    );
    if (inserted.length === 0) {
      throw new TaskException(
        TaskErrorCode.DuplicateBallot,
        'You have already voted in this round',
      );
    }
    if (!anonymous) {
      await this.audit.record(
        {
          countyId: task.county_id,
          actorUserId: principal.userId,
          action: 'rating.ballot',
          targetType: 'task',
          targetId: task.id,
          detail: { instanceId: task.instance_id },
        },
        manager,
      );
    }
    const received = await this.received(manager, task.id);
    const eligible = await this.eligible(manager, task, round.subject_org_id);
    if (eligible > 0 && received >= eligible) {
      const outcome = await this.close(manager, task, null, 'complete');
      return { ...outcome, ballot: { received, eligible } };
    }
    const [instance] = await manager.query<
      { version: number; status: 'active' | 'done'; current_states: string[] }[]
    >(`SELECT version, status, current_states FROM process_instance WHERE id = $1`, [
      task.instance_id,
    ]);
    return {
      instanceId: task.instance_id,
      status: instance.status,
      version: instance.version,
      currentStates: instance.current_states,
      openedTasks: [],
      closedTasks: [],
      handled: false,
      ballot: { received, eligible },
    };
  }

  /** The organiser closes the round early (or after the deadline). */
  async closeByOrganiser(principal: Principal, taskId: string): Promise<AdvanceOutcome> {
    return this.runtime.transaction(async (manager) => {
      const task = await this.lockTask(manager, taskId);
      if (!task || task.county_id !== principal.countyId) throw new NotFoundException('Task');
      const [org] = await manager.query<{ path: string }[]>(
        `SELECT path FROM org_unit WHERE id = $1`,
        [task.org_unit_id],
      );
      if (!org || !coversOrg(principal, org.path)) throw new NotFoundException('Task');
      if (!coversOrg(principal, org.path, [...ORGANISERS])) {
        throw new TaskException(
          TaskErrorCode.NotTheOrganiser,
          'Only the organiser of the rating may close it',
        );
      }
      if (task.status !== 'open' && task.status !== 'claimed') {
        throw new TaskException(TaskErrorCode.AlreadyClosed, 'This rating is already closed');
      }
      return this.close(manager, task, principal.userId, 'organiser');
    });
  }

  /** Aggregates the ballots and submits the result as the step's data. */
  async close(
    manager: EntityManager,
    task: RatingTask,
    actorUserId: string | null,
    reason: 'complete' | 'organiser' | 'deadline',
  ): Promise<AdvanceOutcome> {
    const round = await this.round(manager, task);
    const ballots = await manager.query<
      { rater_group: string; grade: FormGrade; dimensions: Record<string, FormGrade> }[]
    >(`SELECT rater_group, grade, dimensions FROM ballot WHERE task_id = $1 ORDER BY id`, [
      task.id,
    ]);
    if (ballots.length === 0) {
      throw new TaskException(TaskErrorCode.NoBallots, 'No ballot has been cast yet');
    }
    const eligible = await this.eligible(manager, task, round.subject_org_id);
    const data = aggregateRound(task.form_settings, round, ballots, eligible, reason);
    await manager.query(
      `UPDATE rating_round SET closed_at = $2, closed_by = $3, result = $4 WHERE task_id = $1`,
      [task.id, this.clock.now(), actorUserId, JSON.stringify(data)],
    );
    const outcome = await this.runtime.advanceIn(
      manager,
      task.instance_id,
      submitEvent(task.task_key, data as JsonObject),
      { actorUserId, locked: task.instance ?? undefined },
    );
    await manager.query(`UPDATE task SET form_data = $2, completed_by = $3 WHERE id = $1`, [
      task.id,
      JSON.stringify(data),
      actorUserId,
    ]);
    await this.audit.record(
      {
        countyId: task.county_id,
        actorUserId,
        action: 'rating.close',
        targetType: 'task',
        targetId: task.id,
        detail: {
          instanceId: task.instance_id,
          reason,
          ballots: ballots.length,
          eligible,
          grade: data['grade'],
        },
      },
      manager,
    );
    return outcome;
  }

  /** Progress of a round as the caller may see it. */
  async progress(
    manager: EntityManager,
    principal: Principal,
    task: RatingTask & { org_path: string; status: string },
  ): Promise<RatingProgress> {
    const round = await this.round(manager, task);
    // One query at a time: embedded PGlite serves one statement at a time across connections.
    const received = await this.received(manager, task.id);
    const eligible = await this.eligible(manager, task, round.subject_org_id);
    const byGroup = await manager.query<{ group: string; received: number }[]>(
      `SELECT rater_group AS "group", count(*)::int AS received FROM ballot WHERE task_id = $1 GROUP BY rater_group ORDER BY rater_group`,
      [task.id],
    );
    const entry = await this.rollEntry(manager, task, round.subject_org_id, principal.userId);
    const voted = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ballot WHERE task_id = $1 AND dedup_hash = $2`,
      [task.id, ballotHash(round.salt, principal.userId)],
    );
    const open = task.status === 'open' || task.status === 'claimed';
    const hasVoted = (voted[0]?.n ?? 0) > 0;
    return {
      taskId: task.id,
      received,
      eligible,
      byGroup,
      voted: hasVoted,
      canVote: open && !hasVoted && entry !== undefined,
      canClose: open && received > 0 && coversOrg(principal, task.org_path, [...ORGANISERS]),
      anonymous: this.anonymous(task.form_settings, entry?.rater_group ?? null),
      closed: !open,
      result: round.result,
    };
  }
}

/**
 * The step data of a closed round: each dimension (and the overall judgement) aggregated with
 * libs/review. A grade needs a majority: the best grade that at least half the valid ballots
 * reach or exceed (with weighted groups, half the weight); below every grade, 差.
 */
export function aggregateRound(
  settings: unknown,
  round: { subject_org_id: string; direction: 'downward' | 'upward' },
  ballots: { rater_group: string; grade: FormGrade; dimensions: Record<string, FormGrade> }[],
  eligible: number,
  reason: string,
): Record<string, unknown> {
  const grades = ratingGrades(settings);
  const groups = raterGroups(settings);
  const weights = new Map(groups.map((g) => [g.key, g.weight]));
  const weighted =
    new Set(ballots.map((b) => b.rater_group)).size > 0 &&
    ballots.every((b) => (weights.get(b.rater_group) ?? 0) > 0);
  const used = groups.filter((g) => (g.weight ?? 0) > 0);
  const weightTotal = used.reduce((s, g) => s + (g.weight ?? 0), 0);
  const rule: ShareThresholdRule = {
    kind: 'share-thresholds',
    minTurnoutPercent: 0,
    ...(weighted
      ? {
          groups: used.map((g) => ({
            id: g.key,
            label: g.title.zh,
            weightPercent: ((g.weight ?? 0) * 100) / weightTotal,
          })),
        }
      : {}),
    rules: grades.slice(0, -1).map((grade) => ({
      grade,
      all: [{ kind: 'min-share' as const, atOrAbove: grade, percent: 50 }],
    })),
    fallback: grades[grades.length - 1],
  };
  const direction = reviewDirection(round.direction);
  const subjectId = round.subject_org_id;
  const toReview = (dimension: string, pickGrade: (b: (typeof ballots)[number]) => FormGrade) =>
    ballots.map((b): ReviewBallot => ({
      subjectId,
      direction,
      dimension,
      group: b.rater_group,
      grade: pickGrade(b),
    }));
  const overall = aggregateSubject(
    { subjectId, direction, dimension: OVERALL_DIMENSION },
    toReview(OVERALL_DIMENSION, (b) => b.grade),
    rule,
  );
  const dimensions = Object.fromEntries(
    ratingDimensions(settings).map((d) => {
      const result = aggregateSubject(
        { subjectId, direction, dimension: d.key },
        toReview(d.key, (b) => b.dimensions[d.key] ?? b.grade),
        rule,
      );
      return [d.key, result.grade];
    }),
  );
  return {
    grade: overall.grade,
    ballots: ballots.length,
    eligible,
    counts: { ...overall.total.counts },
    ...(Object.keys(dimensions).length > 0 ? { dimensions } : {}),
    direction: round.direction,
    closedBy: reason,
    explanation: overall.explanation.zh,
  };
}
