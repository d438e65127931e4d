import type { MigrationInterface, QueryRunner } from 'typeorm';

/** In-app notifications, escalation records (督办单), urging, and outbound webhooks. */
export class NotificationsEscalations1763683400000 implements MigrationInterface {
  name = 'NotificationsEscalations1763683400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE task ADD COLUMN last_urged_at timestamptz`);
    await q.query(
      `COMMENT ON COLUMN task.last_urged_at IS 'last urging (催办); urging is rate-limited per task'`,
    );

    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        reason varchar(16) NOT NULL CHECK (reason IN ('reminder','overdue','escalated','action','urge')),
        title_zh varchar(300) NOT NULL,
        title_en varchar(300) NOT NULL,
        instance_id uuid REFERENCES process_instance(id),
        task_key varchar(300),
        due_at timestamptz,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`,
    );

    await q.query(`
      CREATE TABLE escalation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        task_key varchar(300),
        state_key varchar(300) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        due_at timestamptz,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        closed_by uuid,
        close_note text
      )`);
    await q.query(
      `COMMENT ON TABLE escalation IS 'supervision records (督办单) opened when a step stays overdue past its grace period'`,
    );
    await q.query(
      `CREATE INDEX escalation_county_idx ON escalation (county_id, status, opened_at)`,
    );

    await q.query(`
      CREATE TABLE webhook_subscription (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        url text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        subscription_id uuid NOT NULL REFERENCES webhook_subscription(id),
        outbox_id bigint NOT NULL,
        payload jsonb NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending','delivered','dead')),
        attempts int NOT NULL DEFAULT 0,
        last_error text,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz,
        UNIQUE (subscription_id, outbox_id)
      )`);
    await q.query(
      `COMMENT ON COLUMN webhook_delivery.status IS 'dead: gave up after the retry limit (dead letter, visible to admins)'`,
    );
    await q.query(
      `CREATE INDEX webhook_delivery_pending_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE webhook_delivery`);
    await q.query(`DROP TABLE webhook_subscription`);
    await q.query(`DROP TABLE escalation`);
    await q.query(`DROP TABLE notification`);
    await q.query(`ALTER TABLE task DROP COLUMN last_urged_at`);
  }
}
