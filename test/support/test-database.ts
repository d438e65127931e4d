import { randomBytes } from 'node:crypto';
import {
  openDatabase,
  type DatabaseTarget,
  type OpenDatabaseOptions,
  type OpenedDatabase,
} from '@shuping/db';
import pg from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * A fresh, empty PostgreSQL database for one test file, so suites running in parallel never
 * see each other's rows or migrations. Dropped (forcefully) by `drop()`.
 */
export async function createTestDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `shuping_t_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new pg.Client({ connectionString: baseUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/**
 * Opens a test target: PGlite as given, PostgreSQL in a fresh database of its own (suites run
 * side by side). `close()` closes it and drops that database.
 */
export async function openTestTarget(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<{ db: OpenedDatabase; close(): Promise<void> }> {
  const own = target.kind === 'postgres' ? await createTestDatabase(target.url) : undefined;
  const db = await openDatabase(own ? { kind: 'postgres', url: own.url } : target, options);
  return {
    db,
    close: async () => {
      await db.close();
      await own?.drop();
    },
  };
}
