const ZONE = 'Asia/Shanghai';

/** An instant as China time, in the reader's language ('—' when absent). */
export function chinaTime(iso: string | null, zh: boolean): string {
  return iso
    ? new Date(iso).toLocaleString(zh ? 'zh-CN' : 'en-GB', { timeZone: ZONE, hour12: false })
    : '—';
}

/**
 * The end of a notice's period. A period ends at the midnight after its last day (China time):
 * that is shown as the last day at 24:00, as notices word it, not as the next day at 0:00.
 */
export function periodEnd(iso: string | null, zh: boolean): string {
  if (!iso) return '—';
  const end = new Date(iso);
  const clock = end.toLocaleTimeString('en-GB', { timeZone: ZONE, hourCycle: 'h23' });
  if (clock !== '00:00:00') return chinaTime(iso, zh);
  const lastDay = new Date(end.getTime() - 1000).toLocaleDateString(zh ? 'zh-CN' : 'en-GB', {
    timeZone: ZONE,
  });
  return `${lastDay} 24:00`;
}
