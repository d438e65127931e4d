import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs independent read queries together. On PostgreSQL they run in parallel on the pool; in
 * embedded mode (PGlite behind its socket, which interleaves the extended-protocol messages of
 * concurrent connections) they run one after the other. Queries of one transaction share its
 * connection, which serves one query at a time: give each its own `readOnly` to overlap them.
 */
export async function allQueries<T extends readonly unknown[]>(
  db: DataSource,
  queries: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const options = db.options as { url?: string };
  if (typeof options.url === 'string') {
    return (await Promise.all(queries.map((q) => q()))) as unknown as T;
  }
  return inTurn(queries);
}

/** Runs queries one after the other (e.g. on the one connection of a transaction). */
export async function inTurn<T extends readonly unknown[]>(queries: {
  [K in keyof T]: () => Promise<T[K]>;
}): Promise<T> {
  const out: unknown[] = [];
  for (const query of queries) out.push(await query());
  return out as unknown as T;
}

/**
 * Memory for one dashboard aggregate. They group up to a million tasks of a campaign into a few
 * hundred cells, but PostgreSQL cannot estimate how few (it guesses 200 values for any CASE), and
 * with the default 4 MB it would sort the million rows on disk instead of hashing them.
 */
const AGGREGATE_WORK_MEM = '64MB';

/**
 * How a dashboard read runs. `aggregate`: queries that scan a campaign's tasks once and finish
 * in a few hundred milliseconds run without JIT compilation (PostgreSQL would spend longer
 * compiling them: its planner switches JIT on by cost, not by time) and with room to hash their
 * groups in memory. `count`: counts that walk an index (a county's overdue tasks, a hundred
 * thousand entries, about 13 ms in one process) run without parallel workers, which cost more
 * to start than they save (20 ms with two) and take the cores the page's other query runs on.
 */
const READ_SETTINGS = {
  aggregate: ['SET LOCAL jit = off', `SET LOCAL work_mem = '${AGGREGATE_WORK_MEM}'`],
  count: ['SET LOCAL max_parallel_workers_per_gather = 0'],
} as const;

/** Runs a dashboard read in a read-only transaction of its own, set up for its `kind`. */
export async function readOnly<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
  kind: keyof typeof READ_SETTINGS = 'aggregate',
): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    for (const setting of READ_SETTINGS[kind]) await manager.query(setting);
    return work(manager);
  });
}
