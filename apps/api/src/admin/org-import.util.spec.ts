import { planImport, type ExistingOrgRef, type ImportSheet } from './org-import.util.js';

const HEADERS = [
  '组织编码*',
  '组织名称*',
  '组织类型*',
  '上级组织编码',
  '书记姓名',
  '书记手机号',
  '书记登录名（可选）',
];

const county: ExistingOrgRef = {
  id: 'c',
  code: 'C',
  name: '示范县',
  kind: 'county',
  path: '/c/',
  depth: 0,
  status: 'active',
  inScope: true,
};

let counter = 0;
const plan = (
  rows: string[][],
  options: { existing?: ExistingOrgRef[]; taken?: string[]; headers?: string[] } = {},
) => {
  const sheet: ImportSheet = {
    headers: options.headers ?? HEADERS,
    rows: rows.map((cells, i) => ({ row: i + 2, cells })),
  };
  return planImport({
    sheet,
    county,
    existing: new Map([county, ...(options.existing ?? [])].map((o) => [o.code, o])),
    takenUsernames: new Set(options.taken ?? []),
    newId: () => `id${++counter}`,
  });
};

describe('planImport', () => {
  it('places townships under the county and villages under them, parents first, in any order', () => {
    const result = plan([
      ['V1', '东关村', '村', 'T1', '李明', '13800000002', ''],
      ['T1', '城关镇', '乡镇', '', '张建国', '13800000001', ''],
      ['D1', '县委组织部', '部门', 'C', '', '', ''],
    ]);
    expect(result.errors).toEqual([]);
    expect(result.orgs.map((o) => [o.code, o.depth])).toEqual([
      ['T1', 1],
      ['D1', 1],
      ['V1', 2],
    ]);
    const township = result.orgs[0];
    const village = result.orgs[2];
    expect(village.parentId).toBe(township.id);
    expect(village.path).toBe(`/c/${township.id}/${village.id}/`);
    expect(village.secretary).toEqual({
      name: '李明',
      phone: '13800000002',
      username: '13800000002',
      role: 'village_secretary',
    });
    expect(township.secretary?.role).toBe('township_secretary');
  });

  it('reports every bad row at once and plans nothing', () => {
    const result = plan([
      ['T1', '城关镇', '乡镇', '', '', '', ''],
      ['T1', '城关镇二', '乡镇', '', '', '', ''],
      ['V1', '东关村', '村', 'NOPE', '', '', ''],
      ['V2', '西关村', '村', 'T1', '王五', '12345', ''],
      ['V3', '南关村', '村', 'T1', '赵六', '13900000000', ''],
    ]);
    expect(result.orgs).toEqual([]);
    expect(result.errors.map((e) => [e.row, e.code, e.column])).toEqual([
      [3, 'DUPLICATE_CODE', '组织编码'],
      [4, 'UNKNOWN_PARENT', '上级组织编码'],
      [5, 'BAD_PHONE', '书记手机号'],
    ]);
    expect(result.errors[0].message).toContain('第 2 行');
  });

  it('refuses codes and usernames already taken, and duplicate usernames in the file', () => {
    const existing: ExistingOrgRef = {
      ...county,
      id: 't',
      code: 'T9',
      name: '旧镇',
      kind: 'township',
      path: '/c/t/',
      depth: 1,
    };
    const result = plan(
      [
        ['T9', '新镇', '乡镇', '', '', '', ''],
        ['V1', '一村', '村', 'T9', '甲', '13800000001', ''],
        ['V2', '二村', '村', 'T9', '乙', '13800000002', ''],
        ['V3', '三村', '村', 'T9', '丙', '13800000009', '13800000002'],
      ],
      { existing: [existing], taken: ['13800000001'] },
    );
    expect(result.errors.map((e) => e.code)).toEqual([
      'CODE_EXISTS',
      'USERNAME_TAKEN',
      'DUPLICATE_USERNAME',
    ]);
  });

  it('checks kinds against their parents and finds cycles', () => {
    const result = plan([
      ['V1', '一村', '村', '', '', '', ''],
      ['A', '甲镇', '乡镇', 'B', '', '', ''],
      ['B', '乙镇', '乡镇', 'A', '', '', ''],
      ['X', '某村', '村', 'Y', '', '', ''],
      ['Y', '某社区', '社区', 'T', '', '', ''],
      ['T', '某镇', '乡镇', '', '', '', ''],
      ['Z', '县', '县', '', '', '', ''],
      ['Q', '某处', '片区', '', '', '', ''],
      ['D', '部门', '部门', '', '王', '13800000001', ''],
    ]);
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'KIND_NOT_ALLOWED'],
      [3, 'CYCLE'],
      [4, 'CYCLE'],
      [5, 'KIND_NOT_ALLOWED'],
      [8, 'COUNTY_ROW'],
      [9, 'BAD_KIND'],
      [10, 'SECRETARY_NOT_ALLOWED'],
    ]);
  });

  it('needs the template columns; skips blank lines; knows closed and out-of-scope parents', () => {
    expect(plan([['T1', '镇', '乡镇']], { headers: ['编码', '名称'] }).errors[0].code).toBe(
      'MISSING_COLUMNS',
    );
    expect(plan([['', '', '', '', '', '', '']]).errors[0].code).toBe('NO_ROWS');
    const closed: ExistingOrgRef = {
      ...county,
      id: 'x',
      code: 'X',
      name: '旧镇',
      kind: 'township',
      path: '/c/x/',
      depth: 1,
      status: 'closed',
    };
    const hidden: ExistingOrgRef = {
      ...closed,
      id: 'h',
      code: 'H',
      status: 'active',
      inScope: false,
    };
    const result = plan(
      [
        ['V1', '一村', '村', 'X', '', '', ''],
        ['V2', '二村', '村', 'H', '', '', ''],
        ['', '', '', '', '', '', ''],
        ['V3', '三村', '村', '', '', '', ''],
      ],
      { existing: [closed, hidden] },
    );
    expect(result.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'PARENT_CLOSED'],
      [3, 'UNKNOWN_PARENT'],
      [5, 'KIND_NOT_ALLOWED'],
    ]);
  });
});
