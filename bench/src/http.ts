import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { JwtService } from '@nestjs/jwt';
import { CountySetupService, type ShupingApp } from '@shuping/api';
import { sampleStepData } from '@shuping/contracts';
import type { LoadResult, PlannedRequest } from './http-load.js';
import { cpuMeter, round } from './stats.js';

const run = promisify(execFile);

export interface HttpResult {
  villages: number;
  connections: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * CPU per request (ms) of the api (this process, with its workers), of the database server
   * (null when it is not on this machine) and of the load generator: where the machine's cores go.
   */
  cpuMsPerRequest: { api: number; database: number | null; load: number };
  /** Tasks found done afterwards, each completed by its own secretary. */
  completed: number;
}

interface FirstTask {
  id: string;
  step_kind: string;
  form_settings: unknown;
  user_id: string;
  session_id: string;
}

/**
 * Scenario 2: completions over HTTP under load from a second process. A campaign over a county
 * of its own is launched; every village has its secretary (one user, one role; made once per
 * county by {@link villageSecretaries}), who signs in afresh for the run (a new session each, so
 * no run finds the sessions of another in the api's cache), and each of them completes the
 * first task of their own village once — `POST /api/tasks/:id/complete` with their bearer token
 * and the step form's data — through the whole stack (auth guard, principal, validation, engine
 * step, commit). Throws when any request failed or a task was not completed by its secretary.
 */
export async function httpScenario(
  shuping: ShupingApp,
  countyId: string,
  campaignId: string,
  villages: number,
  connections: number,
): Promise<HttpResult> {
  const db = shuping.db.dataSource;
  // A session each, as a login would leave it (the refresh token itself is never used).
  const sessions = (await db.query(
    `INSERT INTO auth_session (user_id, refresh_token_hash, expires_at)
     SELECT u.id, encode(sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'hex'), now() + interval '1 day'
       FROM app_user u WHERE u.county_id = $1
     RETURNING id, user_id`,
    [countyId],
  )) as { id: string; user_id: string }[];
  const sessionOf = new Map(sessions.map((x) => [x.user_id, x.id]));
  // The first task of every village (撰写述职报告), offered to its secretary.
  const tasks = (
    (await db.query(
      `SELECT t.id, t.step_kind, t.form_settings, u.id AS user_id
         FROM task t
         JOIN role_assignment r ON r.county_id = t.county_id AND r.org_unit_id = t.candidate_org_id
                               AND r.role = ANY(t.candidate_roles)
         JOIN app_user u ON u.id = r.user_id
        WHERE t.campaign_id = $1 AND t.status = 'open' AND t.candidate_match = 'exact'`,
      [campaignId],
    )) as Omit<FirstTask, 'session_id'>[]
  ).map((t): FirstTask => ({ ...t, session_id: sessionOf.get(t.user_id) ?? '' }));
  if (tasks.length !== villages || tasks.some((t) => !t.session_id)) {
    throw new Error(`expected one open task per village (${villages}), found ${tasks.length}`);
  }

  const jwt = shuping.app.get(JwtService);
  const planned: PlannedRequest[] = await Promise.all(
    tasks.map(async (t) => ({
      taskId: t.id,
      // The claims AuthService signs at login: the user and their session.
      token: await jwt.signAsync({ sub: t.user_id, sid: t.session_id }),
      body: JSON.stringify({
        data: sampleStepData({ kind: t.step_kind, settings: t.form_settings }),
      }),
    })),
  );

  // The api listens from the first run on.
  const server = shuping.app.getHttpServer() as { listening: boolean };
  if (!server.listening) await shuping.app.listen(0, '127.0.0.1');
  const { port } = shuping.app.getHttpServer().address() as AddressInfo;
  const file = join(tmpdir(), `shuping-bench-http-${process.pid}.json`);
  // The file holds bearer tokens: readable by this user only, removed afterwards.
  writeFileSync(file, JSON.stringify(planned), { mode: 0o600 });
  let r: LoadResult;
  const meter = cpuMeter();
  let used: ReturnType<typeof meter>;
  try {
    const script = new URL('./http-load.js', import.meta.url).pathname;
    const { stdout } = await run(
      process.execPath,
      [script, `http://127.0.0.1:${port}`, file, String(connections)],
      { maxBuffer: 1 << 24 },
    );
    used = meter();
    r = JSON.parse(stdout) as LoadResult;
  } finally {
    rmSync(file, { force: true });
  }

  const [check] = (await db.query(
    `SELECT count(*) FILTER (WHERE t.status = 'done' AND t.completed_by = x.user_id)::int AS n
       FROM task t JOIN unnest($1::uuid[], $2::uuid[]) AS x(task_id, user_id) ON x.task_id = t.id`,
    [tasks.map((t) => t.id), tasks.map((t) => t.user_id)],
  )) as [{ n: number }];

  const result: HttpResult = {
    villages,
    connections,
    requests: r.requests,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    seconds: round(r.seconds, 2),
    requestsPerSecond: round(r.requestsPerSecond),
    p50Ms: r.latency.p50,
    p90Ms: r.latency.p90,
    p99Ms: r.latency.p99,
    maxMs: r.latency.max,
    cpuMsPerRequest: {
      api: round(used.processMicros / 1000 / r.requests, 2),
      database:
        used.databaseSeconds === null ? null : round((used.databaseSeconds * 1000) / r.requests, 2),
      load: round(r.cpuMicros / 1000 / r.requests, 2),
    },
    completed: check.n,
  };
  if (
    r.non2xx > 0 ||
    r.errors > 0 ||
    r.requests !== tasks.length ||
    r.issued !== tasks.length ||
    check.n !== tasks.length
  ) {
    throw new Error(
      `HTTP scenario failed: ${JSON.stringify(result)}; first failures: ${JSON.stringify(r.failures)}`,
    );
  }
  return result;
}

/**
 * One village secretary per village of the county (user and role), written in bulk: the first
 * through the product's own user creation, the others with the same password hash. Returns the
 * number of villages.
 */
export async function villageSecretaries(
  shuping: ShupingApp,
  countyId: string,
  password: string,
): Promise<number> {
  const db = shuping.db.dataSource;
  const [first] = (await db.query(
    `SELECT id, code, name FROM org_unit WHERE county_id = $1 AND kind = 'village' ORDER BY code LIMIT 1`,
    [countyId],
  )) as [{ id: string; code: string; name: string }];
  const firstUser = await shuping.app.get(CountySetupService).createUser({
    username: first.code.toLowerCase(),
    displayName: `${first.name}书记`,
    password,
    countyId,
    orgUnitId: first.id,
    roles: [{ role: 'village_secretary', orgUnitId: first.id }],
  });
  await db.query(
    `INSERT INTO app_user (county_id, org_unit_id, username, display_name, password_hash)
     SELECT $1, o.id, lower(o.code), o.name || '书记', (SELECT password_hash FROM app_user WHERE id = $2)
       FROM org_unit o WHERE o.county_id = $1 AND o.kind = 'village' AND o.id <> $3`,
    [countyId, firstUser, first.id],
  );
  await db.query(
    `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role)
     SELECT u.id, $1, u.org_unit_id, 'village_secretary' FROM app_user u WHERE u.county_id = $1 AND u.id <> $2`,
    [countyId, firstUser],
  );
  const [users] = (await db.query(`SELECT count(*)::int AS n FROM app_user WHERE county_id = $1`, [
    countyId,
  ])) as [{ n: number }];
  return users.n;
}
