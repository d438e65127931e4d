import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities/index.js';
import { MIGRATIONS } from './migrations/index.js';

/** Where the data lives: a PostgreSQL server, or embedded PGlite in a folder (`memory://` for none). */
export type DatabaseTarget =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface OpenedDatabase {
  readonly kind: DatabaseTarget['kind'];
  readonly dataSource: DataSource;
  /** Closes the connection pool and, in embedded mode, PGlite itself. */
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** Apply pending migrations after connecting (the product does, at every start). */
  runMigrations?: boolean;
  /** Connection pool size for PostgreSQL (PGlite is single-session: its pool is multiplexed). */
  poolSize?: number;
}

const baseOptions = {
  type: 'postgres',
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'schema_migration',
  synchronize: false,
  migrationsRun: false,
  logging: false,
  // PGlite has none of uuid-ossp or pgcrypto: ids come from gen_random_uuid() (core) or the app.
  installExtensions: false,
} as const satisfies Partial<DataSourceOptions>;

/** TypeORM options for a PostgreSQL URL; also used by the TypeORM CLI data source. */
export function postgresOptions(url: string, poolSize = 10): DataSourceOptions {
  return { ...baseOptions, url, extra: { max: poolSize } };
}

/**
 * Opens the product database. With a PostgreSQL URL it connects directly; otherwise it starts
 * PGlite (PostgreSQL compiled to WebAssembly) behind a private Unix socket so the very same
 * `pg` driver, SQL and migrations serve both modes.
 */
export async function openDatabase(
  target: DatabaseTarget,
  options: OpenDatabaseOptions = {},
): Promise<OpenedDatabase> {
  if (target.kind === 'postgres') {
    const dataSource = new DataSource(postgresOptions(target.url, options.poolSize));
    await dataSource.initialize();
    if (options.runMigrations) await migrateLocked(dataSource);
    return { kind: 'postgres', dataSource, close: () => destroyOnce(dataSource) };
  }

  const inMemory = target.dataDir === 'memory://';
  if (!inMemory) mkdirSync(resolve(target.dataDir), { recursive: true });
  const pglite = await PGlite.create(inMemory ? undefined : resolve(target.dataDir));
  const socketDir = mkdtempSync(join(tmpdir(), 'shuping-pglite-'));
  const server = new PGLiteSocketServer({
    db: pglite,
    path: join(socketDir, '.s.PGSQL.5432'),
    maxConnections: 8,
  });
  await server.start();
  const dataSource = new DataSource({
    ...baseOptions,
    host: socketDir,
    port: 5432,
    username: 'postgres',
    database: 'postgres',
    // PGlite is one session: a single connection keeps transactions truly isolated. It is kept
    // while idle: the session outlives connections, so each new one would prepare the hot
    // statements again (see queryPrepared) and the session would pile them up.
    extra: { max: 1, idleTimeoutMillis: 0 },
  });
  try {
    await dataSource.initialize();
    if (options.runMigrations) await dataSource.runMigrations({ transaction: 'each' });
  } catch (error) {
    await server.stop();
    await pglite.close();
    throw error;
  }
  return {
    kind: 'pglite',
    dataSource,
    close: async () => {
      await destroyOnce(dataSource);
      await server.stop();
      await pglite.close();
      rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/** Arbitrary key of the advisory lock that serialises migrations across processes. */
const MIGRATION_LOCK = 7_461_802;

/** Runs pending migrations while holding an advisory lock: api and workers may start together. */
async function migrateLocked(dataSource: DataSource): Promise<void> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}

/** TypeORM's Nest module may already have destroyed the data source at application shutdown. */
async function destroyOnce(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
}
