import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isProvinceAdmin, type Principal } from '../auth/principal.js';

export interface OrgUnitView {
  id: string;
  parentId: string | null;
  kind: string;
  code: string;
  name: string;
  depth: number;
  status: string;
}

@Injectable()
export class OrgUnitsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every organisation under one of the caller's roles, ordered as a tree. */
  async list(principal: Principal): Promise<OrgUnitView[]> {
    const params: unknown[] = [];
    let where = 'TRUE';
    if (!isProvinceAdmin(principal)) {
      const paths = principal.roles.map((r) => r.orgPath).filter((p): p is string => p !== null);
      if (paths.length === 0) return [];
      params.push(
        principal.countyId,
        paths.map((p) => `${p}%`),
      );
      where = `county_id = $1 AND path LIKE ANY($2)`;
    }
    return this.db.query<OrgUnitView[]>(
      `SELECT id, parent_id AS "parentId", kind, code, name, depth, status
         FROM org_unit WHERE ${where} ORDER BY path`,
      params,
    );
  }

  /** The organisation with its path, if it is in the caller's county. */
  async findInCounty(
    principal: Principal,
    id: string,
  ): Promise<{ id: string; path: string; countyId: string } | null> {
    const params: unknown[] = [id];
    const tenant = isProvinceAdmin(principal) ? '' : ` AND county_id = $2`;
    if (tenant) params.push(principal.countyId);
    const [row] = await this.db.query<{ id: string; path: string; countyId: string }[]>(
      `SELECT id, path, county_id AS "countyId" FROM org_unit WHERE id = $1${tenant}`,
      params,
    );
    return row ?? null;
  }
}
