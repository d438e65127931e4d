import type { LocalizedText } from './common.schema.js';

/**
 * Named delays usable as `after` keys. Each reads its duration from the state's own `meta`,
 * so the designer edits the value in the step's form. Literal durations (`P5D`, `3WD`) are
 * accepted as `after` keys too.
 */
export const DELAY_TYPES = ['stepDeadline', 'publicityPeriod', 'waitPeriod'] as const;
export type DelayType = (typeof DELAY_TYPES)[number];

/** What the catalogue says about a delay. */
export interface DelayInfo {
  readonly label: LocalizedText;
  /** Where in the state's `meta` the duration is read. */
  readonly source: 'meta.deadline' | 'meta.form.period' | 'meta.form.duration';
}

/** Labels and sources of the catalogue delays. */
export const delayInfo: Readonly<Record<DelayType, DelayInfo>> = {
  stepDeadline: { label: { zh: '步骤期限', en: 'Step deadline' }, source: 'meta.deadline' },
  publicityPeriod: { label: { zh: '公示期', en: 'Publicity period' }, source: 'meta.form.period' },
  waitPeriod: { label: { zh: '等待时长', en: 'Wait period' }, source: 'meta.form.duration' },
};

/** True when `key` names a catalogue delay. */
export function isDelayType(key: string): key is DelayType {
  return (DELAY_TYPES as readonly string[]).includes(key);
}
