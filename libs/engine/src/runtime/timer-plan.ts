import {
  addDuration,
  subtractDuration,
  type WorkingCalendar,
} from '../calendar/working-days.util.js';
import type { AssigneeRule } from '../definition/assignee.schema.js';
import { isTaskState, type StateInfo } from '../definition/definition-graph.js';
import type { StepMeta } from '../definition/definition.schema.js';
import { DEFAULT_AUTO_ADVANCE_EVENT } from './engine-event.js';
import type { CompiledDefinition } from './compile-definition.js';
import type { TimerRecord } from './engine-context.js';
import type { EscalationPlan } from './effects.js';

const SUPERIOR_SECRETARY: AssigneeRule = { role: 'superiorSecretary' };
const SUPERVISORS: AssigneeRule = { role: 'supervisors' };

/** The step meta of a state, if it is a step (not a group). */
export function stepMetaOf(info: StateInfo): StepMeta | undefined {
  const meta = info.meta;
  return meta && meta.kind !== 'group' ? meta : undefined;
}

/** The escalation ladder of a step with a deadline, defaults filled in. */
export function escalationPlan(meta: StepMeta | undefined): EscalationPlan | null {
  if (!meta?.deadline) {
    return null;
  }
  const e = meta.escalation;
  return {
    reminders: meta.reminders ?? [],
    escalateTo: e?.escalateTo ?? SUPERIOR_SECRETARY,
    grace: e?.grace ?? null,
    notifyAfterGrace: e?.notifyAfterGrace ?? SUPERVISORS,
    autoAdvance: e?.autoAdvance
      ? { at: e.autoAdvance.at, event: e.autoAdvance.event ?? DEFAULT_AUTO_ADVANCE_EVENT }
      : null,
  };
}

/** The duration an `after` key stands for on a state (a literal, or a catalogue delay read from meta). */
export function delayDuration(info: StateInfo, delay: string): string | null {
  const meta = stepMetaOf(info);
  switch (delay) {
    case 'stepDeadline':
      return meta?.deadline ?? null;
    case 'publicityPeriod':
      return meta?.kind === 'publicity' ? (meta.form?.period ?? null) : null;
    case 'waitPeriod':
      return meta?.kind === 'wait' ? (meta.form?.duration ?? null) : null;
    default:
      return delay;
  }
}

/** `<stateKey>@<visit>/<purpose>[/<detail>]`: unique per entry of a state. */
export function timerKeyOf(
  stateKey: string,
  visit: number,
  purpose: string,
  detail?: string | number,
): string {
  return detail === undefined
    ? `${stateKey}@${visit}/${purpose}`
    : `${stateKey}@${visit}/${purpose}/${detail}`;
}

/** What entering a state arms: its deadline (for tasks) and its timers. */
export interface EntryPlan {
  readonly deadlineAt: string | null;
  readonly timers: ReadonlyMap<string, TimerRecord>;
}

/** Plans the deadline and timers of a state entered at `now` (visit `visit`). */
export function planEntry(
  compiled: CompiledDefinition,
  info: StateInfo,
  visit: number,
  now: Date,
  calendar: WorkingCalendar,
): EntryPlan {
  const timers = new Map<string, TimerRecord>();
  const key = info.stateKey;
  const meta = stepMetaOf(info);
  let deadlineAt: string | null = null;
  const task = isTaskState(info);
  if (task && meta?.deadline) {
    const deadline = addDuration(now, meta.deadline, calendar);
    deadlineAt = deadline.toISOString();
    const base = { stateKey: key, visit, taskKey: key, afterEvent: null };
    (meta.reminders ?? []).forEach((reminder, index) => {
      const at = subtractDuration(deadline, reminder, calendar);
      if (at.getTime() > now.getTime()) {
        timers.set(timerKeyOf(key, visit, 'reminder', index), {
          ...base,
          purpose: 'reminder',
          dueAt: at.toISOString(),
          index,
        });
      }
    });
    timers.set(timerKeyOf(key, visit, 'deadline'), {
      ...base,
      purpose: 'deadline',
      dueAt: deadlineAt,
      index: null,
    });
    if (meta.escalation?.grace) {
      timers.set(timerKeyOf(key, visit, 'escalation'), {
        ...base,
        purpose: 'escalation',
        dueAt: addDuration(deadline, meta.escalation.grace, calendar).toISOString(),
        index: null,
      });
    }
  }
  for (const after of compiled.afters.get(key) ?? []) {
    const duration = delayDuration(info, after.delay);
    if (duration === null) {
      continue;
    }
    timers.set(timerKeyOf(key, visit, 'after', after.delay), {
      stateKey: key,
      visit,
      taskKey: task ? key : null,
      purpose: 'after',
      dueAt: addDuration(now, duration, calendar).toISOString(),
      afterEvent: after.eventType,
      index: null,
    });
  }
  return { deadlineAt, timers };
}
