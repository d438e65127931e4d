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
import { submitEvent, type EngineEvent, type JsonObject } from '@shuping/engine';
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
  type EventMeta,
  type LockedInstance,
  pathIdsSql,
  queryPrepared,
} from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { auditInsert, AuditService } from '../audit/audit.service.js';
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

/** A ballot as the aggregation reads it. */
type RoundBallot = {
  rater_group: string;
  grade: FormGrade;
  dimensions: Record<string, FormGrade>;
};

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

/** The engine event that closes a round, with what the runtime records of it. */
export interface ClosingStep {
  event: EngineEvent;
  meta: EventMeta;
}

/**
 * A ballot cast: the answer when the round stays open, or the step that closes it (the round's
 * result is written; the caller advances the instance, alone or with other events).
 */
export type CastBallot =
  | { outcome: BallotOutcome }
  | { closing: ClosingStep; ballot: { received: number; eligible: number } };

const ORGANISERS = ['county_admin', 'org_department', 'township_secretary'] as const;
const ROUND_COLUMNS = 'task_id, subject_org_id, direction, salt, closed_at, result';
const SECRETARIES = `('village_secretary', 'township_secretary')`;

/**
 * CTEs ending in `round`: the task's round if there is one, else a new one whose subject is
 * the organisation (上述下评) or its parent (下评上). Parameters $1–$6: {@link roundParams}.
 */
const ROUND_CTES = `found AS (
    SELECT ${ROUND_COLUMNS} FROM rating_round WHERE task_id = $1
  ), created AS (
    INSERT INTO rating_round (task_id, county_id, instance_id, subject_org_id, direction, salt)
    SELECT $1, $2, $3, CASE WHEN $5::text = 'upward' THEN COALESCE(o.parent_id, o.id) ELSE o.id END, $5::text, $6
      FROM org_unit o WHERE o.id = $4 AND NOT EXISTS (SELECT 1 FROM found)
    ON CONFLICT (task_id) DO NOTHING
    RETURNING ${ROUND_COLUMNS}
  ), round AS (
    SELECT * FROM found UNION ALL SELECT * FROM created
  )`;

function roundParams(task: RatingTask): unknown[] {
  return [
    task.id,
    task.county_id,
    task.instance_id,
    task.org_unit_id,
    directionOf(task.form_settings),
    randomBytes(24).toString('hex'),
  ];
}

/** The organisations the person is secretary of: they may not rate those. */
function secretaryOrgIds(principal: Principal): string[] {
  return principal.roles.flatMap((r) =>
    (r.role === 'village_secretary' || r.role === 'township_secretary') && r.orgUnitId
      ? [r.orgUnitId]
      : [],
  );
}

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

  /**
   * The round of a rating task, created on first use — in one round trip: the round if there is
   * one, else a new one whose subject is the organisation (上述下评) or its parent (下评上).
   */
  async round(manager: EntityManager, task: RatingTask): Promise<Round> {
    const [round] = await queryPrepared<Round>(
      manager,
      `WITH ${ROUND_CTES} SELECT * FROM round`,
      roundParams(task),
    );
    if (round) return round;
    // Created at the same moment by another request (which the statement could not see).
    const [created] = await manager.query<Round[]>(
      `SELECT ${ROUND_COLUMNS} FROM rating_round WHERE task_id = $1`,
      [task.id],
    );
    if (!created) throw new NotFoundException('Rating round');
    return created;
  }

  /**
   * The roll: active raters of the task's groups whose subtree contains the organisation, who
   * hold the role themselves (not as a stand-in) and are not a secretary of the subject. The
   * assignments are found by the organisation's ancestor ids (indexed), not by scanning every
   * rater's path.
   */
  private rollSql(path = '$1', groups = '$2', subject = '$3'): string {
    return `SELECT ra.user_id, min(ra.rater_group) AS rater_group
      FROM role_assignment ra
      JOIN org_unit o ON o.id = ra.org_unit_id
      JOIN app_user u ON u.id = ra.user_id AND u.active
     WHERE ra.role = 'rater' AND ra.stand_in_for IS NULL
       AND (ra.valid_from IS NULL OR ra.valid_from <= now()) AND (ra.valid_to IS NULL OR ra.valid_to > now())
       AND ra.org_unit_id = ANY(${pathIdsSql(path)}) AND ${path} LIKE o.path || '%'
       AND (${groups}::text[] IS NULL OR ra.rater_group = ANY(${groups}))
       AND NOT EXISTS (SELECT 1 FROM role_assignment s WHERE s.user_id = ra.user_id AND s.role IN ${SECRETARIES}
                        AND s.org_unit_id = ${subject} AND (s.valid_to IS NULL OR s.valid_to > now()))
     GROUP BY ra.user_id`;
  }

  async eligible(manager: EntityManager, task: RatingTask, subjectOrgId: string): Promise<number> {
    const [row] = await manager.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM (${this.rollSql()}) roll`,
      [task.candidate_org_path ?? '', task.rater_groups, subjectOrgId],
    );
    return row?.n ?? 0;
  }

  /** The size of the roll and the user's place on it, in one query. */
  private async rollOf(
    manager: EntityManager,
    task: RatingTask,
    subjectOrgId: string,
    userId: string,
  ): Promise<{ eligible: number; onRoll: boolean; raterGroup: string | null }> {
    const [row] = await queryPrepared<{
      eligible: number;
      on_roll: boolean | null;
      rater_group: string | null;
    }>(
      manager,
      `SELECT count(*)::int AS eligible, bool_or(roll.user_id = $4) AS on_roll,
              min(roll.rater_group) FILTER (WHERE roll.user_id = $4) AS rater_group
         FROM (${this.rollSql()}) roll`,
      [task.candidate_org_path ?? '', task.rater_groups, subjectOrgId, userId],
    );
    return {
      eligible: row?.eligible ?? 0,
      onRoll: row?.on_roll === true,
      raterGroup: row?.rater_group ?? null,
    };
  }

  /**
   * The round (found or opened), the roll's size, the caller's place on it and, when the caller
   * may vote ($11: the ballot fits the form; on the roll; not a secretary of the subject, $10),
   * the ballot inserted with the count of ballots and, when it completes the roll, all of them
   * for the aggregation (the statement cannot see the row it inserts: that row is added). A
   * ballot is signed (rater and time kept) only in the groups of $12.
   */
  private async cast(
    manager: EntityManager,
    task: RatingTask,
    params: unknown[],
  ): Promise<
    Round & {
      eligible: number;
      on_roll: boolean | null;
      rater_group: string | null;
      inserted: number;
      received: number;
      ballots: RoundBallot[] | null;
    }
  > {
    const sql = `WITH ${ROUND_CTES}, roll AS (
        ${this.rollSql('$7', '$8', '(SELECT subject_org_id FROM round)')}
      ), me AS (
        SELECT count(*)::int AS eligible, bool_or(roll.user_id = $9) AS on_roll,
               min(roll.rater_group) FILTER (WHERE roll.user_id = $9) AS rater_group
          FROM roll
      ), ins AS (
        INSERT INTO ballot (county_id, task_id, rater_group, dedup_hash, rater_user_id, grade, dimensions, comment, created_at)
        SELECT $2, $1, COALESCE(me.rater_group, 'raters'), encode(sha256(convert_to(round.salt || $9::text, 'UTF8')), 'hex'),
               CASE WHEN me.rater_group = ANY($12::text[]) THEN $9::uuid END, $13, $14::jsonb, $15,
               CASE WHEN me.rater_group = ANY($12::text[]) THEN $16::timestamptz END
          FROM round, me
         WHERE $11::boolean AND me.on_roll AND round.subject_org_id <> ALL($10::uuid[])
        ON CONFLICT (task_id, dedup_hash) DO NOTHING
        RETURNING id, rater_group, grade, dimensions
      ), prior AS (
        SELECT id, rater_group, grade, dimensions FROM ballot WHERE task_id = $1
      ), counted AS (
        SELECT (SELECT count(*) FROM ins)::int AS inserted,
               ((SELECT count(*) FROM prior) + (SELECT count(*) FROM ins))::int AS received
      )
      SELECT round.*, me.eligible, me.on_roll, me.rater_group, counted.inserted, counted.received,
             CASE WHEN counted.inserted > 0 AND me.eligible > 0 AND counted.received >= me.eligible THEN
               (SELECT jsonb_agg(jsonb_build_object('rater_group', b.rater_group, 'grade', b.grade, 'dimensions', b.dimensions) ORDER BY b.id)
                  FROM (SELECT * FROM prior UNION ALL SELECT * FROM ins) b)
             END AS ballots
        FROM round, me, counted`;
    const run = () =>
      queryPrepared<Awaited<ReturnType<RatingService['cast']>>>(manager, sql, [
        ...roundParams(task),
        ...params,
      ]);
    const [row] = await run();
    if (row) return row;
    // The round was opened at the same moment by another request (which the statement could
    // not see): the next statement sees it.
    const [again] = await run();
    if (!again) throw new NotFoundException('Rating round');
    return again;
  }

  private anonymous(settings: unknown, group: string | null): boolean {
    const configured = raterGroups(settings).find((g) => g.key === group);
    // Democratic rating is secret unless the process says the group signs its ballots.
    return configured ? configured.anonymous : true;
  }

  /**
   * Casts the caller's ballot (inside the task's locked transaction). Closes the round when
   * the last ballot of the roll comes in. One statement finds (or opens) the round, reads the
   * roll and the caller's place on it, and inserts the ballot only when the caller may cast it;
   * what it returns says which check failed.
   */
  async castBallot(
    manager: EntityManager,
    principal: Principal,
    task: RatingTask,
    data: Record<string, unknown>,
  ): Promise<BallotOutcome> {
    const cast = await this.castStep(manager, principal, task, data);
    if ('outcome' in cast) return cast.outcome;
    const { event, meta } = cast.closing;
    const outcome = await this.runtime.advanceIn(manager, task.instance_id, event, meta);
    return { ...outcome, ballot: cast.ballot };
  }

  /**
   * {@link castBallot} without advancing the instance: a ballot that completes the roll writes
   * the round's result and returns the closing step. A refused ballot throws having written
   * nothing but, on the round's first ballot, the round itself (as the next ballot would).
   */
  async castStep(
    manager: EntityManager,
    principal: Principal,
    task: RatingTask,
    data: Record<string, unknown>,
  ): Promise<CastBallot> {
    const parsed = ballotSchema(task.form_settings).safeParse(data);
    const ballot = parsed.success ? parsed.data : null;
    const signed = raterGroups(task.form_settings)
      .filter((g) => !g.anonymous)
      .map((g) => g.key);
    const ownOrgs = secretaryOrgIds(principal);
    const cast = await this.cast(manager, task, [
      task.candidate_org_path ?? '',
      task.rater_groups,
      principal.userId,
      ownOrgs,
      ballot !== null,
      signed,
      ballot?.grade ?? null,
      JSON.stringify(ballot?.dimensions ?? {}),
      ballot?.comment ?? null,
      this.clock.now(),
    ]);
    const { task_id, subject_org_id, direction, salt, closed_at, result } = cast;
    const round: Round = { task_id, subject_org_id, direction, salt, closed_at, result };
    if (ownOrgs.includes(round.subject_org_id)) {
      throw new TaskException(
        TaskErrorCode.CannotRateSelf,
        'A secretary cannot rate their own organisation',
      );
    }
    if (!parsed.success) {
      throw new TaskException(
        TaskErrorCode.FormInvalid,
        '测评票不符合本环节的要求 (the ballot does not fit the rating form)',
        formIssues(parsed.error),
      );
    }
    if (!cast.on_roll) {
      throw new TaskException(
        TaskErrorCode.NotARater,
        'You are not on the roll of this rating (stand-ins do not vote)',
      );
    }
    const anonymous = !signed.includes(cast.rater_group ?? '');
    if (cast.inserted === 0) {
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
    const { received, ballots, eligible } = cast;
    if (ballots) {
      const closing = await this.closeStep(manager, task, null, 'complete', {
        round,
        eligible,
        ballots,
      });
      return { closing, ballot: { received, eligible } };
    }
    // The round stays open: the instance is as it was locked with the task.
    const instance =
      task.instance ??
      (
        await manager.query<
          { version: number; status: LockedInstance['status']; current_states: string[] }[]
        >(`SELECT version, status, current_states FROM process_instance WHERE id = $1`, [
          task.instance_id,
        ])
      )[0];
    return {
      outcome: {
        instanceId: task.instance_id,
        // An open rating belongs to a running instance (a cancelled one has closed its tasks).
        status: instance.status === 'done' ? 'done' : 'active',
        version: instance.version,
        currentStates: instance.current_states,
        openedTasks: [],
        closedTasks: [],
        handled: false,
        ballot: { received, eligible },
      },
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

  /**
   * Aggregates the ballots and submits the result as the step's data (kept on the task with who
   * closed the round). `known`: the round, its roll's size and its ballots, when the caller has them.
   */
  async close(
    manager: EntityManager,
    task: RatingTask,
    actorUserId: string | null,
    reason: 'complete' | 'organiser' | 'deadline',
  ): Promise<AdvanceOutcome> {
    const { event, meta } = await this.closeStep(manager, task, actorUserId, reason);
    return this.runtime.advanceIn(manager, task.instance_id, event, meta);
  }

  /** {@link close} without advancing the instance: writes the result, returns the step. */
  private async closeStep(
    manager: EntityManager,
    task: RatingTask,
    actorUserId: string | null,
    reason: 'complete' | 'organiser' | 'deadline',
    known?: { round: Round; eligible: number; ballots: RoundBallot[] },
  ): Promise<ClosingStep> {
    const round = known?.round ?? (await this.round(manager, task));
    const ballots =
      known?.ballots ??
      (await manager.query<RoundBallot[]>(
        `SELECT rater_group, grade, dimensions FROM ballot WHERE task_id = $1 ORDER BY id`,
        [task.id],
      ));
    if (ballots.length === 0) {
      throw new TaskException(TaskErrorCode.NoBallots, 'No ballot has been cast yet');
    }
    const eligible = known?.eligible ?? (await this.eligible(manager, task, round.subject_org_id));
    const data = aggregateRound(task.form_settings, round, ballots, eligible, reason);
    // The round's result and its audit row in one statement.
    const audit = auditInsert(
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
      5,
    );
    await queryPrepared(
      manager,
      `WITH closed AS (
         UPDATE rating_round SET closed_at = $2, closed_by = $3, result = $4 WHERE task_id = $1
       )
       ${audit.sql}`,
      [task.id, this.clock.now(), actorUserId, JSON.stringify(data), ...audit.params],
    );
    return {
      event: submitEvent(task.task_key, data as JsonObject),
      meta: {
        actorUserId,
        locked: task.instance ?? undefined,
        completion: { taskId: task.id, userId: actorUserId, data: data as JsonObject },
      },
    };
  }

  /** Progress of a round as the caller may see it. */
  async progress(
    manager: EntityManager,
    principal: Principal,
    task: RatingTask & { org_path: string; status: string },
  ): Promise<RatingProgress> {
    const round = await this.round(manager, task);
    // One query at a time: embedded PGlite serves one statement at a time across connections.
    const roll = await this.rollOf(manager, task, round.subject_org_id, principal.userId);
    const [ballots] = await manager.query<
      { by_group: { group: string; received: number }[]; voted: boolean }[]
    >(
      `SELECT COALESCE((SELECT jsonb_agg(jsonb_build_object('group', g.rater_group, 'received', g.n) ORDER BY g.rater_group)
                          FROM (SELECT rater_group, count(*)::int AS n FROM ballot WHERE task_id = $1 GROUP BY rater_group) g),
                       '[]'::jsonb) AS by_group,
              EXISTS (SELECT 1 FROM ballot WHERE task_id = $1 AND dedup_hash = $2) AS voted`,
      [task.id, ballotHash(round.salt, principal.userId)],
    );
    const byGroup = ballots.by_group;
    const received = byGroup.reduce((sum, g) => sum + g.received, 0);
    const { eligible } = roll;
    const open = task.status === 'open' || task.status === 'claimed';
    const hasVoted = ballots.voted;
    return {
      taskId: task.id,
      received,
      eligible,
      byGroup,
      voted: hasVoted,
      canVote: open && !hasVoted && roll.onRoll,
      canClose: open && received > 0 && coversOrg(principal, task.org_path, [...ORGANISERS]),
      anonymous: this.anonymous(task.form_settings, roll.raterGroup),
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
  ballots: RoundBallot[],
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
