import type { DatabaseTarget } from '@shuping/db';

/**
 * Tests that need PostgreSQL, Redis or Chromium ask for them here. Outside CI a missing service
 * skips those tests with a loud message; with REQUIRE_SERVICES=1 (set by .ci/run) it is a failure.
 */
const required = process.env.REQUIRE_SERVICES === '1';

function missing(what: string, variable: string): undefined {
  if (required) {
    throw new Error(`${what} is required (REQUIRE_SERVICES=1) but ${variable} is not set`);
  }
  console.warn(`\n⚠️  SKIPPING ${what} tests: set ${variable} to run them.\n`);
  return undefined;
}

/** The PostgreSQL URL for integration tests, or undefined (with a warning) when none is set. */
export function requirePostgresUrl(): string | undefined {
  return process.env.DATABASE_URL || missing('PostgreSQL', 'DATABASE_URL');
}

/** The Redis URL for integration tests, or undefined (with a warning) when none is set. */
export function requireRedisUrl(): string | undefined {
  return process.env.REDIS_URL || missing('Redis', 'REDIS_URL');
}

/**
 * The databases a data-layer test runs on: embedded PGlite always, PostgreSQL when DATABASE_URL
 * is set (see `requirePostgresUrl`). A target is undefined when its database is not available.
 */
export function databaseTargets(): [string, () => DatabaseTarget | undefined][] {
  const postgresUrl = requirePostgresUrl();
  return [
    ['pglite', () => ({ kind: 'pglite', dataDir: 'memory://' })],
    ['postgres', () => (postgresUrl ? { kind: 'postgres', url: postgresUrl } : undefined)],
  ];
}
