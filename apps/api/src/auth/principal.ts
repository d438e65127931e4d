import type { Role } from '@shuping/db';

/** A role the signed-in person holds, with the subtree it covers. */
export interface ScopedRole {
  role: Role;
  /** Root of the subtree (null: the whole province). */
  orgUnitId: string | null;
  /** Materialised path of that root including itself: `/county/township/`. */
  orgPath: string | null;
  /** Parent of the root, to find "children of X" tasks. */
  orgParentId: string | null;
  raterGroup: string | null;
}

/** Who is calling, resolved once per request from the access token. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  /** The tenant; null for provincial administrators. */
  countyId: string | null;
  orgUnitId: string | null;
  sessionId: string;
  roles: ScopedRole[];
  /**
   * Whether a one-time password was still to be replaced when the session was read (known for
   * sessions read from the database; a session ending clears its cached principal).
   */
  mustChangePassword?: boolean;
}

export function isProvinceAdmin(principal: Principal): boolean {
  return principal.roles.some((r) => r.role === 'province_admin');
}

export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  return isProvinceAdmin(principal) || principal.roles.some((r) => roles.includes(r.role));
}

/** True when one of the person's roles covers the organisation at `orgPath` (its own path). */
export function coversOrg(principal: Principal, orgPath: string, roles?: Role[]): boolean {
  if (isProvinceAdmin(principal)) return true;
  return principal.roles.some(
    (r) =>
      r.orgPath !== null && orgPath.startsWith(r.orgPath) && (!roles || roles.includes(r.role)),
  );
}
