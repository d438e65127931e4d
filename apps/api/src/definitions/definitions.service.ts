import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppException } from '@shuping/contracts';
import { validateDefinition, type ValidationIssue } from '@shuping/engine';
import { returnedRows } from '@shuping/worker';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { hasRole, type Principal } from '../auth/principal.js';
import { ForbiddenException, NotFoundException } from '../common/tenancy/tenancy.js';

export interface DefinitionSummary {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  latestVersion: number;
  updatedAt: string;
}

export interface DefinitionDetail extends DefinitionSummary {
  draft: unknown;
  issues: ValidationIssue[];
}

export interface VersionSummary {
  id: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

export class DefinitionInvalidException extends AppException {
  constructor(issues: readonly ValidationIssue[]) {
    super(
      'invalid',
      'DEFINITION_INVALID',
      'The process definition has problems; fix them first',
      issues.map((i) => ({
        path: i.path || '/',
        message: `${i.code}: ${i.message.zh} / ${i.message.en}`,
      })),
    );
  }
}

function nameOf(document: unknown): { key: string; zh: string; en: string } {
  const d = (document ?? {}) as { id?: unknown; name?: { zh?: unknown; en?: unknown } };
  const key =
    typeof d.id === 'string' && d.id.length > 0 ? d.id.slice(0, 100) : `process-${Date.now()}`;
  const zh = typeof d.name?.zh === 'string' ? d.name.zh.slice(0, 200) : key;
  const en = typeof d.name?.en === 'string' ? d.name.en.slice(0, 200) : zh;
  return { key, zh, en };
}

const SUMMARY = `id, key, name_zh AS "nameZh", name_en AS "nameEn", latest_version AS "latestVersion", updated_at AS "updatedAt"`;

/** Drafts are edited freely; publishing freezes an immutable, validated version. */
@Injectable()
export class DefinitionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  validate(document: unknown): ValidationIssue[] {
    return [...validateDefinition(document)];
  }

  async list(principal: Principal): Promise<DefinitionSummary[]> {
    return this.db.query(
      `SELECT ${SUMMARY} FROM process_definition WHERE county_id = $1 ORDER BY key`,
      [this.county(principal)],
    );
  }

  async get(principal: Principal, id: string): Promise<DefinitionDetail> {
    const [row] = await this.db.query<(DefinitionSummary & { draft: unknown })[]>(
      `SELECT ${SUMMARY}, draft FROM process_definition WHERE id = $1 AND county_id = $2`,
      [id, this.county(principal)],
    );
    if (!row) throw new NotFoundException('Process definition');
    return { ...row, issues: this.validate(row.draft) };
  }

  async create(principal: Principal, document: unknown): Promise<DefinitionDetail> {
    this.mustDesign(principal);
    const name = nameOf(document);
    const [row] = await this.db
      .query<{ id: string }[]>(
        `INSERT INTO process_definition (county_id, key, name_zh, name_en, draft, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          this.county(principal),
          name.key,
          name.zh,
          name.en,
          JSON.stringify(document),
          principal.userId,
        ],
      )
      .catch((error: unknown) => {
        if (typeof error === 'object' && error && 'code' in error && error.code === '23505') {
          throw new AppException(
            'conflict',
            'DEFINITION_KEY_TAKEN',
            `A process with id "${name.key}" exists already`,
          );
        }
        throw error;
      });
    await this.audit.record({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action: 'definition.create',
      targetType: 'process_definition',
      targetId: row.id,
      detail: { key: name.key },
    });
    return this.get(principal, row.id);
  }

  async saveDraft(principal: Principal, id: string, document: unknown): Promise<DefinitionDetail> {
    this.mustDesign(principal);
    const name = nameOf(document);
    const rows = returnedRows<{ id: string }>(
      await this.db.query(
        `UPDATE process_definition SET draft = $3, name_zh = $4, name_en = $5, updated_at = now()
        WHERE id = $1 AND county_id = $2 RETURNING id`,
        [id, this.county(principal), JSON.stringify(document), name.zh, name.en],
      ),
    );
    if (rows.length === 0) throw new NotFoundException('Process definition');
    await this.audit.record({
      countyId: principal.countyId,
      actorUserId: principal.userId,
      action: 'definition.save_draft',
      targetType: 'process_definition',
      targetId: id,
      detail: {},
    });
    return this.get(principal, id);
  }

  /** Validates the draft and freezes it as the next version. */
  async publish(principal: Principal, id: string): Promise<VersionSummary> {
    this.mustDesign(principal);
    return this.db.transaction(async (manager) => {
      const [row] = await manager.query<{ draft: unknown; latest_version: number }[]>(
        `SELECT draft, latest_version FROM process_definition WHERE id = $1 AND county_id = $2 FOR UPDATE`,
        [id, this.county(principal)],
      );
      if (!row) throw new NotFoundException('Process definition');
      const issues = this.validate(row.draft);
      if (issues.length > 0) throw new DefinitionInvalidException(issues);
      const version = row.latest_version + 1;
      const [published] = await manager.query<VersionSummary[]>(
        `INSERT INTO process_definition_version (definition_id, county_id, version, document, published_by)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING id, version, published_at AS "publishedAt", published_by AS "publishedBy"`,
        [id, this.county(principal), version, JSON.stringify(row.draft), principal.userId],
      );
      await manager.query(`UPDATE process_definition SET latest_version = $2 WHERE id = $1`, [
        id,
        version,
      ]);
      await this.audit.record(
        {
          countyId: principal.countyId,
          actorUserId: principal.userId,
          action: 'definition.publish',
          targetType: 'process_definition',
          targetId: id,
          detail: { version },
        },
        manager,
      );
      return published;
    });
  }

  async versions(principal: Principal, id: string): Promise<VersionSummary[]> {
    await this.get(principal, id);
    return this.db.query(
      `SELECT id, version, published_at AS "publishedAt", published_by AS "publishedBy"
         FROM process_definition_version WHERE definition_id = $1 ORDER BY version DESC`,
      [id],
    );
  }

  async version(
    principal: Principal,
    id: string,
    version: number,
  ): Promise<VersionSummary & { document: unknown }> {
    const [row] = await this.db.query<(VersionSummary & { document: unknown })[]>(
      `SELECT id, version, published_at AS "publishedAt", published_by AS "publishedBy", document
         FROM process_definition_version WHERE definition_id = $1 AND county_id = $2 AND version = $3`,
      [id, this.county(principal), version],
    );
    if (!row) throw new NotFoundException('Process definition version');
    return row;
  }

  private county(principal: Principal): string | null {
    return principal.countyId;
  }

  private mustDesign(principal: Principal): void {
    if (!principal.countyId || !hasRole(principal, 'county_admin', 'org_department')) {
      throw new ForbiddenException(
        'Only county administrators and organisation-department staff design processes',
      );
    }
  }
}
