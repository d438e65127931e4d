/**
 * Test helper (not part of the build): plays the host. Applies effects to its own task and timer
 * tables, refuses inconsistent effects, and checks them against the snapshot after every step.
 */
import type { CalendarOverrides } from '../calendar/working-days.util.js';
import { isTaskState, type DefinitionGraph } from '../definition/definition-graph.js';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import type { Effect, OpenTaskEffect, SetTimerEffect } from '../runtime/effects.js';
import type { EngineEvent } from '../runtime/engine-event.js';
import {
  start,
  transition,
  type EngineSnapshot,
  type ProcessStatus,
  type StateValue,
  type StepResult,
} from '../runtime/step.js';
import { stepMetaOf } from '../runtime/timer-plan.js';
import { parseDefinition } from '../validation/parse-definition.js';

/** Dotted keys of every active state (ancestors included) of a state value. */
export function activeKeys(value: StateValue): Set<string> {
  const out = new Set<string>();
  const stack: [string, StateValue][] = [['', value]];
  while (stack.length > 0) {
    const [prefix, v] = stack.pop() as [string, StateValue];
    const join = (k: string) => (prefix ? `${prefix}.${k}` : k);
    if (typeof v === 'string') {
      out.add(join(v));
      continue;
    }
    for (const [k, sub] of Object.entries(v)) {
      out.add(join(k));
      stack.push([join(k), sub]);
    }
  }
  return out;
}

/** Keys of the active leaf states of a state value. */
export function leafKeys(value: StateValue): string[] {
  const all = [...activeKeys(value)];
  return all.filter((k) => !all.some((o) => o.startsWith(`${k}.`))).sort();
}

const HOUR = 3_600_000;

export class InstanceTracker {
  readonly graph: DefinitionGraph;
  readonly tasks = new Map<string, OpenTaskEffect>();
  readonly timers = new Map<string, SetTimerEffect>();
  readonly history: Effect[][] = [];
  snapshot: EngineSnapshot;
  status: ProcessStatus;
  now: Date;

  constructor(
    readonly definition: WorkflowDefinition,
    now: Date = new Date('2025-09-28T01:00:00.000Z'),
    readonly calendar?: CalendarOverrides,
  ) {
    const parsed = parseDefinition(definition);
    if (!parsed.ok) {
      throw new Error(`invalid definition: ${JSON.stringify(parsed.issues)}`);
    }
    this.graph = parsed.graph;
    this.now = now;
    const result = start(definition, { now, calendar });
    this.snapshot = result.snapshot;
    this.status = result.status;
    this.absorb(result, undefined);
  }

  /** Sends an event `advanceMs` after the previous one. */
  send(event: EngineEvent, advanceMs = HOUR): StepResult {
    this.now = new Date(this.now.getTime() + advanceMs);
    const result = transition(this.definition, this.snapshot, event, {
      now: this.now,
      calendar: this.calendar,
    });
    this.absorb(result, event.type === 'TIMER' ? event.timerKey : undefined);
    return result;
  }

  /** Fires a set timer at its due time (or now, if that is later). */
  fire(timerKey: string): StepResult {
    const timer = this.timers.get(timerKey);
    if (!timer) {
      throw new Error(`timer ${timerKey} is not set`);
    }
    const due = new Date(timer.dueAt).getTime();
    return this.send(timer.event, Math.max(0, due - this.now.getTime()));
  }

  /** The set timer of a state with a purpose (and `after` key), if any. */
  findTimer(
    stateKey: string,
    purpose: SetTimerEffect['purpose'],
    delay?: string | null,
  ): SetTimerEffect | undefined {
    return [...this.timers.values()].find(
      (t) =>
        t.stateKey === stateKey &&
        t.purpose === purpose &&
        (delay === undefined || delay === null || t.timerKey.endsWith(`/after/${delay}`)),
    );
  }

  private absorb(result: StepResult, fired: string | undefined): void {
    if (fired !== undefined) {
      this.timers.delete(fired);
    }
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'openTask':
          if (this.tasks.has(effect.taskKey)) {
            throw new Error(`task ${effect.taskKey} opened twice`);
          }
          this.tasks.set(effect.taskKey, effect);
          break;
        case 'closeTask':
          if (!this.tasks.delete(effect.taskKey)) {
            throw new Error(`task ${effect.taskKey} closed but not open`);
          }
          break;
        case 'setTimer':
          if (this.timers.has(effect.timerKey)) {
            throw new Error(`timer ${effect.timerKey} set twice`);
          }
          if (new Date(effect.dueAt).getTime() < this.now.getTime()) {
            throw new Error(`timer ${effect.timerKey} due in the past`);
          }
          this.timers.set(effect.timerKey, effect);
          break;
        case 'cancelTimer':
          if (!this.timers.delete(effect.timerKey)) {
            throw new Error(`timer ${effect.timerKey} cancelled but not set`);
          }
          break;
        case 'notify':
        case 'record':
          break;
      }
    }
    this.history.push([...result.effects]);
    this.snapshot = result.snapshot;
    this.status = result.status;
    this.check();
  }

  /** Effects and snapshot agree; no task or timer without its active state. */
  check(): void {
    const context = this.snapshot.context;
    const same = (a: Iterable<string>, b: Iterable<string>) =>
      JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
    if (!same(this.tasks.keys(), Object.keys(context.tasks))) {
      throw new Error(
        `open tasks ${[...this.tasks.keys()].join(',')} ≠ snapshot ${Object.keys(context.tasks).join(',')}`,
      );
    }
    if (!same(this.timers.keys(), Object.keys(context.timers))) {
      throw new Error(
        `timers ${[...this.timers.keys()].join(',')} ≠ snapshot ${Object.keys(context.timers).join(',')}`,
      );
    }
    const active = activeKeys(this.snapshot.value);
    for (const timer of this.timers.values()) {
      if (!active.has(timer.stateKey)) {
        throw new Error(`timer ${timer.timerKey} without active state`);
      }
    }
    for (const task of this.tasks.values()) {
      if (!active.has(task.stateKey)) {
        throw new Error(`task ${task.taskKey} without active state`);
      }
      const info = this.graph.byKey.get(task.stateKey);
      const meta = info ? stepMetaOf(info) : undefined;
      if (meta?.deadline !== undefined && task.dueAt === null) {
        throw new Error(`task ${task.taskKey} has a deadline but no due time`);
      }
    }
    for (const key of active) {
      const info = this.graph.byKey.get(key);
      if (info && isTaskState(info) && !this.tasks.has(key)) {
        throw new Error(`active step ${key} has no open task`);
      }
    }
    if (this.status === 'done' && (this.tasks.size > 0 || this.timers.size > 0)) {
      throw new Error('finished instance with open tasks or timers');
    }
  }
}
