import { z } from 'zod';
import { RECTIFICATION_LIST_KEYS } from './form-settings.js';
import { ledgerEntrySchema, optionalText, requiredText } from './step-forms.js';

/**
 * Request bodies of the inbox, the side records of the step forms and the public pages. The
 * web app validates with the same schemas before sending.
 */

const id = z.uuid();
const isoDateTime = z.iso.datetime({ offset: true, error: '请填写有效的时间' });
const isoDate = z.iso.date({ error: '请填写有效的日期（年-月-日）' });

// ---- inbox actions --------------------------------------------------------------------------

export const taskDraftSchema = z.strictObject({ data: z.record(z.string(), z.unknown()) });
export type TaskDraft = z.infer<typeof taskDraftSchema>;

/** 转办 / 委派 / 加签: one person, with an optional note. */
export const taskPersonSchema = z.strictObject({
  userId: z.uuid({ error: '请选择人员' }),
  note: optionalText(500),
});
export type TaskPerson = z.infer<typeof taskPersonSchema>;

/** 抄送: up to 20 people. */
export const taskCopySchema = z.strictObject({
  userIds: z.array(id).min(1, '请选择抄送人').max(20),
  note: optionalText(500),
});
export type TaskCopy = z.infer<typeof taskCopySchema>;

/** 退回: the reason is required. */
export const sendBackSchema = z.strictObject({ reason: requiredText(500, '请填写退回理由') });
export type SendBack = z.infer<typeof sendBackSchema>;

/** A delegate hands the task back (委派办理完毕). */
export const resolveDelegationSchema = z.strictObject({ note: optionalText(500) });

/** A co-handler signs (加签意见). */
export const coSignSchema = z.strictObject({
  opinion: requiredText(1000, '请填写会签意见'),
  agree: z.boolean().default(true),
});
export type CoSign = z.infer<typeof coSignSchema>;

export const bulkClaimSchema = z.strictObject({ taskIds: z.array(id).min(1).max(100) });
export const bulkCompleteSchema = z.strictObject({
  taskIds: z.array(id).min(1).max(100),
  data: z.record(z.string(), z.unknown()),
});
export type BulkComplete = z.infer<typeof bulkCompleteSchema>;

/**
 * Out of office (代理): the caller's current roles are held by `standInUserId` from `from` to
 * `to` (China-local dates, inclusive), and the tasks assigned to the caller are visible to the
 * stand-in during that period.
 */
export const outOfOfficeSchema = z
  .strictObject({
    standInUserId: z.uuid({ error: '请选择代理人' }),
    from: isoDate,
    to: isoDate,
    reason: optionalText(200),
  })
  .refine((s) => s.to >= s.from, { path: ['to'], message: '结束日期不能早于开始日期' });
export type OutOfOffice = z.infer<typeof outOfOfficeSchema>;

// ---- public pages ---------------------------------------------------------------------------

/**
 * A mobile phone number or a resident ID number. Only a salted hash of it is stored, to allow
 * one proposal (or vote, or objection) per person.
 */
export const identitySchema = z
  .string({ error: '请填写手机号或身份证号' })
  .transform((v) => v.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().regex(/^(1[3-9]\d{9}|\d{17}[\dX])$/, '请填写11位手机号或18位身份证号'));

export const topicProposalSchema = z.strictObject({
  text: requiredText(500, '请填写建议的述职题目').pipe(z.string().min(4, '题目至少4个字')),
  category: z.string().max(64).optional(),
  identity: identitySchema,
});
export type TopicProposalInput = z.input<typeof topicProposalSchema>;

export const topicVoteSchema = z.strictObject({
  proposalId: z.uuid({ error: '请选择支持的题目' }),
  identity: identitySchema,
});
export type TopicVoteInput = z.input<typeof topicVoteSchema>;

export const objectionSchema = z.strictObject({
  text: requiredText(2000, '请填写异议内容').pipe(z.string().min(5, '异议内容至少5个字')),
  identity: identitySchema,
});
export type ObjectionInput = z.input<typeof objectionSchema>;

// ---- staff side of topic selection --------------------------------------------------------------

export const topicStaffProposalSchema = z.strictObject({
  text: requiredText(500),
  category: z.string().max(64).optional(),
});
export const topicClassifySchema = z.strictObject({
  category: z.string().max(64).nullable(),
  status: z.enum(['new', 'accepted', 'rejected']),
});
export type TopicClassify = z.infer<typeof topicClassifySchema>;
export const topicMergeSchema = z.strictObject({ intoId: z.uuid() });
export const topicRoundSchema = z.strictObject({ closesAt: isoDateTime.nullable() });

// ---- questioning -----------------------------------------------------------------------------

export const questionSchema = z.strictObject({ question: requiredText(1000, '请填写问题') });
export const answerSchema = z.strictObject({ answer: requiredText(5000, '请填写回答') });

// ---- rectification ----------------------------------------------------------------------------

export const rectificationListSchema = z.enum(RECTIFICATION_LIST_KEYS);

export const rectificationItemInputSchema = z.strictObject({
  list: rectificationListSchema,
  content: requiredText(1000, '请填写事项内容'),
  owner: requiredText(64, '请填写责任人'),
  deadline: isoDate,
  evidence: optionalText(5000),
  attachments: z.array(id).max(10).optional(),
});
export type RectificationItemInput = z.infer<typeof rectificationItemInputSchema>;

export const rectificationItemUpdateSchema = rectificationItemInputSchema
  .omit({ list: true })
  .partial();

export const verifyItemSchema = z
  .strictObject({
    verdict: z.enum(['verified', 'rejected']),
    note: optionalText(500),
  })
  .refine((v) => v.verdict === 'verified' || Boolean(v.note), {
    path: ['note'],
    message: '退回整改时请说明理由',
  });
export type VerifyItem = z.infer<typeof verifyItemSchema>;

/** Items given with the submission itself (instead of one by one). */
export const rectificationListsInputSchema = z.partialRecord(
  rectificationListSchema,
  z.array(rectificationItemInputSchema.omit({ list: true })).max(200),
);

// ---- commitment -----------------------------------------------------------------------------

export const commitmentInputSchema = z.strictObject({
  text: requiredText(5000, '请填写承诺内容'),
  ledger: z.array(ledgerEntrySchema).max(200),
});
export type CommitmentInput = z.infer<typeof commitmentInputSchema>;

export const ledgerProgressSchema = z.strictObject({
  progress: z.int().min(0).max(100),
  note: requiredText(1000, '请填写进展情况'),
});
export type LedgerProgress = z.infer<typeof ledgerProgressSchema>;
