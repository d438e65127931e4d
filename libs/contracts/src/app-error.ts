/**
 * What kind of failure an error is, independent of transport. The problem-details filter maps
 * each kind to an HTTP status in one place; business code never throws HTTP exceptions.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable';

export interface ProblemField {
  path: string;
  message: string;
}

/**
 * Base of every domain exception (api and worker). Each module declares its own subclass with a string-enum
 * `code` (stable, documented in docs/api.md) so clients can branch on it.
 */
export class AppException extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly fields?: ProblemField[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}
