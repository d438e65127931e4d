import { chinaTime, periodEnd } from './notice-time';

describe('notice times', () => {
  it('shows a period that ends at midnight China time as its last day at 24:00', () => {
    // Midnight after 12 December, China time (UTC+8).
    expect(periodEnd('2026-12-12T16:00:00.000Z', true)).toBe('2026/12/12 24:00');
    expect(periodEnd('2026-12-12T16:00:00.000Z', false)).toBe('12/12/2026 24:00');
  });

  it('shows any other end as the time it is', () => {
    expect(periodEnd('2026-12-12T09:30:00.000Z', true)).toBe(
      chinaTime('2026-12-12T09:30:00.000Z', true),
    );
    expect(chinaTime('2026-12-12T09:30:00.000Z', true)).toMatch(/^2026\/12\/12 17:30:00$/);
  });

  it('says — for no end', () => {
    expect(periodEnd(null, true)).toBe('—');
    expect(chinaTime(null, false)).toBe('—');
  });
});
