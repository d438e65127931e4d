import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `runtime_write(jsonb)`: everything one runtime transaction writes (the completed task with its
 * delegates and draft, the instance snapshot, closed tasks, cancelled timers, new tasks, timers, history, outbox and
 * notices) in one round trip, in a fixed order. The payload's rows are named by column (a
 * table's key is left out when it has no rows); ids are made by the application, so nothing needs to be read back except the timers to arm.
 */
export class RuntimeWrite1763683900000 implements MigrationInterface {
  name = 'RuntimeWrite1763683900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION runtime_write(p jsonb)
      RETURNS TABLE (timer_id uuid, timer_instance_id uuid, timer_due_at timestamptz)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        ts timestamptz := (p->>'now')::timestamptz;
      BEGIN
        IF p ? 'instances' THEN
          INSERT INTO process_instance (id, county_id, campaign_id, org_unit_id, definition_version_id, snapshot,
                                        version, status, current_states, started_at, updated_at, ended_at)
          SELECT r.id, r.county_id, r.campaign_id, r.org_unit_id, r.definition_version_id, r.snapshot,
                 r.version, r.status, r.current_states, r.started_at, r.updated_at, r.ended_at
            FROM jsonb_populate_recordset(NULL::process_instance, p->'instances') r;
        END IF;

        IF p ? 'completion' THEN
          UPDATE task SET status = 'done', close_reason = 'completed', closed_at = ts,
                 completed_by = (p#>>'{completion,user_id}')::uuid, form_data = p#>'{completion,data}',
                 assignee_user_id = COALESCE(assignee_user_id, (p#>>'{completion,user_id}')::uuid)
           WHERE id = (p#>>'{completion,task_id}')::uuid;
          -- Delegates (委派) still pending are withdrawn, and the saved draft is done with.
          UPDATE task_participant SET status = 'withdrawn', done_at = ts
           WHERE task_id = (p#>>'{completion,task_id}')::uuid AND kind = 'delegate' AND status = 'pending';
          DELETE FROM task_draft WHERE task_id = (p#>>'{completion,task_id}')::uuid;
        END IF;

        IF p ? 'instance' THEN
          UPDATE process_instance i SET snapshot = r.snapshot, version = r.version, status = r.status,
                 current_states = r.current_states, updated_at = ts,
                 ended_at = CASE WHEN r.status = 'done' THEN ts ELSE i.ended_at END
            FROM jsonb_populate_record(NULL::process_instance, p->'instance') r
           WHERE i.id = r.id;
        END IF;

        -- Closes and cancels before inserts: a re-entered step reopens its task and timer keys.
        IF p ? 'closes' THEN
          UPDATE task t SET status = CASE WHEN c.reason = 'completed' THEN 'done' ELSE 'cancelled' END,
                 close_reason = c.reason, closed_at = ts
            FROM jsonb_to_recordset(p->'closes') AS c(instance_id uuid, task_key text, reason text)
           WHERE t.instance_id = c.instance_id AND t.task_key = c.task_key AND t.status IN ('open', 'claimed');
        END IF;

        IF p ? 'cancels' THEN
          UPDATE timer t SET status = 'cancelled'
            FROM jsonb_to_recordset(p->'cancels') AS c(instance_id uuid, timer_key text)
           WHERE t.status = 'pending' AND t.instance_id = c.instance_id AND t.timer_key = c.timer_key;
        END IF;

        IF p ? 'tasks' THEN
          INSERT INTO task (id, county_id, instance_id, campaign_id, org_unit_id, task_key, state_key, visit, step_kind,
                            title_zh, title_en, assignee_rule, candidate_roles, candidate_org_id, candidate_org_path,
                            candidate_match, rater_groups, status, due_at, form_settings, escalation, opened_at)
          SELECT r.id, r.county_id, r.instance_id, r.campaign_id, r.org_unit_id, r.task_key, r.state_key, r.visit, r.step_kind,
                 r.title_zh, r.title_en, r.assignee_rule, r.candidate_roles, r.candidate_org_id, r.candidate_org_path,
                 r.candidate_match, r.rater_groups, r.status, r.due_at, r.form_settings, r.escalation, r.opened_at
            FROM jsonb_populate_recordset(NULL::task, p->'tasks') r;
        END IF;

        IF p ? 'timers' THEN
          RETURN QUERY
          INSERT INTO timer (county_id, instance_id, timer_key, task_key, purpose, due_at, status, created_at)
          SELECT r.county_id, r.instance_id, r.timer_key, r.task_key, r.purpose, r.due_at, r.status, r.created_at
            FROM jsonb_populate_recordset(NULL::timer, p->'timers') r
          RETURNING timer.id, timer.instance_id, timer.due_at;
        END IF;

        IF p ? 'events' THEN
          INSERT INTO instance_event (county_id, instance_id, seq, idempotency_key, event_type, event, actor_user_id,
                                      from_states, to_states, effects, result, created_at)
          SELECT r.county_id, r.instance_id, r.seq, r.idempotency_key, r.event_type, r.event, r.actor_user_id,
                 r.from_states, r.to_states, r.effects, r.result, r.created_at
            FROM jsonb_populate_recordset(NULL::instance_event, p->'events') r;
        END IF;

        IF p ? 'outbox' THEN
          INSERT INTO outbox (county_id, kind, payload, created_at)
          SELECT r.county_id, r.kind, r.payload, r.created_at
            FROM jsonb_populate_recordset(NULL::outbox, p->'outbox') r;
        END IF;

        IF p ? 'notices' THEN
          INSERT INTO public_notice (county_id, instance_id, org_unit_id, subject, title_zh, title_en, body, published_at, until)
          SELECT r.county_id, r.instance_id, r.org_unit_id, r.subject, r.title_zh, r.title_en, r.body, r.published_at, r.until
            FROM jsonb_populate_recordset(NULL::public_notice, p->'notices') r;
        END IF;
      END
      $fn$`);
    await q.query(
      `COMMENT ON FUNCTION runtime_write(jsonb) IS 'one runtime transaction''s writes in one round trip; returns the timers to arm'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION runtime_write(jsonb)`);
  }
}
