import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import type { AuthenticatedRequest } from '../auth/auth.decorators.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { SessionControl } from './session-control.service.js';

/** What someone with a one-time password may still do: see who they are, change it, log out. */
const ALLOWED = new Set([
  'GET /api/me',
  'POST /api/auth/logout',
  'GET /api/account',
  'POST /api/account/password',
]);

/**
 * A person signed in with a one-time password (invitation or reset) must set their own before
 * anything else: every other route answers 403 `PASSWORD_CHANGE_REQUIRED`. Runs after the auth
 * guard, so `request.principal` is known on every non-public route.
 */
@Injectable()
export class PasswordChangeInterceptor implements NestInterceptor {
  constructor(private readonly sessions: SessionControl) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = request.principal;
    if (!principal || ALLOWED.has(`${request.method} ${request.path}`)) return next.handle();
    // A session read with no one-time password pending cannot get one: issuing one ends it.
    if (principal.mustChangePassword === false) return next.handle();
    return from(this.sessions.mustChangePassword(principal.userId)).pipe(
      switchMap((mustChange) => {
        if (mustChange) {
          throw new AdminException(
            AdminErrorCode.PasswordChangeRequired,
            'Change your one-time password first (POST /api/account/password)',
          );
        }
        return next.handle();
      }),
    );
  }
}
