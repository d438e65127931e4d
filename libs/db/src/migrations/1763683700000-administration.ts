import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROLES_BEFORE = `'province_admin','county_admin','org_department','township_secretary','village_secretary','rater','supervisor'`;

/**
 * Administration: one-time passwords that must be changed, role history (who granted it, stand-ins),
 * links (联系点) between leaders and organisations, county calendar overrides, and indexes for
 * searching the audit trail.
 */
export class Administration1763683700000 implements MigrationInterface {
  name = 'Administration1763683700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE app_user ADD COLUMN must_change_password boolean NOT NULL DEFAULT false`,
    );
    await q.query(
      `COMMENT ON COLUMN app_user.must_change_password IS 'set by invitations and resets (one-time password): every route but the password change refuses until it is changed'`,
    );
    await q.query(
      `COMMENT ON COLUMN app_user.password_hash IS 'scrypt$N$r$p$salt$hash; ''!'' = no password issued yet (imported account): logging in always fails'`,
    );

    // Links (联系点): county leaders linked to townships, township cadres to villages.
    await q.query(`
      CREATE TABLE org_link (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('county_leader','township_cadre')),
        title varchar(64),
        valid_from timestamptz NOT NULL DEFAULT now(),
        valid_to timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        ended_by uuid
      )`);
    await q.query(
      `COMMENT ON TABLE org_link IS 'contact points (联系点): a leader linked to an organisation; ended links are kept (valid_to)'`,
    );
    await q.query(
      `COMMENT ON COLUMN org_link.kind IS 'county_leader: a county leader linked to a township/street; township_cadre: a township cadre linked to a village/community'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX org_link_current_uq ON org_link (org_unit_id, user_id) WHERE valid_to IS NULL`,
    );
    await q.query(`CREATE INDEX org_link_county_idx ON org_link (county_id, org_unit_id)`);
    await q.query(`CREATE INDEX org_link_user_idx ON org_link (user_id)`);

    // Role history: who granted a role, stand-ins, and the link a linked_leader role comes from.
    await q.query(`ALTER TABLE role_assignment DROP CONSTRAINT role_assignment_role_check`);
    await q.query(
      `ALTER TABLE role_assignment ADD CONSTRAINT role_assignment_role_check CHECK (role IN (${ROLES_BEFORE},'linked_leader'))`,
    );
    await q.query(
      `ALTER TABLE role_assignment ADD COLUMN stand_in_for uuid REFERENCES app_user(id)`,
    );
    await q.query(`ALTER TABLE role_assignment ADD COLUMN link_id uuid REFERENCES org_link(id)`);
    await q.query(`ALTER TABLE role_assignment ADD COLUMN note varchar(200)`);
    await q.query(`ALTER TABLE role_assignment ADD COLUMN created_by uuid`);
    await q.query(`ALTER TABLE role_assignment ADD COLUMN ended_by uuid`);
    await q.query(
      `COMMENT ON COLUMN role_assignment.stand_in_for IS 'temporary stand-in (代理): the absent person whose role this is, for valid_from..valid_to'`,
    );
    await q.query(
      `COMMENT ON COLUMN role_assignment.link_id IS 'for role linked_leader: the org_link it mirrors (ended together)'`,
    );
    await q.query(
      `COMMENT ON COLUMN role_assignment.valid_to IS 'end of the role; assignments are ended, never deleted, so history keeps who held a role when'`,
    );
    await q.query(
      `CREATE INDEX role_assignment_stand_in_idx ON role_assignment (stand_in_for) WHERE stand_in_for IS NOT NULL`,
    );

    // County overrides of the national working calendar.
    await q.query(`
      CREATE TABLE county_calendar_day (
        county_id uuid NOT NULL,
        day date NOT NULL,
        kind varchar(8) NOT NULL CHECK (kind IN ('holiday','workday')),
        note varchar(200),
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (county_id, day)
      )`);
    await q.query(
      `COMMENT ON TABLE county_calendar_day IS 'county overrides of the national calendar (chinese-days) used by working-day deadlines'`,
    );

    // Searching the audit trail: process history by county and time, admin actions by actor.
    await q.query(
      `CREATE INDEX instance_event_county_idx ON instance_event (county_id, created_at DESC)`,
    );
    await q.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX audit_log_actor_idx`);
    await q.query(`DROP INDEX instance_event_county_idx`);
    await q.query(`DROP TABLE county_calendar_day`);
    await q.query(`DELETE FROM role_assignment WHERE role = 'linked_leader'`);
    for (const column of ['ended_by', 'created_by', 'note', 'link_id', 'stand_in_for']) {
      await q.query(`ALTER TABLE role_assignment DROP COLUMN ${column}`);
    }
    await q.query(`ALTER TABLE role_assignment DROP CONSTRAINT role_assignment_role_check`);
    await q.query(
      `ALTER TABLE role_assignment ADD CONSTRAINT role_assignment_role_check CHECK (role IN (${ROLES_BEFORE}))`,
    );
    await q.query(`DROP TABLE org_link`);
    await q.query(`COMMENT ON COLUMN app_user.password_hash IS NULL`);
    await q.query(`ALTER TABLE app_user DROP COLUMN must_change_password`);
  }
}
