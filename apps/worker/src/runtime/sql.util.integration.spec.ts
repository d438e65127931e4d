import type { OpenedDatabase } from '@shuping/db';
import { QueryFailedError } from 'typeorm';
import { databaseTargets } from '../../../../test/support/services.js';
import { openTestTarget } from '../../../../test/support/test-database.js';
import { isUniqueViolation, pathIdsSql, queryPrepared } from './sql.util.js';

const targets = databaseTargets();

const TABLE = 'prepared_probe';

describe.each(targets)('queryPrepared on %s', (_name, target) => {
  let db: OpenedDatabase | undefined;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const t = target();
    if (!t) return;
    ({ db, close } = await openTestTarget(t));
    await db.dataSource.query(`CREATE TABLE ${TABLE} (id int PRIMARY KEY, label text)`);
  });

  afterAll(async () => {
    await close?.();
  });

  /** Runs `work` on a connection of its own, released afterwards. */
  const onConnection = async <T>(
    work: (manager: OpenedDatabase['dataSource']['manager']) => Promise<T>,
  ) => {
    const runner = db!.dataSource.createQueryRunner();
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  };

  it('answers rows as a query does, on connections old and new', async () => {
    if (!db) return;
    const insert = `INSERT INTO ${TABLE} (id, label) VALUES ($1, $2) RETURNING id, label`;
    const select = `SELECT id, label FROM ${TABLE} WHERE id = ANY($1::int[]) ORDER BY id`;
    await db.dataSource.transaction(async (manager) => {
      expect(await queryPrepared(manager, insert, [1, '城关镇'])).toEqual([
        { id: 1, label: '城关镇' },
      ]);
      expect(await queryPrepared(manager, insert, [2, '东关村'])).toEqual([
        { id: 2, label: '东关村' },
      ]);
    });
    // The pool's connections come and go (embedded PGlite keeps one session under all of them):
    // a new connection prepares the statement under a name of its own.
    for (let i = 0; i < 3; i++) {
      await db.dataSource.destroy();
      await db.dataSource.initialize();
      const rows = await onConnection((manager) => queryPrepared(manager, select, [[1, 2]]));
      expect(rows).toEqual([
        { id: 1, label: '城关镇' },
        { id: 2, label: '东关村' },
      ]);
    }
    // With the data source's own manager it borrows a connection.
    expect(await queryPrepared(db.dataSource.manager, select, [[2]])).toEqual([
      { id: 2, label: '东关村' },
    ]);
  });

  it('fails as TypeORM does, with the database error code', async () => {
    if (!db) return;
    const insert = `INSERT INTO ${TABLE} (id, label) VALUES ($1, $2)`;
    const failure = await onConnection((manager) =>
      queryPrepared(manager, insert, [1, 'again']).catch((error: unknown) => error),
    );
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(failure)).toBe(true);
  });

  it('reads the organisation ids on a materialised path, leaving out what is not a uuid', async () => {
    if (!db) return;
    const county = '0b6f7a52-2d3c-4c1e-9a57-1f0c2b3d4e5f';
    const village = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';
    const ids = async (path: string) => {
      const [row] = await db!.dataSource.query<{ ids: string[] }[]>(
        `SELECT ${pathIdsSql('$1')} AS ids`,
        [path],
      );
      return row.ids;
    };
    expect(await ids(`/${county}/${village}/`)).toEqual([county, village]);
    expect(await ids(`/${county}/not-an-id/`)).toEqual([county]);
    expect(await ids('')).toEqual([]);
  });
});
