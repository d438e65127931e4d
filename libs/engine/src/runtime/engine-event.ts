import { z } from 'zod';
import { isPlainObject, type JsonObject } from '../json.types.js';

/**
 * Event names of the engine.
 *
 * - `SUBMIT` — an assignee completed a task: `{ type: 'SUBMIT', taskKey, data }`. `taskKey` is the
 *   dotted state path of the step (or `step#extra` for an extra task opened by `openTasks`).
 *   Well-known `data` fields become facts for guards: `grade` (好/较好/一般/差), `score`,
 *   `rank` + `rankTotal`, `vetoed`.
 * - `OBJECT` — someone raised an objection (e.g. during publicity): `{ type: 'OBJECT', data }`.
 * - `TIMEOUT` — a step's time is up: sent by the engine itself when an escalation ladder
 *   auto-advances, or by an administrator: `{ type: 'TIMEOUT', taskKey }`.
 * - `TIMER` — a durable timer fired: `{ type: 'TIMER', timerKey }`. The host sends exactly the
 *   `event` of the `setTimer` effect when its `dueAt` has passed.
 * - Any other UPPER_SNAKE_CASE name a definition declares in `on` (e.g. `CANCEL`, `REVIEW`).
 */
export const EngineEvents = {
  Submit: 'SUBMIT',
  Object: 'OBJECT',
  Timeout: 'TIMEOUT',
  Timer: 'TIMER',
} as const;

/** Names a definition may not use in `on`: the engine handles them itself. */
export const RESERVED_EVENTS = [EngineEvents.Timer] as const;

/** Events that complete (or time out) a task: on a step they only fire for the step's own task. */
export const TASK_EVENTS: readonly string[] = [EngineEvents.Submit, EngineEvents.Timeout];

/** Default event of an escalation ladder's auto-advance. */
export const DEFAULT_AUTO_ADVANCE_EVENT = EngineEvents.Timeout;

/** An event sent to {@link transition}. */
export interface EngineEvent {
  /** `SUBMIT`, `OBJECT`, `TIMEOUT`, `TIMER` or a definition's own UPPER_SNAKE_CASE event. */
  readonly type: string;
  /** The task this event completes (`SUBMIT`, `TIMEOUT`). Without it, any open task matches. */
  readonly taskKey?: string;
  /** The timer that fired (`TIMER`). */
  readonly timerKey?: string;
  /** Form data of the submission, or details of an objection. Plain JSON. */
  readonly data?: JsonObject;
}

/** Validates the shape of an incoming event. */
export const engineEventSchema = z.object({
  type: z.string().min(1).max(200),
  taskKey: z.string().min(1).max(300).optional(),
  timerKey: z.string().min(1).max(400).optional(),
  // An object, not walked key by key: the machine keeps a JSON copy of it.
  data: z.custom<JsonObject>(isPlainObject).optional(),
});

/** `{ type: 'SUBMIT', taskKey, data }`. */
export function submitEvent(taskKey: string, data: JsonObject = {}): EngineEvent {
  return { type: EngineEvents.Submit, taskKey, data };
}

/** `{ type: 'TIMER', timerKey }`. */
export function timerEvent(timerKey: string): EngineEvent {
  return { type: EngineEvents.Timer, timerKey };
}

/** `{ type: 'OBJECT', data }`. */
export function objectionEvent(data: JsonObject = {}): EngineEvent {
  return { type: EngineEvents.Object, data };
}
