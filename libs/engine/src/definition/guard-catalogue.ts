import { z } from 'zod';
import { identifierSchema, stateKeySchema, type LocalizedText } from './common.schema.js';
import { gradeSchema } from './grades.js';

const negate = z.boolean().optional().meta({ description: 'Invert the result (NOT)' });
const flagParams = z.strictObject({ negate }).optional();

/** Param schemas of every catalogue guard. Every guard accepts `negate` to invert it. */
export const guardParamSchemas = {
  gradeAtMost: z.strictObject({ grade: gradeSchema, negate }),
  gradeAtLeast: z.strictObject({ grade: gradeSchema, negate }),
  scoreBelow: z.strictObject({ score: z.number().min(-1e6).max(1e6), negate }),
  scoreAtLeast: z.strictObject({ score: z.number().min(-1e6).max(1e6), negate }),
  rankInBottom: z.strictObject({ count: z.int().min(1).max(100_000), negate }),
  rankInBottomShare: z.strictObject({ share: z.number().gt(0).max(1), negate }),
  rankInTop: z.strictObject({ count: z.int().min(1).max(100_000), negate }),
  consecutiveBottom: z.strictObject({
    bottom: z.int().min(1).max(100_000),
    times: z.int().min(1).max(100),
    negate,
  }),
  objectionRaised: flagParams,
  vetoTriggered: flagParams,
  allTasksDone: flagParams,
  resultEquals: z.strictObject({
    step: stateKeySchema.optional(),
    field: identifierSchema,
    value: z.union([z.string().max(200), z.number(), z.boolean()]),
    negate,
  }),
} as const;

export type GuardType = keyof typeof guardParamSchemas;
export const GUARD_TYPES = Object.keys(guardParamSchemas) as GuardType[];

const ref = <T extends GuardType>(type: T) =>
  z.strictObject({ type: z.literal(type), params: guardParamSchemas[type] });

/** A guard reference `{ type, params }`; only catalogue guards validate. */
export const guardRefSchema = z
  .discriminatedUnion('type', [
    ref('gradeAtMost'),
    ref('gradeAtLeast'),
    ref('scoreBelow'),
    ref('scoreAtLeast'),
    ref('rankInBottom'),
    ref('rankInBottomShare'),
    ref('rankInTop'),
    ref('consecutiveBottom'),
    ref('objectionRaised'),
    ref('vetoTriggered'),
    ref('allTasksDone'),
    ref('resultEquals'),
  ])
  .meta({ id: 'GuardRef', description: 'A catalogue guard with its params' });
export type GuardRef = z.infer<typeof guardRefSchema>;

/** What the catalogue says about a guard (the designer renders pickers from it). */
export interface GuardInfo {
  readonly label: LocalizedText;
  readonly description: LocalizedText;
  /** Facts of the engine context the guard reads. */
  readonly reads: readonly string[];
}

/** Labels and semantics of the catalogue guards. */
export const guardInfo: Readonly<Record<GuardType, GuardInfo>> = {
  gradeAtMost: {
    label: { zh: '等次不高于', en: 'Grade at most' },
    description: {
      zh: '综合等次不高于所选等次（如一般、差）；尚无等次按“差”计',
      en: 'Overall grade no better than the given one; no grade yet counts as 差',
    },
    reads: ['facts.grade'],
  },
  gradeAtLeast: {
    label: { zh: '等次不低于', en: 'Grade at least' },
    description: {
      zh: '综合等次不低于所选等次；尚无等次按“差”计',
      en: 'Overall grade no worse than the given one; no grade yet counts as 差',
    },
    reads: ['facts.grade'],
  },
  scoreBelow: {
    label: { zh: '得分低于', en: 'Score below' },
    description: {
      zh: '得分低于阈值；尚无得分按0计',
      en: 'Score below the threshold; no score counts as 0',
    },
    reads: ['facts.score'],
  },
  scoreAtLeast: {
    label: { zh: '得分不低于', en: 'Score at least' },
    description: {
      zh: '得分不低于阈值；尚无得分按0计',
      en: 'Score at or above the threshold; no score counts as 0',
    },
    reads: ['facts.score'],
  },
  rankInBottom: {
    label: { zh: '排名在后N位', en: 'Rank in bottom N' },
    description: { zh: '最近一次排名在后N位', en: 'The latest rank is among the last N' },
    reads: ['facts.rank', 'facts.rankTotal'],
  },
  rankInBottomShare: {
    label: { zh: '排名在后百分比', en: 'Rank in bottom share' },
    description: {
      zh: '最近一次排名在后若干比例（如后5%的后进村，至少1名）',
      en: 'The latest rank is in the bottom share (e.g. the lagging 5%, at least one)',
    },
    reads: ['facts.rank', 'facts.rankTotal'],
  },
  rankInTop: {
    label: { zh: '排名在前N位', en: 'Rank in top N' },
    description: { zh: '最近一次排名在前N位', en: 'The latest rank is among the first N' },
    reads: ['facts.rank'],
  },
  consecutiveBottom: {
    label: { zh: '连续排名靠后', en: 'Consecutively in bottom' },
    description: {
      zh: '连续若干次排在后N位（如连续三次排在后三名，列为软弱涣散）',
      en: 'In the bottom N for the given number of consecutive rankings (e.g. bottom three three times)',
    },
    reads: ['facts.rankHistory'],
  },
  objectionRaised: {
    label: { zh: '有异议', en: 'Objection raised' },
    description: { zh: '公示期间收到异议', en: 'An objection was raised (e.g. during publicity)' },
    reads: ['facts.objections'],
  },
  vetoTriggered: {
    label: { zh: '一票否决', en: 'Veto triggered' },
    description: { zh: '约束项触发一票否决', en: 'A constraint item triggered the one-vote veto' },
    reads: ['facts.vetoed'],
  },
  allTasksDone: {
    label: { zh: '任务均已完成', en: 'All tasks done' },
    description: {
      zh: '本步骤通过“开启任务”开启的附加任务均已提交',
      en: "Every extra task opened by the step's openTasks action has been submitted",
    },
    reads: ['extrasDone'],
  },
  resultEquals: {
    label: { zh: '结果字段等于', en: 'Result field equals' },
    description: {
      zh: '某步骤提交结果中的字段等于给定值（如整改验收通过）',
      en: "A field of a step's submitted result equals the value (e.g. rectification passed)",
    },
    reads: ['results'],
  },
};
