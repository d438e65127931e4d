import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  IMPORT_COLUMNS,
  orgKindLabels,
  type AdminOrgKind,
  type ImportFile,
  type ImportPreview,
  type ImportResult,
} from '@shuping/contracts';
import { insertRows, isUniqueViolation } from '@shuping/worker';
import type ExcelJS from 'exceljs';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { coversOrg, type Principal } from '../auth/principal.js';
import { adminScope, type AdminScope } from './admin-access.js';
import { AdminErrorCode, AdminException } from './admin.exception.js';
import {
  candidateUsernames,
  planImport,
  type ExistingOrgRef,
  type ImportPlan,
  type ImportSheet,
} from './org-import.util.js';
import { CSV_TYPE, readSheet, writeCsv, writeXlsx, XLSX_TYPE } from './spreadsheet.util.js';

/** Marks an account that has no password yet: verification of any password fails. */
export const NO_PASSWORD = '!';

export interface DownloadFile {
  fileName: string;
  type: string;
  content: Buffer;
}

const EXAMPLES: string[][] = [
  ['T01', '城关镇', '乡镇', '', '张建国', '13800000001', ''],
  ['T01-V01', '东关村', '村', 'T01', '李明', '13800000002', ''],
  ['T01-C01', '南街社区', '社区', 'T01', '王芳', '13800000003', 'wangfang'],
  ['S01', '东城街道', '街道', '', '赵强', '13800000004', ''],
  ['D01', '县委组织部', '部门', '', '', '', ''],
];

const RULES: string[][] = [
  ['组织编码', '必填。本县内唯一，可用民政区划代码；只能含字母、数字和 _ . -'],
  ['组织名称', '必填。最长 128 个字'],
  ['组织类型', '必填。乡镇、街道、村、社区或部门（县已存在，不需填写）'],
  [
    '上级组织编码',
    '乡镇、街道、部门可留空（挂在本县下）；村、社区填所属乡镇或街道的编码。上级可以在同一文件中，也可以是已有组织',
  ],
  ['书记姓名', '乡镇、街道、村、社区可填；填写后自动创建账号并任命为书记'],
  ['书记手机号', '11 位手机号或带区号的固定电话'],
  ['书记登录名', '可选；留空时用手机号作为登录名。账号创建后需在“人员与角色”中生成一次性密码'],
  ['整体规则', '文件中任何一行有错误时，整个文件都不会导入；请按预览中的行号逐一修改后重新上传'],
];

/** Importing a county's tree and its secretaries from an Excel or CSV file, all or nothing. */
@Injectable()
export class OrgImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Checks a file and shows what it would create; writes nothing. */
  async preview(principal: Principal, file: ImportFile): Promise<ImportPreview> {
    const scope = adminScope(principal);
    const sheet = await this.read(file);
    const plan = await this.plan(this.db.manager, scope, sheet);
    return this.summary(file.fileName, plan);
  }

  /**
   * Imports a file in one transaction: every row is checked again against the tree as it is now,
   * and nothing is written unless the whole file is valid (400 `IMPORT_INVALID` lists every
   * problem of every row).
   */
  async run(principal: Principal, file: ImportFile): Promise<ImportResult> {
    const scope = adminScope(principal);
    const sheet = await this.read(file);
    try {
      return await this.db.transaction(async (manager) => {
        const plan = await this.plan(manager, scope, sheet, true);
        if (plan.errors.length > 0) {
          throw new AdminException(
            AdminErrorCode.ImportInvalid,
            `The file has ${plan.errors.length} problem(s); nothing was imported`,
            plan.errors.map((e) => ({
              path: `row ${e.row}${e.column ? ` · ${e.column}` : ''}`,
              message: `${e.code}: ${e.message}`,
            })),
          );
        }
        return this.write(manager, scope, file.fileName, plan);
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new AdminException(
          AdminErrorCode.ImportConflict,
          'Organisations or accounts were created meanwhile; preview the file again',
        );
      }
      throw error;
    }
  }

  /** The file to fill in: xlsx (with examples and rules) or csv (header only). */
  async template(format: 'xlsx' | 'csv'): Promise<DownloadFile> {
    const headers = IMPORT_COLUMNS.map((c) => (c.required ? `${c.header}*` : c.header));
    if (format === 'csv') {
      return { fileName: '组织导入模板.csv', type: CSV_TYPE, content: writeCsv(headers, []) };
    }
    const content = await writeXlsx(
      [
        { name: '组织导入', headers, rows: [], textColumns: true },
        { name: '填写示例', headers, rows: EXAMPLES, textColumns: true },
        { name: '填写说明', headers: ['列', '说明'], rows: RULES, widths: [16, 100] },
      ],
      (workbook: ExcelJS.Workbook) => {
        const sheet = workbook.getWorksheet('组织导入');
        if (!sheet) return;
        const kinds = (['township', 'street', 'village', 'community', 'department'] as const)
          .map((k) => orgKindLabels[k].zh)
          .join(',');
        for (let row = 2; row <= 5001; row++) {
          sheet.getCell(row, 3).dataValidation = {
            type: 'list',
            allowBlank: true,
            formulae: [`"${kinds}"`],
          };
        }
      },
    );
    return { fileName: '组织导入模板.xlsx', type: XLSX_TYPE, content };
  }

  private async read(file: ImportFile): Promise<ImportSheet> {
    const bytes = Buffer.from(file.contentBase64, 'base64');
    const sheet = bytes.length > 0 ? await readSheet(file.fileName, bytes) : null;
    if (!sheet) {
      throw new AdminException(
        AdminErrorCode.ImportUnreadable,
        `${file.fileName} could not be read as ${/\.csv$/i.test(file.fileName) ? 'CSV' : 'an Excel .xlsx file'}`,
      );
    }
    return sheet;
  }

  private async plan(
    manager: EntityManager,
    scope: AdminScope,
    sheet: ImportSheet,
    lock = false,
  ): Promise<ImportPlan> {
    if (lock) {
      // Parents named by the file cannot be moved until this import commits (paths stay true).
      await manager.query(`SELECT id FROM org_unit WHERE county_id = $1 ORDER BY id FOR SHARE`, [
        scope.countyId,
      ]);
    }
    const orgs = await manager.query<Omit<ExistingOrgRef, 'inScope'>[]>(
      `SELECT id, code, name, kind, path, depth, status FROM org_unit WHERE county_id = $1`,
      [scope.countyId],
    );
    const existing = new Map<string, ExistingOrgRef>();
    let county: ExistingOrgRef | undefined;
    for (const o of orgs) {
      const ref = { ...o, inScope: coversOrg(scope.principal, o.path, ['county_admin']) };
      existing.set(o.code, ref);
      if (o.id === scope.countyId) county = ref;
    }
    if (!county) throw new AdminException(AdminErrorCode.NotAdmin, 'The county has no root');
    const wanted = candidateUsernames(sheet);
    const taken = await manager.query<{ username: string }[]>(
      `SELECT username FROM app_user WHERE username = ANY($1)`,
      [wanted],
    );
    return planImport({
      sheet,
      county,
      existing,
      takenUsernames: new Set(taken.map((t) => t.username)),
      newId: randomUUID,
    });
  }

  private async write(
    manager: EntityManager,
    scope: AdminScope,
    fileName: string,
    plan: ImportPlan,
  ): Promise<ImportResult> {
    await insertRows(
      manager,
      'org_unit',
      ['id', 'county_id', 'parent_id', 'kind', 'code', 'name', 'path', 'depth'],
      plan.orgs.map((o) => [
        o.id,
        scope.countyId,
        o.parentId,
        o.kind,
        o.code,
        o.name,
        o.path,
        o.depth,
      ]),
    );
    const secretaries = plan.orgs.flatMap((o) =>
      o.secretary ? [{ org: o, userId: randomUUID(), ...o.secretary }] : [],
    );
    await insertRows(
      manager,
      'app_user',
      [
        'id',
        'county_id',
        'org_unit_id',
        'username',
        'display_name',
        'phone',
        'password_hash',
        'must_change_password',
      ],
      secretaries.map((s) => [
        s.userId,
        scope.countyId,
        s.org.id,
        s.username,
        s.name,
        s.phone,
        NO_PASSWORD,
        true,
      ]),
    );
    await insertRows(
      manager,
      'role_assignment',
      ['user_id', 'county_id', 'org_unit_id', 'role', 'note', 'created_by'],
      secretaries.map((s) => [
        s.userId,
        scope.countyId,
        s.org.id,
        s.role,
        `导入：${fileName}`.slice(0, 200),
        scope.userId,
      ]),
    );
    const result: ImportResult = {
      organisations: plan.orgs.length,
      secretaries: secretaries.length,
      createdUserIds: secretaries.map((s) => s.userId),
    };
    await this.audit.record(
      {
        countyId: scope.countyId,
        actorUserId: scope.userId,
        action: 'org.import',
        targetType: 'org_unit',
        targetId: scope.countyId,
        detail: {
          fileName,
          organisations: result.organisations,
          secretaries: result.secretaries,
          byKind: this.byKind(plan),
        },
      },
      manager,
    );
    return result;
  }

  private summary(fileName: string, plan: ImportPlan): ImportPreview {
    return {
      fileName,
      valid: plan.errors.length === 0,
      rows: plan.rows,
      errors: plan.errors,
      counts: {
        organisations: plan.rows.length,
        secretaries: plan.rows.filter((r) => r.secretaryName).length,
        byKind: this.byKind(plan),
      },
    };
  }

  private byKind(plan: ImportPlan): Partial<Record<AdminOrgKind, number>> {
    const counts: Partial<Record<AdminOrgKind, number>> = {};
    for (const r of plan.rows) if (r.kind) counts[r.kind] = (counts[r.kind] ?? 0) + 1;
    return counts;
  }
}
