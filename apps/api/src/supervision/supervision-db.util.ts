import type { DataSource, EntityManager } from 'typeorm';

/**
 * Runs independent read queries together. On PostgreSQL they run in parallel on the pool; in
 * embedded mode (PGlite behind its socket, which interleaves the extended-protocol messages of
 * concurrent connections) they run one after the other.
 */
export async function allQueries<T extends readonly unknown[]>(
  db: DataSource,
  queries: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const options = db.options as { url?: string };
  if (typeof options.url === 'string') {
    return (await Promise.all(queries.map((q) => q()))) as unknown as T;
  }
  const out: unknown[] = [];
  for (const query of queries) out.push(await query());
  return out as unknown as T;
}

/**
 * Runs dashboard aggregates in one read-only transaction without JIT compilation: these
 * queries scan a campaign's tasks once and finish in a few hundred milliseconds, less than
 * PostgreSQL would spend compiling them (its planner switches JIT on by cost, not by time).
 */
export async function readOnly<T>(
  db: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  return db.transaction(async (manager) => {
    await manager.query('SET TRANSACTION READ ONLY');
    await manager.query('SET LOCAL jit = off');
    return work(manager);
  });
}
