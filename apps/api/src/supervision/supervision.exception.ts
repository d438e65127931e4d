import { AppException, type ErrorKind } from '@shuping/contracts';

export enum SupervisionErrorCode {
  NotASupervisor = 'NOT_A_SUPERVISOR',
  NotAllowed = 'SUPERVISION_NOT_ALLOWED',
  TaskClosed = 'TASK_ALREADY_CLOSED',
  InstanceEnded = 'INSTANCE_FINISHED',
  DeadlineInPast = 'DEADLINE_IN_PAST',
  NoDeadline = 'TASK_HAS_NO_DEADLINE',
  AlreadyEscalated = 'ALREADY_ESCALATED',
  EscalationClosed = 'ESCALATION_ALREADY_CLOSED',
  UnknownUser = 'UNKNOWN_USER',
  MoveNotAvailable = 'MOVE_NOT_AVAILABLE',
  NoResults = 'NO_RESULTS',
  InvalidNotice = 'INVALID_NOTICE',
}

const kinds: Record<SupervisionErrorCode, ErrorKind> = {
  [SupervisionErrorCode.NotASupervisor]: 'forbidden',
  [SupervisionErrorCode.NotAllowed]: 'forbidden',
  [SupervisionErrorCode.TaskClosed]: 'conflict',
  [SupervisionErrorCode.InstanceEnded]: 'conflict',
  [SupervisionErrorCode.DeadlineInPast]: 'invalid',
  [SupervisionErrorCode.NoDeadline]: 'conflict',
  [SupervisionErrorCode.AlreadyEscalated]: 'conflict',
  [SupervisionErrorCode.EscalationClosed]: 'conflict',
  [SupervisionErrorCode.UnknownUser]: 'invalid',
  [SupervisionErrorCode.MoveNotAvailable]: 'conflict',
  [SupervisionErrorCode.NoResults]: 'conflict',
  [SupervisionErrorCode.InvalidNotice]: 'invalid',
};

/** Errors of the supervision dashboard and its actions (problem+json with a stable `code`). */
export class SupervisionException extends AppException {
  constructor(
    code: SupervisionErrorCode,
    message: string,
    fields?: { path: string; message: string }[],
  ) {
    super(kinds[code], code, message, fields);
  }
}
