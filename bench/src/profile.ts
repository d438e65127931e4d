import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';

/**
 * CPU profile of one scenario (`--profile=events@8`): the V8 sampling profiler runs only while
 * that scenario does, and the profile is written to `bench/results/<scenario>.cpuprofile`
 * (open it in Chrome DevTools, or any .cpuprofile viewer).
 */
export async function profiled<T>(
  scenario: string,
  wanted: string | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (wanted !== scenario) return work();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(
      `bench/results/${scenario.replace(/[^\w@-]/g, '_')}.cpuprofile`,
      JSON.stringify(profile),
    );
    session.disconnect();
  }
}
