import {
  GRADES,
  parseDuration,
  type LocalizedText,
  type ParsedDuration,
  type StepMeta,
} from '@shuping/engine';

/**
 * Validation rules of the side panel's forms. Pure functions: the panel shows their messages
 * next to the fields, and the designer's own checks turn them into problems that block publishing.
 */

const lt = (zh: string, en: string): LocalizedText => ({ zh, en });

/** A problem with one field, addressed by a JSON pointer relative to the step's `meta`. */
export interface FieldProblem {
  readonly field: string;
  readonly message: LocalizedText;
}

/** Units of the duration picker. `workingDays` counts on the Chinese working calendar. */
export const DURATION_UNITS = [
  'minutes',
  'hours',
  'days',
  'workingDays',
  'weeks',
  'months',
] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

/** Writes `amount` of `unit` as a duration: `PT8M`, `PT24H`, `P3D`, `3WD`, `P2W`, `P1M`. */
export function joinDuration(amount: number, unit: DurationUnit): string {
  switch (unit) {
    case 'minutes':
      return `PT${amount}M`;
    case 'hours':
      return `PT${amount}H`;
    case 'days':
      return `P${amount}D`;
    case 'workingDays':
      return `${amount}WD`;
    case 'weeks':
      return `P${amount}W`;
    case 'months':
      return `P${amount}M`;
  }
}

/**
 * Splits a one-part duration into amount and unit for the picker; null for anything else
 * (e.g. `P1DT2H`), which the picker then shows as text.
 */
export function splitDuration(text: string): { amount: number; unit: DurationUnit } | null {
  const d = parseDuration(text);
  if (!d) return null;
  if (d.kind === 'workingDays') return { amount: d.days, unit: 'workingDays' };
  const parts: [number, DurationUnit][] = [
    [d.minutes, 'minutes'],
    [d.hours, 'hours'],
    [d.days, 'days'],
    [d.weeks, 'weeks'],
    [d.months, 'months'],
  ];
  const used = parts.filter(([n]) => n > 0);
  if (d.years > 0 || d.seconds > 0 || used.length !== 1) return null;
  const [amount, unit] = used[0];
  return joinDuration(amount, unit) === text ? { amount, unit } : null;
}

function minutesOf(d: ParsedDuration): number {
  if (d.kind === 'workingDays') return d.days * 24 * 60 * (7 / 5);
  return (
    ((d.years * 365 + d.months * 30 + d.weeks * 7 + d.days) * 24 + d.hours) * 60 +
    d.minutes +
    d.seconds / 60
  );
}

/** Rough length in minutes (months as 30 days, a working day as 7/5 calendar days); null if invalid. */
export function approximateMinutes(text: string): number | null {
  const d = parseDuration(text);
  return d ? minutesOf(d) : null;
}

/**
 * Checks a duration field: `P3D`, `PT8M` (ISO 8601) or `3WD` (working days), greater than zero.
 * Returns the message to show, or null when the value is fine.
 */
export function durationProblem(
  text: string | undefined,
  options: { required?: boolean } = {},
): LocalizedText | null {
  if (text === undefined || text.trim() === '') {
    return options.required ? lt('请填写时长', 'Enter a duration') : null;
  }
  const minutes = approximateMinutes(text);
  if (minutes === null) {
    return lt(
      '时长格式应为 P3D（3天）、PT8M（8分钟）或 3WD（3个工作日）',
      'Use P3D (3 days), PT8M (8 minutes) or 3WD (3 working days)',
    );
  }
  if (minutes <= 0) return lt('时长必须大于零', 'The duration must be longer than zero');
  return null;
}

/** Reminders: valid durations, no repeats, each shorter than the deadline they precede. */
export function reminderProblems(
  reminders: readonly string[] | undefined,
  deadline: string | undefined,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!reminders || reminders.length === 0) return out;
  if (reminders.length > 5) {
    out.push({ field: '/reminders', message: lt('最多设置5次提醒', 'At most five reminders') });
  }
  if (deadline === undefined) {
    out.push({
      field: '/reminders',
      message: lt('设置提醒前请先设置办理期限', 'Set a deadline before reminders'),
    });
  }
  const limit = deadline ? approximateMinutes(deadline) : null;
  const seen = new Set<string>();
  reminders.forEach((r, i) => {
    const field = `/reminders/${i}`;
    const problem = durationProblem(r, { required: true });
    if (problem) {
      out.push({ field, message: problem });
      return;
    }
    if (seen.has(r)) out.push({ field, message: lt('提醒时间重复', 'Repeated reminder') });
    seen.add(r);
    const minutes = approximateMinutes(r) as number;
    if (limit !== null && minutes >= limit) {
      out.push({
        field,
        message: lt(
          '提醒应在期限之前：提前量须短于办理期限',
          'A reminder comes before the deadline: it must be shorter than the deadline',
        ),
      });
    }
  });
  return out;
}

/** The speech time limit: minutes (or hours), between 1 minute and 2 hours. */
export function timeLimitProblem(text: string | undefined): LocalizedText | null {
  const problem = durationProblem(text);
  if (problem || text === undefined || text === '') return problem;
  const d = parseDuration(text) as ParsedDuration;
  const minutes = minutesOf(d);
  if (d.kind === 'workingDays' || minutes > 120) {
    return lt(
      '发言时限以分钟计，不超过2小时（如 PT8M）',
      'Give minutes, at most two hours (e.g. PT8M)',
    );
  }
  return null;
}

function sumOf(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

const nearlyOne = (n: number) => Math.abs(n - 1) < 0.005;

function duplicateKeys(
  list: readonly { key: string }[] | undefined,
  base: string,
  what: LocalizedText,
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  (list ?? []).forEach((item, i) => {
    if (seen.has(item.key)) {
      out.push({
        field: `${base}/${i}/key`,
        message: lt(`${what.zh}的标识“${item.key}”重复`, `Repeated ${what.en} key "${item.key}"`),
      });
    }
    seen.add(item.key);
  });
  return out;
}

/** Settings of a rating step (测评): grades, dimensions, rater groups and their weights. */
export interface RatingSettings {
  readonly grades?: readonly string[];
  readonly dimensions?: readonly { key: string }[];
  readonly raterGroups?: readonly { key: string; weight?: number; anonymous: boolean }[];
}

/**
 * Rating rules: at least two distinct grades in the order 好、较好、一般、差; unique dimension
 * and rater-group keys; weights either on every group and adding up to 100%, or on none; raters
 * only from defined groups.
 */
export function ratingProblems(
  form: RatingSettings | undefined,
  assignee?: StepMeta['assignee'],
): FieldProblem[] {
  const out: FieldProblem[] = [];
  const grades = form?.grades;
  if (grades !== undefined) {
    if (grades.length < 2) {
      out.push({
        field: '/form/grades',
        message: lt('至少选择两个等次', 'Choose at least two grades'),
      });
    }
    const order = grades.map((g) => (GRADES as readonly string[]).indexOf(g));
    if (order.some((i) => i < 0) || order.some((i, k) => k > 0 && i <= order[k - 1])) {
      out.push({
        field: '/form/grades',
        message: lt(
          '等次须不重复，并按“好、较好、一般、差”排列',
          'Distinct grades, ordered 好, 较好, 一般, 差',
        ),
      });
    }
  }
  out.push(...duplicateKeys(form?.dimensions, '/form/dimensions', lt('测评维度', 'dimension')));
  const groups = form?.raterGroups ?? [];
  out.push(...duplicateKeys(groups, '/form/raterGroups', lt('评议组', 'rater group')));
  const weighted = groups.filter((g) => g.weight !== undefined);
  if (weighted.length > 0 && weighted.length < groups.length) {
    out.push({
      field: '/form/raterGroups',
      message: lt('请为每个评议组都设置权重，或都不设置', 'Weight every rater group, or none'),
    });
  } else if (weighted.length > 0 && !nearlyOne(sumOf(weighted.map((g) => g.weight as number)))) {
    out.push({
      field: '/form/raterGroups',
      message: lt('各评议组权重之和应为100%', 'The rater-group weights must add up to 100%'),
    });
  }
  if (assignee?.role === 'raters' && form?.raterGroups) {
    const known = new Set(groups.map((g) => g.key));
    assignee.groups.forEach((g, i) => {
      if (!known.has(g)) {
        out.push({
          field: `/assignee/groups/${i}`,
          message: lt(
            `评议组“${g}”未在测评设置中定义`,
            `Rater group "${g}" is not defined in the rating`,
          ),
        });
      }
    });
  }
  return out;
}

/** Report sections (述职报告): unique keys, shares adding up to at most 100% (exactly, if all set). */
export function sectionProblems(
  sections: readonly { key: string; share?: number }[] | undefined,
  base = '/form/sections',
): FieldProblem[] {
  const out = duplicateKeys(sections, base, lt('报告部分', 'section'));
  const list = sections ?? [];
  const shares = list.flatMap((s) => (s.share === undefined ? [] : [s.share]));
  const total = sumOf(shares);
  if (total > 1.005) {
    out.push({
      field: base,
      message: lt('各部分占比之和不能超过100%', 'Section shares exceed 100%'),
    });
  } else if (shares.length > 0 && shares.length === list.length && !nearlyOne(total)) {
    out.push({
      field: base,
      message: lt('各部分占比之和应为100%', 'Section shares must add up to 100%'),
    });
  }
  return out;
}

/** Classes of a ranking (e.g. 20% / 50% / 30%): shares adding up to 100%, unique keys. */
export function classProblems(
  classes: readonly { key: string; share: number }[] | undefined,
): FieldProblem[] {
  if (!classes || classes.length === 0) return [];
  const out = duplicateKeys(classes, '/form/classes', lt('等级类别', 'class'));
  if (!nearlyOne(sumOf(classes.map((c) => c.share)))) {
    out.push({
      field: '/form/classes',
      message: lt('各类别比例之和应为100%', 'Class shares must add up to 100%'),
    });
  }
  return out;
}

/** State keys: an identifier, unique among the siblings. */
export function stateKeyProblem(key: string, siblingKeys: readonly string[]): LocalizedText | null {
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/.test(key)) {
    return lt(
      '标识须以字母开头，只含字母、数字、下划线或连字符',
      'Start with a letter; letters, digits, _ or - only',
    );
  }
  if (siblingKeys.includes(key))
    return lt('同一层级中已有此标识', 'A sibling already uses this key');
  return null;
}

/** Event names: UPPER_SNAKE_CASE, and not the engine's reserved `TIMER`. */
export function eventNameProblem(name: string): LocalizedText | null {
  if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(name)) {
    return lt('事件名须为大写字母和下划线，如 SUBMIT', 'Use UPPER_SNAKE_CASE, e.g. SUBMIT');
  }
  if (name === 'TIMER') return lt('TIMER 由引擎保留', 'TIMER is reserved by the engine');
  return null;
}

/** A bilingual text: both languages filled in. */
export function localizedTextProblem(
  text: Partial<LocalizedText> | undefined,
): LocalizedText | null {
  if (!text?.zh?.trim()) return lt('请填写中文', 'Enter the Chinese text');
  if (!text.en?.trim()) return lt('请填写英文', 'Enter the English text');
  return null;
}

/** Every rule of the side panel for one step's settings. */
export function stepMetaProblems(meta: StepMeta): FieldProblem[] {
  const out: FieldProblem[] = [];
  const title = localizedTextProblem(meta.title);
  if (title) out.push({ field: '/title', message: title });
  const deadline = durationProblem(meta.deadline);
  if (deadline) out.push({ field: '/deadline', message: deadline });
  out.push(...reminderProblems(meta.reminders, meta.deadline));
  const grace = durationProblem(meta.escalation?.grace);
  if (grace) out.push({ field: '/escalation/grace', message: grace });
  switch (meta.kind) {
    case 'rating':
      out.push(...ratingProblems(meta.form, meta.assignee));
      break;
    case 'speaking': {
      const limit = timeLimitProblem(meta.form?.timeLimit);
      if (limit) out.push({ field: '/form/timeLimit', message: limit });
      out.push(...sectionProblems(meta.form?.sections));
      break;
    }
    case 'reportWriting':
      out.push(...sectionProblems(meta.form?.sections));
      break;
    case 'aggregation':
      out.push(...classProblems(meta.form?.classes));
      break;
    case 'publicity': {
      const period = durationProblem(meta.form?.period);
      if (period) out.push({ field: '/form/period', message: period });
      break;
    }
    case 'wait': {
      const duration = durationProblem(meta.form?.duration);
      if (duration) out.push({ field: '/form/duration', message: duration });
      break;
    }
    case 'talk': {
      const d = durationProblem(meta.form?.rectificationDeadline);
      if (d) out.push({ field: '/form/rectificationDeadline', message: d });
      break;
    }
    default:
      break;
  }
  return out;
}
