import { QueryFailedError, type EntityManager } from 'typeorm';

const MAX_PARAMS = 30_000;

/**
 * Multi-row INSERT in as few statements as PostgreSQL's parameter limit allows.
 * Values are bound, never interpolated; table and column names come from code only.
 */
export async function insertRows<T = unknown>(
  manager: EntityManager,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  returning?: string,
): Promise<T[]> {
  const out: T[] = [];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const placeholders = row.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    const sql =
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}` +
      (returning ? ` RETURNING ${returning}` : '');
    const result: unknown = await manager.query(sql, params);
    if (returning) out.push(...(result as T[]));
  }
  return out;
}

/** Leaf state keys (dotted paths) of an XState state value, e.g. `{ a: { b: 'c' } }` → `a.b.c`. */
export function leafStates(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
      leafStates(child, prefix ? `${prefix}.${key}` : key),
    );
  }
  return [];
}

/**
 * SQL for the ids on a materialised path (`/county/township/village/`), the organisation and its
 * ancestors, as a uuid array: "roles held on this organisation or above it" becomes an indexed
 * `org_unit_id = ANY(…)` instead of a prefix test against every assignment's path. Segments that
 * are not uuids are left out.
 */
export function pathIdsSql(pathParam: string): string {
  return `ARRAY(SELECT s::uuid FROM unnest(string_to_array(${pathParam}, '/')) s
                 WHERE s ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')`;
}

/** True for PostgreSQL's unique-violation error. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';
}

/**
 * Rows of an `UPDATE … RETURNING` / `DELETE … RETURNING` run through TypeORM's `query()`, which
 * answers those statements with `[rows, affectedCount]` instead of the rows alone.
 */
export function returnedRows<T>(result: unknown): T[] {
  if (
    Array.isArray(result) &&
    result.length === 2 &&
    Array.isArray(result[0]) &&
    typeof result[1] === 'number'
  ) {
    return result[0] as T[];
  }
  return result as T[];
}

/** Statements prepared at most (texts are constants of the code; this bounds a mistake). */
const MAX_PREPARED = 200;
/** Ids of statements run prepared, and of the connections that prepared them. */
const statementIds = new Map<string, number>();
const connectionIds = new WeakMap<object, number>();
let nextConnectionId = 0;

interface PgConnection {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement of a hot path (a completion's lock, a ballot, `runtime_write`) as a named
 * prepared statement: PostgreSQL parses and plans it once per connection instead of on every
 * call. Names are made per connection, so a connection opened anew (embedded PGlite keeps one
 * session across them) never meets a name it did not prepare. Rows come back as from
 * `manager.query` for a SELECT; errors as TypeORM's `QueryFailedError`. With the data source's
 * own manager it borrows a connection from the pool for the statement.
 */
export async function queryPrepared<T>(
  manager: EntityManager,
  text: string,
  params: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  let statement = statementIds.get(text);
  if (statement === undefined && statementIds.size < MAX_PREPARED) {
    statement = statementIds.size;
    statementIds.set(text, statement);
  }
  if (statement === undefined || runner?.isReleased) return manager.query<T[]>(text, params);
  if (!runner) {
    // The data source's own manager: a connection borrowed from the pool for this statement.
    const borrowed = manager.connection.createQueryRunner();
    try {
      return await queryPrepared<T>(borrowed.manager, text, params);
    } finally {
      await borrowed.release();
    }
  }
  const connection = (await runner.connect()) as PgConnection;
  let id = connectionIds.get(connection);
  if (id === undefined) {
    id = nextConnectionId++;
    connectionIds.set(connection, id);
  }
  try {
    const result = await connection.query({ name: `s${id}_${statement}`, text, values: params });
    return result.rows as T[];
  } catch (error) {
    throw new QueryFailedError(text, params, error as Error);
  }
}
