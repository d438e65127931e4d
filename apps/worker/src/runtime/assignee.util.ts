import type { AssigneeRule } from '@shuping/engine';
import type { CandidateMatch, Role } from '@shuping/db';

/** What the runtime needs to know of the organisation an instance reviews. */
export interface OrgRef {
  id: string;
  /** Display name, for notification texts. */
  name: string;
  countyId: string;
  kind: string;
  /** Materialised path including itself. */
  path: string;
  parentId: string | null;
  parentKind: string | null;
  parentPath: string | null;
}

/** Who may claim a task: role holders matched against an organisation. */
export interface Candidates {
  roles: Role[];
  orgId: string;
  orgPath: string;
  match: CandidateMatch;
  raterGroups: string[] | null;
}

const SECRETARIES: Role[] = ['village_secretary', 'township_secretary'];
const COUNTY_STAFF: Role[] = ['org_department', 'county_admin'];

/**
 * Resolves an assignee rule relative to the instance's organisation. The superior of a township
 * is the county, whose committee acts through the organisation department; public steps (topic
 * proposals, objections) are closed by county staff.
 */
export function candidatesFor(rule: AssigneeRule, org: OrgRef): Candidates {
  const subtree = (roles: Role[], raterGroups: string[] | null = null): Candidates => ({
    roles,
    orgId: org.id,
    orgPath: org.path,
    match: 'subtree',
    raterGroups,
  });
  switch (rule.role) {
    case 'selfSecretary':
      return {
        roles: SECRETARIES,
        orgId: org.id,
        orgPath: org.path,
        match: 'exact',
        raterGroups: null,
      };
    case 'superiorSecretary':
    case 'superiorCommittee':
      if (!org.parentId || !org.parentPath) return subtree(COUNTY_STAFF);
      if (org.parentKind === 'county') return subtree(COUNTY_STAFF);
      return {
        roles: SECRETARIES,
        orgId: org.parentId,
        orgPath: org.parentPath,
        match: 'exact',
        raterGroups: null,
      };
    case 'subordinateSecretaries':
      return {
        roles: SECRETARIES,
        orgId: org.id,
        orgPath: org.path,
        match: 'children',
        raterGroups: null,
      };
    case 'raters':
      return subtree(['rater'], [...rule.groups]);
    case 'supervisors':
      return subtree(['supervisor']);
    case 'countyOrgDept':
      return subtree(['org_department']);
    case 'public':
      return subtree(COUNTY_STAFF);
    case 'linkedLeader':
      // The leaders linked to this organisation (联系点): a link grants the role at the org.
      return {
        roles: ['linked_leader'],
        orgId: org.id,
        orgPath: org.path,
        match: 'exact',
        raterGroups: null,
      };
  }
}
