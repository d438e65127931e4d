/**
 * `npm run bench [-- --quick]`: measures Shuping on this machine against PostgreSQL and Redis
 * (DATABASE_URL / REDIS_URL, defaulting to the local ones), in a database of its own.
 * Prints a table and writes bench/results/latest.json (quick runs: quick.json; runs of some
 * scenarios with --only: partial.json). `--profile=events@8` (any scenario's name) writes a CPU
 * profile of that scenario to bench/results/.
 */
import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import {
  CampaignLauncher,
  CountySetupService,
  createApp,
  TasksService,
  type ShupingApp,
} from '@shuping/api';
import { loadConfig } from '@shuping/config';
import { SingleBar } from 'cli-progress';
import pg from 'pg';
import { definitionsScenario } from './definitions.js';
import { profiled } from './profile.js';
import { BENCH_RATER_GROUP, ceiling, driveCampaign, peer, type Throughput } from './events.js';
import { httpScenario, villageSecretaries, type HttpResult } from './http.js';
import { launchScenario, timersScenario } from './launch-timers.js';
import { queriesScenario, type QueriesResult } from './queries.js';
import { bulkCounty, campaignRow, launchCampaign } from './seed.js';
import { medianRun, percentile, round, summarise, type Summary } from './stats.js';
import { checkTargets, formatTargets } from './targets.js';

const quick = process.argv.includes('--quick');
/** `--only=events,http`: run some scenarios (while working on one); the JSON says which ran. */
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');
/** `--profile=events@8`: a CPU profile of that scenario (bench/results/<scenario>.cpuprofile). */
const profile = process.argv.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
const wants = (scenario: 'definitions' | 'province' | 'events' | 'http') =>
  !only || only.includes(scenario);
const base = quick
  ? {
      instances: 100,
      townships: 4,
      launch: 2_000,
      timers: 2_000,
      timerWindow: 10,
      tasks: 50_000,
      runs: 2,
      repeats: 1,
      httpConnections: 8,
      httpVillages: 300,
      httpTownships: 10,
    }
  : {
      instances: 2_000,
      townships: 20,
      launch: 40_000,
      timers: 100_000,
      timerWindow: 60,
      tasks: 1_000_000,
      runs: 3,
      repeats: 3,
      httpConnections: 32,
      httpVillages: 5_000,
      httpTownships: 50,
    };
/**
 * The province scenario's sizes can be set (while working on timers or launch):
 * BENCH_LAUNCH organisations, BENCH_TIMERS due within BENCH_TIMER_WINDOW seconds; the task table
 * then grows to 25 tasks per organisation. BENCH_INSTANCES sets the durable events' instances,
 * BENCH_REPEATS how many times the durable events (engine and ceiling in turn) and HTTP run.
 */
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const launchSize = env('BENCH_LAUNCH', base.launch);
const size = {
  ...base,
  instances: env('BENCH_INSTANCES', base.instances),
  repeats: env('BENCH_REPEATS', base.repeats),
  launch: launchSize,
  timers: env('BENCH_TIMERS', base.timers),
  timerWindow: env('BENCH_TIMER_WINDOW', base.timerWindow),
  tasks: launchSize === base.launch ? base.tasks : launchSize * 25,
};
/** The bench's own database and queue prefix (BENCH_NAME lets two runs share a machine). */
const benchName = process.env.BENCH_NAME ?? (quick ? 'shuping-bench-quick' : 'shuping-bench');
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-password-1';

const bar = new SingleBar({
  format: '{scenario} [{bar}] {percentage}% {value}/{total}',
  hideCursor: true,
  stream: process.stderr,
  noTTYOutput: true,
  notTTYSchedule: 5000,
});
let peakRss = 0;
const collectGarbage = (globalThis as { gc?: () => void }).gc;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);

async function freshDatabase(): Promise<string> {
  const name = benchName.replaceAll('-', '_');
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function step<T>(
  scenario: string,
  total: number,
  work: (tick: (n: number) => void) => Promise<T>,
): Promise<T> {
  bar.start(total, 0, { scenario: scenario.padEnd(28) });
  return work((n) => bar.update(Math.min(n, total))).finally(() => {
    bar.update(total);
    bar.stop();
  });
}

async function installStandard(shuping: ShupingApp, countyId: string): Promise<string> {
  const setup = shuping.app.get(CountySetupService);
  const document = JSON.parse(readFileSync('workflows/standard-review.json', 'utf8')) as Record<
    string,
    unknown
  >;
  const ids = await setup.installTemplates(countyId, [{ file: 'standard-review.json', document }]);
  return ids.get('standard-review')!;
}

async function main(): Promise<void> {
  const url = await freshDatabase();
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: url,
    REDIS_URL: redisUrl,
    QUEUE_PREFIX: benchName,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
  });
  const shuping = await createApp(config);
  await shuping.app.init();
  const db = shuping.db.dataSource;
  const launcher = shuping.app.get(CampaignLauncher);
  const tasks = shuping.app.get(TasksService);
  const results: Record<string, unknown> = {};
  const rss: Record<string, number> = {};
  const liveHeap: Record<string, number> = {};
  const measure = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    peakRss = 0;
    const value = await profiled(name, profile, work);
    // A synchronous scenario gives the sampler no turn: its end counts too.
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // A scenario run more than once keeps its highest peak.
    rss[name] = Math.max(rss[name] ?? 0, round(peakRss / 2 ** 20));
    // What the scenario left alive (run with --expose-gc, as `npm run bench` does).
    collectGarbage?.();
    liveHeap[name] = round(process.memoryUsage().heapUsed / 2 ** 20);
    results[name] = value;
    return value;
  };

  if (wants('definitions'))
    await measure('definitions', () => Promise.resolve(definitionsScenario(quick ? 3 : 5)));

  if (wants('province')) {
    // A province-sized campaign: launch, then its deadlines, then the dashboard queries.
    const villagesPerTownship = 100;
    const province = await bulkCounty(
      db,
      'PROV',
      Math.ceil(size.launch / villagesPerTownship),
      villagesPerTownship,
    );
    const provinceDefinition = await installStandard(shuping, province.countyId);
    const provinceCampaign = await campaignRow(
      db,
      province.countyId,
      provinceDefinition,
      'province',
    );
    await measure('launch', () =>
      step('launch', 1, () => launchScenario(shuping, launcher, provinceCampaign)),
    );
    await measure('timers', () =>
      step('timers', size.timers, (tick) =>
        timersScenario(shuping, provinceCampaign, size.timers, size.timerWindow, tick),
      ),
    );
    await measure('queries', () =>
      step('inbox & dashboard', 5 + 3 * size.runs, (tick) =>
        queriesScenario(
          shuping,
          tasks,
          province.countyId,
          provinceCampaign,
          size.tasks,
          size.runs,
          tick,
        ),
      ),
    );
  }

  // Durable events at concurrency 8 and 32, the raw-SQL ceiling and the bpmn-engine peer.
  const county = await bulkCounty(db, 'EV', size.townships, size.instances / size.townships);
  const definition = await installStandard(shuping, county.countyId);
  const userId = await shuping.app.get(CountySetupService).createUser({
    username: 'bench',
    displayName: 'bench',
    password: PASSWORD,
    countyId: county.countyId,
    orgUnitId: county.countyId,
    roles: [{ role: 'rater', orgUnitId: county.countyId, raterGroup: BENCH_RATER_GROUP }],
  });

  if (wants('events')) {
    // The engine and the ceiling take turns, run after run, so that a machine that slows down
    // (or speeds up) during the bench weighs on both sides of the ratio alike. Each figure is
    // the median run; the ratio is the median of the runs' own ratios.
    const runs: Record<'engine@8' | 'ceiling@8' | 'engine@32', Throughput[]> = {
      'engine@8': [],
      'ceiling@8': [],
      'engine@32': [],
    };
    const ratios: number[] = [];
    for (let run = 1; run <= size.repeats; run++) {
      const of = size.repeats > 1 ? ` ${run}/${size.repeats}` : '';
      for (const concurrency of [8, 32] as const) {
        const campaign = await campaignRow(
          db,
          county.countyId,
          definition,
          `events-${concurrency}-${run}`,
        );
        await launchCampaign(db, launcher, campaign);
        const engine = await measure(`events@${concurrency}`, () =>
          step(`events @${concurrency}${of}`, size.instances * 10, (tick) =>
            driveCampaign(shuping, tasks, campaign, userId, concurrency, tick),
          ),
        );
        runs[`engine@${concurrency}`].push(engine);
        if (concurrency === 8) {
          const sql = await measure('ceiling@8', () =>
            step(`raw SQL ceiling @8${of}`, engine.events, (tick) =>
              ceiling(db, campaign, engine.events, 8, tick),
            ),
          );
          runs['ceiling@8'].push(sql);
          ratios.push(engine.eventsPerSecond / sql.eventsPerSecond);
        }
      }
    }
    const byRate = (t: Throughput) => t.eventsPerSecond;
    const events: Record<string, Throughput> = {
      'engine@8': medianRun(runs['engine@8'], byRate),
      'engine@32': medianRun(runs['engine@32'], byRate),
      'ceiling@8': medianRun(runs['ceiling@8'], byRate),
    };
    const total = events['engine@8'].events;
    events['peer@8'] = await measure('peer@8', () =>
      step('bpmn-engine peer @8', total, (tick) => peer(db, total, 8, tick)),
    );
    results.events = events;
    results.eventRuns = {
      eventsPerSecond: Object.fromEntries(
        Object.entries(runs).map(([k, list]) => [k, summarise(list.map((t) => t.eventsPerSecond))]),
      ),
      p99MsAt32: summarise(runs['engine@32'].map((t) => t.p99Ms)),
      engineToCeilingAt8: summarise(ratios.map((r) => round(r, 2))),
    };
    results.ratios = {
      engineToCeilingAt8: round(percentile(ratios, 50), 2),
      engineToPeerAt8: round(
        events['engine@8'].eventsPerSecond / events['peer@8'].eventsPerSecond,
        2,
      ),
    };
  }

  if (wants('http')) {
    // A county of its own: each village's secretary completes their own first task over HTTP.
    const httpCounty = await bulkCounty(
      db,
      'HTTP',
      size.httpTownships,
      size.httpVillages / size.httpTownships,
    );
    const httpDefinition = await installStandard(shuping, httpCounty.countyId);
    const villages = await villageSecretaries(shuping, httpCounty.countyId, PASSWORD);
    // A campaign per run: each run's secretaries complete their first tasks of that campaign.
    const runs: HttpResult[] = [];
    for (let run = 1; run <= size.repeats; run++) {
      const of = size.repeats > 1 ? ` ${run}/${size.repeats}` : '';
      const campaign = await campaignRow(db, httpCounty.countyId, httpDefinition, `http-${run}`);
      await launchCampaign(db, launcher, campaign);
      runs.push(
        await measure('http', () =>
          step(`HTTP completions${of}`, 1, () =>
            httpScenario(shuping, httpCounty.countyId, campaign, villages, size.httpConnections),
          ),
        ),
      );
    }
    results.http = medianRun(runs, (r) => r.requestsPerSecond);
    results.httpRuns = {
      requestsPerSecond: summarise(runs.map((r) => r.requestsPerSecond)),
      p99Ms: summarise(runs.map((r) => r.p99Ms)),
    };
  }
  results.peakRssMb = rss;
  results.liveHeapMb = liveHeap;

  clearInterval(sampler);
  await shuping.close();
  const report = {
    when: new Date().toISOString(),
    quick,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: round(totalmem() / 2 ** 30),
      node: process.version,
    },
    versions: versions(),
    settings: {
      ...size,
      database: 'PostgreSQL (DATABASE_URL)',
      queue: 'BullMQ on Redis (REDIS_URL)',
      workersInApi: true,
      /** The V8 heap limit the run had (`--max-old-space-size`, as the api is run). */
      heapLimitMb: round(getHeapStatistics().heap_size_limit / 2 ** 20),
    },
    results,
    targets: checkTargets(results),
  };
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    `bench/results/${quick ? 'quick' : only ? 'partial' : 'latest'}.json`,
    JSON.stringify(report, null, 2) + '\n',
  );
  printTable(report.results);
  console.log(formatTargets(report.targets) + '\n');
}

function versions(): Record<string, string> {
  const v = (p: string) =>
    (JSON.parse(readFileSync(`node_modules/${p}/package.json`, 'utf8')) as { version: string })
      .version;
  return {
    xstate: v('xstate'),
    typeorm: v('typeorm'),
    bullmq: v('bullmq'),
    '@nestjs/core': v('@nestjs/core'),
    'bpmn-engine': v('bpmn-engine'),
    pg: v('pg'),
  };
}

function printTable(results: Record<string, unknown>): void {
  const ms = (s: Summary) => `${round(s.median, 2)} [${round(s.min, 2)}–${round(s.max, 2)}]`;
  // Sections are absent when --only left their scenario out.
  const r = results as {
    definitions?: ReturnType<typeof definitionsScenario>;
    launch?: { instances: number; seconds: number; instancesPerSecond: number };
    timers: {
      timers: number;
      fired: number;
      duplicates: number;
      lagP50Ms: number;
      lagP99Ms: number;
      armSeconds: number;
    };
    queries?: QueriesResult;
    events?: Record<string, Throughput>;
    eventRuns?: {
      eventsPerSecond: Record<string, Summary>;
      p99MsAt32: Summary;
      engineToCeilingAt8: Summary;
    };
    ratios: { engineToCeilingAt8: number; engineToPeerAt8: number };
    http?: HttpResult;
    httpRuns?: { requestsPerSecond: Summary; p99Ms: Summary };
    peakRssMb: Record<string, number>;
    liveHeapMb: Record<string, number>;
  };
  const rows: [string, string][] = [];
  if (r.definitions) {
    rows.push(
      [
        '500-state definition: validate + compile (ms, median [min–max])',
        ms(r.definitions.validateAndCompileMs),
      ],
      [
        `  → designer graph (${r.definitions.graph.nodes} nodes) / → definition again (ms)`,
        `${ms(r.definitions.toGraphMs)} / ${ms(r.definitions.toDefinitionMs)}; round trip ${r.definitions.roundTrip}`,
      ],
    );
  }
  if (r.events) {
    rows.push(
      ...Object.entries(r.events).map(([k, t]): [string, string] => [
        `durable events ${k}: events/s (p50/p95/p99 ms) [CPU ms/event: node, db]`,
        `${t.eventsPerSecond} (${t.p50Ms}/${t.p95Ms}/${t.p99Ms}) over ${t.events} [${t.cpuMsPerEvent}, ${t.dbCpuMsPerEvent ?? '—'}]`,
      ]),
      [
        'engine ÷ ceiling @8 ; engine ÷ peer @8',
        `${r.ratios.engineToCeilingAt8} ; ${r.ratios.engineToPeerAt8}`,
      ],
    );
  }
  if (r.eventRuns) {
    const n = r.eventRuns.engineToCeilingAt8.runs.length;
    rows.push(
      ...Object.entries(r.eventRuns.eventsPerSecond).map(([k, s]): [string, string] => [
        `  ${k} over ${n} runs: events/s, median [min–max]`,
        ms(s),
      ]),
      [`  engine@32 over ${n} runs: p99 ms, median [min–max]`, ms(r.eventRuns.p99MsAt32)],
      [`  engine ÷ ceiling @8, run by run: median [min–max]`, ms(r.eventRuns.engineToCeilingAt8)],
    );
  }
  if (r.http) {
    rows.push([
      `HTTP completions, ${r.http.villages} secretaries @${r.http.connections}: req/s (p50/p90/p99/max ms)`,
      `${r.http.requestsPerSecond} (${r.http.p50Ms}/${r.http.p90Ms}/${r.http.p99Ms}/${r.http.maxMs}); non-2xx ${r.http.non2xx}, errors ${r.http.errors} of ${r.http.requests}`,
    ]);
    const cpu = r.http.cpuMsPerRequest;
    rows.push([
      `  HTTP CPU ms/request: api, database, load generator`,
      `${cpu.api}, ${cpu.database ?? '—'}, ${cpu.load}`,
    ]);
  }
  if (r.httpRuns && r.httpRuns.p99Ms.runs.length > 1) {
    const n = r.httpRuns.p99Ms.runs.length;
    rows.push(
      [`  HTTP over ${n} runs: req/s, median [min–max]`, ms(r.httpRuns.requestsPerSecond)],
      [`  HTTP over ${n} runs: p99 ms, median [min–max]`, ms(r.httpRuns.p99Ms)],
    );
  }
  if (r.launch) {
    rows.push(
      [
        `launch of ${r.launch.instances} instances (s)`,
        `${r.launch.seconds} (${r.launch.instancesPerSecond}/s)`,
      ],
      [
        `timers: ${r.timers.timers} due in the window — lag p50/p99 (ms)`,
        `${r.timers.lagP50Ms}/${r.timers.lagP99Ms}; fired ${r.timers.fired}, duplicates ${r.timers.duplicates}; armed ahead in ${r.timers.armSeconds} s`,
      ],
    );
  }
  if (r.queries) {
    const q = r.queries;
    rows.push(
      [`inbox p95 (ms) over ${q.tasks} tasks, ${q.openTasks} open`, `${q.inbox.p95Ms}`],
      [
        'overdue list p95 (ms): township / county supervisor',
        `${q.overdueTownship.p95Ms} / ${q.overdueCounty.p95Ms}`,
      ],
      ['campaign overview (ms, median [min–max])', ms(q.overviewMs)],
      [
        'heatmap: whole campaign / its townships (ms, median [min–max])',
        `${ms(q.heatmapMs)} / ${ms(q.heatmapTownshipsMs)}`,
      ],
    );
  }
  const perScenario = (mb: Record<string, number>) =>
    Object.entries(mb)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
  rows.push(
    ['peak RSS of the api (+ in-process workers) MB', perScenario(r.peakRssMb)],
    ['live heap after each scenario (MB, after a full GC)', perScenario(r.liveHeapMb)],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log('\n' + rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
}

main().catch((error: unknown) => {
  bar.stop();
  console.error(error);
  process.exit(1);
});
