import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Statistics on the township an organisation lies in (part 3 of its path, `/county/township/…/`).
 * The dashboards group a county's tasks by it (the heatmap's townships, the overview's overdue
 * townships); without them PostgreSQL takes every path for a group of its own and sorts a
 * million tasks where it could hash them into a few hundred groups.
 */
export class TownshipStatistics1763684400000 implements MigrationInterface {
  name = 'TownshipStatistics1763684400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE STATISTICS org_unit_township ON (split_part(path, '/', 3)) FROM org_unit`,
    );
    await q.query(`ANALYZE org_unit`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP STATISTICS org_unit_township`);
  }
}
