import { z } from 'zod';
import { identifierSchema, type LocalizedText } from './common.schema.js';

/** Roles relative to the instance's organisation (the secretary under review). */
export const ASSIGNEE_ROLES = [
  'selfSecretary',
  'superiorSecretary',
  'superiorCommittee',
  'subordinateSecretaries',
  'raters',
  'supervisors',
  'public',
  'countyOrgDept',
  'linkedLeader',
] as const;
export type AssigneeRole = (typeof ASSIGNEE_ROLES)[number];

/** Labels of the roles for the designer's pickers. */
export const assigneeRoleLabels: Readonly<Record<AssigneeRole, LocalizedText>> = {
  selfSecretary: { zh: '本级党组织书记', en: 'Secretary under review' },
  superiorSecretary: { zh: '上级党委书记', en: 'Superior secretary' },
  superiorCommittee: { zh: '上级党委', en: 'Superior committee' },
  subordinateSecretaries: { zh: '下级党组织书记', en: 'Subordinate secretaries' },
  raters: { zh: '评议人（按组）', en: 'Raters of a group' },
  supervisors: { zh: '督查员', en: 'Supervisors' },
  public: { zh: '群众', en: 'The public' },
  countyOrgDept: { zh: '县委组织部', en: 'County organisation department' },
  linkedLeader: { zh: '联系领导（联系点）', en: 'Linked leader (contact point)' },
};

/**
 * Who does a step: a role relative to the instance's organisation. `raters` names one or more
 * rater groups (e.g. party-member representatives); the host resolves people at run time.
 */
export const assigneeRuleSchema = z
  .discriminatedUnion('role', [
    z.strictObject({
      role: z.literal('raters'),
      groups: z.array(identifierSchema).min(1).max(20),
    }),
    z.strictObject({
      role: z.enum(
        ASSIGNEE_ROLES.filter((r) => r !== 'raters') as [
          Exclude<AssigneeRole, 'raters'>,
          ...Exclude<AssigneeRole, 'raters'>[],
        ],
      ),
    }),
  ])
  .meta({ id: 'AssigneeRule', description: 'Role relative to the instance organisation' });
export type AssigneeRule = z.infer<typeof assigneeRuleSchema>;
