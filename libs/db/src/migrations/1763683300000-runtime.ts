import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The durable runtime: roles, sessions, definitions and versions, campaigns, instances, tasks,
 * timers, the append-only instance history and audit log, and the outbox.
 */
export class Runtime1763683300000 implements MigrationInterface {
  name = 'Runtime1763683300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE role_assignment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        county_id uuid,
        org_unit_id uuid REFERENCES org_unit(id),
        role varchar(32) NOT NULL CHECK (role IN ('province_admin','county_admin','org_department',
          'township_secretary','village_secretary','rater','supervisor')),
        rater_group varchar(64),
        valid_from timestamptz,
        valid_to timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON COLUMN role_assignment.org_unit_id IS 'root of the subtree the role applies to'`,
    );
    await q.query(`CREATE INDEX role_assignment_user_idx ON role_assignment (user_id)`);
    await q.query(`CREATE INDEX role_assignment_org_idx ON role_assignment (org_unit_id, role)`);

    await q.query(`
      CREATE TABLE auth_session (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id),
        refresh_token_hash varchar(128) NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX auth_session_user_idx ON auth_session (user_id)`);

    await q.query(`
      CREATE TABLE process_definition (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        key varchar(100) NOT NULL,
        name_zh varchar(200) NOT NULL,
        name_en varchar(200) NOT NULL,
        draft jsonb NOT NULL,
        latest_version int NOT NULL DEFAULT 0,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON COLUMN process_definition.draft IS 'the editable definition document (engine schema)'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX process_definition_county_key_uq ON process_definition (county_id, key)`,
    );

    await q.query(`
      CREATE TABLE process_definition_version (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        definition_id uuid NOT NULL REFERENCES process_definition(id),
        county_id uuid NOT NULL,
        version int NOT NULL,
        document jsonb NOT NULL,
        published_by uuid,
        published_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (definition_id, version)
      )`);
    await q.query(
      `COMMENT ON TABLE process_definition_version IS 'immutable published versions; instances run on one'`,
    );

    await q.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        definition_version_id uuid NOT NULL REFERENCES process_definition_version(id),
        name varchar(200) NOT NULL,
        scope_org_id uuid NOT NULL REFERENCES org_unit(id),
        org_kinds text[] NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('launching','running','done','cancelled','failed')),
        total int NOT NULL DEFAULT 0,
        launched int NOT NULL DEFAULT 0,
        last_error text,
        starts_at timestamptz,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX campaign_county_idx ON campaign (county_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE process_instance (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        campaign_id uuid NOT NULL REFERENCES campaign(id),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        definition_version_id uuid NOT NULL REFERENCES process_definition_version(id),
        snapshot jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        status varchar(16) NOT NULL CHECK (status IN ('active','done','cancelled')),
        current_states text[] NOT NULL DEFAULT '{}',
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (campaign_id, org_unit_id)
      )`);
    await q.query(
      `COMMENT ON COLUMN process_instance.snapshot IS 'XState persisted snapshot (engine)'`,
    );
    await q.query(
      `COMMENT ON COLUMN process_instance.version IS 'bumped by every applied event (optimistic check)'`,
    );
    await q.query(
      `COMMENT ON COLUMN process_instance.current_states IS 'active step keys, for dashboards'`,
    );
    await q.query(
      `CREATE INDEX process_instance_county_idx ON process_instance (county_id, status)`,
    );

    await q.query(`
      CREATE TABLE task (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        campaign_id uuid NOT NULL,
        org_unit_id uuid NOT NULL,
        task_key varchar(300) NOT NULL,
        state_key varchar(300) NOT NULL,
        visit int NOT NULL DEFAULT 1,
        step_kind varchar(32) NOT NULL,
        title_zh varchar(200) NOT NULL,
        title_en varchar(200) NOT NULL,
        assignee_rule jsonb NOT NULL,
        candidate_roles text[] NOT NULL,
        candidate_org_id uuid,
        candidate_org_path text,
        candidate_match varchar(16) NOT NULL CHECK (candidate_match IN ('exact','children','subtree')),
        rater_groups text[],
        assignee_user_id uuid,
        status varchar(16) NOT NULL CHECK (status IN ('open','claimed','done','cancelled')),
        due_at timestamptz,
        overdue boolean NOT NULL DEFAULT false,
        escalation_level int NOT NULL DEFAULT 0,
        form_settings jsonb,
        escalation jsonb,
        form_data jsonb,
        close_reason varchar(16),
        completed_by uuid,
        opened_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(
      `COMMENT ON COLUMN task.candidate_match IS 'who may claim: role holders at candidate_org (exact), at its children, or whose subtree contains it'`,
    );
    await q.query(
      `COMMENT ON COLUMN task.candidate_org_path IS 'materialised path of candidate_org_id including itself'`,
    );
    await q.query(`CREATE INDEX task_instance_idx ON task (instance_id)`);
    await q.query(
      `CREATE INDEX task_open_candidate_idx ON task (candidate_org_id, status) WHERE status IN ('open','claimed')`,
    );
    await q.query(
      `CREATE INDEX task_open_assignee_idx ON task (assignee_user_id) WHERE status IN ('open','claimed')`,
    );
    await q.query(
      `CREATE INDEX task_open_due_idx ON task (county_id, due_at) WHERE status IN ('open','claimed')`,
    );
    await q.query(
      `CREATE INDEX task_open_path_idx ON task (candidate_org_path text_pattern_ops) WHERE status IN ('open','claimed')`,
    );

    await q.query(`
      CREATE TABLE timer (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        timer_key varchar(400) NOT NULL,
        task_key varchar(300),
        purpose varchar(16) NOT NULL,
        due_at timestamptz NOT NULL,
        status varchar(16) NOT NULL CHECK (status IN ('pending','fired','cancelled')),
        fired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE timer IS 'durable timers: the truth; BullMQ jobs and the poller only fire them'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX timer_pending_key_uq ON timer (instance_id, timer_key) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX timer_pending_due_idx ON timer (due_at) WHERE status = 'pending'`);

    await q.query(`
      CREATE TABLE instance_event (
        id bigserial PRIMARY KEY,
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        seq int NOT NULL,
        idempotency_key varchar(200) UNIQUE,
        event_type varchar(64) NOT NULL,
        event jsonb NOT NULL,
        actor_user_id uuid,
        from_states text[] NOT NULL,
        to_states text[] NOT NULL,
        effects jsonb NOT NULL,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (instance_id, seq)
      )`);
    await q.query(
      `COMMENT ON TABLE instance_event IS 'append-only history of every event applied to an instance'`,
    );
    await q.query(
      `COMMENT ON COLUMN instance_event.result IS 'the answer given to the caller, returned again on a replayed idempotency key'`,
    );

    await q.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        county_id uuid,
        actor_user_id uuid,
        action varchar(64) NOT NULL,
        target_type varchar(64) NOT NULL,
        target_id varchar(64),
        detail jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_log_county_idx ON audit_log (county_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        county_id uuid,
        kind varchar(32) NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        attempts int NOT NULL DEFAULT 0,
        last_error text
      )`);
    await q.query(`CREATE INDEX outbox_pending_idx ON outbox (id) WHERE dispatched_at IS NULL`);

    await q.query(`
      CREATE TABLE public_notice (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        subject varchar(32) NOT NULL,
        title_zh varchar(200) NOT NULL,
        title_en varchar(200) NOT NULL,
        body jsonb NOT NULL,
        published_at timestamptz NOT NULL,
        until timestamptz
      )`);
    await q.query(
      `COMMENT ON TABLE public_notice IS 'publicity (公示): readable without login while open'`,
    );
    await q.query(
      `CREATE INDEX public_notice_county_idx ON public_notice (county_id, published_at DESC)`,
    );

    // History and audit rows can be added, never changed or removed, whatever the SQL.
    await q.query(`
      CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['instance_event', 'audit_log']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_change()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'public_notice',
      'outbox',
      'audit_log',
      'instance_event',
      'timer',
      'task',
      'process_instance',
      'campaign',
      'process_definition_version',
      'process_definition',
      'auth_session',
      'role_assignment',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP FUNCTION refuse_change()`);
  }
}
