import { z } from 'zod';
import { gradeSchema, isGrade, type Grade } from '../definition/grades.js';
import { isPlainObject, toJsonObject, type JsonObject } from '../json.types.js';

/** One ranking of the organisation: place `rank` out of `total`. */
export interface RankEntry {
  readonly rank: number;
  readonly total: number;
}

/**
 * Well-known facts that catalogue guards read. They are updated from `SUBMIT` data
 * (`grade`, `score`, `rank` + `rankTotal`, `vetoed`) and `OBJECT` events.
 */
export interface Facts {
  /** Latest overall grade. */
  readonly grade: Grade | null;
  /** Latest score (e.g. out of 100). */
  readonly score: number | null;
  /** Latest rank (1 = best) and the number ranked. */
  readonly rank: number | null;
  readonly rankTotal: number | null;
  /** Every ranking so far, oldest first (the last 24 are kept), for the consecutive-bottom rule. */
  readonly rankHistory: readonly RankEntry[];
  /** Objections raised so far. */
  readonly objections: number;
  /** Whether a one-vote veto was triggered. */
  readonly vetoed: boolean;
}

/** An open task as the engine tracks it in the snapshot. */
export interface TaskRecord {
  readonly stateKey: string;
  /** Which entry of the state the task belongs to (1 for the first). */
  readonly visit: number;
  readonly dueAt: string | null;
  readonly openedAt: string;
  /** False for extra tasks opened by the `openTasks` action. */
  readonly primary: boolean;
}

/** Why a timer exists. */
export type TimerPurpose = 'deadline' | 'reminder' | 'escalation' | 'after';

/** A set timer as the engine tracks it in the snapshot. */
export interface TimerRecord {
  readonly stateKey: string;
  readonly visit: number;
  readonly taskKey: string | null;
  readonly purpose: TimerPurpose;
  readonly dueAt: string;
  /** For `after` timers: the XState delayed event the timer stands for. */
  readonly afterEvent: string | null;
  /** For reminders: which reminder (index in `meta.reminders`). */
  readonly index: number | null;
}

/**
 * The machine context of every instance. `results`, `facts`, `visits` and `extrasDone` are
 * written by the machine (XState `assign`); `tasks` and `timers` by the engine after each step,
 * so the snapshot alone says which tasks are open and which timers are set.
 */
export interface EngineContext {
  /** Instance data passed to `start` (organisation, campaign, ...). */
  readonly input: JsonObject;
  /** Last submitted data per task key. */
  readonly results: Readonly<Record<string, JsonObject>>;
  readonly facts: Facts;
  /** How many times each state (dotted key) has been entered. */
  readonly visits: Readonly<Record<string, number>>;
  /** Extra task key → the visit of its state in which it was submitted. */
  readonly extrasDone: Readonly<Record<string, number>>;
  readonly tasks: Readonly<Record<string, TaskRecord>>;
  readonly timers: Readonly<Record<string, TimerRecord>>;
}

/** Facts a host may seed at start, e.g. the rankings of earlier quarters. */
export type FactsInput = Partial<Facts>;

const MAX_RANK_HISTORY = 24;

const rankEntrySchema = z.object({ rank: z.int().min(1), total: z.int().min(1) });

/** Structural check of a persisted context (what guards and the engine rely on). */
export const engineContextSchema = z.object({
  // Input and results hold the instance's form data: checked to be objects, not walked key by
  // key (a snapshot is checked on every step, and the data is what the forms accepted).
  input: z.custom<JsonObject>(isPlainObject),
  results: z.record(z.string(), z.custom<JsonObject>(isPlainObject)),
  facts: z.object({
    grade: gradeSchema.nullable(),
    score: z.number().nullable(),
    rank: z.number().nullable(),
    rankTotal: z.number().nullable(),
    rankHistory: z.array(rankEntrySchema),
    objections: z.number(),
    vetoed: z.boolean(),
  }),
  visits: z.record(z.string(), z.number()),
  extrasDone: z.record(z.string(), z.number()),
  tasks: z.record(
    z.string(),
    z.object({
      stateKey: z.string(),
      visit: z.number(),
      dueAt: z.string().nullable(),
      openedAt: z.string(),
      primary: z.boolean(),
    }),
  ),
  timers: z.record(
    z.string(),
    z.object({
      stateKey: z.string(),
      visit: z.number(),
      taskKey: z.string().nullable(),
      purpose: z.enum(['deadline', 'reminder', 'escalation', 'after']),
      dueAt: z.string(),
      afterEvent: z.string().nullable(),
      index: z.number().nullable(),
    }),
  ),
});

/** Facts of a fresh instance. */
export function emptyFacts(): Facts {
  return {
    grade: null,
    score: null,
    rank: null,
    rankTotal: null,
    rankHistory: [],
    objections: 0,
    vetoed: false,
  };
}

/** Merges seeded facts (validated leniently: wrong types are ignored). */
export function seedFacts(seed: FactsInput | undefined): Facts {
  const facts = emptyFacts();
  if (!seed) {
    return facts;
  }
  const history = z.array(rankEntrySchema).safeParse(seed.rankHistory);
  return {
    grade: isGrade(seed.grade) ? seed.grade : null,
    score: typeof seed.score === 'number' && Number.isFinite(seed.score) ? seed.score : null,
    rank: typeof seed.rank === 'number' && Number.isInteger(seed.rank) ? seed.rank : null,
    rankTotal:
      typeof seed.rankTotal === 'number' && Number.isInteger(seed.rankTotal)
        ? seed.rankTotal
        : null,
    rankHistory: history.success ? history.data.slice(-MAX_RANK_HISTORY) : [],
    objections:
      typeof seed.objections === 'number' && seed.objections >= 0 ? Math.floor(seed.objections) : 0,
    vetoed: seed.vetoed === true,
  };
}

/** The initial context of an instance. */
export function createInitialContext(
  data: JsonObject,
  facts: FactsInput | undefined,
): EngineContext {
  return {
    input: toJsonObject(data),
    results: {},
    facts: seedFacts(facts),
    visits: {},
    extrasDone: {},
    tasks: {},
    timers: {},
  };
}

/** Applies the well-known fields of submitted data to the facts. Unknown or ill-typed fields are ignored. */
export function applySubmission(facts: Facts, data: unknown): Facts {
  if (!isPlainObject(data)) {
    return facts;
  }
  let next: Facts = facts;
  if (isGrade(data['grade'])) {
    next = { ...next, grade: data['grade'] };
  }
  const score = data['score'];
  if (typeof score === 'number' && Number.isFinite(score)) {
    next = { ...next, score };
  }
  const rank = data['rank'];
  const total = data['rankTotal'];
  if (
    typeof rank === 'number' &&
    typeof total === 'number' &&
    Number.isInteger(rank) &&
    Number.isInteger(total) &&
    rank >= 1 &&
    rank <= total
  ) {
    next = {
      ...next,
      rank,
      rankTotal: total,
      rankHistory: [...next.rankHistory, { rank, total }].slice(-MAX_RANK_HISTORY),
    };
  }
  if (typeof data['vetoed'] === 'boolean') {
    next = { ...next, vetoed: data['vetoed'] };
  }
  return next;
}

/** Counts one more objection. */
export function applyObjection(facts: Facts): Facts {
  return { ...facts, objections: facts.objections + 1 };
}
