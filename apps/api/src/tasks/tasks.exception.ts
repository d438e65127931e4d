import { AppException, type ErrorKind, type ProblemField } from '@shuping/contracts';

export enum TaskErrorCode {
  NotYours = 'TASK_NOT_YOURS',
  AlreadyClosed = 'TASK_ALREADY_CLOSED',
  ClaimedByOther = 'TASK_CLAIMED_BY_OTHER',
  CannotRateSelf = 'CANNOT_RATE_SELF',
  UrgeTooSoon = 'URGE_TOO_SOON',
  NotASuperior = 'NOT_A_SUPERIOR',
  /** The submitted data does not fit the step's form. */
  FormInvalid = 'FORM_INVALID',
  /** A rater voted already in this round. */
  DuplicateBallot = 'DUPLICATE_BALLOT',
  /** The caller may see the rating task but is not on its roll (e.g. a stand-in). */
  NotARater = 'NOT_A_RATER',
  /** Closing a round with no valid ballot. */
  NoBallots = 'NO_BALLOTS',
  /** Only the organiser (the superior running the meeting) may close a round. */
  NotTheOrganiser = 'NOT_THE_ORGANISER',
  /** A co-handler (加签) has not signed yet. */
  CoHandlersPending = 'CO_HANDLERS_PENDING',
  /** Rating tasks are shared by every rater: they cannot be claimed, transferred or delegated. */
  NotForRating = 'NOT_FOR_RATING_TASKS',
}

const kinds: Record<TaskErrorCode, ErrorKind> = {
  [TaskErrorCode.NotYours]: 'forbidden',
  [TaskErrorCode.AlreadyClosed]: 'conflict',
  [TaskErrorCode.ClaimedByOther]: 'conflict',
  [TaskErrorCode.CannotRateSelf]: 'forbidden',
  [TaskErrorCode.UrgeTooSoon]: 'rate_limited',
  [TaskErrorCode.NotASuperior]: 'forbidden',
  [TaskErrorCode.FormInvalid]: 'invalid',
  [TaskErrorCode.DuplicateBallot]: 'conflict',
  [TaskErrorCode.NotARater]: 'forbidden',
  [TaskErrorCode.NoBallots]: 'conflict',
  [TaskErrorCode.NotTheOrganiser]: 'forbidden',
  [TaskErrorCode.CoHandlersPending]: 'conflict',
  [TaskErrorCode.NotForRating]: 'conflict',
};

export class TaskException extends AppException {
  constructor(code: TaskErrorCode, message: string, fields?: ProblemField[]) {
    super(kinds[code], code, message, fields);
  }
}
