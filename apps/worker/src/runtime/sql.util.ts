import type { EntityManager } from 'typeorm';

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
