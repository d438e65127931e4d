import {
  acceptedEvents,
  addDuration,
  buildDefinitionGraph,
  createWorkingCalendar,
  subtractDuration,
  type EngineSnapshot,
  type StateInfo,
  type StateValue,
  type TimerRecord,
  type WorkflowDefinition,
} from '@shuping/engine';

/** A step to send a task back to, and why it cannot be. */
export class SendBackError extends Error {}

interface StepMetaLike {
  kind?: string;
  assignee?: unknown;
  deadline?: string;
  reminders?: string[];
  escalation?: { grace?: string };
}

function isHumanStep(info: StateInfo | undefined): info is StateInfo {
  const meta = info?.meta as StepMetaLike | undefined;
  return info?.type === 'atomic' && meta?.assignee !== undefined;
}

function replaceLeaf(
  value: StateValue,
  parentPath: readonly string[],
  from: string,
  to: string,
): StateValue {
  if (parentPath.length === 0) {
    if (value !== from) throw new SendBackError('the step is not active');
    return to;
  }
  if (typeof value === 'string') throw new SendBackError('the step is not active');
  const [head, ...rest] = parentPath;
  const child = value[head];
  if (child === undefined) throw new SendBackError('the step is not active');
  return { ...value, [head]: replaceLeaf(child, rest, from, to) };
}

/** What sending a task back changes in its instance. */
export interface Rewind {
  snapshot: EngineSnapshot;
  /** Visit of the re-entered step. */
  visit: number;
  dueAt: string | null;
  /** Timers to arm for the re-entered step. */
  timers: { timerKey: string; record: TimerRecord }[];
  /** Timers of the left step, to cancel. */
  cancelled: string[];
  /** Task keys of the left step (its own and extra tasks), to cancel. */
  closedTasks: string[];
}

/**
 * 退回: moves an instance from the active step `from` back to the earlier step `to` (a sibling
 * human step, the one whose completion led to `from`). The engine has no "go back" event, so
 * this rewrites the snapshot exactly as entering `to` would have: a new visit, its task, and
 * its deadline, reminder and escalation timers; `from`'s task and timers are dropped. The new
 * snapshot is checked by rehydrating it through the engine.
 */
export function rewindSnapshot(
  definition: WorkflowDefinition,
  snapshot: EngineSnapshot,
  from: string,
  to: string,
  now: Date,
): Rewind {
  const graph = buildDefinitionGraph(definition.machine);
  const fromInfo = graph.byKey.get(from);
  const toInfo = graph.byKey.get(to);
  if (!isHumanStep(fromInfo) || !isHumanStep(toInfo)) {
    throw new SendBackError('only human steps can be sent back');
  }
  if (fromInfo.parent !== toInfo.parent) {
    throw new SendBackError('the earlier step is in another part of the process');
  }
  const context = snapshot.context;
  const value = replaceLeaf(
    snapshot.value,
    fromInfo.path.slice(0, -1),
    fromInfo.path.at(-1) ?? '',
    toInfo.path.at(-1) ?? '',
  );
  const visit = (context.visits[to] ?? 0) + 1;
  const calendar = createWorkingCalendar();
  const meta = toInfo.meta as StepMetaLike;
  const nowIso = now.toISOString();
  const deadline = meta.deadline ? addDuration(now, meta.deadline, calendar) : null;
  const timers: { timerKey: string; record: TimerRecord }[] = [];
  if (deadline) {
    const base = { stateKey: to, visit, taskKey: to, afterEvent: null };
    (meta.reminders ?? []).forEach((reminder, index) => {
      const at = subtractDuration(deadline, reminder, calendar);
      if (at.getTime() > now.getTime()) {
        timers.push({
          timerKey: `${to}@${visit}/reminder/${index}`,
          record: { ...base, purpose: 'reminder', dueAt: at.toISOString(), index },
        });
      }
    });
    timers.push({
      timerKey: `${to}@${visit}/deadline`,
      record: { ...base, purpose: 'deadline', dueAt: deadline.toISOString(), index: null },
    });
    if (meta.escalation?.grace) {
      timers.push({
        timerKey: `${to}@${visit}/escalation`,
        record: {
          ...base,
          purpose: 'escalation',
          dueAt: addDuration(deadline, meta.escalation.grace, calendar).toISOString(),
          index: null,
        },
      });
    }
  }
  const closedTasks = Object.entries(context.tasks)
    .filter(([, t]) => t.stateKey === from)
    .map(([key]) => key);
  const cancelled = Object.entries(context.timers)
    .filter(([, t]) => t.stateKey === from)
    .map(([key]) => key);
  const tasks = Object.fromEntries(
    Object.entries(context.tasks).filter(([key]) => !closedTasks.includes(key)),
  );
  tasks[to] = {
    stateKey: to,
    visit,
    dueAt: deadline?.toISOString() ?? null,
    openedAt: nowIso,
    primary: true,
  };
  const kept = Object.fromEntries(
    Object.entries(context.timers).filter(([key]) => !cancelled.includes(key)),
  );
  for (const t of timers) kept[t.timerKey] = t.record;
  const next: EngineSnapshot = {
    ...snapshot,
    value,
    context: { ...context, visits: { ...context.visits, [to]: visit }, tasks, timers: kept },
  };
  // Throws when the rewritten snapshot does not fit the definition.
  acceptedEvents(definition, next);
  return {
    snapshot: next,
    visit,
    dueAt: deadline?.toISOString() ?? null,
    timers,
    cancelled,
    closedTasks,
  };
}
