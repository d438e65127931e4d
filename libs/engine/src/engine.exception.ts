import type { ValidationIssue } from './validation/validation-code.js';

/** Stable codes of the engine's errors; hosts map them to transport errors in one place. */
export enum EngineErrorCode {
  /** The definition failed validation; `issues` lists why. */
  InvalidDefinition = 'ENGINE_INVALID_DEFINITION',
  /** The snapshot is not a persisted snapshot of this definition. */
  InvalidSnapshot = 'ENGINE_INVALID_SNAPSHOT',
  /** The event is malformed (no string `type`, non-object `data`, ...). */
  InvalidEvent = 'ENGINE_INVALID_EVENT',
  /** `now` is missing or not a valid instant. */
  InvalidClock = 'ENGINE_INVALID_CLOCK',
  /** County calendar overrides are malformed or contradictory. */
  InvalidCalendar = 'ENGINE_INVALID_CALENDAR',
  /** A duration string is neither ISO 8601 nor a working-day duration (`3WD`). */
  InvalidDuration = 'ENGINE_INVALID_DURATION',
  /** Path listing gave up: the process has too many distinct states. */
  TooManyPaths = 'ENGINE_TOO_MANY_PATHS',
}

/** The one error class of `libs/engine`: a caller or definition mistake, never a server fault. */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}
