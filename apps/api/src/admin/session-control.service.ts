import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { returnedRows } from '@shuping/worker';
import { DataSource, type EntityManager } from 'typeorm';
import { PrincipalService } from '../auth/principal.service.js';

const FLAG_CACHE_MS = 5_000;

/**
 * Ends people's sessions (deactivation, password resets) and remembers who must change a
 * one-time password. Both are cached per process for a few seconds, like the principals.
 */
@Injectable()
export class SessionControl {
  private readonly flags = new Map<string, { mustChange: boolean; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** Revokes every open session of a person (except `keep`); returns their ids. */
  async endSessions(manager: EntityManager, userId: string, keep?: string): Promise<string[]> {
    const rows = returnedRows<{ id: string }>(
      await manager.query(
        `UPDATE auth_session SET revoked_at = now()
          WHERE user_id = $1 AND revoked_at IS NULL AND ($2::uuid IS NULL OR id <> $2::uuid)
          RETURNING id`,
        [userId, keep ?? null],
      ),
    );
    return rows.map((r) => r.id);
  }

  /** Drops cached principals of ended sessions (call after the transaction committed). */
  forgetSessions(sessionIds: string[]): void {
    // The auth module keeps its principal cache to itself; look it up without importing it.
    const principals = this.moduleRef.get(PrincipalService, { strict: false });
    for (const id of sessionIds) principals.forget(id);
  }

  /** True while the person still has to replace a one-time password. */
  async mustChangePassword(userId: string): Promise<boolean> {
    const cached = this.flags.get(userId);
    if (cached && cached.until > Date.now()) return cached.mustChange;
    const [row] = await this.db.query<{ must_change_password: boolean }[]>(
      `SELECT must_change_password FROM app_user WHERE id = $1`,
      [userId],
    );
    const mustChange = row?.must_change_password ?? false;
    if (this.flags.size > 10_000) this.flags.clear();
    this.flags.set(userId, { mustChange, until: Date.now() + FLAG_CACHE_MS });
    return mustChange;
  }

  forgetFlag(userId: string): void {
    this.flags.delete(userId);
  }
}
