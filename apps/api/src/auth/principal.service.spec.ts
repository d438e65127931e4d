import type { DataSource } from 'typeorm';
import { PrincipalService } from './principal.service.js';

/** A database answering the session statement when the test releases it. */
function fakeDatabase() {
  const pending: (() => void)[] = [];
  const row = {
    id: 'u1',
    username: 'cun1',
    display_name: '村书记',
    county_id: 'c1',
    org_unit_id: 'v1',
    active: true,
    must_change_password: false,
    revoked_at: null,
    expires_at: new Date(Date.now() + 3_600_000),
    roles: [{ role: 'village_secretary', orgUnitId: 'v1', orgPath: '/c1/v1/', orgParentId: 'c1' }],
  };
  // The pg connection of a query runner, as the prepared statement reaches it.
  const connection = {
    query: () => {
      db.queries++;
      return new Promise((resolve) => pending.push(() => resolve({ rows: [row] })));
    },
  };
  const runner = {
    isReleased: false,
    connect: () => Promise.resolve(connection),
    release: () => Promise.resolve(),
    manager: {} as { queryRunner?: unknown },
  };
  runner.manager.queryRunner = runner;
  const db = {
    queries: 0,
    manager: { connection: { createQueryRunner: () => runner } },
    /** Answers the statements sent so far (once the loads have reached the connection). */
    release: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      pending.splice(0).forEach((answer) => answer());
    },
  };
  return db;
}

describe('PrincipalService', () => {
  it('loads a session once for requests arriving together, then serves it from memory', async () => {
    const db = fakeDatabase();
    const principals = new PrincipalService(db as unknown as DataSource);
    const together = [1, 2, 3].map(() => principals.forSession('u1', 's1'));
    await db.release();
    const loaded = await Promise.all(together);
    expect(db.queries).toBe(1);
    expect(loaded[0]).toMatchObject({
      userId: 'u1',
      countyId: 'c1',
      sessionId: 's1',
      mustChangePassword: false,
    });
    expect(loaded[0]!.roles).toEqual([expect.objectContaining({ role: 'village_secretary' })]);
    expect(loaded.every((p) => p === loaded[0])).toBe(true);
    await principals.forSession('u1', 's1');
    expect(db.queries).toBe(1);
  });

  it('does not remember a session loaded while it was logged out', async () => {
    const db = fakeDatabase();
    const principals = new PrincipalService(db as unknown as DataSource);
    const loading = principals.forSession('u1', 's1');
    principals.forget('s1');
    await db.release();
    await loading;
    const again = principals.forSession('u1', 's1');
    await db.release();
    await again;
    expect(db.queries).toBe(2);
  });
});
