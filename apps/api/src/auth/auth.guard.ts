import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { IS_PUBLIC, type AuthenticatedRequest } from './auth.decorators.js';
import { AuthService } from './auth.service.js';

/** Every route requires a valid access token unless marked `@Public()`. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (!header?.startsWith('Bearer ')) {
      throw new AuthException(
        AuthErrorCode.MissingToken,
        'Log in first: send "Authorization: Bearer <token>"',
      );
    }
    request.principal = await this.auth.authenticate(header.slice('Bearer '.length).trim());
    return true;
  }
}
