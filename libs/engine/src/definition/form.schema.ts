import { z } from 'zod';
import { durationSchema } from '../calendar/duration.util.js';
import { assigneeRuleSchema } from './assignee.schema.js';
import { identifierSchema, keyedTitleSchema, localizedTextSchema } from './common.schema.js';
import { gradeSchema } from './grades.js';

const keyedTitles = z.array(keyedTitleSchema).max(50);
const share = z.number().min(0).max(1);

/** Channels where notices are published. */
export const NOTICE_CHANNELS = [
  'smartPartyPlatform',
  'governmentWebsite',
  'radioTv',
  'villageBoard',
  'wechat',
  'meeting',
] as const;
export const noticeChannelSchema = z.enum(NOTICE_CHANNELS);

/** What a notice or publicity period publishes. */
export const NOTICE_SUBJECTS = [
  'commitments',
  'results',
  'ratings',
  'rectification',
  'accountability',
  'topics',
] as const;
export const noticeSubjectSchema = z.enum(NOTICE_SUBJECTS);

/** Sanctions by severity (Peng'an), mildest first. */
export const SANCTIONS = [
  'writtenSelfExamination',
  'publicApology',
  'circulatedCriticism',
  'admonishment',
  'transfer',
  'removal',
  'demotion',
] as const;
export const sanctionSchema = z.enum(SANCTIONS);

/** The three lists of a rectification (问题清单、责任清单、整改清单). */
export const RECTIFICATION_LISTS = ['problems', 'responsibilities', 'actions'] as const;
export const rectificationListSchema = z.enum(RECTIFICATION_LISTS);

/** Direction of a two-way step: 上述下评 (downward: superior judges subordinate) or 下述上评. */
export const directionSchema = z.enum(['downward', 'upward']);

const section = z.strictObject({
  key: identifierSchema,
  title: localizedTextSchema,
  /** Share of the report, e.g. 1/3 each for performance / problems / measures. */
  share: share.optional(),
});

/** Form settings per step kind. Every field is optional so a designer can start empty. */
export const formSchemas = {
  nominate: z.strictObject({
    categories: keyedTitles.optional(),
    maxOrganisations: z.int().min(1).max(100_000).optional(),
  }),
  investigate: z.strictObject({
    methods: z
      .array(z.enum(['visits', 'records', 'memberOpinions', 'massesOpinions', 'symposium']))
      .max(10)
      .optional(),
  }),
  topicSelection: z.strictObject({
    solicitation: z
      .array(z.enum(['publicSolicitation', 'visits', 'symposium', 'selfCheck']))
      .max(10)
      .optional(),
    period: durationSchema.optional(),
    categories: keyedTitles.optional(),
    pick: z.enum(['mostSupported', 'committeeChoice']).optional(),
  }),
  reportWriting: z.strictObject({
    /** Target length in characters (e.g. about 2,500). */
    targetLength: z.int().min(100).max(100_000).optional(),
    sections: z.array(section).max(20).optional(),
    attachments: z.boolean().optional(),
  }),
  speaking: z.strictObject({
    /** Hard time limit of the speech: PT7M / PT8M for villages, PT10M for townships. */
    timeLimit: durationSchema.optional(),
    order: z.enum(['superiorFirst', 'subordinateFirst', 'listed']).optional(),
    audience: z.array(localizedTextSchema).max(20).optional(),
    sections: z.array(section).max(20).optional(),
  }),
  critique: z.strictObject({
    direction: directionSchema.optional(),
    perReport: z.boolean().optional(),
  }),
  questioning: z.strictObject({
    direction: directionSchema.optional(),
    maxQuestions: z.int().min(1).max(1000).optional(),
    public: z.boolean().optional(),
  }),
  rating: z.strictObject({
    direction: directionSchema.optional(),
    dimensions: keyedTitles.optional(),
    grades: z.array(gradeSchema).min(2).max(4).optional(),
    raterGroups: z
      .array(
        z.strictObject({
          key: identifierSchema,
          title: localizedTextSchema,
          weight: share.optional(),
          anonymous: z.boolean(),
        }),
      )
      .max(20)
      .optional(),
    /** One ballot per rater per subject per round. */
    oneBallotPerRater: z.boolean().optional(),
    fullMarks: z.number().min(1).max(1000).optional(),
  }),
  aggregation: z.strictObject({
    method: z.enum(['gradeMajority', 'weightedGrades', 'hundredPointScore']).optional(),
    fullMarks: z.number().min(1).max(1000).optional(),
    bonusUncapped: z.boolean().optional(),
    vetoItems: keyedTitles.optional(),
    classes: z
      .array(
        z.strictObject({
          key: identifierSchema,
          title: localizedTextSchema,
          share,
          rewardShare: share.optional(),
        }),
      )
      .max(10)
      .optional(),
    ranking: z.boolean().optional(),
    feedback: z.boolean().optional(),
    archiveToCounty: z.boolean().optional(),
  }),
  commitment: z.strictObject({
    twoWay: z.boolean().optional(),
    ledger: z.strictObject({ monthlyTasks: z.boolean(), quarterlyGoals: z.boolean() }).optional(),
  }),
  publicity: z.strictObject({
    /** How long the notice stays up, e.g. 5WD. */
    period: durationSchema.optional(),
    subject: noticeSubjectSchema.optional(),
    channels: z.array(noticeChannelSchema).max(10).optional(),
    objections: z.boolean().optional(),
  }),
  talk: z.strictObject({
    rectificationDeadline: durationSchema.optional(),
  }),
  rectification: z.strictObject({
    lists: z.array(rectificationListSchema).max(3).optional(),
    /** A rectification notice (整改通知单) is issued. */
    notice: z.boolean().optional(),
    verifiedBy: assigneeRuleSchema.optional(),
    /** Concentrated rectification of a weak and lax (软弱涣散) organisation. */
    weakAndLax: z.boolean().optional(),
    /** Paired with a county department until fixed (结对帮包). */
    pairedDepartment: z.boolean().optional(),
  }),
  accountability: z.strictObject({
    grounds: z
      .array(z.enum(['errors', 'inaction']))
      .max(2)
      .optional(),
    sanctions: z.array(sanctionSchema).max(7).optional(),
    supervisionOrder: z.boolean().optional(),
    basis: localizedTextSchema.optional(),
  }),
  resultApplication: z.strictObject({
    outcomes: z
      .array(
        z.enum([
          'annualAssessment',
          'excellentEligibility',
          'promotion',
          'demotion',
          'reward',
          'upgrade',
          'cadreSelection',
          'commendation',
          'civilServantAssessment',
          'archive',
        ]),
      )
      .max(10)
      .optional(),
    archiveToCounty: z.boolean().optional(),
  }),
  decision: z.strictObject({
    basis: localizedTextSchema.optional(),
  }),
  wait: z.strictObject({
    /** How long to wait (read by the `waitPeriod` delay). */
    duration: durationSchema.optional(),
    reason: localizedTextSchema.optional(),
  }),
  end: z.strictObject({
    outcome: z.enum(['completed', 'archived', 'cancelled']).optional(),
  }),
} as const;

/** Form settings of one kind. */
export type FormSettings<K extends keyof typeof formSchemas = keyof typeof formSchemas> = z.infer<
  (typeof formSchemas)[K]
>;
