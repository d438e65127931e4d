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
 * Runs dashboard aggregates in one read-only transaction without JIT compilation (these
 * queries scan a campaign's tasks once and finish in a few hundred milliseconds, less than
 * PostgreSQL would spend compiling them: its planner switches JIT on by cost, not by time) and
 * with room to hash their groups in memory.
 */
export async function readOnly<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    await manager.query('SET LOCAL jit = off');
    await manager.query(`SET LOCAL work_mem = '${AGGREGATE_WORK_MEM}'`);
    return work(manager);
  });
}

/**
 * Runs a read in a read-only transaction without parallel workers. For counts that walk an index
 * (a county's overdue tasks: a hundred thousand entries, about 13 ms in one process): starting
 * workers for them cost more than they save (20 ms with two), and on a small machine they take
 * the cores the same page's other query runs on.
 */
export async function serialRead<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    await manager.query('SET LOCAL max_parallel_workers_per_gather = 0');
    return work(manager);
  });
}
