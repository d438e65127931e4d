import {
  CHILD_KINDS,
  orgKindLabels,
  type AdminOrg,
  type OneTimePassword,
} from '@shuping/contracts';

/** A node of the organisation tree as antd's Tree wants it. */
export interface OrgTreeNode {
  key: string;
  title: string;
  org: AdminOrg;
  children: OrgTreeNode[];
}

/** Builds the tree from the flat list (any order); siblings sorted by code. */
export function buildOrgTree(orgs: readonly AdminOrg[]): OrgTreeNode[] {
  const nodes = new Map<string, OrgTreeNode>();
  for (const org of orgs) nodes.set(org.id, { key: org.id, title: org.name, org, children: [] });
  const roots: OrgTreeNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.org.parentId ? nodes.get(node.org.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const sort = (list: OrgTreeNode[]) => {
    list.sort((a, b) => a.org.code.localeCompare(b.org.code, 'zh-CN', { numeric: true }));
    for (const n of list) sort(n.children);
  };
  sort(roots);
  return roots;
}

/**
 * Keeps the organisations whose name or code contains `query`, with their ancestors (so they
 * can be shown in place); answers the keys to expand.
 */
export function filterOrgTree(
  roots: readonly OrgTreeNode[],
  query: string,
): { nodes: OrgTreeNode[]; expanded: string[] } {
  const q = query.trim().toLowerCase();
  if (!q) return { nodes: [...roots], expanded: roots.map((r) => r.key) };
  const expanded: string[] = [];
  const visit = (node: OrgTreeNode): OrgTreeNode | null => {
    const children = node.children.map(visit).filter((c): c is OrgTreeNode => c !== null);
    const hit = node.org.name.toLowerCase().includes(q) || node.org.code.toLowerCase().includes(q);
    if (!hit && children.length === 0) return null;
    if (children.length > 0) expanded.push(node.key);
    return { ...node, children };
  };
  return {
    nodes: roots.map(visit).filter((n): n is OrgTreeNode => n !== null),
    expanded,
  };
}

/** Where an organisation may move: active, outside its own subtree, and a kind that fits. */
export function moveTargets(orgs: readonly AdminOrg[], moving: AdminOrg): AdminOrg[] {
  return orgs.filter(
    (o) =>
      o.status === 'active' &&
      !o.path.startsWith(moving.path) &&
      o.id !== moving.parentId &&
      CHILD_KINDS[o.kind].includes(moving.kind),
  );
}

/** "城关镇 / 东关村" style label with the kind, for pickers. */
export function orgLabel(org: AdminOrg, language: 'zh' | 'en'): string {
  return `${org.name}（${orgKindLabels[org.kind][language]} · ${org.code}）`;
}

/** The one-time passwords as a CSV to print or hand out (UTF-8 with BOM for Excel). */
export function passwordsCsv(list: readonly OneTimePassword[]): string {
  const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const lines = [
    ['姓名', '登录名', '一次性密码'],
    ...list.map((p) => [p.displayName, p.username, p.oneTimePassword]),
  ];
  return `\uFEFF${lines.map((l) => l.map(quote).join(',')).join('\r\n')}\r\n`;
}
