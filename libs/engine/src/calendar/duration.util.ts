import { z } from 'zod';

/**
 * ISO 8601 duration with integer components, e.g. `PT8M`, `P3D`, `P1Y2M`, `PT24H`.
 * Components are capped at four digits so that due dates stay representable.
 */
export const ISO_DURATION_PATTERN =
  /^P(?!$)(?:(\d{1,4})Y)?(?:(\d{1,4})M)?(?:(\d{1,4})W)?(?:(\d{1,4})D)?(?:T(?=\d)(?:(\d{1,4})H)?(?:(\d{1,4})M)?(?:(\d{1,4})S)?)?$/;

/** Working-day duration: `1WD` … `999WD` (days counted on the Chinese working calendar). */
export const WORKING_DAYS_PATTERN = /^([1-9]\d{0,2})WD$/;

/** Either form, as one pattern (for JSON Schema). */
export const DURATION_PATTERN = new RegExp(
  `(?:${ISO_DURATION_PATTERN.source})|(?:${WORKING_DAYS_PATTERN.source})`,
);

/** Validates a duration string: ISO 8601 (`PT8M`, `P3D`) or working days (`3WD`). */
export const durationSchema = z.string().regex(DURATION_PATTERN).meta({
  id: 'Duration',
  description: 'ISO 8601 duration (PT8M, P3D, PT24H) or working days on the Chinese calendar (3WD)',
});

/** A parsed duration. Calendar parts are added on the China-local calendar (UTC+8). */
export type ParsedDuration =
  | {
      readonly kind: 'calendar';
      readonly years: number;
      readonly months: number;
      readonly weeks: number;
      readonly days: number;
      readonly hours: number;
      readonly minutes: number;
      readonly seconds: number;
    }
  | { readonly kind: 'workingDays'; readonly days: number };

/** Parses a duration string, or returns `null` when it is not a valid duration. */
export function parseDuration(text: string): ParsedDuration | null {
  let parsed = parsedDurations.get(text);
  if (parsed === undefined) {
    // Shared by every caller from now on: frozen.
    parsed = parseDurationText(text);
    if (parsed) Object.freeze(parsed);
    // Definitions name a handful of durations; anything else is not kept for long.
    if (parsedDurations.size >= 1_000) parsedDurations.clear();
    parsedDurations.set(text, parsed);
  }
  return parsed;
}

const parsedDurations = new Map<string, ParsedDuration | null>();

function parseDurationText(text: string): ParsedDuration | null {
  const wd = WORKING_DAYS_PATTERN.exec(text);
  if (wd) {
    return { kind: 'workingDays', days: Number(wd[1]) };
  }
  const iso = ISO_DURATION_PATTERN.exec(text);
  if (!iso) {
    return null;
  }
  const n = (part: string | undefined): number => (part === undefined ? 0 : Number(part));
  return {
    kind: 'calendar',
    years: n(iso[1]),
    months: n(iso[2]),
    weeks: n(iso[3]),
    days: n(iso[4]),
    hours: n(iso[5]),
    minutes: n(iso[6]),
    seconds: n(iso[7]),
  };
}

/** True when `text` is a valid duration. */
export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && parseDuration(text) !== null;
}

/**
 * A rough length in milliseconds (months as 30 days, working days as 1.4 calendar days). Used
 * only where XState wants a number; due dates are always computed with {@link addDuration}.
 */
export function approximateDurationMs(text: string): number {
  const d = parseDuration(text);
  if (!d) {
    return 0;
  }
  const day = 86_400_000;
  if (d.kind === 'workingDays') {
    return Math.round(d.days * 1.4 * day);
  }
  return (
    ((d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * 24 + d.hours) * 3_600_000 +
    d.minutes * 60_000 +
    d.seconds * 1000
  );
}
