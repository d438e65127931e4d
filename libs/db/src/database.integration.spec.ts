import { openDatabase, type OpenedDatabase } from './database.js';
import { MIGRATIONS } from './migrations/index.js';
import { databaseTargets } from '../../../test/support/services.js';

async function tables(db: OpenedDatabase): Promise<string[]> {
  const rows: { table_name: string }[] = await db.dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
  );
  return rows.map((r) => r.table_name);
}

async function dropEverything(db: OpenedDatabase): Promise<void> {
  await db.dataSource.query(`DROP SCHEMA IF EXISTS public CASCADE`);
  await db.dataSource.query(`CREATE SCHEMA public`);
}

const targets = databaseTargets();

describe.each(targets)('migrations on %s', (name, target) => {
  let db: OpenedDatabase | undefined;

  beforeAll(async () => {
    const t = target();
    if (!t) return;
    db = await openDatabase(t);
    if (name === 'postgres') await dropEverything(db);
  });

  afterAll(async () => {
    await db?.close();
  });

  it('runs every migration up, then every one down, then up again', async () => {
    if (!db) return;
    const applied = await db.dataSource.runMigrations({ transaction: 'each' });
    expect(applied).toHaveLength(MIGRATIONS.length);
    expect(await tables(db)).toEqual(
      expect.arrayContaining([
        'org_unit',
        'app_user',
        'process_instance',
        'task',
        'timer',
        'instance_event',
      ]),
    );

    for (let i = 0; i < MIGRATIONS.length; i++) await db.dataSource.undoLastMigration();
    expect((await tables(db)).filter((t) => t !== 'schema_migration')).toEqual([]);

    await db.dataSource.runMigrations({ transaction: 'each' });
    expect(await db.dataSource.showMigrations()).toBe(false);
  });

  it('creates no extension when it connects (PGlite has no uuid-ossp or pgcrypto)', async () => {
    if (!db) return;
    await db.dataSource.query(`DROP EXTENSION IF EXISTS "uuid-ossp"`);
    const again = await openDatabase(target()!);
    try {
      const rows: { extname: string }[] = await again.dataSource.query(
        `SELECT extname FROM pg_extension ORDER BY 1`,
      );
      expect(rows.map((r) => r.extname)).toEqual(['plpgsql']);
    } finally {
      await again.close();
    }
  });

  it('keeps the organisation tree consistent', async () => {
    if (!db) return;
    const [county] = await db.dataSource.query(
      `INSERT INTO org_unit (county_id, kind, code, name, path, depth)
       VALUES (gen_random_uuid(), 'county', 'C1', '示范县', '/', 0) RETURNING id`,
    );
    await expect(
      db.dataSource.query(
        `INSERT INTO org_unit (county_id, kind, code, name, path, depth) VALUES ($1, 'planet', 'X', 'x', '/', 0)`,
        [county.id],
      ),
    ).rejects.toThrow(/check constraint/);
  });
});

describe('append-only history and audit', () => {
  let db: OpenedDatabase;
  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite', dataDir: 'memory://' }, { runMigrations: true });
  });
  afterAll(() => db.close());

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows, whatever the SQL', async () => {
    await db.dataSource.query(
      `INSERT INTO audit_log (action, target_type, detail) VALUES ('test', 'nothing', '{}')`,
    );
    await expect(db.dataSource.query(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.dataSource.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(db.dataSource.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const [{ count }] = await db.dataSource.query(`SELECT count(*)::int AS count FROM audit_log`);
    expect(count).toBe(1);
  });
});
