import { useEffect, useState } from 'react';

type Language = 'zh' | 'en';

/**
 * Remaining time until a deadline, to the minute under a day: "剩余 2天3小时" / "逾期 5小时12分".
 * `ms` is the deadline minus now (negative when overdue).
 */
export function formatRemaining(ms: number, language: Language): string {
  const overdue = ms < 0;
  let rest = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const zh: string[] = [];
  const en: string[] = [];
  if (days > 0) {
    zh.push(`${days}天`, `${hours}小时`);
    en.push(`${days}d`, `${hours}h`);
  } else if (hours > 0) {
    zh.push(`${hours}小时`, `${minutes}分`);
    en.push(`${hours}h`, `${minutes}m`);
  } else {
    zh.push(`${minutes}分`, `${seconds}秒`);
    en.push(`${minutes}m`, `${seconds}s`);
  }
  return language === 'zh'
    ? `${overdue ? '逾期' : '剩余'} ${zh.join('')}`
    : `${overdue ? 'overdue' : 'in'} ${en.join(' ')}`;
}

/**
 * The server's clock ticking in the browser: `serverNow` (from the last answer) plus the time
 * elapsed since, so countdowns agree with the server even when the two clocks differ.
 */
export function useServerClock(serverNow: string | undefined, everyMs = 1000): number {
  const [offset, setOffset] = useState(0);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (serverNow) setOffset(new Date(serverNow).getTime() - Date.now());
  }, [serverNow]);
  useEffect(() => {
    const handle = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(handle);
  }, [everyMs]);
  return now + offset;
}

/** A date-time in China time, as officials read it: 2025-12-24 09:30. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const local = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}
