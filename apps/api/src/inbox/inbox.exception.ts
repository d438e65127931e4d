import { AppException, type ErrorKind, type ProblemField } from '@shuping/contracts';

export enum InboxErrorCode {
  /** The task has no earlier human step to go back to (or the step is not a plain sequence). */
  SendBackNotPossible = 'SEND_BACK_NOT_POSSIBLE',
  /** Only the task's actor (assignee or role holder) may do this. */
  NotTheActor = 'NOT_THE_ACTOR',
  PersonNotFound = 'PERSON_NOT_FOUND',
  /** The person already takes part in the task that way. */
  AlreadyParticipant = 'ALREADY_PARTICIPANT',
  NotAParticipant = 'NOT_A_PARTICIPANT',
  /** The request does not fit the step (e.g. a question on a rating task). */
  WrongStep = 'WRONG_STEP',
  NotAllowed = 'NOT_ALLOWED',
  AttachmentType = 'ATTACHMENT_TYPE_NOT_ALLOWED',
  AttachmentTooLarge = 'ATTACHMENT_TOO_LARGE',
  RateLimited = 'RATE_LIMITED',
  AlreadyProposed = 'ALREADY_PROPOSED',
  AlreadyVoted = 'ALREADY_VOTED',
  RoundClosed = 'TOPIC_ROUND_CLOSED',
  PublicityClosed = 'PUBLICITY_CLOSED',
  AlreadyObjected = 'ALREADY_OBJECTED',
  NotObjectable = 'OBJECTIONS_NOT_ACCEPTED',
  ItemVerified = 'ITEM_ALREADY_VERIFIED',
  NotSigned = 'NOT_SIGNED',
  NoDocument = 'NO_DOCUMENT',
}

const kinds: Record<InboxErrorCode, ErrorKind> = {
  [InboxErrorCode.SendBackNotPossible]: 'conflict',
  [InboxErrorCode.NotTheActor]: 'forbidden',
  [InboxErrorCode.PersonNotFound]: 'invalid',
  [InboxErrorCode.AlreadyParticipant]: 'conflict',
  [InboxErrorCode.NotAParticipant]: 'forbidden',
  [InboxErrorCode.WrongStep]: 'conflict',
  [InboxErrorCode.NotAllowed]: 'forbidden',
  [InboxErrorCode.AttachmentType]: 'invalid',
  [InboxErrorCode.AttachmentTooLarge]: 'too_large',
  [InboxErrorCode.RateLimited]: 'rate_limited',
  [InboxErrorCode.AlreadyProposed]: 'conflict',
  [InboxErrorCode.AlreadyVoted]: 'conflict',
  [InboxErrorCode.RoundClosed]: 'conflict',
  [InboxErrorCode.PublicityClosed]: 'conflict',
  [InboxErrorCode.AlreadyObjected]: 'conflict',
  [InboxErrorCode.NotObjectable]: 'conflict',
  [InboxErrorCode.ItemVerified]: 'conflict',
  [InboxErrorCode.NotSigned]: 'conflict',
  [InboxErrorCode.NoDocument]: 'not_found',
};

/** Errors of the inbox and the step forms' side records. */
export class InboxException extends AppException {
  constructor(code: InboxErrorCode, message: string, fields?: ProblemField[]) {
    super(kinds[code], code, message, fields);
  }
}
