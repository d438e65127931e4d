import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ShupingApp } from '@shuping/api';
import { round } from './stats.js';

const run = promisify(execFile);

/**
 * Scenario 2: completions over HTTP under load from a second process. One user holds the
 * secretary role of every village, so every first task of the campaign is theirs to complete.
 */
export async function httpScenario(
  shuping: ShupingApp,
  countyId: string,
  campaignId: string,
  userId: string,
  username: string,
  password: string,
  connections: number,
): Promise<{
  requests: number;
  non2xx: number;
  errors: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}> {
  const db = shuping.db.dataSource;
  await db.query(
    `INSERT INTO role_assignment (user_id, county_id, org_unit_id, role)
     SELECT $1, $2, id, 'village_secretary' FROM org_unit WHERE county_id = $2 AND kind = 'village'`,
    [userId, countyId],
  );
  const ids = (
    (await db.query(`SELECT id FROM task WHERE campaign_id = $1 AND status = 'open'`, [
      campaignId,
    ])) as { id: string }[]
  ).map((r) => r.id);
  await shuping.app.listen(0, '127.0.0.1');
  const { port } = shuping.app.getHttpServer().address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const file = join(tmpdir(), `shuping-bench-ids-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(ids));
  const script = new URL('./http-load.js', import.meta.url).pathname;
  const { stdout } = await run(
    process.execPath,
    [script, base, accessToken, file, String(connections)],
    { maxBuffer: 1 << 24 },
  );
  const r = JSON.parse(stdout) as {
    requests: number;
    non2xx: number;
    errors: number;
    rps: number;
    latency: { p50: number; p99: number };
  };
  return {
    requests: r.requests,
    non2xx: r.non2xx,
    errors: r.errors,
    requestsPerSecond: round(r.rps),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
  };
}
