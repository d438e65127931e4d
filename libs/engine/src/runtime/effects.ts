import type { AssigneeRule } from '../definition/assignee.schema.js';
import type { LocalizedText } from '../definition/common.schema.js';
import type { StepKind } from '../definition/step-kinds.js';
import type { JsonObject } from '../json.types.js';
import type { TimerPurpose } from './engine-context.js';

/** The escalation ladder of a task, with defaults filled in. */
export interface EscalationPlan {
  /** Durations before the deadline at which the assignee is reminded. */
  readonly reminders: readonly string[];
  /** Notified at the deadline (default: the superior secretary). */
  readonly escalateTo: AssigneeRule;
  /** Grace period after the deadline, or null for none. */
  readonly grace: string | null;
  /** Notified after the grace period (default: supervisors). */
  readonly notifyAfterGrace: AssigneeRule;
  /** Event sent to the step at the deadline or at the end of grace, if any. */
  readonly autoAdvance: { readonly at: 'deadline' | 'grace'; readonly event: string } | null;
}

/** Open a task. The host creates the task row(s), resolving the assignee rule to people. */
export interface OpenTaskEffect {
  readonly type: 'openTask';
  /** The step's dotted state path, or `<stateKey>#<key>` for an extra task. */
  readonly taskKey: string;
  readonly stateKey: string;
  /** Which entry of the state this task belongs to (1 for the first). */
  readonly visit: number;
  /** False for extra tasks opened by the `openTasks` action. */
  readonly primary: boolean;
  readonly stepKind: StepKind;
  readonly title: LocalizedText;
  readonly assignee: AssigneeRule;
  /** ISO instant, or null when the step has no deadline. */
  readonly dueAt: string | null;
  /** The step's form settings (`meta.form`), or null. */
  readonly form: JsonObject | null;
  readonly escalation: EscalationPlan | null;
}

/** How a task ended. */
export type CloseReason = 'completed' | 'timedOut' | 'cancelled';

/** Close a task: it was completed, timed out, or its step was left for another reason. */
export interface CloseTaskEffect {
  readonly type: 'closeTask';
  readonly taskKey: string;
  readonly stateKey: string;
  readonly reason: CloseReason;
}

/** Arm a durable timer. When `dueAt` has passed, send `event` to `transition`. */
export interface SetTimerEffect {
  readonly type: 'setTimer';
  readonly timerKey: string;
  readonly stateKey: string;
  readonly taskKey: string | null;
  readonly purpose: TimerPurpose;
  /** ISO instant. */
  readonly dueAt: string;
  readonly event: { readonly type: 'TIMER'; readonly timerKey: string };
}

/** Disarm a timer (its state was left). Unknown keys are to be ignored by the host. */
export interface CancelTimerEffect {
  readonly type: 'cancelTimer';
  readonly timerKey: string;
  readonly stateKey: string;
}

/** Why a notification is sent. */
export type NotifyReason = 'reminder' | 'overdue' | 'escalated' | 'action';

/** Send a notification to the people a role resolves to. */
export interface NotifyEffect {
  readonly type: 'notify';
  readonly to: AssigneeRule;
  readonly reason: NotifyReason;
  readonly stateKey: string;
  readonly taskKey: string | null;
  /** Text of a `notify` action; null for ladder notifications (the host words them). */
  readonly message: LocalizedText | null;
  /** Due time of the task concerned, if any. */
  readonly dueAt: string | null;
}

/** Kinds of records written to the instance's history / outside systems. */
export type RecordKind =
  | 'resultRecorded'
  | 'noticePublished'
  | 'rectificationOpened'
  | 'supervisionOrderIssued'
  | 'overdue'
  | 'escalated'
  | 'objectionRaised';

/** Record a fact: a result archived, a notice published, a rectification opened, ... */
export interface RecordEffect {
  readonly type: 'record';
  readonly kind: RecordKind;
  readonly stateKey: string;
  readonly data: JsonObject;
}

/** Everything the host must do after a step. The engine itself performs nothing. */
export type Effect =
  | OpenTaskEffect
  | CloseTaskEffect
  | SetTimerEffect
  | CancelTimerEffect
  | NotifyEffect
  | RecordEffect;
