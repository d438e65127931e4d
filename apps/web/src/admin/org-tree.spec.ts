import type { AdminOrg } from '@shuping/contracts';
import { buildOrgTree, filterOrgTree, moveTargets, passwordsCsv } from './org-tree';

const org = (
  id: string,
  parentId: string | null,
  kind: AdminOrg['kind'],
  code: string,
  name: string,
  path: string,
): AdminOrg => ({
  id,
  parentId,
  kind,
  code,
  name,
  depth: path.split('/').length - 3,
  path,
  status: 'active',
  secretaries: [],
  linkedLeaders: [],
});

const orgs = [
  org('v2', 't1', 'village', 'T1-V10', '十村', '/c/t1/v2/'),
  org('c', null, 'county', 'C', '示范县', '/c/'),
  org('t1', 'c', 'township', 'T1', '城关镇', '/c/t1/'),
  org('v1', 't1', 'village', 'T1-V2', '二村', '/c/t1/v1/'),
  org('t2', 'c', 'township', 'T2', '东山乡', '/c/t2/'),
  org('d', 'c', 'department', 'D1', '组织部', '/c/d/'),
];

describe('organisation tree helpers', () => {
  it('builds the tree from a flat list, siblings by code (numbers in order)', () => {
    const [root] = buildOrgTree(orgs);
    expect(root.key).toBe('c');
    expect(root.children.map((n) => n.key)).toEqual(['d', 't1', 't2']);
    expect(root.children[1].children.map((n) => n.org.code)).toEqual(['T1-V2', 'T1-V10']);
  });

  it('filters by name or code and keeps the ancestors', () => {
    const { nodes, expanded } = filterOrgTree(buildOrgTree(orgs), '十村');
    expect(nodes[0].children.map((n) => n.key)).toEqual(['t1']);
    expect(nodes[0].children[0].children.map((n) => n.key)).toEqual(['v2']);
    expect(expanded).toEqual(['t1', 'c']);
    expect(filterOrgTree(buildOrgTree(orgs), 'nothing').nodes).toEqual([]);
  });

  it('offers only parents that fit and are outside the subtree', () => {
    const t1 = orgs[2];
    expect(moveTargets(orgs, t1).map((o) => o.id)).toEqual(['t2']);
    expect(moveTargets(orgs, orgs[3]).map((o) => o.id)).toEqual(['t2']);
  });

  it('writes one-time passwords as CSV for Excel', () => {
    expect(
      passwordsCsv([
        { userId: 'u', username: '138', displayName: '张三', oneTimePassword: 'abcd-2345-efgh' },
      ]),
    ).toBe('\uFEFF姓名,登录名,一次性密码\r\n张三,138,abcd-2345-efgh\r\n');
  });
});
