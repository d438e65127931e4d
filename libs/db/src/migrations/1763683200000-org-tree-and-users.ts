import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The organisation tree (county → township/street → village/community, departments) and users. */
export class OrgTreeAndUsers1763683200000 implements MigrationInterface {
  name = 'OrgTreeAndUsers1763683200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        parent_id uuid REFERENCES org_unit(id),
        kind varchar(16) NOT NULL
          CHECK (kind IN ('county','township','street','village','community','department')),
        code varchar(64) NOT NULL,
        name varchar(128) NOT NULL,
        path text NOT NULL,
        depth int NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active','closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON COLUMN org_unit.path IS 'ancestor ids /county/township/village/; subtree = prefix match'`,
    );
    await q.query(`CREATE UNIQUE INDEX org_unit_county_code_uq ON org_unit (county_id, code)`);
    await q.query(`CREATE INDEX org_unit_parent_idx ON org_unit (parent_id)`);
    await q.query(`CREATE INDEX org_unit_path_idx ON org_unit (path text_pattern_ops)`);
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid,
        org_unit_id uuid REFERENCES org_unit(id),
        username varchar(64) NOT NULL UNIQUE,
        display_name varchar(64) NOT NULL,
        phone varchar(32),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        failed_login_count int NOT NULL DEFAULT 0,
        locked_until timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX app_user_county_idx ON app_user (county_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_user`);
    await q.query(`DROP TABLE org_unit`);
  }
}
