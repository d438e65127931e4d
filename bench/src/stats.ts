import { readdirSync, readFileSync } from 'node:fs';

/** Percentile (nearest rank) of a list of numbers; 0 for an empty list. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Median, min and max of repeated runs of one figure. */
export function summarise(runs: number[]): Summary {
  return { median: percentile(runs, 50), min: Math.min(...runs), max: Math.max(...runs), runs };
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * CPU seconds used so far by the PostgreSQL server's processes on this machine (read off
 * /proc), or null when the database is not local (or not Linux): with `process.cpuUsage()` it
 * tells whether an event's cost lies in this process or in the database.
 */
export function databaseCpuSeconds(proc = '/proc'): number | null {
  let dir: string[];
  try {
    dir = readdirSync(proc);
  } catch {
    return null;
  }
  let ticks = 0;
  let found = false;
  for (const pid of dir) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`${proc}/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    if (comm !== 'postgres' && !comm.startsWith('postgres:')) continue;
    // Fields after the command: state is field 3, utime and stime are fields 14 and 15, and
    // cutime and cstime (16, 17) hold what ended children used: the server keeps the time of
    // backends whose connections have closed, so the sum never goes back.
    const fields = stat.slice(close + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    found = true;
  }
  return found ? ticks / CLOCK_TICKS : null;
}

/** CPU used from now on: this process's (µs) and the local database server's (s, or null). */
export function cpuMeter(): () => { processMicros: number; databaseSeconds: number | null } {
  const cpu = process.cpuUsage();
  const db0 = databaseCpuSeconds();
  return () => {
    const used = process.cpuUsage(cpu);
    const db1 = databaseCpuSeconds();
    return {
      processMicros: used.user + used.system,
      databaseSeconds: db0 === null || db1 === null ? null : db1 - db0,
    };
  };
}

/** The run whose figure is the median (the lower one of an even count). */
export function medianRun<T>(runs: readonly T[], figure: (run: T) => number): T {
  const sorted = [...runs].sort((a, b) => figure(a) - figure(b));
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/** USER_HZ: the unit of /proc's CPU times on Linux. */
const CLOCK_TICKS = 100;
