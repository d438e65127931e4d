import { healthReportSchema, problemDetailsSchema } from './index.js';

describe('contracts', () => {
  it('accepts the health report shapes the api answers', () => {
    expect(
      healthReportSchema.parse({ status: 'ok', database: 'pglite', queue: 'embedded' }),
    ).toBeTruthy();
    const down = {
      status: 'error',
      database: 'postgres',
      queue: 'redis',
      failing: [{ part: 'database', reason: 'x' }],
    };
    expect(healthReportSchema.parse(down).failing).toHaveLength(1);
    expect(
      healthReportSchema.safeParse({ status: 'ok', database: 'mysql', queue: 'embedded' }).success,
    ).toBe(false);
  });

  it('requires a code on every problem', () => {
    expect(
      problemDetailsSchema.safeParse({ type: 'about:blank', title: 'x', status: 400 }).success,
    ).toBe(false);
  });
});
