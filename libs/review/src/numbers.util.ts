/** Scores, shares and composite points are kept to this many decimals (0.01). */
export const SCORE_DECIMALS = 2;

/**
 * Comparisons of shares against thresholds tolerate this much (in percentage points) so that a
 * share that is exactly 60% on paper is not lost to binary floating point.
 */
export const SHARE_TOLERANCE = 1e-9;

/**
 * Rounds half away from zero to `decimals` places. The product is first cleaned to 15
 * significant digits so that 1.005 rounds to 1.01 as it would on paper.
 */
export function roundTo(value: number, decimals: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`cannot round ${value}`);
  }
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(15));
  const rounded = Math.round(scaled) / factor;
  return value < 0 && rounded !== 0 ? -rounded : rounded;
}

/** Rounds a score to {@link SCORE_DECIMALS} places. */
export function roundScore(value: number): number {
  return roundTo(value, SCORE_DECIMALS);
}

/** Formats a number with at most `decimals` places and no trailing zeros (92.5, 100, 0.25). */
export function formatNumber(value: number, decimals = SCORE_DECIMALS): string {
  const rounded = roundTo(value, decimals);
  return String(rounded);
}

/** Formats a percentage (65 → "65%", 47.826… → "47.83%"). */
export function formatPercent(value: number): string {
  return `${formatNumber(value)}%`;
}

/** Formats a signed number of points (+2.5, -3, 0). */
export function formatSigned(value: number): string {
  const text = formatNumber(value);
  return value > 0 ? `+${text}` : text;
}

/** Sums numbers in the order given. */
export function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) {
    total += value;
  }
  return total;
}

/** Compares two strings by UTF-16 code units: locale-independent, hence deterministic. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
