import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AccountStatus, ChangePassword } from '@shuping/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hashPassword, verifyPassword } from '../auth/password.util.js';
import type { Principal } from '../auth/principal.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import { SessionControl } from './session-control.service.js';

/** The signed-in person's own account: whether a password change is due, and changing it. */
@Injectable()
export class AccountService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly sessions: SessionControl,
  ) {}

  async status(principal: Principal): Promise<AccountStatus> {
    return {
      userId: principal.userId,
      username: principal.username,
      displayName: principal.displayName,
      mustChangePassword: await this.sessions.mustChangePassword(principal.userId),
    };
  }

  /**
   * Replaces the password after checking the current one. Clears the one-time-password flag and
   * ends the person's other sessions (this one stays signed in).
   */
  async changePassword(principal: Principal, body: ChangePassword): Promise<AccountStatus> {
    const [user] = await this.db.query<{ password_hash: string }[]>(
      `SELECT password_hash FROM app_user WHERE id = $1`,
      [principal.userId],
    );
    const record = (action: string) => ({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action,
      targetType: 'user',
      targetId: principal.userId,
      detail: {},
    });
    if (!user || !(await verifyPassword(body.currentPassword, user.password_hash))) {
      await this.audit.record(record('account.password_change_failed'));
      throw new AdminException(AdminErrorCode.WrongPassword, 'The current password is wrong');
    }
    if (body.newPassword === body.currentPassword) {
      throw new AdminException(
        AdminErrorCode.PasswordUnchanged,
        'The new password must differ from the current one',
      );
    }
    const hash = await hashPassword(body.newPassword);
    const ended = await this.db.transaction(async (manager) => {
      await manager.query(
        `UPDATE app_user SET password_hash = $2, must_change_password = false, updated_at = now()
          WHERE id = $1`,
        [principal.userId, hash],
      );
      const others = await this.sessions.endSessions(
        manager,
        principal.userId,
        principal.sessionId,
      );
      await this.audit.record(record('account.password_change'), manager);
      return others;
    });
    this.sessions.forgetSessions(ended);
    this.sessions.forgetFlag(principal.userId);
    return this.status(principal);
  }
}
