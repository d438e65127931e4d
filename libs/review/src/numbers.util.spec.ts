import fc from 'fast-check';
import {
  compareCodeUnits,
  formatNumber,
  formatPercent,
  formatSigned,
  roundScore,
  roundTo,
} from './numbers.util.js';

describe('rounding', () => {
  it.each([
    [1.005, 1.01],
    [2.675, 2.68],
    [-1.005, -1.01],
    [0.1 + 0.2, 0.3],
    [84.499, 84.5],
    [-0.001, 0],
  ])('roundScore(%d) = %d', (value, expected) => {
    expect(roundScore(value)).toBe(expected);
  });

  it('never returns -0', () => {
    expect(Object.is(roundTo(-0.0001, 2), 0)).toBe(true);
  });

  it('is monotone (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          expect(roundScore(lo)).toBeLessThanOrEqual(roundScore(hi));
        },
      ),
    );
  });

  it('rejects non-finite numbers', () => {
    expect(() => roundTo(Number.POSITIVE_INFINITY, 2)).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('formats without trailing zeros', () => {
    expect([
      formatNumber(92.5),
      formatNumber(100),
      formatPercent(47.826),
      formatSigned(2.5),
      formatSigned(-3),
      formatSigned(0),
    ]).toEqual(['92.5', '100', '47.83%', '+2.5', '-3', '0']);
  });

  it('compares strings by code units, whatever the locale', () => {
    expect(['b', 'B', 'a', '10', '9'].sort(compareCodeUnits)).toEqual(['10', '9', 'B', 'a', 'b']);
  });
});
