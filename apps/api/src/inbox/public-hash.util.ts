import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** sha256(salt || value): how a phone or ID number is kept (never in clear). */
export function saltedHash(salt: string, value: string): string {
  return createHash('sha256').update(`${salt}${value}`, 'utf8').digest('hex');
}

export function newSalt(): string {
  return randomBytes(24).toString('hex');
}

/** The secret salt of a public page (created on first use). */
export async function publicSecret(manager: EntityManager, scopeId: string): Promise<string> {
  await manager.query(
    `INSERT INTO public_secret (scope_id, salt) VALUES ($1, $2) ON CONFLICT (scope_id) DO NOTHING`,
    [scopeId, newSalt()],
  );
  const [row] = await manager.query<{ salt: string }[]>(
    `SELECT salt FROM public_secret WHERE scope_id = $1`,
    [scopeId],
  );
  return row.salt;
}
