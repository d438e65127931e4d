import { z } from 'zod';
import { durationSchema } from '../calendar/duration.util.js';
import { assigneeRuleSchema } from './assignee.schema.js';
import {
  identifierSchema,
  localizedTextSchema,
  stateKeySchema,
  type LocalizedText,
} from './common.schema.js';
import {
  noticeChannelSchema,
  noticeSubjectSchema,
  rectificationListSchema,
  sanctionSchema,
} from './form.schema.js';

/** Param schemas of every catalogue action. */
export const actionParamSchemas = {
  openTasks: z.strictObject({
    tasks: z
      .array(
        z.strictObject({
          key: identifierSchema,
          title: localizedTextSchema,
          assignee: assigneeRuleSchema,
        }),
      )
      .min(1)
      .max(20),
  }),
  notify: z.strictObject({
    to: assigneeRuleSchema,
    message: localizedTextSchema,
  }),
  recordResult: z.strictObject({
    step: stateKeySchema.optional(),
    archiveToCounty: z.boolean().optional(),
    label: localizedTextSchema.optional(),
  }),
  publishNotice: z.strictObject({
    subject: noticeSubjectSchema,
    channels: z.array(noticeChannelSchema).max(10).optional(),
    period: durationSchema.optional(),
    title: localizedTextSchema.optional(),
  }),
  openRectification: z.strictObject({
    lists: z.array(rectificationListSchema).max(3).optional(),
    deadline: durationSchema.optional(),
    notice: z.boolean().optional(),
    weakAndLax: z.boolean().optional(),
  }),
  issueSupervisionOrder: z.strictObject({
    to: assigneeRuleSchema.optional(),
    sanction: sanctionSchema.optional(),
    reason: localizedTextSchema.optional(),
  }),
} as const;

export type ActionType = keyof typeof actionParamSchemas;
export const ACTION_TYPES = Object.keys(actionParamSchemas) as ActionType[];

const ref = <T extends ActionType>(type: T) =>
  z.strictObject({ type: z.literal(type), params: actionParamSchemas[type] });

/** An action reference `{ type, params }`; only catalogue actions validate. */
export const actionRefSchema = z
  .discriminatedUnion('type', [
    ref('openTasks'),
    ref('notify'),
    ref('recordResult'),
    ref('publishNotice'),
    ref('openRectification'),
    ref('issueSupervisionOrder'),
  ])
  .meta({ id: 'ActionRef', description: 'A catalogue action with its params' });
export type ActionRef = z.infer<typeof actionRefSchema>;

/** What the catalogue says about an action. */
export interface ActionInfo {
  readonly label: LocalizedText;
  readonly description: LocalizedText;
  /** Where the action may appear. `openTasks` belongs to a step's `entry` only. */
  readonly positions: readonly ('entry' | 'exit' | 'transition')[];
}

/** Labels and semantics of the catalogue actions. */
export const actionInfo: Readonly<Record<ActionType, ActionInfo>> = {
  openTasks: {
    label: { zh: '开启附加任务', en: 'Open extra tasks' },
    description: {
      zh: '进入步骤时为其他人开启附加任务（如各评议组），离开步骤时关闭',
      en: 'On entering the step, open extra tasks (e.g. one per rater group); closed when the step is left',
    },
    positions: ['entry'],
  },
  notify: {
    label: { zh: '通知', en: 'Notify' },
    description: { zh: '向某角色发送通知', en: 'Send a notification to a role' },
    positions: ['entry', 'exit', 'transition'],
  },
  recordResult: {
    label: { zh: '记录结果', en: 'Record result' },
    description: {
      zh: '把步骤结果记入档案，可报县委组织部备案',
      en: "Record a step's result; optionally archive it with the county department",
    },
    positions: ['entry', 'exit', 'transition'],
  },
  publishNotice: {
    label: { zh: '发布公示', en: 'Publish notice' },
    description: {
      zh: '在公示平台发布承诺、结果等，可设公示期',
      en: 'Publish commitments, results, ... on the public platform, optionally for a period',
    },
    positions: ['entry', 'exit', 'transition'],
  },
  openRectification: {
    label: { zh: '下发整改', en: 'Open rectification' },
    description: {
      zh: '下发整改通知单，建立三张清单并设整改期限',
      en: 'Issue a rectification notice with the three lists and a deadline',
    },
    positions: ['entry', 'exit', 'transition'],
  },
  issueSupervisionOrder: {
    label: { zh: '下发问责督办单', en: 'Issue supervision order' },
    description: {
      zh: '以问责督办单形式下发至被问责对象',
      en: 'Send a supervision order (问责督办单) to the person held accountable',
    },
    positions: ['entry', 'exit', 'transition'],
  },
};
