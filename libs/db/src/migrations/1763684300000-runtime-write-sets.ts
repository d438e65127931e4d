import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RuntimeWriteBatches1763684100000 } from './1763684100000-runtime-write-batches.js';
import { RuntimeWriteCompletions1763684200000 } from './1763684200000-runtime-write-completions.js';

/**
 * `runtime_write(jsonb)` in one function again (it called `runtime_write_events` after the
 * completions, copying the payload), and every write of a list one set statement joined through
 * the table's index: row by row a completion took six to eight statements, now a whole batch
 * takes about a dozen. Hash and merge joins are off inside the function, so the planner, which cannot size a
 * jsonb list, can no longer hash a whole table against it (the instance snapshots were so written:
 * a sequential scan of every instance per event while a county's table held a few thousand).
 */
export class RuntimeWriteSets1763684300000 implements MigrationInterface {
  name = 'RuntimeWriteSets1763684300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION runtime_write(jsonb)`);
    await q.query(`DROP FUNCTION runtime_write_events(jsonb)`);
    await q.query(`
      CREATE FUNCTION runtime_write(p jsonb)
      RETURNS TABLE (timer_id uuid, timer_instance_id uuid, timer_due_at timestamptz)
      LANGUAGE plpgsql
      -- Every list joins its table through the table's index, one probe per row: the planner
      -- cannot size a jsonb list (it guesses 100 rows) and, with statistics that lag or a small
      -- table, would hash the whole table instead.
      SET enable_hashjoin = off SET enable_mergejoin = off
      AS $fn$
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

        IF p ? 'completions' THEN
          UPDATE task t SET status = 'done', close_reason = 'completed', closed_at = ts,
                 completed_by = c.user_id, form_data = c.data,
                 assignee_user_id = COALESCE(t.assignee_user_id, c.user_id)
            FROM jsonb_to_recordset(p->'completions') AS c(task_id uuid, user_id uuid, data jsonb)
           WHERE t.id = c.task_id;
          -- Delegates (委派) still pending are withdrawn, and the saved drafts are done with.
          UPDATE task_participant tp SET status = 'withdrawn', done_at = ts
            FROM jsonb_to_recordset(p->'completions') AS c(task_id uuid)
           WHERE tp.task_id = c.task_id AND tp.kind = 'delegate' AND tp.status = 'pending';
          DELETE FROM task_draft d USING jsonb_to_recordset(p->'completions') AS c(task_id uuid)
           WHERE d.task_id = c.task_id;
        END IF;

        IF p ? 'updates' THEN
          UPDATE process_instance i SET snapshot = r.snapshot, version = r.version, status = r.status,
                 current_states = r.current_states, updated_at = ts,
                 ended_at = CASE WHEN r.status = 'done' THEN ts ELSE i.ended_at END
            FROM jsonb_populate_recordset(NULL::process_instance, p->'updates') r
           WHERE i.id = r.id;
        END IF;

        -- Closes and cancels before inserts: a re-entered step reopens its task and timer keys.
        -- A task closed twice in a batch keeps its first reason, as when closed one by one.
        IF p ? 'closes' THEN
          UPDATE task t SET status = CASE WHEN c.reason = 'completed' THEN 'done' ELSE 'cancelled' END,
                 close_reason = c.reason, closed_at = ts
            FROM (SELECT DISTINCT ON (x.instance_id, x.task_key) x.instance_id, x.task_key, x.reason
                    FROM ROWS FROM (jsonb_to_recordset(p->'closes') AS (instance_id uuid, task_key text, reason text))
                         WITH ORDINALITY AS x(instance_id, task_key, reason, n)
                   ORDER BY x.instance_id, x.task_key, x.n) c
           WHERE t.instance_id = c.instance_id AND t.task_key = c.task_key AND t.status IN ('open', 'claimed');
        END IF;

        IF p ? 'cancels' THEN
          UPDATE timer tm SET status = 'cancelled'
            FROM jsonb_to_recordset(p->'cancels') AS c(instance_id uuid, timer_key text)
           WHERE tm.status = 'pending' AND tm.instance_id = c.instance_id AND tm.timer_key = c.timer_key;
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

        -- The escalation ladder: open tasks of a step marked overdue (level 1) or escalated (2).
        IF p ? 'marks' THEN
          UPDATE task t SET overdue = true, escalation_level = GREATEST(t.escalation_level, m.level)
            FROM (SELECT x.instance_id, x.task_key, max(x.level) AS level
                    FROM jsonb_to_recordset(p->'marks') AS x(instance_id uuid, task_key text, level int)
                   GROUP BY x.instance_id, x.task_key) m
           WHERE t.instance_id = m.instance_id AND t.task_key = m.task_key AND t.status IN ('open', 'claimed');
        END IF;

        IF p ? 'escalations' THEN
          INSERT INTO escalation (county_id, instance_id, org_unit_id, task_key, state_key, due_at, opened_at)
          SELECT r.county_id, r.instance_id, r.org_unit_id, r.task_key, r.state_key, r.due_at, ts
            FROM jsonb_populate_recordset(NULL::escalation, p->'escalations') r;
        END IF;

        -- One notification per message and person its candidate rule resolves to (active users,
        -- roles valid now): the organisation itself, its children, or holders above it in the tree.
        IF p ? 'notifications' THEN
          INSERT INTO notification (county_id, user_id, reason, title_zh, title_en, instance_id, task_key, due_at, created_at)
          SELECT DISTINCT n.county_id, ra.user_id, n.reason, n.title_zh, n.title_en, n.instance_id, n.task_key, n.due_at, ts
            FROM jsonb_to_recordset(p->'notifications') AS n(
                   county_id uuid, reason text, title_zh text, title_en text, instance_id uuid,
                   task_key text, due_at timestamptz, roles text[], match text, org_id uuid, org_path text,
                   rater_groups text[])
            CROSS JOIN LATERAL (
                   SELECT n.org_id AS id WHERE n.match = 'exact'
                   UNION ALL
                   SELECT c.id FROM org_unit c WHERE n.match = 'children' AND c.parent_id = n.org_id
                   UNION ALL
                   -- The organisation and its ancestors: the ids of its path /county/township/village/.
                   SELECT a::uuid FROM unnest(string_to_array(btrim(n.org_path, '/'), '/')) a WHERE n.match = 'subtree'
                 ) o
            JOIN role_assignment ra ON ra.org_unit_id = o.id AND ra.role = ANY (n.roles)
                                   AND (ra.valid_from IS NULL OR ra.valid_from <= ts) AND (ra.valid_to IS NULL OR ra.valid_to > ts)
                                   AND (n.match <> 'subtree' OR n.rater_groups IS NULL OR ra.rater_group = ANY (n.rater_groups))
            JOIN app_user u ON u.id = ra.user_id AND u.active;
        END IF;
      END
      $fn$`);
    await q.query(
      `COMMENT ON FUNCTION runtime_write(jsonb) IS 'the writes of one runtime transaction (one event or a batch, completions included) in one round trip; returns the timers to arm'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The earlier pair, rebuilt by the migrations that made it (the first drops runtime_write).
    await q.query(`DROP FUNCTION runtime_write(jsonb)`);
    await q.query(
      `CREATE FUNCTION runtime_write(p jsonb) RETURNS void LANGUAGE sql AS $fn$ SELECT $fn$`,
    );
    await new RuntimeWriteBatches1763684100000().up(q);
    await new RuntimeWriteCompletions1763684200000().up(q);
  }
}
