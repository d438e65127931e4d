import { AppException } from '@shuping/contracts';
import { isProvinceAdmin, type Principal } from '../../auth/principal.js';

/**
 * The tenant filter of every query: `county_id = $n`, or nothing for a provincial administrator.
 * Returns the SQL fragment and pushes its parameter.
 */
export function countyFilter(principal: Principal, column: string, params: unknown[]): string {
  if (isProvinceAdmin(principal)) return 'TRUE';
  params.push(principal.countyId);
  return `${column} = $${params.length}`;
}

/** 404 for anything outside the caller's county or scope: existence is not revealed. */
export class NotFoundException extends AppException {
  constructor(what: string, code = 'NOT_FOUND') {
    super('not_found', code, `${what} not found`);
  }
}

export class ForbiddenException extends AppException {
  constructor(message: string, code = 'FORBIDDEN') {
    super('forbidden', code, message);
  }
}
