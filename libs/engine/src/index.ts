/**
 * @shuping/engine — the pure workflow engine of Shuping (述评).
 *
 * - Definitions: an XState v5 machine config as JSON, each step's settings in `meta`; zod
 *   schemas, a published JSON Schema and a closed catalogue of guards, actions and delays.
 * - Validation: coded, bilingual issues; limits keep hostile input cheap.
 * - The pure step: `start` / `transition` return a persisted snapshot and effects (tasks,
 *   timers, notifications, records) for the host to perform. No clock, no I/O.
 * - Graph tools: `acceptedEvents` (inbox buttons) and `listPaths` (every path to the end).
 */

// Errors
export { EngineError, EngineErrorCode } from './engine.exception.js';
export type { JsonObject, JsonValue } from './json.types.js';

// Definition schema and catalogue
export {
  actionsSchema,
  definitionJsonSchema,
  escalationSchema,
  machineSchema,
  nodeMetaSchema,
  STATE_TYPES,
  stateNodeSchema,
  transitionConfigSchema,
  transitionObjectSchema,
  workflowDefinitionSchema,
} from './definition/definition.schema.js';
export type {
  Escalation,
  MachineDefinition,
  NodeMeta,
  StateNodeDefinition,
  StateType,
  StepMeta,
  TransitionConfig,
  TransitionObject,
  WorkflowDefinition,
} from './definition/definition.schema.js';
export { localizedTextSchema, positionSchema } from './definition/common.schema.js';
export type { LocalizedText, Position } from './definition/common.schema.js';
export { GROUP_KIND, isHumanKind, STEP_KINDS, stepKindCatalogue } from './definition/step-kinds.js';
export type { NodeKind, StepKind, StepKindInfo } from './definition/step-kinds.js';
export {
  ASSIGNEE_ROLES,
  assigneeRoleLabels,
  assigneeRuleSchema,
} from './definition/assignee.schema.js';
export type { AssigneeRole, AssigneeRule } from './definition/assignee.schema.js';
export {
  formSchemas,
  NOTICE_CHANNELS,
  NOTICE_SUBJECTS,
  RECTIFICATION_LISTS,
  SANCTIONS,
} from './definition/form.schema.js';
export type { FormSettings } from './definition/form.schema.js';
export { GRADES, gradeSchema, isGrade } from './definition/grades.js';
export type { Grade } from './definition/grades.js';
export {
  GUARD_TYPES,
  guardInfo,
  guardParamSchemas,
  guardRefSchema,
} from './definition/guard-catalogue.js';
export type { GuardInfo, GuardRef, GuardType } from './definition/guard-catalogue.js';
export {
  ACTION_TYPES,
  actionInfo,
  actionParamSchemas,
  actionRefSchema,
} from './definition/action-catalogue.js';
export type { ActionInfo, ActionRef, ActionType } from './definition/action-catalogue.js';
export { DELAY_TYPES, delayInfo } from './definition/delay-catalogue.js';
export type { DelayInfo, DelayType } from './definition/delay-catalogue.js';
export { catalogue } from './definition/catalogue.js';
export type {
  Catalogue,
  CatalogueEntry,
  JsonSchema,
  StepKindEntry,
} from './definition/catalogue.js';
export { buildDefinitionGraph, resolveTarget } from './definition/definition-graph.js';
export type {
  DefinitionGraph,
  StateInfo,
  TransitionEntry,
  TransitionSlot,
} from './definition/definition-graph.js';
export { generateLinearDefinition } from './definition/generate-linear-definition.js';

// Durations and the working calendar
export {
  DURATION_PATTERN,
  durationSchema,
  isDuration,
  parseDuration,
} from './calendar/duration.util.js';
export type { ParsedDuration } from './calendar/duration.util.js';
export {
  addDuration,
  addWorkingDays,
  createWorkingCalendar,
  isWorkingDay,
  nationalCalendar,
  subtractDuration,
  toChinaLocalDate,
} from './calendar/working-days.util.js';
export type { CalendarOverrides, WorkingCalendar } from './calendar/working-days.util.js';

// Validation
export { validateDefinition, validateDefinitionText } from './validation/validate-definition.js';
export { parseDefinition, parseDefinitionText } from './validation/parse-definition.js';
export type { ParseDefinitionResult, ValidationOptions } from './validation/parse-definition.js';
export { ValidationCode } from './validation/validation-code.js';
export type { ValidationIssue } from './validation/validation-code.js';
export { DEFINITION_LIMITS } from './validation/definition-limits.js';
export type { DefinitionLimits } from './validation/definition-limits.js';

// The pure step
export { start, transition } from './runtime/step.js';
export type {
  EngineSnapshot,
  ProcessStatus,
  StartInput,
  StateValue,
  StepOptions,
  StepResult,
} from './runtime/step.js';
export { acceptedEvents } from './runtime/accepted-events.js';
export type { AcceptedEvent } from './runtime/accepted-events.js';
export {
  DEFAULT_AUTO_ADVANCE_EVENT,
  EngineEvents,
  objectionEvent,
  RESERVED_EVENTS,
  submitEvent,
  TASK_EVENTS,
  timerEvent,
} from './runtime/engine-event.js';
export type { EngineEvent } from './runtime/engine-event.js';
export type {
  CancelTimerEffect,
  CloseReason,
  CloseTaskEffect,
  Effect,
  EscalationPlan,
  NotifyEffect,
  NotifyReason,
  OpenTaskEffect,
  RecordEffect,
  RecordKind,
  SetTimerEffect,
} from './runtime/effects.js';
export type {
  EngineContext,
  Facts,
  FactsInput,
  RankEntry,
  TaskRecord,
  TimerPurpose,
  TimerRecord,
} from './runtime/engine-context.js';
export { compileDefinition } from './runtime/compile-definition.js';
export type { CompiledDefinition } from './runtime/compile-definition.js';

// Graph tools
export { explorePaths, listPaths, titleOf } from './graph/list-paths.js';
export type {
  ListPathsOptions,
  PathEvent,
  PathExploration,
  PathPoint,
  PathStep,
  PathStrategy,
  ProcessPath,
} from './graph/list-paths.js';
