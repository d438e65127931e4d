import { AppException, type ErrorKind } from '@shuping/contracts';

export enum RuntimeErrorCode {
  InstanceNotFound = 'INSTANCE_NOT_FOUND',
  InstanceFinished = 'INSTANCE_FINISHED',
  EventNotAccepted = 'EVENT_NOT_ACCEPTED',
  DefinitionBroken = 'DEFINITION_BROKEN',
}

const kinds: Record<RuntimeErrorCode, ErrorKind> = {
  [RuntimeErrorCode.InstanceNotFound]: 'not_found',
  [RuntimeErrorCode.InstanceFinished]: 'conflict',
  [RuntimeErrorCode.EventNotAccepted]: 'conflict',
  [RuntimeErrorCode.DefinitionBroken]: 'invalid',
};

export class RuntimeException extends AppException {
  constructor(code: RuntimeErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
