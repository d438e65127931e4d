/**
 * The load generator of the HTTP scenario, run as a second process so it does not share the
 * api's event loop: POST /api/tasks/:id/complete exactly once per planned request, over
 * `connections` keep-alive connections, each request as its own user (their bearer token) with
 * the form data of their task.
 * Usage: node http-load.js <baseUrl> <requestsFile> <connections>
 * The requests file is JSON: `PlannedRequest[]`. Prints one JSON object (`LoadResult`).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

export interface PlannedRequest {
  taskId: string;
  /** The access token of the task's secretary. */
  token: string;
  /** The JSON body: `{ data }` for the task's step form. */
  body: string;
}

export interface LoadResult {
  /** Responses received. */
  requests: number;
  /** Requests autocannon asked for (more than planned only after a connection error). */
  issued: number;
  non2xx: number;
  /** Connection errors, timeouts included. */
  errors: number;
  timeouts: number;
  seconds: number;
  requestsPerSecond: number;
  /** CPU this process used while sending (user + system, microseconds). */
  cpuMicros: number;
  /** Milliseconds. */
  latency: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** The first few non-2xx answers, to say why. */
  failures: { status: number; body: string }[];
}

const [baseUrl, file, connections] = process.argv.slice(2);
const planned = JSON.parse(readFileSync(file, 'utf8')) as PlannedRequest[];
let next = 0;
const failures: LoadResult['failures'] = [];

const started = performance.now();
const cpu = process.cpuUsage();
const result = await autocannon({
  url: baseUrl,
  connections: Math.min(Number(connections), planned.length),
  // One request per task: autocannon calls setupRequest once per request it sends.
  amount: planned.length,
  timeout: 30,
  requests: [
    {
      method: 'POST',
      setupRequest: (request) => {
        // Wraps around only when a connection error made autocannon resend: the scenario fails then.
        const r = planned[next++ % planned.length];
        return {
          ...request,
          path: `/api/tasks/${r.taskId}/complete`,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` },
          body: r.body,
        };
      },
      onResponse: (status, body) => {
        if ((status < 200 || status > 299) && failures.length < 5) failures.push({ status, body });
      },
    },
  ],
});
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);

const out: LoadResult = {
  requests: result.requests.total,
  issued: next,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  seconds,
  requestsPerSecond: result.requests.total / seconds,
  cpuMicros: used.user + used.system,
  latency: {
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    mean: result.latency.mean,
  },
  failures,
};
process.stdout.write(JSON.stringify(out));
