import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { queryPrepared } from '@shuping/worker';
import { DataSource } from 'typeorm';
import type { Principal } from './principal.js';

const CACHE_MS = 5_000;
/** Sessions remembered at most (a county's morning rush is a few thousand). */
const CACHE_MAX_SESSIONS = 10_000;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  county_id: string | null;
  org_unit_id: string | null;
  active: boolean;
  must_change_password: boolean;
  revoked_at: Date | null;
  expires_at: Date;
  roles: Principal['roles'];
}

/**
 * Resolves an access token's session to the person and their scoped roles. Cached for a few
 * seconds per session (a logout on this process clears it at once).
 */
@Injectable()
export class PrincipalService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();
  private readonly loading = new Map<string, Promise<Principal | null>>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async forSession(userId: string, sessionId: string): Promise<Principal | null> {
    const cached = this.cache.get(sessionId);
    if (cached && cached.until > Date.now()) return cached.principal;
    // Requests of one session arriving together (a page's first calls) share one load.
    const loading = this.loading.get(sessionId);
    if (loading) return loading;
    const load = this.load(userId, sessionId).then(
      (principal) => {
        // A logout while loading wins: what was loaded is answered but not remembered.
        if (this.loading.get(sessionId) === load) this.remember(sessionId, principal);
        this.settle(sessionId, load);
        return principal;
      },
      (error: unknown) => {
        this.settle(sessionId, load);
        throw error;
      },
    );
    this.loading.set(sessionId, load);
    return load;
  }

  forget(sessionId: string): void {
    this.cache.delete(sessionId);
    this.loading.delete(sessionId);
  }

  private settle(sessionId: string, load: Promise<Principal | null>): void {
    if (this.loading.get(sessionId) === load) this.loading.delete(sessionId);
  }

  /**
   * Entries are kept in the order they were loaded, which is the order they expire: expired
   * ones are dropped from the front, and the oldest live ones only when the cache is full (not
   * every session at once, which would send them all back to the database together).
   */
  private remember(sessionId: string, principal: Principal | null): void {
    const now = Date.now();
    this.cache.delete(sessionId);
    for (const [key, entry] of this.cache) {
      if (entry.until > now && this.cache.size < CACHE_MAX_SESSIONS) break;
      this.cache.delete(key);
    }
    this.cache.set(sessionId, { principal, until: now + CACHE_MS });
  }

  /** The session's person with their roles now in force: one prepared statement. */
  private async load(userId: string, sessionId: string): Promise<Principal | null> {
    const [user] = await queryPrepared<UserRow>(
      this.db.manager,
      `SELECT u.id, u.username, u.display_name, u.county_id, u.org_unit_id, u.active, u.must_change_password,
              s.revoked_at, s.expires_at,
              COALESCE((SELECT json_agg(json_build_object('role', r.role, 'orgUnitId', r.org_unit_id,
                                          'orgPath', o.path, 'orgParentId', o.parent_id,
                                          'raterGroup', r.rater_group))
                          FROM role_assignment r LEFT JOIN org_unit o ON o.id = r.org_unit_id
                         WHERE r.user_id = u.id
                           AND (r.valid_from IS NULL OR r.valid_from <= now())
                           AND (r.valid_to IS NULL OR r.valid_to > now())), '[]') AS roles
         FROM auth_session s JOIN app_user u ON u.id = s.user_id
        WHERE s.id = $1 AND u.id = $2`,
      [sessionId, userId],
    );
    if (!user || !user.active || user.revoked_at || user.expires_at.getTime() < Date.now())
      return null;
    return {
      userId: user.id,
      username: user.username,
      displayName: user.display_name,
      countyId: user.county_id,
      orgUnitId: user.org_unit_id,
      sessionId,
      roles: user.roles,
      mustChangePassword: user.must_change_password,
    };
  }
}
