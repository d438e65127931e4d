import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work inbox and the step forms: task drafts and participants (委派、加签、抄送), attachments,
 * topic selection (群众点题: rounds, proposals, votes), ballots (测评), questions, commitments and
 * their ledger (台账), rectification items (三张清单) and objections to public notices (公示异议).
 */
export class InboxForms1763683500000 implements MigrationInterface {
  name = 'InboxForms1763683500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE task_draft (
        task_id uuid PRIMARY KEY REFERENCES task(id),
        data jsonb NOT NULL,
        updated_by uuid NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE task_draft IS 'form data saved before submission (shared by the owner and a delegate)'`,
    );

    await q.query(`
      CREATE TABLE task_participant (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        task_id uuid NOT NULL REFERENCES task(id),
        user_id uuid NOT NULL REFERENCES app_user(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('delegate','coHandler','copy')),
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','withdrawn')),
        note varchar(500),
        opinion varchar(1000),
        agree boolean,
        added_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      )`);
    await q.query(
      `COMMENT ON TABLE task_participant IS 'delegate (委派: works the task, then hands it back), coHandler (加签: must sign before completion), copy (抄送: reads)'`,
    );
    await q.query(
      `CREATE UNIQUE INDEX task_participant_pending_uq ON task_participant (task_id, user_id, kind) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX task_participant_user_idx ON task_participant (user_id, kind)`);
    await q.query(`CREATE INDEX audit_log_target_idx ON audit_log (target_type, target_id)`);

    await q.query(`
      CREATE TABLE attachment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        task_id uuid NOT NULL REFERENCES task(id),
        uploaded_by uuid NOT NULL,
        file_name varchar(200) NOT NULL,
        mime_type varchar(100) NOT NULL,
        size_bytes int NOT NULL,
        sha256 char(64) NOT NULL,
        content bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON COLUMN attachment.mime_type IS 'decided by the server from the file signature, never taken from the client'`,
    );
    await q.query(`CREATE INDEX attachment_task_idx ON attachment (task_id)`);

    await q.query(`
      CREATE TABLE topic_round (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        task_id uuid NOT NULL UNIQUE REFERENCES task(id),
        org_unit_id uuid NOT NULL REFERENCES org_unit(id),
        salt varchar(64) NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
        closes_at timestamptz,
        chosen_proposal_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz
      )`);
    await q.query(
      `COMMENT ON COLUMN topic_round.salt IS 'secret of the round: phone / ID numbers are stored only as sha256(salt || number)'`,
    );
    await q.query(`
      CREATE TABLE topic_proposal (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        round_id uuid NOT NULL REFERENCES topic_round(id),
        text varchar(500) NOT NULL,
        category varchar(64),
        status varchar(16) NOT NULL DEFAULT 'new' CHECK (status IN ('new','accepted','rejected','merged')),
        merged_into uuid REFERENCES topic_proposal(id),
        source varchar(16) NOT NULL CHECK (source IN ('public','staff')),
        proposer_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid,
        UNIQUE (round_id, proposer_hash)
      )`);
    await q.query(
      `COMMENT ON COLUMN topic_proposal.proposer_hash IS 'one proposal per person per round; staff proposals get a random value'`,
    );
    await q.query(`
      CREATE TABLE topic_vote (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        round_id uuid NOT NULL REFERENCES topic_round(id),
        proposal_id uuid NOT NULL REFERENCES topic_proposal(id),
        voter_hash char(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (round_id, voter_hash)
      )`);
    await q.query(`CREATE INDEX topic_vote_proposal_idx ON topic_vote (proposal_id)`);

    await q.query(`
      CREATE TABLE rating_round (
        task_id uuid PRIMARY KEY REFERENCES task(id),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        subject_org_id uuid NOT NULL REFERENCES org_unit(id),
        direction varchar(16) NOT NULL CHECK (direction IN ('downward','upward')),
        salt varchar(64) NOT NULL,
        closed_at timestamptz,
        closed_by uuid,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE rating_round IS 'one round of ballots (测评) per rating task; result = aggregate submitted as the step data'`,
    );
    await q.query(`
      CREATE TABLE ballot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        task_id uuid NOT NULL REFERENCES rating_round(task_id),
        rater_group varchar(64) NOT NULL,
        dedup_hash char(64) NOT NULL,
        rater_user_id uuid,
        grade varchar(8) NOT NULL CHECK (grade IN ('好','较好','一般','差')),
        dimensions jsonb NOT NULL DEFAULT '{}',
        comment varchar(500),
        created_at timestamptz,
        UNIQUE (task_id, dedup_hash)
      )`);
    await q.query(
      `COMMENT ON COLUMN ballot.dedup_hash IS 'sha256(round salt || rater id): one ballot per rater per subject per round, without naming the rater'`,
    );
    await q.query(
      `COMMENT ON COLUMN ballot.rater_user_id IS 'only for attributable rater groups; NULL (and no created_at) when the group is anonymous'`,
    );

    await q.query(`
      CREATE TABLE question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        task_id uuid NOT NULL REFERENCES task(id),
        asked_by uuid NOT NULL,
        text varchar(1000) NOT NULL,
        answer text,
        answered_by uuid,
        answered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX question_task_idx ON question (task_id, created_at)`);

    await q.query(`
      CREATE TABLE commitment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        task_id uuid NOT NULL UNIQUE REFERENCES task(id),
        side varchar(16) NOT NULL CHECK (side IN ('self','superior')),
        text text NOT NULL,
        signed_by uuid,
        signed_at timestamptz,
        countersigned_by uuid,
        countersigned_at timestamptz,
        updated_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON COLUMN commitment.side IS 'self: the organisation commits to its superior; superior: the superior commits service to the organisation (two-way)'`,
    );
    await q.query(`
      CREATE TABLE ledger_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        commitment_id uuid NOT NULL REFERENCES commitment(id),
        kind varchar(16) NOT NULL CHECK (kind IN ('monthly','quarterly')),
        period varchar(16) NOT NULL,
        content varchar(500) NOT NULL,
        target varchar(300),
        progress int NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        seq int NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE ledger_item IS 'the ledger (台账) of a commitment: monthly tasks and quarterly goals'`,
    );
    await q.query(`CREATE INDEX ledger_item_commitment_idx ON ledger_item (commitment_id, seq)`);
    await q.query(`
      CREATE TABLE ledger_progress (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        item_id uuid NOT NULL REFERENCES ledger_item(id),
        progress int NOT NULL CHECK (progress BETWEEN 0 AND 100),
        note varchar(1000) NOT NULL,
        reported_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ledger_progress_item_idx ON ledger_progress (item_id, created_at)`);

    await q.query(`
      CREATE TABLE rectification_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        list varchar(16) NOT NULL CHECK (list IN ('problems','responsibilities','actions')),
        seq int NOT NULL,
        content varchar(1000) NOT NULL,
        owner varchar(64) NOT NULL,
        deadline date NOT NULL,
        evidence text,
        attachments uuid[] NOT NULL DEFAULT '{}',
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open','done','verified','rejected')),
        verified_by uuid,
        verified_at timestamptz,
        verify_note varchar(500),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE rectification_item IS 'the three lists (问题清单、责任清单、整改清单) of an instance, verified item by item by the superior'`,
    );
    await q.query(
      `CREATE INDEX rectification_item_instance_idx ON rectification_item (instance_id, list, seq)`,
    );

    await q.query(`
      CREATE TABLE objection (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        county_id uuid NOT NULL,
        notice_id uuid NOT NULL REFERENCES public_notice(id),
        instance_id uuid NOT NULL REFERENCES process_instance(id),
        text varchar(2000) NOT NULL,
        contact_hash char(64) NOT NULL,
        routed boolean NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (notice_id, contact_hash)
      )`);
    await q.query(
      `COMMENT ON COLUMN objection.routed IS 'whether the OBJECT event moved (or counted in) the instance; false when it was already under review'`,
    );
    await q.query(
      `COMMENT ON COLUMN objection.contact_hash IS 'sha256(secret of the notice || phone / ID number): one objection per person per notice'`,
    );
    await q.query(`
      CREATE TABLE public_secret (
        scope_id uuid PRIMARY KEY,
        salt varchar(64) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `COMMENT ON TABLE public_secret IS 'secret salt per public page (e.g. a notice) for hashing phone / ID numbers; never sent out'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'public_secret',
      'objection',
      'rectification_item',
      'ledger_progress',
      'ledger_item',
      'commitment',
      'question',
      'ballot',
      'rating_round',
      'topic_vote',
      'topic_proposal',
      'topic_round',
      'attachment',
      'task_participant',
      'task_draft',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP INDEX audit_log_target_idx`);
  }
}
