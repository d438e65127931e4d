/** The issue's targets, checked against a run's results: met or missed, and by how much. */
export interface TargetCheck {
  name: string;
  target: string;
  actual: number | null;
  met: boolean | null;
  /** Missed: how far from the target, as a factor (e.g. 1.6 = 60 % too slow / short). */
  missedBy: number | null;
}

interface Rule {
  name: string;
  target: string;
  limit: number;
  /** `max`: actual ≤ limit is met; `min`: actual ≥ limit is met. */
  kind: 'max' | 'min';
  actual: (r: Results) => number | undefined;
}

type Results = Record<string, unknown>;

const at = (r: Results, path: string): number | undefined => {
  let node: unknown = r;
  for (const key of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' ? node : undefined;
};

/** The larger of two figures (the slower of two views), or undefined when neither ran. */
const worst = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined ? b : b === undefined ? a : Math.max(a, b);

const RULES: Rule[] = [
  {
    name: 'durable events ÷ raw-SQL ceiling @8',
    target: '≥ 0.8',
    limit: 0.8,
    kind: 'min',
    actual: (r) => at(r, 'ratios.engineToCeilingAt8'),
  },
  {
    name: 'durable events ÷ bpmn-engine peer @8',
    target: '≥ 10',
    limit: 10,
    kind: 'min',
    actual: (r) => at(r, 'ratios.engineToPeerAt8'),
  },
  {
    name: 'durable events p99 @32 (ms)',
    target: '≤ 30',
    limit: 30,
    kind: 'max',
    // The median of the runs (a single run when the bench ran once).
    actual: (r) => at(r, 'eventRuns.p99MsAt32.median') ?? at(r, 'events.engine@32.p99Ms'),
  },
  {
    name: 'HTTP completions (req/s)',
    target: '≥ 1000',
    limit: 1000,
    kind: 'min',
    actual: (r) => at(r, 'http.requestsPerSecond'),
  },
  {
    name: 'HTTP completions p99 (ms)',
    target: '≤ 50',
    limit: 50,
    kind: 'max',
    actual: (r) => at(r, 'httpRuns.p99Ms.median') ?? at(r, 'http.p99Ms'),
  },
  {
    name: 'launch of 40,000 instances (s)',
    target: '≤ 30',
    limit: 30,
    kind: 'max',
    // A quick run launches fewer: scale its rate to 40,000.
    actual: (r) => {
      const rate = at(r, 'launch.instancesPerSecond');
      return rate ? Math.round((40_000 / rate) * 10) / 10 : undefined;
    },
  },
  {
    name: 'timer fire lag p99 (ms)',
    target: '≤ 2000',
    limit: 2000,
    kind: 'max',
    actual: (r) => at(r, 'timers.lagP99Ms'),
  },
  {
    name: 'timers fired twice',
    target: '0',
    limit: 0,
    kind: 'max',
    actual: (r) => at(r, 'timers.duplicates'),
  },
  {
    name: 'timers not fired',
    target: '0',
    limit: 0,
    kind: 'max',
    actual: (r) => {
      const due = at(r, 'timers.timers');
      const fired = at(r, 'timers.fired');
      return due === undefined || fired === undefined ? undefined : due - fired;
    },
  },
  {
    name: 'inbox p95 (ms)',
    target: '≤ 20',
    limit: 20,
    kind: 'max',
    actual: (r) => at(r, 'queries.inbox.p95Ms'),
  },
  {
    name: 'overdue list p95 (ms)',
    target: '≤ 50',
    limit: 50,
    kind: 'max',
    actual: (r) =>
      worst(at(r, 'queries.overdueTownship.p95Ms'), at(r, 'queries.overdueCounty.p95Ms')),
  },
  {
    name: 'province overview (ms)',
    target: '≤ 1000',
    limit: 1000,
    kind: 'max',
    actual: (r) => at(r, 'queries.overviewMs.median'),
  },
  {
    name: 'province heatmap (ms)',
    target: '≤ 1000',
    limit: 1000,
    kind: 'max',
    actual: (r) =>
      worst(at(r, 'queries.heatmapMs.median'), at(r, 'queries.heatmapTownshipsMs.median')),
  },
  {
    name: '500-state definition validate + compile (ms)',
    target: '≤ 200',
    limit: 200,
    kind: 'max',
    actual: (r) => at(r, 'definitions.validateAndCompileMs.median'),
  },
  {
    name: 'api peak RSS (MB)',
    target: '≤ 400',
    limit: 400,
    kind: 'max',
    actual: (r) => {
      const rss = r['peakRssMb'] as Record<string, number> | undefined;
      return rss && Object.keys(rss).length > 0 ? Math.max(...Object.values(rss)) : undefined;
    },
  },
];

/** Every target with the run's figure; scenarios that did not run are reported as such. */
export function checkTargets(results: Results): TargetCheck[] {
  return RULES.map((rule) => {
    const actual = rule.actual(results) ?? null;
    if (actual === null) {
      return { name: rule.name, target: rule.target, actual, met: null, missedBy: null };
    }
    const met = rule.kind === 'max' ? actual <= rule.limit : actual >= rule.limit;
    const factor =
      rule.kind === 'max'
        ? rule.limit === 0
          ? actual
          : actual / rule.limit
        : actual === 0
          ? Infinity
          : rule.limit / actual;
    return {
      name: rule.name,
      target: rule.target,
      actual,
      met,
      missedBy: met ? null : Math.round(factor * 100) / 100,
    };
  });
}

/** The checks as printed lines. */
export function formatTargets(checks: TargetCheck[]): string {
  const width = Math.max(...checks.map((c) => c.name.length));
  return checks
    .map((c) => {
      const verdict =
        c.met === null
          ? 'not run'
          : c.met
            ? 'met'
            : `MISSED (${c.name.includes('fired') ? `${c.actual}` : `×${c.missedBy}`})`;
      return `${c.name.padEnd(width)}  ${String(c.actual ?? '—').padStart(9)}  target ${c.target.padEnd(7)} ${verdict}`;
    })
    .join('\n');
}
