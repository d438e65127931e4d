import { SUPERVISION_VIEWER_ROLES } from '@shuping/contracts';
import type { Role } from '@shuping/db';
import { coversOrg, isProvinceAdmin, type Principal } from '../auth/principal.js';
import { SupervisionErrorCode, SupervisionException } from './supervision.exception.js';

/** Who may open the dashboard: they see the subtrees their roles cover. */
export const VIEWER_ROLES: readonly Role[] = SUPERVISION_VIEWER_ROLES;
/** Who may escalate, extend deadlines and reassign tasks. */
export const ACTOR_ROLES: Role[] = ['supervisor', 'org_department', 'county_admin'];
/** Who may move or cancel an instance and publish results (county staff). */
export const ADMIN_ROLES: Role[] = ['org_department', 'county_admin'];

/**
 * The part of the county a person supervises: the tenant and the organisation subtrees their
 * viewing roles cover (`paths` null: the whole county, or every county for a province admin).
 */
export interface SupervisionScope {
  countyId: string | null;
  paths: string[] | null;
}

/** The caller's supervision scope; 403 for anyone without a viewing role. */
export function supervisionScope(principal: Principal): SupervisionScope {
  if (isProvinceAdmin(principal)) return { countyId: principal.countyId, paths: null };
  const paths = principal.roles
    .filter((r) => VIEWER_ROLES.includes(r.role) && r.orgPath !== null)
    .map((r) => r.orgPath as string);
  if (!principal.countyId || paths.length === 0) {
    throw new SupervisionException(
      SupervisionErrorCode.NotASupervisor,
      'The supervision dashboard is for supervisors, the organisation department and secretaries',
    );
  }
  // The county is the root of its tree and its id is the tenant id.
  const wholeCounty = paths.includes(`/${principal.countyId}/`);
  return { countyId: principal.countyId, paths: wholeCounty ? null : paths };
}

/**
 * SQL for "rows of my scope": the tenant filter on `countyColumn` and, for partial scopes, a
 * prefix match of the organisation path. Pushes its parameters onto `params`.
 */
export function scopeSql(
  scope: SupervisionScope,
  countyColumn: string,
  pathColumn: string,
  params: unknown[],
): string {
  const parts: string[] = [];
  if (scope.countyId !== null) {
    params.push(scope.countyId);
    parts.push(`${countyColumn} = $${params.length}`);
  }
  if (scope.paths !== null) {
    // One LIKE per subtree, not LIKE ANY(array): a prefix LIKE is an index range on the path.
    const likes = scope.paths.map((p) => {
      params.push(`${p}%`);
      return `${pathColumn} LIKE $${params.length}`;
    });
    parts.push(likes.length === 1 ? likes[0] : `(${likes.join(' OR ')})`);
  }
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

/** True when the partial scope needs the organisation path (so queries join `org_unit`). */
export function needsPath(scope: SupervisionScope): boolean {
  return scope.paths !== null;
}

/** 403 unless one of the caller's `roles` covers the organisation (its path incl. itself). */
export function requireActor(
  principal: Principal,
  orgPath: string,
  roles: Role[],
  what: string,
): void {
  if (!coversOrg(principal, orgPath, roles)) {
    throw new SupervisionException(
      SupervisionErrorCode.NotAllowed,
      `Only ${roles.join(', ')} covering this organisation may ${what}`,
    );
  }
}
