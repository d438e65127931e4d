import { z } from 'zod';
import { DURATION_PATTERN, durationSchema } from '../calendar/duration.util.js';
import { actionRefSchema } from './action-catalogue.js';
import { assigneeRuleSchema } from './assignee.schema.js';
import {
  eventNameSchema,
  identifierSchema,
  localizedTextSchema,
  positionSchema,
} from './common.schema.js';
import { DELAY_TYPES } from './delay-catalogue.js';
import { formSchemas } from './form.schema.js';
import { guardRefSchema } from './guard-catalogue.js';
import type { StepKind } from './step-kinds.js';

/**
 * A transition target in XState syntax: `sibling`, `sibling.child`, `.child`, `#id`, `#id.child`.
 */
export const TARGET_PATTERN =
  /^(?:#[A-Za-z_][A-Za-z0-9_-]{0,63}|\.?[A-Za-z_][A-Za-z0-9_-]{0,63})(?:\.[A-Za-z_][A-Za-z0-9_-]{0,63}){0,15}$/;
export const targetSchema = z.string().regex(TARGET_PATTERN);

/** `after` keys: a duration (`P5D`, `3WD`) or a catalogue delay name (`publicityPeriod`). */
export const DELAY_KEY_PATTERN = new RegExp(
  `^(?:${DURATION_PATTERN.source}|${DELAY_TYPES.join('|')})$`,
);
export const delayKeySchema = z.string().regex(DELAY_KEY_PATTERN);

/** Actions of an `entry`, `exit` or transition: one reference or a list. */
export const actionsSchema = z.union([actionRefSchema, z.array(actionRefSchema).max(20)]);

/** One transition: target(s), optional catalogue guard and actions. */
export const transitionObjectSchema = z
  .strictObject({
    target: z.union([targetSchema, z.array(targetSchema).min(1).max(10)]).optional(),
    guard: guardRefSchema.optional(),
    actions: actionsSchema.optional(),
    reenter: z.boolean().optional(),
    description: z.string().max(2000).optional(),
    meta: z.strictObject({ label: localizedTextSchema.optional() }).optional(),
  })
  .meta({ id: 'Transition' });
export type TransitionObject = z.infer<typeof transitionObjectSchema>;

/** A transition config: a target string, one transition, or a list tried in order. */
export const transitionConfigSchema = z.union([
  targetSchema,
  transitionObjectSchema,
  z.array(transitionObjectSchema).min(1).max(50),
]);
export type TransitionConfig = z.infer<typeof transitionConfigSchema>;

/** Escalation ladder of a step with a deadline. */
export const escalationSchema = z
  .strictObject({
    /** Notified when the deadline passes (default: the superior secretary). */
    escalateTo: assigneeRuleSchema.optional(),
    /** Grace period after the deadline before supervisors are notified. */
    grace: durationSchema.optional(),
    /** Notified when the grace period ends (default: supervisors). */
    notifyAfterGrace: assigneeRuleSchema.optional(),
    /** Send an event to the step at the deadline or at the end of grace (default event `TIMEOUT`). */
    autoAdvance: z
      .strictObject({
        at: z.enum(['deadline', 'grace']),
        event: eventNameSchema.optional(),
      })
      .optional(),
  })
  .meta({ id: 'Escalation' });
export type Escalation = z.infer<typeof escalationSchema>;

const stepMetaFields = {
  title: localizedTextSchema,
  description: localizedTextSchema.optional(),
  position: positionSchema.optional(),
  assignee: assigneeRuleSchema.optional(),
  /** Due time of the step's task, from entry: `PT8M`, `P3D`, `3WD`. */
  deadline: durationSchema.optional(),
  /** Reminders before the deadline, e.g. `["PT24H", "PT2H"]`. */
  reminders: z.array(durationSchema).max(5).optional(),
  escalation: escalationSchema.optional(),
};

const stepMeta = <K extends StepKind, F extends z.ZodType>(kind: K, form: F) =>
  z.strictObject({ kind: z.literal(kind), ...stepMetaFields, form: z.optional(form) });

/** `meta` of a state: a step of one kind, or `group` for compound / parallel containers. */
export const nodeMetaSchema = z
  .discriminatedUnion('kind', [
    stepMeta('nominate', formSchemas.nominate),
    stepMeta('investigate', formSchemas.investigate),
    stepMeta('topicSelection', formSchemas.topicSelection),
    stepMeta('reportWriting', formSchemas.reportWriting),
    stepMeta('speaking', formSchemas.speaking),
    stepMeta('critique', formSchemas.critique),
    stepMeta('questioning', formSchemas.questioning),
    stepMeta('rating', formSchemas.rating),
    stepMeta('aggregation', formSchemas.aggregation),
    stepMeta('commitment', formSchemas.commitment),
    stepMeta('publicity', formSchemas.publicity),
    stepMeta('talk', formSchemas.talk),
    stepMeta('rectification', formSchemas.rectification),
    stepMeta('accountability', formSchemas.accountability),
    stepMeta('resultApplication', formSchemas.resultApplication),
    stepMeta('decision', formSchemas.decision),
    stepMeta('wait', formSchemas.wait),
    stepMeta('end', formSchemas.end),
    z.strictObject({
      kind: z.literal('group'),
      title: localizedTextSchema,
      description: localizedTextSchema.optional(),
      position: positionSchema.optional(),
    }),
  ])
  .meta({ id: 'NodeMeta' });
export type NodeMeta = z.infer<typeof nodeMetaSchema>;
/** `meta` of a step (any kind but `group`). */
export type StepMeta = Exclude<NodeMeta, { kind: 'group' }>;

/** XState state types the definition may use. */
export const STATE_TYPES = ['atomic', 'compound', 'parallel', 'final', 'history'] as const;
export type StateType = (typeof STATE_TYPES)[number];

/** A state node: an XState v5 state config restricted to JSON and the catalogue. */
export interface StateNodeDefinition {
  id?: string;
  type?: StateType;
  initial?: string;
  history?: 'shallow' | 'deep';
  target?: string;
  states?: Record<string, StateNodeDefinition>;
  on?: Record<string, TransitionConfig>;
  always?: TransitionConfig;
  after?: Record<string, TransitionConfig>;
  onDone?: TransitionConfig;
  entry?: z.infer<typeof actionsSchema>;
  exit?: z.infer<typeof actionsSchema>;
  meta?: NodeMeta;
  description?: string;
}

/** Schema of a state node (recursive through `states`). */
export const stateNodeSchema: z.ZodType<StateNodeDefinition> = z
  .strictObject({
    id: identifierSchema.optional(),
    type: z.enum(STATE_TYPES).optional(),
    initial: identifierSchema.optional(),
    history: z.enum(['shallow', 'deep']).optional(),
    target: targetSchema.optional(),
    get states() {
      return z.record(identifierSchema, stateNodeSchema).optional();
    },
    on: z.record(eventNameSchema, transitionConfigSchema).optional(),
    always: transitionConfigSchema.optional(),
    after: z.record(delayKeySchema, transitionConfigSchema).optional(),
    onDone: transitionConfigSchema.optional(),
    entry: actionsSchema.optional(),
    exit: actionsSchema.optional(),
    meta: nodeMetaSchema.optional(),
    description: z.string().max(2000).optional(),
  })
  .meta({ id: 'StateNode' });

/** The XState machine config of a definition (the root state). */
export const machineSchema = z
  .strictObject({
    id: identifierSchema,
    type: z.enum(['compound', 'parallel']).optional(),
    initial: identifierSchema.optional(),
    states: z.record(identifierSchema, stateNodeSchema),
    on: z.record(eventNameSchema, transitionConfigSchema).optional(),
    entry: actionsSchema.optional(),
    exit: actionsSchema.optional(),
    description: z.string().max(2000).optional(),
  })
  .meta({ id: 'Machine' });
export type MachineDefinition = z.infer<typeof machineSchema>;

/** Slug of a definition, e.g. `xinye-four-two-way`. */
export const DEFINITION_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A process definition: an envelope with names and provenance around the machine config. */
export const workflowDefinitionSchema = z
  .strictObject({
    $schema: z.string().max(500).optional(),
    id: z.string().regex(DEFINITION_ID_PATTERN).max(64),
    schemaVersion: z.literal(1),
    name: localizedTextSchema,
    description: localizedTextSchema.optional(),
    /** Where the process comes from (e.g. `seed 000: Xinye 四个双向, 2019`). */
    source: z.string().max(500).optional(),
    /** The level of the organisation an instance reviews. */
    subjectLevel: z.enum(['county', 'township', 'village', 'department']).optional(),
    machine: machineSchema,
  })
  .meta({ id: 'WorkflowDefinition', title: 'Shuping process definition' });
export type WorkflowDefinition = z.infer<typeof workflowDefinitionSchema>;

/**
 * JSON Schema (draft 2020-12) of a definition, generated from the zod schemas so that the
 * designer and the API check the same structure. Cross-field rules (reachability, decision
 * coverage, ...) are checked by `validateDefinition`.
 */
export const definitionJsonSchema: Record<string, unknown> = z.toJSONSchema(
  workflowDefinitionSchema,
  {
    target: 'draft-2020-12',
  },
);
