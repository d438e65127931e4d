import { ConfigError, loadConfig } from './app.config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((p) => p.variable);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('defaults to embedded storage and in-process timers', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: 'data/pglite' });
    expect(config.queue).toEqual({ kind: 'embedded' });
    expect(config.http.port).toBe(3000);
    expect(config.demoData).toBe(true);
  });

  it('switches to PostgreSQL and Redis when their URLs are set', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
    expect(config.database).toEqual({
      kind: 'postgres',
      url: 'postgres://postgres@127.0.0.1:5432/test',
    });
    expect(config.queue).toEqual({
      kind: 'redis',
      url: 'redis://127.0.0.1:6379',
      prefix: 'shuping',
    });
  });

  it.each([
    [{ PORT: 'abc' }, ['PORT']],
    [{ PORT: '70000' }, ['PORT']],
    [{ DATABASE_URL: 'mysql://x' }, ['DATABASE_URL']],
    [{ REDIS_URL: 'http://x' }, ['REDIS_URL']],
    [{ TIMER_POLL_INTERVAL_MS: '0' }, ['TIMER_POLL_INTERVAL_MS']],
    [{ LOG_LEVEL: 'loud' }, ['LOG_LEVEL']],
    [{ DEMO_DATA: 'maybe' }, ['DEMO_DATA']],
    [{ JWT_SECRET: 'short' }, ['JWT_SECRET']],
    [{ WEBHOOK_SIGNING_SECRET: 'too-short' }, ['WEBHOOK_SIGNING_SECRET']],
    [{ WEBHOOK_MAX_ATTEMPTS: '0' }, ['WEBHOOK_MAX_ATTEMPTS']],
    [{ NODE_ENV: 'production' }, ['JWT_SECRET']],
    [{ PORT: '-1', NODE_ENV: 'staging' }, ['NODE_ENV', 'PORT']],
  ])('rejects %j naming %j', (env, variables) => {
    expect(problemsOf(env).sort()).toEqual([...variables].sort());
  });

  it('names the variable in the error message', () => {
    expect(() => loadConfig({ PORT: 'abc' })).toThrow(/PORT: must be a whole number/);
  });

  it('never loads demo data in production', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      DEMO_DATA: 'true',
    });
    expect(config.demoData).toBe(false);
  });
});
