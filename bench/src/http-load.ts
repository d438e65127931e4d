/**
 * The load generator of scenario 2, run as a second process so it does not share the api's
 * event loop: POST /api/tasks/:id/complete once per task id, over `connections` connections.
 * Usage: node http-load.js <baseUrl> <token> <idsFile> <connections>; prints autocannon's result.
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [baseUrl, token, idsFile, connections] = process.argv.slice(2);
const ids = JSON.parse(readFileSync(idsFile, 'utf8')) as string[];
let next = 0;

const result = await autocannon({
  url: baseUrl,
  connections: Number(connections),
  amount: ids.length,
  requests: [
    {
      method: 'POST',
      setupRequest: (request) => ({
        ...request,
        path: `/api/tasks/${ids[next++ % ids.length]}/complete`,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: '{"data":{}}',
      }),
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    rps: result.requests.average,
    durationSeconds: result.duration,
    latency: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
    },
  }),
);
