import { EngineError, EngineErrorCode } from '../engine.exception.js';
import { isDuration, parseDuration } from './duration.util.js';
import {
  addDuration,
  addWorkingDays,
  createWorkingCalendar,
  isWorkingDay,
  nationalCalendar,
  subtractDuration,
  toChinaLocalDate,
} from './working-days.util.js';

/** 10:00 China time on a local date. */
const at10 = (date: string) => new Date(`${date}T10:00:00+08:00`);
const localDate = (instant: Date) => toChinaLocalDate(instant);

describe('the national working calendar (chinese-days)', () => {
  it.each([
    ['2025-09-28', true, 'Sunday, make-up working day for National Day 2025'],
    ['2025-09-30', true, 'Tuesday before the holiday'],
    ['2025-10-01', false, 'National Day'],
    ['2025-10-06', false, 'Mid-Autumn Festival inside the holiday'],
    ['2025-10-08', false, 'last day of the holiday'],
    ['2025-10-09', true, 'first working day after'],
    ['2025-10-11', true, 'Saturday, make-up working day'],
    ['2025-10-12', false, 'ordinary Sunday'],
    ['2025-01-26', true, 'Sunday, make-up day for Spring Festival 2025'],
    ['2025-01-28', false, 'Spring Festival eve 2025'],
    ['2025-02-04', false, 'last day of Spring Festival 2025'],
    ['2025-02-08', true, 'Saturday, make-up day after Spring Festival 2025'],
    ['2024-02-04', true, 'Sunday, make-up day for Spring Festival 2024'],
    ['2024-02-10', false, 'Spring Festival 2024'],
    ['2024-02-18', true, 'Sunday, make-up day after Spring Festival 2024'],
    ['2024-09-29', true, 'Sunday, make-up day for National Day 2024'],
    ['2024-10-07', false, 'National Day 2024'],
    ['2024-10-12', true, 'Saturday, make-up day after National Day 2024'],
  ])('%s is a working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });
});

describe('working-day durations', () => {
  it.each([
    ['2025-09-30', '1WD', '2025-10-09', 'National Day 2025: 1–8 October are off'],
    ['2025-09-30', '2WD', '2025-10-10', ''],
    ['2025-09-30', '3WD', '2025-10-11', 'the make-up Saturday counts'],
    ['2025-09-30', '4WD', '2025-10-13', 'the Sunday after does not'],
    ['2025-09-26', '1WD', '2025-09-28', 'Friday + 1 → the make-up Sunday'],
    ['2025-10-01', '1WD', '2025-10-09', 'starting on a holiday'],
    ['2025-01-27', '1WD', '2025-02-05', 'Spring Festival 2025'],
    ['2025-02-07', '1WD', '2025-02-08', 'Spring Festival 2025 make-up Saturday'],
    ['2024-02-09', '1WD', '2024-02-18', 'Spring Festival 2024, make-up Sunday'],
    ['2024-09-30', '1WD', '2024-10-08', 'National Day 2024'],
    ['2024-09-27', '1WD', '2024-09-29', 'National Day 2024 make-up Sunday'],
  ])('%s + %s = %s (%s)', (from, duration, expected) => {
    const due = addDuration(at10(from), duration);
    expect(localDate(due)).toBe(expected);
    // The time of day is kept.
    expect(due.toISOString()).toBe(at10(expected).toISOString());
  });

  it('computes dates in China time whatever the instant', () => {
    // 2025-09-30T20:00Z is already 1 October 04:00 in China: a holiday.
    const due = addDuration(new Date('2025-09-30T20:00:00Z'), '1WD');
    expect(due.toISOString()).toBe('2025-10-08T20:00:00.000Z');
    expect(localDate(due)).toBe('2025-10-09');
  });

  it('subtracts working days (reminders before a deadline)', () => {
    expect(localDate(subtractDuration(at10('2025-10-09'), '1WD'))).toBe('2025-09-30');
    expect(localDate(subtractDuration(at10('2025-10-13'), '2WD'))).toBe('2025-10-10');
    expect(localDate(addWorkingDays(at10('2025-10-09'), -2, nationalCalendar))).toBe('2025-09-29');
  });

  it('applies county overrides', () => {
    const county = createWorkingCalendar({
      extraHolidays: ['2025-10-09'],
      extraWorkdays: ['2025-10-03'],
    });
    expect(county.isWorkingDay('2025-10-09')).toBe(false);
    expect(county.isWorkingDay('2025-10-03')).toBe(true);
    expect(localDate(addDuration(at10('2025-09-30'), '1WD', county))).toBe('2025-10-03');
    expect(localDate(addDuration(at10('2025-10-03'), '1WD', county))).toBe('2025-10-10');
    const holidayOnly = createWorkingCalendar({ extraHolidays: ['2025-10-09', '2025-10-10'] });
    expect(localDate(addDuration(at10('2025-09-30'), '1WD', holidayOnly))).toBe('2025-10-11');
  });

  it('rejects malformed or contradictory overrides', () => {
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return null;
    };
    const bad = attempt(() => createWorkingCalendar({ extraHolidays: ['2025-02-30'] }));
    expect(bad).toBeInstanceOf(EngineError);
    expect((bad as EngineError).code).toBe(EngineErrorCode.InvalidCalendar);
    const both = attempt(() =>
      createWorkingCalendar({ extraHolidays: ['2025-10-09'], extraWorkdays: ['2025-10-09'] }),
    );
    expect((both as EngineError).code).toBe(EngineErrorCode.InvalidCalendar);
  });
});

describe('calendar durations', () => {
  it.each([
    ['2025-09-30T02:00:00.000Z', 'PT8M', '2025-09-30T02:08:00.000Z'],
    ['2025-09-30T02:00:00.000Z', 'PT24H', '2025-10-01T02:00:00.000Z'],
    ['2025-09-30T02:00:00.000Z', 'P3D', '2025-10-03T02:00:00.000Z'],
    ['2025-09-30T02:00:00.000Z', 'P1W', '2025-10-07T02:00:00.000Z'],
    ['2025-01-31T02:00:00.000Z', 'P1M', '2025-02-28T02:00:00.000Z'],
    ['2024-01-31T02:00:00.000Z', 'P1M', '2024-02-29T02:00:00.000Z'],
    ['2025-12-31T15:30:00.000Z', 'P1D', '2026-01-01T15:30:00.000Z'],
    ['2025-09-30T02:00:00.000Z', 'P1Y2M3DT4H5M6S', '2026-12-03T06:05:06.000Z'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(addDuration(new Date(from), duration).toISOString()).toBe(expected);
  });

  it('rejects what is not a duration', () => {
    expect(() => addDuration(new Date(), '3 days')).toThrow(EngineError);
  });
});

describe('duration syntax', () => {
  it.each(['PT8M', 'P3D', 'PT24H', 'P1Y', 'P1M', 'P2W', 'PT0S', 'P1DT2H', '1WD', '3WD', '999WD'])(
    '%s is a duration',
    (text) => {
      expect(isDuration(text)).toBe(true);
    },
  );

  it.each([
    '',
    'P',
    'PT',
    '3 days',
    'P-1D',
    '0WD',
    '1000WD',
    'WD',
    'P1.5D',
    'PT8m',
    'P99999D',
    '3wd',
    'P1D ',
    'x',
  ])('%j is not a duration', (text) => {
    expect(isDuration(text)).toBe(false);
  });

  it('parses both forms', () => {
    expect(parseDuration('3WD')).toEqual({ kind: 'workingDays', days: 3 });
    expect(parseDuration('P1DT2H')).toMatchObject({ kind: 'calendar', days: 1, hours: 2 });
  });
});
