import { getNextTransitions } from 'xstate';
import type { AssigneeRule } from '../definition/assignee.schema.js';
import type { LocalizedText } from '../definition/common.schema.js';
import { isTaskState } from '../definition/definition-graph.js';
import type { StepKind } from '../definition/step-kinds.js';
import { compileDefinition } from './compile-definition.js';
import { EngineEvents, TASK_EVENTS } from './engine-event.js';
import { rehydrateSnapshot, type EngineSnapshot } from './step.js';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import { stepMetaOf } from './timer-plan.js';

/** An event the instance accepts now (the inbox renders one button per entry). */
export interface AcceptedEvent {
  readonly type: string;
  /** The task the event is for (`SUBMIT`, `TIMEOUT`), or null. */
  readonly taskKey: string | null;
  /** The state whose transition accepts it. */
  readonly stateKey: string;
  readonly stepKind: StepKind | null;
  /** The task's title, or the transition's label, if any. */
  readonly label: LocalizedText | null;
  readonly assignee: AssigneeRule | null;
}

/**
 * Events the snapshot accepts now, ignoring guards (they depend on the data to be submitted):
 * `SUBMIT` for every open task, then every other event with a transition from an active state.
 * Internal events (`xstate.*`, `TIMER`) are not listed.
 */
export function acceptedEvents(
  definition: WorkflowDefinition,
  snapshot: EngineSnapshot,
): AcceptedEvent[] {
  const compiled = compileDefinition(definition);
  const current = rehydrateSnapshot(compiled, snapshot);
  if (current.status !== 'active') {
    return [];
  }
  const out: AcceptedEvent[] = [];
  const seen = new Set<string>();
  const add = (event: AcceptedEvent) => {
    const key = `${event.type}|${event.taskKey ?? ''}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(event);
    }
  };
  for (const [taskKey, task] of Object.entries(current.context.tasks)) {
    const info = compiled.graph.byKey.get(task.stateKey);
    const meta = info ? stepMetaOf(info) : undefined;
    const extra = task.primary
      ? undefined
      : compiled.extras.get(task.stateKey)?.find((e) => e.taskKey === taskKey);
    add({
      type: EngineEvents.Submit,
      taskKey,
      stateKey: task.stateKey,
      stepKind: meta?.kind ?? null,
      label: extra?.title ?? meta?.title ?? null,
      assignee: extra?.assignee ?? meta?.assignee ?? null,
    });
  }
  for (const t of getNextTransitions(current)) {
    const type = t.eventType as string;
    if (type.startsWith('xstate.') || type === EngineEvents.Timer || type === EngineEvents.Submit) {
      continue;
    }
    const stateKey = t.source.path.join('.');
    const info = compiled.graph.byKey.get(stateKey);
    const meta = info ? stepMetaOf(info) : undefined;
    const task = info !== undefined && isTaskState(info) && TASK_EVENTS.includes(type);
    const label =
      info?.transitions.find(
        (e) => e.slot.kind === 'on' && e.slot.event === type && e.transition.meta?.label,
      )?.transition.meta?.label ?? null;
    add({
      type,
      taskKey: task ? stateKey : null,
      stateKey,
      stepKind: meta?.kind ?? null,
      label,
      assignee: task ? (meta?.assignee ?? null) : null,
    });
  }
  return out;
}
