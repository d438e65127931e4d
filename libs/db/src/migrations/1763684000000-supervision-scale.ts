import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision at province scale (a million tasks of a campaign, 400,000 of them open): the open
 * tasks of an organisation by due time, for the lists of a township's supervisor; and the open
 * tasks of a campaign by due time carrying what the county-wide overdue counts read (tenant and
 * organisation), so that those counts are index-only scans.
 */
export class SupervisionScale1763684000000 implements MigrationInterface {
  name = 'SupervisionScale1763684000000';

  async up(q: QueryRunner): Promise<void> {
    // A township's overdue list: its organisations by path prefix, then their open tasks.
    await q.query(
      `CREATE INDEX task_open_org_due_idx ON task (org_unit_id, due_at) WHERE status IN ('open','claimed')`,
    );
    // The deadlines list's total and the overview's overdue tasks by township, over a county.
    await q.query(`DROP INDEX task_open_campaign_due_idx`);
    await q.query(
      `CREATE INDEX task_open_campaign_due_idx ON task (campaign_id, due_at) INCLUDE (county_id, org_unit_id)
        WHERE status IN ('open','claimed')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX task_open_campaign_due_idx`);
    await q.query(
      `CREATE INDEX task_open_campaign_due_idx ON task (campaign_id, due_at) WHERE status IN ('open','claimed')`,
    );
    await q.query(`DROP INDEX task_open_org_due_idx`);
  }
}
