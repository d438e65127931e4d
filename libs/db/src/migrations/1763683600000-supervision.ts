import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision (督办): indexes for the dashboard's aggregate queries at province scale, who owns a
 * supervision record and what was done about it, and campaign-wide results notices (公示).
 */
export class Supervision1763683600000 implements MigrationInterface {
  name = 'Supervision1763683600000';

  async up(q: QueryRunner): Promise<void> {
    // Dashboard aggregates read every task of one campaign (funnel, on-time rate, heatmap).
    await q.query(
      `CREATE INDEX task_campaign_state_idx ON task (campaign_id, state_key, instance_id)`,
    );
    // The deadlines list of one campaign: open tasks by due time.
    await q.query(
      `CREATE INDEX task_open_campaign_due_idx ON task (campaign_id, due_at) WHERE status IN ('open','claimed')`,
    );
    // The heatmap takes each step's task of its latest visit; revisits are rare and found here.
    await q.query(
      `CREATE INDEX task_revisit_idx ON task (campaign_id, instance_id, task_key) WHERE visit > 1`,
    );
    await q.query(
      `CREATE INDEX process_instance_campaign_status_idx ON process_instance (campaign_id, status)`,
    );
    await q.query(
      `CREATE INDEX escalation_instance_idx ON escalation (instance_id, task_key) WHERE status = 'open'`,
    );

    await q.query(`ALTER TABLE escalation ADD COLUMN owner_user_id uuid REFERENCES app_user(id)`);
    await q.query(`ALTER TABLE escalation ADD COLUMN opened_by uuid REFERENCES app_user(id)`);
    await q.query(`ALTER TABLE escalation ADD COLUMN open_note text`);
    await q.query(
      `COMMENT ON COLUMN escalation.owner_user_id IS 'the supervisor following the record up (督办人); set by the first who acts on it'`,
    );
    await q.query(
      `COMMENT ON COLUMN escalation.opened_by IS 'who opened it by hand; null when the escalation ladder opened it'`,
    );

    await q.query(`
      CREATE TABLE escalation_action (
        id bigserial PRIMARY KEY,
        county_id uuid NOT NULL,
        escalation_id uuid NOT NULL REFERENCES escalation(id),
        actor_user_id uuid REFERENCES app_user(id),
        action varchar(16) NOT NULL
          CHECK (action IN ('opened','claimed','urged','extended','reassigned','moved','cancelled','closed')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE escalation_action IS 'what was done about a supervision record (督办单), in order'`,
    );
    await q.query(
      `CREATE INDEX escalation_action_escalation_idx ON escalation_action (escalation_id, id)`,
    );

    // A results notice covers a whole campaign, not one instance.
    await q.query(`ALTER TABLE public_notice ALTER COLUMN instance_id DROP NOT NULL`);
    await q.query(`ALTER TABLE public_notice ADD COLUMN campaign_id uuid REFERENCES campaign(id)`);
    await q.query(
      `COMMENT ON COLUMN public_notice.campaign_id IS 'set for campaign-wide results notices (then instance_id is null)'`,
    );
    await q.query(
      `CREATE INDEX public_notice_campaign_idx ON public_notice (campaign_id) WHERE campaign_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX public_notice_campaign_idx`);
    await q.query(`DELETE FROM public_notice WHERE instance_id IS NULL`);
    await q.query(`ALTER TABLE public_notice DROP COLUMN campaign_id`);
    await q.query(`ALTER TABLE public_notice ALTER COLUMN instance_id SET NOT NULL`);
    await q.query(`DROP TABLE escalation_action`);
    await q.query(`ALTER TABLE escalation DROP COLUMN open_note`);
    await q.query(`ALTER TABLE escalation DROP COLUMN opened_by`);
    await q.query(`ALTER TABLE escalation DROP COLUMN owner_user_id`);
    await q.query(`DROP INDEX escalation_instance_idx`);
    await q.query(`DROP INDEX process_instance_campaign_status_idx`);
    await q.query(`DROP INDEX task_revisit_idx`);
    await q.query(`DROP INDEX task_open_campaign_due_idx`);
    await q.query(`DROP INDEX task_campaign_state_idx`);
  }
}
