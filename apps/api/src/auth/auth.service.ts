import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AppConfig } from '@shuping/config';
import { returnedRows } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../common/config/config.constants.js';
import { AuditService } from '../audit/audit.service.js';
import { AuthErrorCode, AuthException } from './auth.exception.js';
import { verifyPassword } from './password.util.js';
import { PrincipalService } from './principal.service.js';
import type { Principal } from './principal.js';

/** Failures before the account is locked; each further failure doubles the lock. */
export const LOCK_AFTER_FAILURES = 5;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 15 * 60_000;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresInSeconds: number;
}

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

interface LoginRow {
  id: string;
  password_hash: string;
  active: boolean;
  failed_login_count: number;
  locked_until: Date | null;
  county_id: string | null;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly jwt: JwtService,
    private readonly principals: PrincipalService,
    private readonly audit: AuditService,
  ) {}

  async login(username: string, password: string): Promise<TokenPair> {
    const [user] = await this.db.query<LoginRow[]>(
      `SELECT id, password_hash, active, failed_login_count, locked_until, county_id
         FROM app_user WHERE username = $1`,
      [username],
    );
    // Same answer for an unknown user and a wrong password: do not reveal who exists.
    if (!user)
      throw new AuthException(AuthErrorCode.InvalidCredentials, 'Wrong username or password');
    if (user.locked_until && user.locked_until.getTime() > Date.now()) {
      const seconds = Math.ceil((user.locked_until.getTime() - Date.now()) / 1000);
      throw new AuthException(
        AuthErrorCode.AccountLocked,
        `Too many failed logins; try again in ${seconds} s`,
      );
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      const failures = user.failed_login_count + 1;
      const lockMs =
        failures >= LOCK_AFTER_FAILURES
          ? Math.min(FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER_FAILURES), MAX_LOCK_MS)
          : 0;
      await this.db.query(
        `UPDATE app_user SET failed_login_count = $2,
            locked_until = CASE WHEN $3::int > 0 THEN now() + make_interval(secs => $3::int / 1000.0) ELSE NULL END
          WHERE id = $1`,
        [user.id, failures, lockMs],
      );
      await this.audit.record({
        countyId: user.county_id,
        actorUserId: user.id,
        action: 'auth.login_failed',
        targetType: 'user',
        targetId: user.id,
        detail: { failures },
      });
      throw new AuthException(AuthErrorCode.InvalidCredentials, 'Wrong username or password');
    }
    if (!user.active)
      throw new AuthException(AuthErrorCode.AccountInactive, 'This account is deactivated');
    await this.db.query(
      `UPDATE app_user SET failed_login_count = 0, locked_until = NULL WHERE id = $1`,
      [user.id],
    );
    const refreshToken = randomBytes(32).toString('base64url');
    const [session] = await this.db.query<{ id: string }[]>(
      `INSERT INTO auth_session (user_id, refresh_token_hash, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id`,
      [user.id, sha256(refreshToken), this.config.auth.refreshTokenTtlSeconds],
    );
    await this.audit.record({
      countyId: user.county_id,
      actorUserId: user.id,
      action: 'auth.login',
      targetType: 'session',
      targetId: session.id,
      detail: {},
    });
    return this.pair(user.id, session.id, refreshToken);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    const next = randomBytes(32).toString('base64url');
    const [session] = returnedRows<{ id: string; user_id: string }>(
      await this.db.query(
        `UPDATE auth_session SET refresh_token_hash = $2
        WHERE refresh_token_hash = $1 AND revoked_at IS NULL AND expires_at > now()
        RETURNING id, user_id`,
        [sha256(refreshToken), sha256(next)],
      ),
    );
    if (!session)
      throw new AuthException(AuthErrorCode.InvalidRefreshToken, 'The refresh token is not valid');
    return this.pair(session.user_id, session.id, next);
  }

  async logout(principal: Principal): Promise<void> {
    await this.db.query(`UPDATE auth_session SET revoked_at = now() WHERE id = $1`, [
      principal.sessionId,
    ]);
    this.principals.forget(principal.sessionId);
    await this.audit.record({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action: 'auth.logout',
      targetType: 'session',
      targetId: principal.sessionId,
      detail: {},
    });
  }

  /** Verifies an access token and resolves the person behind it. */
  async authenticate(token: string): Promise<Principal> {
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(token);
    } catch {
      throw new AuthException(AuthErrorCode.InvalidToken, 'The access token is invalid or expired');
    }
    const principal = await this.principals.forSession(claims.sub, claims.sid);
    if (!principal)
      throw new AuthException(
        AuthErrorCode.SessionEnded,
        'The session has ended; please log in again',
      );
    return principal;
  }

  private async pair(userId: string, sessionId: string, refreshToken: string): Promise<TokenPair> {
    const claims: AccessTokenClaims = { sub: userId, sid: sessionId };
    return {
      accessToken: await this.jwt.signAsync(claims),
      refreshToken,
      tokenType: 'Bearer',
      expiresInSeconds: this.config.auth.accessTokenTtlSeconds,
    };
  }
}
