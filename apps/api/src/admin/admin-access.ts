import type { AdminOrgKind } from '@shuping/contracts';
import type { EntityManager } from 'typeorm';
import { coversOrg, isProvinceAdmin, type Principal } from '../auth/principal.js';
import { NotFoundException } from '../common/tenancy/tenancy.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';

/** A county administrator acting in their county; `paths` are the subtrees they administer. */
export interface AdminScope {
  principal: Principal;
  countyId: string;
  userId: string;
  paths: string[];
}

/** The caller as a county administrator, or 403: administration is done inside one county. */
export function adminScope(principal: Principal): AdminScope {
  const paths = principal.roles
    .filter((r) => r.role === 'county_admin' && r.orgPath !== null)
    .map((r) => r.orgPath as string);
  if (!principal.countyId || paths.length === 0) {
    throw new AdminException(
      AdminErrorCode.NotAdmin,
      'Only a county administrator can do this (in their own county)',
    );
  }
  return { principal, countyId: principal.countyId, userId: principal.userId, paths };
}

/** The caller as a provincial administrator, or 403. */
export function requireProvinceAdmin(principal: Principal): void {
  if (!isProvinceAdmin(principal)) {
    throw new AdminException(
      AdminErrorCode.NotProvinceAdmin,
      'Only a provincial administrator can do this',
    );
  }
}

/** SQL: `column LIKE ANY($n)` over the administrator's subtrees (pushes the parameter). */
export function scopeSql(scope: AdminScope, pathColumn: string, params: unknown[]): string {
  params.push(scope.paths.map((p) => `${p}%`));
  return `${pathColumn} LIKE ANY($${params.length})`;
}

export interface OrgRow {
  id: string;
  county_id: string;
  parent_id: string | null;
  kind: AdminOrgKind;
  code: string;
  name: string;
  path: string;
  depth: number;
  status: 'active' | 'closed';
}

/**
 * Loads an organisation of the administrator's county and subtree (404 otherwise: existence is
 * not revealed). `lock` adds FOR UPDATE / FOR SHARE.
 */
export async function loadOrg(
  manager: EntityManager,
  scope: AdminScope,
  id: string,
  lock: '' | 'FOR UPDATE' | 'FOR SHARE' = '',
): Promise<OrgRow> {
  const [org] = await manager.query<OrgRow[]>(
    `SELECT id, county_id, parent_id, kind, code, name, path, depth, status
       FROM org_unit WHERE id = $1 AND county_id = $2 ${lock}`,
    [id, scope.countyId],
  );
  if (!org || !coversOrg(scope.principal, org.path, ['county_admin']))
    throw new NotFoundException('Organisation');
  return org;
}

export interface UserRow {
  id: string;
  county_id: string;
  org_unit_id: string | null;
  username: string;
  display_name: string;
  active: boolean;
  org_path: string | null;
}

/**
 * Loads a person of the administrator's county whose home organisation is in the administrator's
 * subtree (404 otherwise). With `anywhereInCounty`, any person of the county (e.g. the person
 * appointed to a post, who may come from a department).
 */
export async function loadUser(
  manager: EntityManager,
  scope: AdminScope,
  id: string,
  anywhereInCounty = false,
): Promise<UserRow> {
  const [user] = await manager.query<UserRow[]>(
    `SELECT u.id, u.county_id, u.org_unit_id, u.username, u.display_name, u.active, o.path AS org_path
       FROM app_user u LEFT JOIN org_unit o ON o.id = u.org_unit_id
      WHERE u.id = $1 AND u.county_id = $2`,
    [id, scope.countyId],
  );
  if (!user) throw new NotFoundException('User');
  if (
    !anywhereInCounty &&
    !(user.org_path && coversOrg(scope.principal, user.org_path, ['county_admin']))
  ) {
    throw new NotFoundException('User');
  }
  return user;
}

/** China-local midnight starting a `YYYY-MM-DD` day, as an ISO instant. */
export function chinaMidnight(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

/** True when `YYYY-MM-DD` names a real calendar day. */
export function isRealDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
