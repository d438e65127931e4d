import { Injectable } from '@nestjs/common';
import { InboxErrorCode, InboxException } from './inbox.exception.js';

/** Requests per client address and page within a window, on the public (no-login) routes. */
export const PUBLIC_RATE_LIMIT = { requests: 30, windowMs: 10 * 60_000 };

/**
 * A fixed-window limiter in process memory for the public pages (topic proposals, votes,
 * objections). Counting happens before validation, so malformed floods are limited too. One
 * process' view is enough for its purpose (slowing abuse); per-person uniqueness is enforced
 * by the database, not here.
 */
@Injectable()
export class PublicRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  hit(client: string, scope: string, now = Date.now()): void {
    const key = `${client}|${scope}`;
    const current = this.windows.get(key);
    if (!current || now - current.start >= PUBLIC_RATE_LIMIT.windowMs) {
      if (this.windows.size > 50_000) this.prune(now);
      this.windows.set(key, { start: now, count: 1 });
      return;
    }
    current.count += 1;
    if (current.count > PUBLIC_RATE_LIMIT.requests) {
      throw new InboxException(
        InboxErrorCode.RateLimited,
        '提交过于频繁，请稍后再试 (too many requests; try again later)',
      );
    }
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) {
      if (now - w.start >= PUBLIC_RATE_LIMIT.windowMs) this.windows.delete(key);
    }
  }
}
