import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OrgKind, Role } from '@shuping/db';
import { validateDefinition } from '@shuping/engine';
import { DataSource, type EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password.util.js';

/** An organisation to create, with its children. */
export interface OrgSpec {
  kind: OrgKind;
  code: string;
  name: string;
  children?: OrgSpec[];
}

export interface CreatedOrg {
  id: string;
  code: string;
  name: string;
  kind: OrgKind;
  path: string;
  parentId: string | null;
}

export interface UserSpec {
  username: string;
  displayName: string;
  password: string;
  countyId: string | null;
  orgUnitId: string | null;
  roles: { role: Role; orgUnitId: string | null; raterGroup?: string }[];
}

/** A built-in template file from `workflows/`. */
export interface TemplateFile {
  file: string;
  document: Record<string, unknown>;
}

/**
 * Creates counties, their organisation trees, people and roles, and installs the built-in
 * templates. Used by the demo data, by county setup, and by tests (one code path for all).
 */
@Injectable()
export class CountySetupService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Creates a county and its whole tree in one transaction; returns every organisation by code. */
  async createCounty(spec: OrgSpec): Promise<Map<string, CreatedOrg>> {
    return this.db.transaction(async (manager) => {
      const created = new Map<string, CreatedOrg>();
      const [{ id: countyId }] = (await manager.query<{ id: string }[]>(
        `SELECT gen_random_uuid() AS id`,
      )) as [{ id: string }];
      await this.insertOrg(manager, countyId, spec, null, created, countyId);
      return created;
    });
  }

  private async insertOrg(
    manager: EntityManager,
    countyId: string,
    spec: OrgSpec,
    parent: CreatedOrg | null,
    created: Map<string, CreatedOrg>,
    fixedId?: string,
  ): Promise<void> {
    const [row] = await manager.query<{ id: string }[]>(
      `INSERT INTO org_unit (id, county_id, parent_id, kind, code, name, path, depth)
       VALUES (COALESCE($1, gen_random_uuid()), $2, $3, $4, $5, $6, '', $7) RETURNING id`,
      [
        fixedId ?? null,
        countyId,
        parent?.id ?? null,
        spec.kind,
        spec.code,
        spec.name,
        parent ? parent.path.split('/').length - 2 : 0,
      ],
    );
    const id = row.id;
    const path = `${parent?.path ?? '/'}${id}/`;
    await manager.query(`UPDATE org_unit SET path = $2 WHERE id = $1`, [id, path]);
    const org: CreatedOrg = {
      id,
      code: spec.code,
      name: spec.name,
      kind: spec.kind,
      path,
      parentId: parent?.id ?? null,
    };
    created.set(spec.code, org);
    for (const child of spec.children ?? [])
      await this.insertOrg(manager, countyId, child, org, created);
  }

  async createUser(spec: UserSpec): Promise<string> {
    const hash = await hashPassword(spec.password);
    return this.db.transaction(async (manager) => {
      const [user] = await manager.query<{ id: string }[]>(
        `INSERT INTO app_user (county_id, org_unit_id, username, display_name, password_hash)
         VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [spec.countyId, spec.orgUnitId, spec.username, spec.displayName, hash],
      );
      for (const role of spec.roles) {
        await manager.query(
          `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role, rater_group) VALUES ($1, $2, $3, $4, $5)`,
          [user.id, spec.countyId, role.orgUnitId, role.role, role.raterGroup ?? null],
        );
      }
      return user.id;
    });
  }

  /** The built-in templates (every `*.json` in the folder), each checked by the engine. */
  static readTemplates(dir: string): TemplateFile[] {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => {
        const document = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<
          string,
          unknown
        >;
        const issues = validateDefinition(document);
        if (issues.length > 0)
          throw new Error(`Template ${file} is invalid: ${issues.map((i) => i.code).join(', ')}`);
        return { file, document };
      });
  }

  /** Installs templates as the county's definitions, each published as version 1. */
  async installTemplates(
    countyId: string,
    templates: TemplateFile[],
    actorUserId: string | null = null,
  ): Promise<Map<string, string>> {
    const ids = new Map<string, string>();
    await this.db.transaction(async (manager) => {
      for (const { document } of templates) {
        const key = String(document.id);
        const name = document.name as { zh: string; en: string };
        const [definition] = await manager.query<{ id: string }[]>(
          `INSERT INTO process_definition (county_id, key, name_zh, name_en, draft, latest_version, created_by)
           VALUES ($1, $2, $3, $4, $5, 1, $6) RETURNING id`,
          [countyId, key, name.zh, name.en, JSON.stringify(document), actorUserId],
        );
        await manager.query(
          `INSERT INTO process_definition_version (definition_id, county_id, version, document, published_by)
           VALUES ($1, $2, 1, $3, $4)`,
          [definition.id, countyId, JSON.stringify(document), actorUserId],
        );
        ids.set(key, definition.id);
      }
    });
    return ids;
  }
}
