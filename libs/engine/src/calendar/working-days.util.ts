import chineseDays from 'chinese-days';
import { EngineError, EngineErrorCode } from '../engine.exception.js';
import { parseDuration } from './duration.util.js';

/** China has used UTC+8 all year since 1991; local dates and working days are computed in it. */
const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * County overrides of the national calendar, as China-local dates `YYYY-MM-DD`.
 * An extra working day wins over the national calendar; an extra holiday wins over both.
 */
export interface CalendarOverrides {
  /** Days off declared by the county (e.g. a local festival) on top of the national holidays. */
  readonly extraHolidays?: readonly string[];
  /** Days the county works although the national calendar is off (extra 调休 days). */
  readonly extraWorkdays?: readonly string[];
}

/** Answers "is this China-local date a working day?", nationally (with 调休) and per county. */
export interface WorkingCalendar {
  isWorkingDay(localDate: string): boolean;
}

function parseLocalDate(text: string): { y: number; m: number; d: number } | null {
  const match = LOCAL_DATE_PATTERN.exec(text);
  if (!match) {
    return null;
  }
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(y, m - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== d) {
    return null;
  }
  return { y, m, d };
}

/** True when the national calendar (chinese-days: holidays and make-up working days) says work. */
function isNationalWorkingDay(localDate: string): boolean {
  const parts = parseLocalDate(localDate);
  if (!parts) {
    throw new EngineError(EngineErrorCode.InvalidCalendar, `invalid date ${localDate}`);
  }
  // chinese-days formats dates with local-time getters: pass a local midnight so that the
  // answer does not depend on the host's time zone.
  return chineseDays.isWorkday(new Date(parts.y, parts.m - 1, parts.d));
}

const nationalCache = new Map<string, boolean>();

function cachedNationalWorkingDay(localDate: string): boolean {
  let answer = nationalCache.get(localDate);
  if (answer === undefined) {
    answer = isNationalWorkingDay(localDate);
    nationalCache.set(localDate, answer);
  }
  return answer;
}

/**
 * Builds the working calendar of a county: the national calendar of the `chinese-days` package
 * (public holidays and make-up working days, 调休) plus the county's overrides.
 * @throws EngineError `ENGINE_INVALID_CALENDAR` on a malformed date or a date in both lists.
 */
export function createWorkingCalendar(overrides: CalendarOverrides = {}): WorkingCalendar {
  const holidays = new Set(overrides.extraHolidays ?? []);
  const workdays = new Set(overrides.extraWorkdays ?? []);
  for (const date of [...holidays, ...workdays]) {
    if (!parseLocalDate(date)) {
      throw new EngineError(EngineErrorCode.InvalidCalendar, `invalid override date ${date}`);
    }
  }
  for (const date of holidays) {
    if (workdays.has(date)) {
      throw new EngineError(
        EngineErrorCode.InvalidCalendar,
        `${date} is both an extra holiday and an extra working day`,
      );
    }
  }
  return {
    isWorkingDay(localDate: string): boolean {
      if (holidays.has(localDate)) {
        return false;
      }
      if (workdays.has(localDate)) {
        return true;
      }
      return cachedNationalWorkingDay(localDate);
    },
  };
}

/** The national calendar without county overrides. */
export const nationalCalendar: WorkingCalendar = createWorkingCalendar();

/** Local dates by China-local day number (days since 1970-01-01): deadlines ask for the same few. */
const localDates = new Map<number, string>();

/** The China-local date (`YYYY-MM-DD`) of an instant. */
export function toChinaLocalDate(instant: Date): string {
  return localDateOfMs(instant.getTime());
}

function localDateOfMs(ms: number): string {
  const day = Math.floor((ms + CHINA_OFFSET_MS) / DAY_MS);
  let date = localDates.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (localDates.size >= 100_000) localDates.clear();
    localDates.set(day, date);
  }
  return date;
}

/** True when the China-local date of `instant` is a working day. */
export function isWorkingDay(
  instant: Date | string,
  calendar: WorkingCalendar = nationalCalendar,
): boolean {
  const date = typeof instant === 'string' ? instant : toChinaLocalDate(instant);
  return calendar.isWorkingDay(date);
}

/**
 * Moves `from` by `days` working days (negative: backwards), keeping the China-local time of day.
 * The start day itself never counts: 2025-09-30 10:00 + 1 → 2025-10-09 10:00 (1–8 Oct are off).
 */
export function addWorkingDays(from: Date, days: number, calendar: WorkingCalendar): Date {
  const step = days >= 0 ? 1 : -1;
  let remaining = Math.abs(days);
  let cursor = from.getTime();
  // A guard against a calendar without working days: ten years is far beyond any deadline.
  let scanned = 0;
  while (remaining > 0) {
    cursor += step * DAY_MS;
    scanned += 1;
    if (scanned > 3660) {
      throw new EngineError(EngineErrorCode.InvalidCalendar, 'no working day within ten years');
    }
    if (calendar.isWorkingDay(localDateOfMs(cursor))) {
      remaining -= 1;
    }
  }
  return new Date(cursor);
}

function addCalendarParts(
  from: Date,
  sign: 1 | -1,
  parts: { years: number; months: number; days: number; ms: number },
): Date {
  // Shift into China-local "wall time" held in a UTC Date, do calendar arithmetic, shift back.
  const local = new Date(from.getTime() + CHINA_OFFSET_MS);
  const y = local.getUTCFullYear() + sign * parts.years;
  const monthIndex = local.getUTCMonth() + sign * parts.months;
  const targetYear = y + Math.floor(monthIndex / 12);
  const targetMonth = ((monthIndex % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth + 1, 0)).getUTCDate();
  const day = Math.min(local.getUTCDate(), lastDay);
  const timeOfDay =
    local.getTime() - Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const moved = Date.UTC(targetYear, targetMonth, day) + timeOfDay + sign * parts.days * DAY_MS;
  return new Date(moved + sign * parts.ms - CHINA_OFFSET_MS);
}

function shift(from: Date, duration: string, sign: 1 | -1, calendar: WorkingCalendar): Date {
  const parsed = parseDuration(duration);
  if (!parsed) {
    throw new EngineError(EngineErrorCode.InvalidDuration, `invalid duration ${duration}`);
  }
  if (parsed.kind === 'workingDays') {
    return addWorkingDays(from, sign * parsed.days, calendar);
  }
  return addCalendarParts(from, sign, {
    years: parsed.years,
    months: parsed.months,
    days: parsed.weeks * 7 + parsed.days,
    ms: (parsed.hours * 3600 + parsed.minutes * 60 + parsed.seconds) * 1000,
  });
}

/**
 * Adds a duration to an instant: ISO 8601 parts on the China-local calendar (months clamp to the
 * month's last day), working days (`3WD`) on the working calendar.
 * @throws EngineError `ENGINE_INVALID_DURATION` when `duration` is not a duration.
 */
export function addDuration(
  from: Date,
  duration: string,
  calendar: WorkingCalendar = nationalCalendar,
): Date {
  return shift(from, duration, 1, calendar);
}

/** Subtracts a duration from an instant (used for reminders before a deadline). */
export function subtractDuration(
  from: Date,
  duration: string,
  calendar: WorkingCalendar = nationalCalendar,
): Date {
  return shift(from, duration, -1, calendar);
}
