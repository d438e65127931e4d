import { z } from 'zod';

const reason = z.string().trim().min(2).max(500);

export const overviewQuerySchema = z.strictObject({ campaignId: z.uuid().optional() });
export type OverviewQuery = z.infer<typeof overviewQuerySchema>;

export const heatmapQuerySchema = z.strictObject({
  campaignId: z.uuid(),
  /** Rows are the children of this organisation; the scope's roots when omitted. */
  parentId: z.uuid().optional(),
});
export type HeatmapQuery = z.infer<typeof heatmapQuerySchema>;

export const DEADLINE_SORTS = ['dueAt', 'org', 'township', 'step'] as const;

export const deadlinesQuerySchema = z.strictObject({
  campaignId: z.uuid().optional(),
  townshipId: z.uuid().optional(),
  stepKind: z.string().max(32).optional(),
  /** A user id, or `unassigned` for tasks nobody has claimed. */
  assignee: z.union([z.uuid(), z.literal('unassigned')]).optional(),
  /** overdue: past due; dueSoon: due within 24 hours; escalated: under supervision. */
  state: z.enum(['all', 'overdue', 'dueSoon', 'escalated']).default('all'),
  sort: z.enum(DEADLINE_SORTS).default('dueAt'),
  order: z.enum(['asc', 'desc']).default('asc'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type DeadlinesQuery = z.infer<typeof deadlinesQuerySchema>;

export const escalationsQuerySchema = z.strictObject({
  campaignId: z.uuid().optional(),
  status: z.enum(['open', 'closed', 'all']).default('open'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
export type EscalationsQuery = z.infer<typeof escalationsQuerySchema>;

export const bulkUrgeSchema = z.strictObject({
  taskIds: z.array(z.uuid()).min(1).max(200),
});
export type BulkUrge = z.infer<typeof bulkUrgeSchema>;

export const escalateSchema = z.strictObject({ note: reason });
export type Escalate = z.infer<typeof escalateSchema>;

export const closeEscalationSchema = z.strictObject({ note: z.string().trim().min(2).max(2000) });
export type CloseEscalation = z.infer<typeof closeEscalationSchema>;

export const extendDeadlineSchema = z.strictObject({
  dueAt: z.iso.datetime({ offset: true }),
  reason,
});
export type ExtendDeadline = z.infer<typeof extendDeadlineSchema>;

export const reassignSchema = z.strictObject({ userId: z.uuid(), reason });
export type Reassign = z.infer<typeof reassignSchema>;

export const assignableQuerySchema = z.strictObject({ q: z.string().trim().max(64).optional() });
export type AssignableQuery = z.infer<typeof assignableQuerySchema>;

export const moveSchema = z.strictObject({
  event: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/),
  taskKey: z.string().min(1).max(300).optional(),
  reason,
});
export type Move = z.infer<typeof moveSchema>;

export const cancelInstanceSchema = z.strictObject({ reason });
export type CancelInstance = z.infer<typeof cancelInstanceSchema>;

export const resultsQuerySchema = z.strictObject({
  townshipId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});
export type ResultsQuery = z.infer<typeof resultsQuerySchema>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const publishNoticeSchema = z.strictObject({
  /** e.g. 2025年度村党组织书记抓基层党建工作述职评议考核结果 */
  subject: z.string().trim().min(2).max(120),
  /** e.g. 中共某某县委组织部 */
  organiser: z.string().trim().min(2).max(60),
  periodStart: day,
  periodEnd: day,
  contact: z.string().trim().max(120).optional(),
  showScores: z.boolean().default(false),
});
export type PublishNotice = z.infer<typeof publishNoticeSchema>;
