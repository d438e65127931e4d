import { z } from 'zod';
import {
  accountabilityGrounds,
  aggregationMethod,
  attachmentsAllowed,
  categories,
  flag,
  FORM_GRADES,
  FORM_LABELS,
  fullMarks,
  investigateMethods,
  ledgerSettings,
  OUTCOME_KEYS,
  outcomes,
  ratingDimensions,
  ratingGrades,
  rectificationLists,
  reportSections,
  reportTargetLength,
  sanctions,
  speakingLimitSeconds,
  type Text2,
} from './form-settings.js';

/**
 * The data of each step kind, validated with the same zod schema on the client (before
 * submitting) and on the server (before the instance may move). Schemas are built from the
 * task's form settings (`meta.form` of the definition) and from what the definition's guards
 * read (`resultEquals` fields), and are strict: a field the step does not know is refused.
 *
 * Some steps gather their data over time in side records (questions, ballots, rectification
 * items, commitments, topic proposals); for those the server composes the step data from the
 * records and validates the composition, so e.g. an unanswered question refuses the step.
 */

/** A field of the submitted data that a guard of the definition reads (`resultEquals`). */
export interface GuardField {
  field: string;
  type: 'boolean' | 'string' | 'number';
  /** The values the guards compare with. */
  values: (string | number | boolean)[];
  /** Label of the transition the value selects, if any. */
  label: Text2 | null;
}

/** Everything that shapes a step's form. */
export interface StepFormContext {
  kind: string;
  /** The task's form settings (`meta.form`). */
  settings: unknown;
  guardFields?: GuardField[];
  /**
   * Rectification steps are either done by the organisation (`executor`: it lists and carries
   * out the items) or by the verifier (`reviewer`: it checks the items item by item).
   */
  rectificationMode?: 'executor' | 'reviewer';
  /** Executor steps whose process has no later review step: the items must be verified first. */
  verifyBeforeSubmit?: boolean;
}

const REQUIRED = '请填写此项';

/** A required text of at most `max` characters (blank counts as missing). */
export function requiredText(max: number, message = REQUIRED) {
  return z.string({ error: message }).trim().min(1, message).max(max, `不能超过${max}个字`);
}

export function optionalText(max: number) {
  return z.string().trim().max(max, `不能超过${max}个字`).optional();
}

const isoDateTime = z.iso.datetime({ offset: true, error: '请填写有效的时间' });
const isoDate = z.iso.date({ error: '请填写有效的日期（年-月-日）' });
export const gradeSchema = z.enum(FORM_GRADES, { error: '等次须为 好、较好、一般、差 之一' });

function enumOf(values: readonly string[], message: string) {
  return z.enum(values as [string, ...string[]], { error: message });
}

/** The verdict field of a rectification review (the field its guards read; `passed` by default). */
export function verdictField(guardFields: GuardField[] | undefined): string {
  return guardFields?.find((g) => g.type === 'boolean')?.field ?? 'passed';
}

function guardShape(
  guardFields: GuardField[] | undefined,
  except: string[] = [],
): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const g of guardFields ?? []) {
    if (except.includes(g.field)) continue;
    shape[g.field] =
      g.type === 'boolean'
        ? z.boolean().optional()
        : g.type === 'number'
          ? z.number().optional()
          : z.string().max(200).optional();
  }
  return shape;
}

// ------------------------------------------------------------------------------------------
// Side records shared by several steps
// ------------------------------------------------------------------------------------------

export const RECTIFICATION_ITEM_STATUSES = ['open', 'done', 'verified', 'rejected'] as const;

/** One item of a rectification list as the step data carries it. */
export function rectificationItemSchema(mustBeVerified: boolean) {
  return z
    .strictObject({
      id: z.uuid(),
      content: requiredText(1000),
      owner: requiredText(64, '请填写责任人'),
      deadline: isoDate,
      evidence: requiredText(5000, '尚未提交整改佐证材料'),
      status: z.enum(RECTIFICATION_ITEM_STATUSES),
      attachments: z.array(z.uuid()).max(10).optional(),
      verifyNote: z.string().max(500).nullable().optional(),
    })
    .superRefine((item, ctx) => {
      if (mustBeVerified && item.status !== 'verified') {
        ctx.addIssue({ code: 'custom', path: ['status'], message: '该项尚未经上级验收' });
      }
    });
}

export const questionEntrySchema = z.strictObject({
  id: z.uuid(),
  question: requiredText(1000),
  answer: requiredText(5000, '该问题尚未回答'),
  askedBy: z.string().max(64).nullable().optional(),
  answeredBy: z.string().max(64).nullable().optional(),
});

export const ledgerKindSchema = z.enum(['monthly', 'quarterly']);

export const ledgerEntrySchema = z.strictObject({
  kind: ledgerKindSchema,
  /** `2025-03` for a month, `2025-Q1` for a quarter. */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$/, '期间格式为 2025-03 或 2025-Q1'),
  content: requiredText(500),
  target: optionalText(300),
});

// ------------------------------------------------------------------------------------------
// Step data per kind
// ------------------------------------------------------------------------------------------

function reportWritingSchema(settings: unknown) {
  const sections = reportSections(settings);
  const max = Math.max(2000, reportTargetLength(settings) * 2);
  const sectionShape = Object.fromEntries(
    sections.map((s) => [s.key, requiredText(max, `请撰写「${s.title.zh}」部分`)]),
  );
  return {
    title: optionalText(100),
    sections: z.strictObject(sectionShape, { error: '请撰写报告的各部分' }),
    ...(attachmentsAllowed(settings) ? { attachments: z.array(z.uuid()).max(10).optional() } : {}),
  };
}

function speakingSchema(settings: unknown) {
  const limit = speakingLimitSeconds(settings);
  return {
    shape: {
      startedAt: isoDateTime,
      endedAt: isoDateTime,
      durationSeconds: z
        .int()
        .min(1)
        .max(6 * 3600),
      limitSeconds: z.literal(limit, { error: `时限为${limit}秒` }),
      overrunSeconds: z.int().min(0),
      order: z.int().min(1).max(10_000).optional(),
      summary: optionalText(2000),
    },
    limit,
  };
}

function aggregationShape(settings: unknown) {
  const method = aggregationMethod(settings);
  const marks = fullMarks(settings);
  const uncapped = flag(settings, 'bonusUncapped');
  return {
    method,
    shape: {
      grade: gradeSchema.optional(),
      score: z
        .number()
        .min(0)
        .max(uncapped ? 100_000 : marks, `得分不能超过满分${marks}分`)
        .optional(),
      rank: z.int().min(1).optional(),
      rankTotal: z.int().min(1).optional(),
      vetoed: z.boolean().optional(),
      classKey: z.string().max(64).optional(),
      feedback: optionalText(5000),
    },
  };
}

/**
 * Schemas are built from a step's settings and reused: building (and zod's first-parse
 * compilation) costs far more than a parse, and a county has only a few distinct steps.
 */
function memoised<A, R>(build: (arg: A) => R, limit = 500): (arg: A) => R {
  const cache = new Map<string, R>();
  return (arg) => {
    const key = JSON.stringify(arg);
    let value = cache.get(key);
    if (value === undefined) {
      if (cache.size >= limit) cache.clear();
      value = build(arg);
      cache.set(key, value);
    }
    return value;
  };
}

/**
 * The zod schema of a step's data. For `rating` it is the schema of one ballot (each rater
 * submits a ballot; the step's own data is the aggregate the server computes).
 */
export const stepDataSchema = memoised(buildStepDataSchema);

function buildStepDataSchema(context: StepFormContext): z.ZodType<Record<string, unknown>> {
  const { kind, settings } = context;
  const common = { note: optionalText(2000) };
  const guards = guardShape(context.guardFields);
  switch (kind) {
    case 'investigate':
      return z.strictObject({
        methods: z
          .array(enumOf(investigateMethods(settings), '调研方式不在本环节的设置中'))
          .min(1, '请至少选择一种调研方式'),
        findings: requiredText(5000, '请填写调研情况'),
        opinions: optionalText(5000),
        visits: z.int().min(0).max(10_000).optional(),
        ...common,
        ...guards,
      });
    case 'nominate': {
      const cats = categories(settings).map((c) => c.key);
      return z.strictObject({
        category: cats.length > 0 ? enumOf(cats, '请选择述职类别') : z.string().max(64).optional(),
        reason: requiredText(1000, '请填写点名理由'),
        ...common,
        ...guards,
      });
    }
    case 'topicSelection':
      return z.strictObject({
        proposalId: z.uuid({ error: '请选定述职题目' }),
        topic: requiredText(500),
        category: z.string().max(64).nullable(),
        support: z.int().min(0),
        proposals: z.int().min(0),
        ...common,
        ...guards,
      });
    case 'reportWriting':
      return z.strictObject({ ...reportWritingSchema(settings), ...common, ...guards });
    case 'speaking': {
      const { shape } = speakingSchema(settings);
      return z.strictObject({ ...shape, ...common, ...guards }).superRefine((d, ctx) => {
        const elapsed = (Date.parse(d.endedAt) - Date.parse(d.startedAt)) / 1000;
        if (!(elapsed > 0)) {
          ctx.addIssue({ code: 'custom', path: ['endedAt'], message: '结束时间须晚于开始时间' });
        } else if (Math.abs(elapsed - d.durationSeconds) > 5) {
          ctx.addIssue({
            code: 'custom',
            path: ['durationSeconds'],
            message: '用时与开始、结束时间不符',
          });
        }
        if (d.overrunSeconds !== Math.max(0, d.durationSeconds - d.limitSeconds)) {
          ctx.addIssue({
            code: 'custom',
            path: ['overrunSeconds'],
            message: '超时秒数须为用时减去时限',
          });
        }
      });
    }
    case 'critique':
      return z.strictObject({
        comment: requiredText(5000, '请填写点评意见'),
        strengths: optionalText(2000),
        problems: optionalText(2000),
        suggestions: optionalText(2000),
        ...common,
        ...guards,
      });
    case 'questioning': {
      const max = (settings as { maxQuestions?: unknown } | null)?.maxQuestions;
      return z.strictObject({
        questions: z
          .array(questionEntrySchema)
          .max(typeof max === 'number' ? max : 1000, '提问数量超过本环节上限'),
        ...common,
        ...guards,
      });
    }
    case 'rating':
      return ballotSchema(settings);
    case 'aggregation': {
      const { method, shape } = aggregationShape(settings);
      return z.strictObject({ ...shape, ...common, ...guards }).superRefine((d, ctx) => {
        if (method !== 'hundredPointScore' && d.grade === undefined) {
          ctx.addIssue({ code: 'custom', path: ['grade'], message: '请确定综合评价等次' });
        }
        if (method === 'hundredPointScore' && d.score === undefined) {
          ctx.addIssue({ code: 'custom', path: ['score'], message: '请填写得分' });
        }
        if ((d.rank === undefined) !== (d.rankTotal === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['rankTotal'],
            message: '名次与参排总数须同时填写',
          });
        } else if (d.rank !== undefined && d.rankTotal !== undefined && d.rank > d.rankTotal) {
          ctx.addIssue({ code: 'custom', path: ['rank'], message: '名次不能大于参排总数' });
        }
      });
    }
    case 'commitment': {
      const ledger = ledgerSettings(settings);
      return z
        .strictObject({
          commitment: requiredText(5000, '请填写承诺内容'),
          ledger: z.array(ledgerEntrySchema).max(200),
          signedAt: isoDateTime.nullable(),
          countersignedAt: isoDateTime.nullable(),
          ...common,
          ...guards,
        })
        .superRefine((d, ctx) => {
          if (ledger.monthlyTasks && !d.ledger.some((l) => l.kind === 'monthly')) {
            ctx.addIssue({ code: 'custom', path: ['ledger'], message: '台账须列出月任务' });
          }
          if (ledger.quarterlyGoals && !d.ledger.some((l) => l.kind === 'quarterly')) {
            ctx.addIssue({ code: 'custom', path: ['ledger'], message: '台账须列出季度目标' });
          }
          if (!d.signedAt) {
            ctx.addIssue({ code: 'custom', path: ['signedAt'], message: '承诺人尚未签字' });
          }
          if (!d.countersignedAt) {
            ctx.addIssue({
              code: 'custom',
              path: ['countersignedAt'],
              message: '对方（上级或下级）尚未会签',
            });
          }
        });
    }
    case 'talk':
      return z.strictObject({
        talkedAt: isoDateTime,
        place: optionalText(200),
        participants: requiredText(500, '请填写约谈人和被约谈人'),
        record: requiredText(5000, '请填写约谈记录'),
        rectificationDeadline: isoDate,
        ...common,
        ...guards,
      });
    case 'rectification': {
      if (context.rectificationMode === 'reviewer') {
        const verdict = verdictField(context.guardFields);
        return z
          .strictObject({
            items: z.array(rectificationItemSchema(false)).max(500),
            [verdict]: z.boolean({ error: '请给出验收结论' }),
            verifyAll: z.boolean().optional(),
            comment: optionalText(2000),
            ...common,
            ...guardShape(context.guardFields, [verdict]),
          })
          .superRefine((parsed, ctx) => {
            const d = parsed as Record<string, unknown>;
            const items = d['items'] as { status: string }[];
            const passed = d[verdict] === true;
            if (passed && items.some((i) => i.status !== 'verified')) {
              ctx.addIssue({
                code: 'custom',
                path: ['items'],
                message: '仍有整改事项未验收，不能判定通过',
              });
            }
            if (!passed && !items.some((i) => i.status === 'rejected') && !d['comment']) {
              ctx.addIssue({ code: 'custom', path: ['comment'], message: '不通过时请说明理由' });
            }
          });
      }
      const lists = rectificationLists(settings);
      const item = rectificationItemSchema(context.verifyBeforeSubmit === true);
      const listShape = Object.fromEntries(
        lists.map((l) => [
          l,
          z.array(item).min(1, `「${FORM_LABELS.lists[l].zh}」至少列出一项`).max(200),
        ]),
      );
      return z.strictObject({ lists: z.strictObject(listShape), ...common, ...guards });
    }
    case 'accountability': {
      const allowedSanctions = sanctions(settings);
      const order = flag(settings, 'supervisionOrder');
      return z
        .strictObject({
          grounds: z
            .array(enumOf(accountabilityGrounds(settings), '问责情形不在本环节的设置中'))
            .min(1, '请选择问责情形'),
          facts: requiredText(5000, '请填写问题事实'),
          basis: requiredText(1000, '请填写问责依据'),
          sanction:
            allowedSanctions.length > 0
              ? enumOf(allowedSanctions, '处理方式不在本环节允许的范围内')
              : z.string().max(64).optional(),
          orderNo: optionalText(64),
          requirements: optionalText(2000),
          deadline: isoDate.optional(),
          ...common,
          ...guards,
        })
        .superRefine((d, ctx) => {
          if (order && !d.requirements) {
            ctx.addIssue({ code: 'custom', path: ['requirements'], message: '请填写督办要求' });
          }
          if (order && !d.deadline) {
            ctx.addIssue({ code: 'custom', path: ['deadline'], message: '请填写办结时限' });
          }
        });
    }
    case 'resultApplication': {
      const listed = outcomes(settings);
      return z.strictObject({
        outcomes: z.array(
          enumOf(listed.length > 0 ? listed : [...OUTCOME_KEYS], '结果运用方式不在本环节的设置中'),
        ),
        decision: requiredText(2000, '请填写结果运用意见'),
        archived: z.boolean().optional(),
        ...common,
        ...guards,
      });
    }
    default:
      return z.record(z.string(), z.unknown());
  }
}

/** One rater's ballot: the overall grade and, when the step has dimensions, one grade each. */
export const ballotSchema = memoised(buildBallotSchema);

function buildBallotSchema(settings: unknown) {
  const grades = ratingGrades(settings);
  const grade = enumOf(grades, `等次须为 ${grades.join('、')} 之一`);
  const dimensions = ratingDimensions(settings);
  return z.strictObject({
    grade,
    ...(dimensions.length > 0
      ? {
          dimensions: z.strictObject(Object.fromEntries(dimensions.map((d) => [d.key, grade])), {
            error: '请对每个测评维度评定等次',
          }),
        }
      : {}),
    comment: optionalText(500),
  });
}
export type Ballot = z.infer<ReturnType<typeof ballotSchema>>;

/** Characters of a text as a reader counts them: everything but whitespace. */
export function countChars(text: string | undefined | null): number {
  if (!text) return 0;
  return [...text.replace(/\s+/g, '')].length;
}

/** Length targets of a report, per section and in total. */
export function reportTargets(settings: unknown): {
  total: number;
  sections: { key: string; title: Text2; target: number }[];
} {
  const total = reportTargetLength(settings);
  return {
    total,
    sections: reportSections(settings).map((s) => ({
      key: s.key,
      title: s.title,
      target: Math.round(total * s.share),
    })),
  };
}

/** The speaking limit and the overrun of a speech of `durationSeconds`. */
export function speakingOverrun(
  settings: unknown,
  durationSeconds: number,
): { limitSeconds: number; overrunSeconds: number } {
  const limitSeconds = speakingLimitSeconds(settings);
  return { limitSeconds, overrunSeconds: Math.max(0, durationSeconds - limitSeconds) };
}

/** A flat list of `{ path, message }` for a failed parse (what problem+json carries). */
export function formIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((issue) => ({
    path: issue.path.join('.') || '(data)',
    message: issue.message,
  }));
}
