import { parseSse } from './live-events';
import { formatRemaining, formatTime } from './time-format';

describe('parseSse', () => {
  it('splits complete events and keeps the unfinished rest', () => {
    const { events, rest } = parseSse(
      'event: ready\nid: 1\ndata: {"at":1}\n\n: comment\n\nevent: changed\ndata: {"a"\ndata: :1}\n\nevent: cha',
    );
    expect(events).toEqual([
      { type: 'ready', data: '{"at":1}' },
      { type: 'changed', data: '{"a"\n:1}' },
    ]);
    expect(rest).toBe('event: cha');
    expect(parseSse(`${rest}nged\ndata: x\n\n`).events).toEqual([{ type: 'changed', data: 'x' }]);
  });

  it('accepts CRLF line ends and data without a type', () => {
    expect(parseSse('data: one\r\n\r\n').events).toEqual([{ type: 'message', data: 'one' }]);
  });
});

describe('formatRemaining', () => {
  const minute = 60_000;
  it('counts down in days and hours, then hours and minutes, then minutes and seconds', () => {
    expect(formatRemaining(2 * 1440 * minute + 3 * 60 * minute + 5 * minute, 'zh')).toBe(
      '剩余 2天3小时',
    );
    expect(formatRemaining(5 * 60 * minute + 12 * minute, 'zh')).toBe('剩余 5小时12分');
    expect(formatRemaining(90_500, 'en')).toBe('in 1m 30s');
  });
  it('says how long a deadline has been passed', () => {
    expect(formatRemaining(-(1440 + 90) * minute, 'zh')).toBe('逾期 1天1小时');
    expect(formatRemaining(-5 * 60 * minute, 'en')).toBe('overdue 5h 0m');
  });
});

describe('formatTime', () => {
  it('shows China time', () => {
    expect(formatTime('2025-12-24T01:30:00Z')).toBe('2025-12-24 09:30');
    expect(formatTime(null)).toBe('—');
  });
});
