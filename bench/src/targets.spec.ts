import { checkTargets, formatTargets } from './targets.js';

const byName = (checks: ReturnType<typeof checkTargets>, name: string) =>
  checks.find((c) => c.name.startsWith(name));

describe('checkTargets', () => {
  it('marks a figure within its limit as met and one beyond it as missed, by how much', () => {
    const checks = checkTargets({
      ratios: { engineToCeilingAt8: 0.4, engineToPeerAt8: 12 },
      http: { requestsPerSecond: 1500, p99Ms: 75 },
    });
    expect(byName(checks, 'durable events ÷ raw-SQL')).toMatchObject({ met: false, missedBy: 2 });
    expect(byName(checks, 'durable events ÷ bpmn-engine')).toMatchObject({
      met: true,
      missedBy: null,
    });
    expect(byName(checks, 'HTTP completions (req/s)')).toMatchObject({ met: true });
    expect(byName(checks, 'HTTP completions p99')).toMatchObject({ met: false, missedBy: 1.5 });
  });

  it('judges the p99s by the median of the runs, or by the one run', () => {
    const repeated = checkTargets({
      events: { 'engine@32': { p99Ms: 90 } },
      eventRuns: { p99MsAt32: { median: 25 } },
    });
    expect(byName(repeated, 'durable events p99')).toMatchObject({ actual: 25, met: true });
    const once = checkTargets({ events: { 'engine@32': { p99Ms: 90 } } });
    expect(byName(once, 'durable events p99')).toMatchObject({ actual: 90, met: false });
    const http = checkTargets({ http: { p99Ms: 70 }, httpRuns: { p99Ms: { median: 45 } } });
    expect(byName(http, 'HTTP completions p99')).toMatchObject({ actual: 45, met: true });
  });

  it('scales a small launch to 40,000 organisations and counts timers not fired', () => {
    const checks = checkTargets({
      launch: { instancesPerSecond: 2000 },
      timers: { timers: 100, fired: 98, duplicates: 0, lagP99Ms: 300 },
    });
    expect(byName(checks, 'launch')).toMatchObject({ actual: 20, met: true });
    expect(byName(checks, 'timers not fired')).toMatchObject({ actual: 2, met: false });
    expect(byName(checks, 'timers fired twice')).toMatchObject({ actual: 0, met: true });
  });

  it('takes the slower of two views and reports scenarios that did not run', () => {
    const checks = checkTargets({
      queries: {
        heatmapMs: { median: 300 },
        heatmapTownshipsMs: { median: 1200 },
        overdueTownship: { p95Ms: 10 },
      },
    });
    expect(byName(checks, 'province heatmap')).toMatchObject({ actual: 1200, met: false });
    expect(byName(checks, 'overdue list')).toMatchObject({ actual: 10, met: true });
    expect(byName(checks, 'inbox')).toMatchObject({ actual: null, met: null });
    expect(formatTargets(checks)).toContain('not run');
  });
});
