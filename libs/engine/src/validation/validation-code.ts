import type { LocalizedText } from '../definition/common.schema.js';

/** Stable codes of definition problems. The designer and the API key messages and help on them. */
export enum ValidationCode {
  /** The JSON text is not valid JSON. */
  InvalidJson = 'INVALID_JSON',
  /** The same key appears twice in one JSON object (the text form only). */
  DuplicateKey = 'DUPLICATE_KEY',
  /** The definition exceeds the size limit. */
  DefinitionTooLarge = 'DEFINITION_TOO_LARGE',
  /** JSON nesting is deeper than the limit. */
  NestingTooDeep = 'NESTING_TOO_DEEP',
  /** More states than the limit. */
  TooManyStates = 'TOO_MANY_STATES',
  /** States nested deeper than the limit. */
  StateNestingTooDeep = 'STATE_NESTING_TOO_DEEP',
  /** A function, or a string that looks like program code, where a name or value was expected. */
  CodeNotAllowed = 'CODE_NOT_ALLOWED',
  /** A property that the schema does not know (e.g. `invoke`, `context`). */
  UnknownProperty = 'UNKNOWN_PROPERTY',
  /** A field has the wrong type or value. */
  InvalidField = 'INVALID_FIELD',
  /** A state key is not an identifier. */
  InvalidStateKey = 'INVALID_STATE_KEY',
  /** An event name is not UPPER_SNAKE_CASE. */
  InvalidEventName = 'INVALID_EVENT_NAME',
  /** An event name is reserved for the engine (`TIMER`). */
  ReservedEvent = 'RESERVED_EVENT',
  /** `meta.kind` is missing or not a step kind. */
  UnknownStepKind = 'UNKNOWN_STEP_KIND',
  /** An atomic, non-final state has no `meta.kind`. */
  MissingStepKind = 'MISSING_STEP_KIND',
  /** The kind does not fit the state's type (e.g. `group` on an atomic state, `end` on a non-final one). */
  KindNotAllowed = 'KIND_NOT_ALLOWED',
  /** A guard type outside the catalogue. */
  UnknownGuard = 'UNKNOWN_GUARD',
  /** An action type outside the catalogue. */
  UnknownAction = 'UNKNOWN_ACTION',
  /** Guard or action params do not match the catalogue's param schema. */
  InvalidParams = 'INVALID_PARAMS',
  /** An action is not allowed in this position (e.g. `openTasks` outside `entry`). */
  ActionNotAllowedHere = 'ACTION_NOT_ALLOWED_HERE',
  /** An `after` key is neither a duration nor a catalogue delay, or the delay has no value here. */
  InvalidDelay = 'INVALID_DELAY',
  /** A deadline, reminder, grace or period is not an ISO 8601 or working-day duration. */
  InvalidDuration = 'INVALID_DURATION',
  /** A human step has no assignee rule. */
  MissingAssignee = 'MISSING_ASSIGNEE',
  /** An assignee rule is malformed, or names a rater group the rating form does not define. */
  InvalidAssignee = 'INVALID_ASSIGNEE',
  /** Reminders or escalation without a deadline, or a deadline on a step without a task. */
  InvalidEscalation = 'INVALID_ESCALATION',
  /** Two states share an id. */
  DuplicateId = 'DUPLICATE_ID',
  /** A compound state has no `initial`, or `initial` names no child. */
  InvalidInitial = 'INVALID_INITIAL',
  /** A transition target does not resolve to a state. */
  UnknownTarget = 'UNKNOWN_TARGET',
  /** A final or history state has transitions or children, or a parallel state has no regions. */
  InvalidStateType = 'INVALID_STATE_TYPE',
  /** No sequence of transitions enters the state. */
  UnreachableState = 'UNREACHABLE_STATE',
  /** From this state the process can never finish. */
  NoPathToFinal = 'NO_PATH_TO_FINAL',
  /** A decision has no `always` branches, or also waits for events. */
  InvalidDecision = 'INVALID_DECISION',
  /** A decision's branches do not cover every outcome (no unguarded fallback, no complementary guards). */
  DecisionNotCovered = 'DECISION_NOT_COVERED',
  /** The auto-advance event of an escalation ladder has no transition on the step. */
  AutoAdvanceUnhandled = 'AUTO_ADVANCE_UNHANDLED',
}

/** One problem found in a definition. */
export interface ValidationIssue {
  /** JSON Pointer (RFC 6901) into the definition, e.g. `/machine/states/rating/on/SUBMIT/0/guard`. */
  readonly path: string;
  readonly code: ValidationCode;
  readonly message: LocalizedText;
  /** Dotted key of the state the problem belongs to (for highlighting the designer node), if any. */
  readonly state?: string;
}

/** Escapes one JSON Pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Builds a JSON Pointer from segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${pointerSegment(s)}`).join('');
}
