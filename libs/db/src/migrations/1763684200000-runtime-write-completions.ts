import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `runtime_write(jsonb)` for completions written together (group commit): the completed tasks
 * come as a list (`completions`, one row per task: who completed it and the form data), so the
 * completions of many instances commit in one transaction and one round trip. The earlier body
 * stays as `runtime_write_events(jsonb)`, which the new function calls after the completions.
 */
export class RuntimeWriteCompletions1763684200000 implements MigrationInterface {
  name = 'RuntimeWriteCompletions1763684200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER FUNCTION runtime_write(jsonb) RENAME TO runtime_write_events`);
    await q.query(`
      CREATE FUNCTION runtime_write(p jsonb)
      RETURNS TABLE (timer_id uuid, timer_instance_id uuid, timer_due_at timestamptz)
      LANGUAGE plpgsql AS $fn$
      DECLARE
        ts timestamptz := (p->>'now')::timestamptz;
        row_ record;
      BEGIN
        -- Row by row, each by its primary key or index (see RuntimeWriteBatches on set joins).
        IF p ? 'completions' THEN
          FOR row_ IN SELECT * FROM jsonb_to_recordset(p->'completions') AS c(task_id uuid, user_id uuid, data jsonb) LOOP
            UPDATE task SET status = 'done', close_reason = 'completed', closed_at = ts,
                   completed_by = row_.user_id, form_data = row_.data,
                   assignee_user_id = COALESCE(assignee_user_id, row_.user_id)
             WHERE id = row_.task_id;
            -- Delegates (委派) still pending are withdrawn, and the saved draft is done with.
            UPDATE task_participant SET status = 'withdrawn', done_at = ts
             WHERE task_id = row_.task_id AND kind = 'delegate' AND status = 'pending';
            DELETE FROM task_draft WHERE task_id = row_.task_id;
          END LOOP;
        END IF;
        RETURN QUERY SELECT * FROM runtime_write_events(p - 'completions');
      END
      $fn$`);
    await q.query(
      `COMMENT ON FUNCTION runtime_write(jsonb) IS 'the writes of one runtime transaction (one event or a batch, completions included) in one round trip; returns the timers to arm'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION runtime_write(jsonb)`);
    await q.query(`ALTER FUNCTION runtime_write_events(jsonb) RENAME TO runtime_write`);
  }
}
