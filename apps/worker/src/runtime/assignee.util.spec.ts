import { ASSIGNEE_ROLES, type AssigneeRule } from '@shuping/engine';
import { candidatesFor, type OrgRef } from './assignee.util.js';

const village: OrgRef = {
  id: 'v1',
  name: '东关村',
  countyId: 'c',
  kind: 'village',
  path: '/c/t1/v1/',
  parentId: 't1',
  parentKind: 'township',
  parentPath: '/c/t1/',
};
const township: OrgRef = {
  ...village,
  id: 't1',
  name: '城关镇',
  kind: 'township',
  path: '/c/t1/',
  parentId: 'c',
  parentKind: 'county',
  parentPath: '/c/',
};

describe('candidatesFor', () => {
  it('resolves every assignee role of the catalogue', () => {
    for (const role of ASSIGNEE_ROLES) {
      const rule = (role === 'raters' ? { role, groups: ['g'] } : { role }) as AssigneeRule;
      expect(candidatesFor(rule, village).roles.length).toBeGreaterThan(0);
    }
  });

  it('gives a linkedLeader step to the leaders linked to the organisation itself', () => {
    expect(candidatesFor({ role: 'linkedLeader' }, township)).toEqual({
      roles: ['linked_leader'],
      orgId: 't1',
      orgPath: '/c/t1/',
      match: 'exact',
      raterGroups: null,
    });
    expect(candidatesFor({ role: 'linkedLeader' }, village)).toMatchObject({
      orgId: 'v1',
      match: 'exact',
    });
  });

  it('sends a village superior step to the township secretary and a township one to county staff', () => {
    expect(candidatesFor({ role: 'superiorSecretary' }, village)).toMatchObject({
      orgId: 't1',
      match: 'exact',
    });
    expect(candidatesFor({ role: 'superiorSecretary' }, township)).toMatchObject({
      roles: ['org_department', 'county_admin'],
      match: 'subtree',
    });
  });
});
