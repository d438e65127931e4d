import { AppException, type ErrorKind } from '@shuping/contracts';

export enum AuthErrorCode {
  InvalidCredentials = 'INVALID_CREDENTIALS',
  AccountLocked = 'ACCOUNT_LOCKED',
  AccountInactive = 'ACCOUNT_INACTIVE',
  MissingToken = 'MISSING_TOKEN',
  InvalidToken = 'INVALID_TOKEN',
  SessionEnded = 'SESSION_ENDED',
  InvalidRefreshToken = 'INVALID_REFRESH_TOKEN',
  Forbidden = 'FORBIDDEN',
}

const kinds: Record<AuthErrorCode, ErrorKind> = {
  [AuthErrorCode.InvalidCredentials]: 'unauthenticated',
  [AuthErrorCode.AccountLocked]: 'rate_limited',
  [AuthErrorCode.AccountInactive]: 'unauthenticated',
  [AuthErrorCode.MissingToken]: 'unauthenticated',
  [AuthErrorCode.InvalidToken]: 'unauthenticated',
  [AuthErrorCode.SessionEnded]: 'unauthenticated',
  [AuthErrorCode.InvalidRefreshToken]: 'unauthenticated',
  [AuthErrorCode.Forbidden]: 'forbidden',
};

export class AuthException extends AppException {
  constructor(code: AuthErrorCode, message: string) {
    super(kinds[code], code, message);
  }
}
