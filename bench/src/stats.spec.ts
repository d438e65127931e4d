import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseCpuSeconds, medianRun, percentile, summarise } from './stats.js';

/** A /proc/<pid>/stat line: utime, stime, cutime and cstime in clock ticks. */
const statLine = (pid: number, comm: string, t: [number, number, number, number]) =>
  `${pid} (${comm}) S 1 ${pid} ${pid} 0 -1 4194560 100 0 0 0 ${t.join(' ')} 20 0 1 0 5 1000 10`;

describe('stats', () => {
  it('takes percentiles by nearest rank and summarises runs', () => {
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([], 99)).toBe(0);
    expect(summarise([0.6, 0.5, 0.7])).toEqual({
      median: 0.6,
      min: 0.5,
      max: 0.7,
      runs: [0.6, 0.5, 0.7],
    });
    const runs = [{ rate: 700 }, { rate: 500 }, { rate: 600 }, { rate: 900 }];
    expect(medianRun(runs.slice(0, 3), (r) => r.rate)).toBe(runs[2]);
    expect(medianRun(runs, (r) => r.rate)).toBe(runs[2]);
  });

  it("sums the database server's CPU, counting backends that have ended", () => {
    const proc = mkdtempSync(join(tmpdir(), 'proc-'));
    const write = (pid: number, line: string) => {
      mkdirSync(join(proc, String(pid)), { recursive: true });
      writeFileSync(join(proc, String(pid), 'stat'), line);
    };
    try {
      write(10, statLine(10, 'postgres', [100, 50, 0, 0]));
      write(11, statLine(11, 'postgres: postgres test 127.0.0.1(5000) idle', [30, 20, 0, 0]));
      write(12, statLine(12, 'node', [900, 900, 0, 0]));
      mkdirSync(join(proc, 'self'));
      expect(databaseCpuSeconds(proc)).toBe(2);
      // The backend ends: the server (its parent) now holds its time as an ended child's.
      rmSync(join(proc, '11'), { recursive: true });
      write(10, statLine(10, 'postgres', [100, 50, 30, 20]));
      expect(databaseCpuSeconds(proc)).toBe(2);
      expect(databaseCpuSeconds(join(proc, 'none'))).toBeNull();
    } finally {
      rmSync(proc, { recursive: true, force: true });
    }
  });
});
