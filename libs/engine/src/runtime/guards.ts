import { gradeIndex } from '../definition/grades.js';
import type { GuardRef } from '../definition/guard-catalogue.js';
import { isPlainObject, type JsonObject } from '../json.types.js';
import {
  applyObjection,
  applySubmission,
  type EngineContext,
  type Facts,
} from './engine-context.js';
import { EngineEvents, type EngineEvent } from './engine-event.js';

const NO_STEPS: ReadonlySet<string> = new Set();

/** Params the compiler adds to every guard: the state it is declared on, and that state's extra tasks. */
export interface GuardSourceParams {
  readonly $source: string;
  readonly $extras: readonly string[];
}

/**
 * Facts as they would be after the current event: guards see the data being submitted. Data
 * submitted to `upward` steps (下述上评: about the superior, not the instance's subject) is not a fact.
 */
export function effectiveFacts(
  context: EngineContext,
  event: EngineEvent,
  upward: ReadonlySet<string> = NO_STEPS,
): Facts {
  if (
    event.type === EngineEvents.Submit &&
    !(event.taskKey !== undefined && upward.has(event.taskKey))
  ) {
    return applySubmission(context.facts, event.data);
  }
  if (event.type === EngineEvents.Object) {
    return applyObjection(context.facts);
  }
  return context.facts;
}

function consecutiveBottomCount(facts: Facts, bottom: number): number {
  let count = 0;
  for (let i = facts.rankHistory.length - 1; i >= 0; i -= 1) {
    const entry = facts.rankHistory[i];
    if (!entry || entry.rank <= entry.total - bottom) {
      break;
    }
    count += 1;
  }
  return count;
}

function resultOf(
  context: EngineContext,
  event: EngineEvent,
  step: string,
): JsonObject | undefined {
  if (
    event.type === EngineEvents.Submit &&
    (event.taskKey ?? step) === step &&
    isPlainObject(event.data)
  ) {
    return event.data;
  }
  return context.results[step];
}

function holds(
  guard: GuardRef,
  source: GuardSourceParams,
  context: EngineContext,
  event: EngineEvent,
  upward: ReadonlySet<string>,
): boolean {
  const facts = effectiveFacts(context, event, upward);
  // A missing grade counts as 差 and a missing score as 0: no rating means no credit, and it
  // keeps complementary guards (e.g. gradeAtMost 一般 / gradeAtLeast 较好) complementary.
  const grade = gradeIndex(facts.grade ?? '差');
  const score = facts.score ?? 0;
  switch (guard.type) {
    case 'gradeAtMost':
      return grade >= gradeIndex(guard.params.grade);
    case 'gradeAtLeast':
      return grade <= gradeIndex(guard.params.grade);
    case 'scoreBelow':
      return score < guard.params.score;
    case 'scoreAtLeast':
      return score >= guard.params.score;
    case 'rankInBottom':
      return (
        facts.rank !== null &&
        facts.rankTotal !== null &&
        facts.rank > facts.rankTotal - guard.params.count
      );
    case 'rankInBottomShare':
      return (
        facts.rank !== null &&
        facts.rankTotal !== null &&
        facts.rank > facts.rankTotal - Math.max(1, Math.round(facts.rankTotal * guard.params.share))
      );
    case 'rankInTop':
      return facts.rank !== null && facts.rank <= guard.params.count;
    case 'consecutiveBottom':
      return consecutiveBottomCount(facts, guard.params.bottom) >= guard.params.times;
    case 'objectionRaised':
      return facts.objections > 0;
    case 'vetoTriggered':
      return facts.vetoed;
    case 'allTasksDone': {
      const visit = context.visits[source.$source] ?? 0;
      return source.$extras.every(
        (key) =>
          context.extrasDone[key] === visit ||
          (event.type === EngineEvents.Submit && event.taskKey === key),
      );
    }
    case 'resultEquals': {
      const result = resultOf(context, event, guard.params.step ?? source.$source);
      return result !== undefined && result[guard.params.field] === guard.params.value;
    }
  }
}

/**
 * Evaluates a catalogue guard (with `negate`) against the context and the current event.
 * `upward` lists the steps whose submitted data is not a fact (see {@link effectiveFacts}).
 */
export function evaluateGuard(
  guard: GuardRef,
  source: GuardSourceParams,
  context: EngineContext,
  event: EngineEvent,
  upward: ReadonlySet<string> = NO_STEPS,
): boolean {
  const result = holds(guard, source, context, event, upward);
  return guard.params?.negate === true ? !result : result;
}
