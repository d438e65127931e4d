import {
  CHILD_KINDS,
  IMPORT_COLUMNS,
  ORG_CODE_PATTERN,
  ORG_KIND_ALIASES,
  orgKindLabels,
  PHONE_PATTERN,
  secretaryRoleOf,
  USERNAME_PATTERN,
  type AdminOrgKind,
  type ImportColumnKey,
  type ImportPreviewRow,
  type ImportRowError,
} from '@shuping/contracts';

/** Largest file accepted (rows after the header). */
export const MAX_IMPORT_ROWS = 20_000;

/** The first sheet of an import file as text cells; `row` numbers are the spreadsheet's. */
export interface ImportSheet {
  headers: string[];
  rows: { row: number; cells: string[] }[];
}

/** An organisation already in the database that rows may name as their parent. */
export interface ExistingOrgRef {
  id: string;
  code: string;
  name: string;
  kind: AdminOrgKind;
  path: string;
  depth: number;
  status: 'active' | 'closed';
  /** Inside the importing administrator's subtree. */
  inScope: boolean;
}

export interface ImportPlanInput {
  sheet: ImportSheet;
  /** The county root: the parent of rows with an empty parent code. */
  county: ExistingOrgRef;
  /** Every organisation of the county, by code. */
  existing: ReadonlyMap<string, ExistingOrgRef>;
  /** Usernames (of the candidates in the file) that already exist. */
  takenUsernames: ReadonlySet<string>;
  newId: () => string;
}

export interface PlannedOrg {
  row: number;
  id: string;
  code: string;
  name: string;
  kind: AdminOrgKind;
  parentId: string;
  path: string;
  depth: number;
  secretary: {
    name: string;
    phone: string | null;
    username: string;
    role: 'township_secretary' | 'village_secretary';
  } | null;
}

export interface ImportPlan {
  rows: ImportPreviewRow[];
  errors: ImportRowError[];
  /** Parents before children; complete only when `errors` is empty. */
  orgs: PlannedOrg[];
}

/** Header text as people type it: spaces, `*` and parenthesised hints are ignored. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\s+/g, '')
    .replace(/[*＊]/g, '')
    .replace(/[（(].*?[）)]/g, '');
}

/** Usernames the file would create (to look up which are taken), before validation. */
export function candidateUsernames(sheet: ImportSheet): string[] {
  const columns = columnIndexes(sheet.headers);
  const at = (cells: string[], key: ImportColumnKey) => {
    const i = columns.get(key);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  return sheet.rows
    .map((r) => at(r.cells, 'secretaryUsername') || at(r.cells, 'secretaryPhone'))
    .filter((u) => u !== '');
}

function columnIndexes(headers: string[]): Map<ImportColumnKey, number> {
  const byHeader = new Map<string, ImportColumnKey>();
  for (const c of IMPORT_COLUMNS) {
    byHeader.set(normaliseHeader(c.header), c.key);
    byHeader.set(c.key.toLowerCase(), c.key);
  }
  const indexes = new Map<ImportColumnKey, number>();
  headers.forEach((h, i) => {
    const key = byHeader.get(normaliseHeader(h).toLowerCase()) ?? byHeader.get(normaliseHeader(h));
    if (key && !indexes.has(key)) indexes.set(key, i);
  });
  return indexes;
}

interface ParsedRow {
  row: number;
  code: string;
  name: string;
  kindText: string;
  kind: AdminOrgKind | null;
  parentCode: string | null;
  secretaryName: string | null;
  secretaryPhone: string | null;
  secretaryUsername: string | null;
}

const headerOf = (key: ImportColumnKey) =>
  normaliseHeader(IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key);

/**
 * Checks a whole import file against the county's tree and plans every organisation (ids, paths,
 * depths) and secretary account. Reports every problem of every row; nothing is planned to be
 * written unless there is none. Pure: the caller loads `existing` and `takenUsernames`.
 */
export function planImport(input: ImportPlanInput): ImportPlan {
  const errors: ImportRowError[] = [];
  const fail = (row: number, column: ImportColumnKey | null, code: string, message: string) =>
    errors.push({ row, column: column ? headerOf(column) : null, code, message });

  const columns = columnIndexes(input.sheet.headers);
  const missing = IMPORT_COLUMNS.filter((c) => c.required && !columns.has(c.key));
  if (missing.length > 0) {
    fail(
      1,
      null,
      'MISSING_COLUMNS',
      `缺少必填列：${missing.map((c) => normaliseHeader(c.header)).join('、')}（请使用导入模板）`,
    );
    return { rows: [], errors, orgs: [] };
  }
  const cell = (cells: string[], key: ImportColumnKey): string => {
    const i = columns.get(key);
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };
  const rows: ParsedRow[] = input.sheet.rows
    .filter((r) => r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      const kindText = cell(r.cells, 'kind');
      return {
        row: r.row,
        code: cell(r.cells, 'code'),
        name: cell(r.cells, 'name'),
        kindText,
        kind: ORG_KIND_ALIASES[kindText] ?? ORG_KIND_ALIASES[kindText.toLowerCase()] ?? null,
        parentCode: cell(r.cells, 'parentCode') || null,
        secretaryName: cell(r.cells, 'secretaryName') || null,
        secretaryPhone: cell(r.cells, 'secretaryPhone') || null,
        secretaryUsername: cell(r.cells, 'secretaryUsername') || null,
      };
    });
  if (rows.length === 0) {
    fail(2, null, 'NO_ROWS', '文件中没有数据行');
    return { rows: [], errors, orgs: [] };
  }
  if (rows.length > MAX_IMPORT_ROWS) {
    fail(1, null, 'TOO_MANY_ROWS', `一次最多导入 ${MAX_IMPORT_ROWS} 行，文件有 ${rows.length} 行`);
    return { rows: [], errors, orgs: [] };
  }

  // Codes: required, well-formed, unique in the file and new to the county.
  const firstByCode = new Map<string, ParsedRow>();
  const placeable = new Set<ParsedRow>();
  for (const r of rows) {
    if (!r.code) fail(r.row, 'code', 'MISSING_CODE', '组织编码不能为空');
    else if (!ORG_CODE_PATTERN.test(r.code))
      fail(
        r.row,
        'code',
        'BAD_CODE',
        `组织编码「${r.code}」只能含字母、数字和 _ . -（最长 64 位）`,
      );
    else if (firstByCode.has(r.code))
      fail(
        r.row,
        'code',
        'DUPLICATE_CODE',
        `组织编码「${r.code}」与第 ${firstByCode.get(r.code)?.row} 行重复`,
      );
    else if (input.existing.has(r.code))
      fail(
        r.row,
        'code',
        'CODE_EXISTS',
        `组织编码「${r.code}」已被「${input.existing.get(r.code)?.name}」使用`,
      );
    else {
      firstByCode.set(r.code, r);
      placeable.add(r);
    }
    if (!r.name) fail(r.row, 'name', 'MISSING_NAME', '组织名称不能为空');
    else if (r.name.length > 128) fail(r.row, 'name', 'NAME_TOO_LONG', '组织名称最长 128 个字');
    if (!r.kindText) fail(r.row, 'kind', 'MISSING_KIND', '组织类型不能为空');
    else if (!r.kind)
      fail(
        r.row,
        'kind',
        'BAD_KIND',
        `组织类型「${r.kindText}」无法识别（可填：乡镇、街道、村、社区、部门）`,
      );
    else if (r.kind === 'county')
      fail(r.row, 'kind', 'COUNTY_ROW', '县级组织已存在，无需导入；乡镇的上级组织编码可留空');
  }

  // Secretaries: name, a valid phone, a free and unique login name, a kind that has one.
  const usernames = new Map<string, number>();
  const secretaryOf = new Map<ParsedRow, PlannedOrg['secretary']>();
  for (const r of rows) {
    if (!r.secretaryName && !r.secretaryPhone && !r.secretaryUsername) continue;
    const role = r.kind ? secretaryRoleOf(r.kind) : null;
    if (r.kind && !role) {
      fail(
        r.row,
        'secretaryName',
        'SECRETARY_NOT_ALLOWED',
        `${orgKindLabels[r.kind].zh}不设书记账号，请清空书记信息`,
      );
      continue;
    }
    let ok = true;
    if (!r.secretaryName) {
      fail(
        r.row,
        'secretaryName',
        'MISSING_SECRETARY_NAME',
        '填写了书记手机号或登录名，但缺少书记姓名',
      );
      ok = false;
    } else if (r.secretaryName.length > 64) {
      fail(r.row, 'secretaryName', 'NAME_TOO_LONG', '书记姓名最长 64 个字');
      ok = false;
    }
    if (r.secretaryPhone && !PHONE_PATTERN.test(r.secretaryPhone)) {
      fail(
        r.row,
        'secretaryPhone',
        'BAD_PHONE',
        `手机号「${r.secretaryPhone}」格式不正确（应为 11 位手机号或带区号的固定电话）`,
      );
      ok = false;
    }
    const username = r.secretaryUsername ?? r.secretaryPhone;
    if (!username) {
      fail(r.row, 'secretaryPhone', 'MISSING_SECRETARY_LOGIN', '书记手机号和登录名至少填写一项');
      ok = false;
    } else if (r.secretaryUsername && !USERNAME_PATTERN.test(r.secretaryUsername)) {
      fail(
        r.row,
        'secretaryUsername',
        'BAD_USERNAME',
        `登录名「${r.secretaryUsername}」只能含字母、数字和 _ . @ -（3–64 位）`,
      );
      ok = false;
    } else if (usernames.has(username)) {
      fail(
        r.row,
        r.secretaryUsername ? 'secretaryUsername' : 'secretaryPhone',
        'DUPLICATE_USERNAME',
        `登录名「${username}」与第 ${usernames.get(username)} 行重复`,
      );
      ok = false;
    } else if (input.takenUsernames.has(username)) {
      fail(
        r.row,
        r.secretaryUsername ? 'secretaryUsername' : 'secretaryPhone',
        'USERNAME_TAKEN',
        `登录名「${username}」已被占用`,
      );
      ok = false;
    }
    if (username && !usernames.has(username)) usernames.set(username, r.row);
    if (ok && role && r.secretaryName && username) {
      secretaryOf.set(r, {
        name: r.secretaryName,
        phone: r.secretaryPhone,
        username,
        role,
      });
    }
  }

  // Placement: parents in the file or in the county; kinds must fit; no cycles.
  type Spot = { id: string; path: string; depth: number };
  const placed = new Map<ParsedRow, Spot>();
  const unplaceable = new Set<ParsedRow>();
  const chain: ParsedRow[] = [];
  const planned: PlannedOrg[] = [];
  const kindFits = (r: ParsedRow, parentKind: AdminOrgKind | null): boolean => {
    if (!r.kind || !parentKind || r.kind === 'county' || CHILD_KINDS[parentKind].includes(r.kind))
      return true;
    fail(
      r.row,
      'kind',
      'KIND_NOT_ALLOWED',
      `${orgKindLabels[r.kind].zh}不能设在${orgKindLabels[parentKind].zh}之下`,
    );
    return false;
  };
  const parentOf = (r: ParsedRow): Spot | null => {
    if (!r.parentCode) {
      if (!input.county.inScope) {
        fail(r.row, 'parentCode', 'UNKNOWN_PARENT', '上级组织编码不能为空（您只管理县的一部分）');
        return null;
      }
      return kindFits(r, input.county.kind) ? input.county : null;
    }
    const inFile = firstByCode.get(r.parentCode);
    if (inFile) {
      const loop = chain.indexOf(inFile);
      if (loop >= 0) {
        for (const member of chain.slice(loop)) {
          fail(member.row, 'parentCode', 'CYCLE', `上级组织编码「${member.parentCode}」形成循环`);
          unplaceable.add(member);
        }
        return null;
      }
      const parent = place(inFile);
      return parent && kindFits(r, inFile.kind) ? parent : null;
    }
    const existing = input.existing.get(r.parentCode);
    if (!existing || !existing.inScope) {
      fail(
        r.row,
        'parentCode',
        'UNKNOWN_PARENT',
        `上级组织编码「${r.parentCode}」在文件和本县组织中都不存在`,
      );
      return null;
    }
    if (existing.status !== 'active') {
      fail(r.row, 'parentCode', 'PARENT_CLOSED', `上级组织「${existing.name}」已撤销`);
      return null;
    }
    return kindFits(r, existing.kind) ? existing : null;
  };
  function place(r: ParsedRow): Spot | null {
    const done = placed.get(r);
    if (done) return done;
    if (unplaceable.has(r)) return null;
    chain.push(r);
    const parent = parentOf(r);
    chain.pop();
    if (!parent || unplaceable.has(r)) {
      unplaceable.add(r);
      return null;
    }
    const id = input.newId();
    const spot = { id, path: `${parent.path}${id}/`, depth: parent.depth + 1 };
    placed.set(r, spot);
    if (r.kind && r.name) {
      planned.push({
        row: r.row,
        id,
        code: r.code,
        name: r.name,
        kind: r.kind,
        parentId: parent.id,
        path: spot.path,
        depth: spot.depth,
        secretary: secretaryOf.get(r) ?? null,
      });
    }
    return spot;
  }
  for (const r of placeable) place(r);

  planned.sort((a, b) => a.depth - b.depth || a.row - b.row);
  errors.sort((a, b) => a.row - b.row);
  const depthOf = new Map(planned.map((p) => [p.row, p.depth]));
  return {
    rows: rows.map((r) => ({
      row: r.row,
      code: r.code,
      name: r.name,
      kind: r.kind,
      kindText: r.kindText,
      parentCode: r.parentCode,
      depth: depthOf.get(r.row) ?? null,
      secretaryName: r.secretaryName,
      secretaryPhone: r.secretaryPhone,
      secretaryUsername: secretaryOf.get(r)?.username ?? r.secretaryUsername,
    })),
    errors,
    orgs: errors.length === 0 ? planned : [],
  };
}
