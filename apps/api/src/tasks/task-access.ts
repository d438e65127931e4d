import type { Role } from '@shuping/db';
import { isProvinceAdmin, type Principal } from '../auth/principal.js';

/** The columns of a task that decide who may act on it. */
export interface TaskAccessRow {
  county_id: string;
  candidate_roles: string[];
  candidate_org_id: string | null;
  candidate_org_path: string | null;
  candidate_match: 'exact' | 'children' | 'subtree';
  rater_groups: string[] | null;
  assignee_user_id: string | null;
}

/** True when the person may claim or complete the task (its assignee, or a matching role holder). */
export function canActOn(principal: Principal, task: TaskAccessRow): boolean {
  if (task.assignee_user_id) return task.assignee_user_id === principal.userId;
  if (principal.countyId !== task.county_id && !isProvinceAdmin(principal)) return false;
  return principal.roles.some((r) => {
    if (!task.candidate_roles.includes(r.role)) return false;
    switch (task.candidate_match) {
      case 'exact':
        return r.orgUnitId === task.candidate_org_id;
      case 'children':
        return r.orgParentId !== null && r.orgParentId === task.candidate_org_id;
      case 'subtree':
        return (
          r.orgPath !== null &&
          task.candidate_org_path !== null &&
          task.candidate_org_path.startsWith(r.orgPath) &&
          (task.rater_groups === null ||
            (r.raterGroup !== null && task.rater_groups.includes(r.raterGroup)))
        );
    }
  });
}

/**
 * The same rule as SQL over `task t`, for inbox queries: one OR-branch per role the person holds.
 * Pushes its parameters onto `params`.
 */
export function candidateSql(principal: Principal, params: unknown[]): string {
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const branches = principal.roles.map((r) => {
    const role = p(r.role satisfies Role);
    const base = `${role} = ANY(t.candidate_roles)`;
    const exact = r.orgUnitId
      ? `(t.candidate_match = 'exact' AND t.candidate_org_id = ${p(r.orgUnitId)})`
      : 'FALSE';
    const children = r.orgParentId
      ? `(t.candidate_match = 'children' AND t.candidate_org_id = ${p(r.orgParentId)})`
      : 'FALSE';
    const group = r.raterGroup
      ? `(t.rater_groups IS NULL OR ${p(r.raterGroup)} = ANY(t.rater_groups))`
      : 't.rater_groups IS NULL';
    const subtree = r.orgPath
      ? `(t.candidate_match = 'subtree' AND t.candidate_org_path LIKE ${p(`${r.orgPath}%`)} AND ${group})`
      : 'FALSE';
    return `(${base} AND (${exact} OR ${children} OR ${subtree}))`;
  });
  const assigned = `t.assignee_user_id = ${p(principal.userId)}`;
  const claimable = branches.length
    ? `(t.assignee_user_id IS NULL AND (${branches.join(' OR ')}))`
    : 'FALSE';
  return `(${assigned} OR ${claimable})`;
}
