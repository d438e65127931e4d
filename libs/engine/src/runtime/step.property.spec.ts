import fc from 'fast-check';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import {
  definitionArbitrary,
  eventChoiceArbitrary,
  type EventChoice,
} from '../testing/definition.arbitrary.js';
import { InstanceTracker } from '../testing/instance-tracker.js';
import { validateDefinition } from '../validation/validate-definition.js';
import type { EngineEvent } from './engine-event.js';
import { transition, type EngineSnapshot } from './step.js';

function resolve(tracker: InstanceTracker, choice: EventChoice): EngineEvent {
  const pick = <T>(list: readonly T[]): T | undefined =>
    list[choice.pick % Math.max(1, list.length)];
  switch (choice.kind) {
    case 'submit': {
      const task = pick([...tracker.tasks.keys()]);
      return task === undefined
        ? { type: 'SUBMIT', data: choice.data }
        : { type: 'SUBMIT', taskKey: task, data: choice.data };
    }
    case 'wrongTask':
      return { type: 'SUBMIT', taskKey: `nope${choice.pick}`, data: choice.data };
    case 'timer': {
      const timer = pick([...tracker.timers.keys()]);
      return { type: 'TIMER', timerKey: timer ?? `missing@${choice.pick}/deadline` };
    }
    case 'staleTimer':
      return { type: 'TIMER', timerKey: `b${choice.pick % 8}@${choice.pick % 3}/deadline` };
    case 'object':
      return { type: 'OBJECT', data: choice.data };
    case 'timeout': {
      const task = pick([...tracker.tasks.keys()]);
      return task === undefined ? { type: 'TIMEOUT' } : { type: 'TIMEOUT', taskKey: task };
    }
    case 'custom':
      return { type: choice.pick % 2 === 0 ? 'PING' : 'CANCEL', data: choice.data };
    case 'reserved':
      return { type: 'xstate.after.P1D.generated.b0' };
  }
}

function roundTrip(snapshot: EngineSnapshot): EngineSnapshot {
  return JSON.parse(JSON.stringify(snapshot)) as EngineSnapshot;
}

describe('the pure step on random definitions and random events', () => {
  it('generates only valid definitions', () => {
    fc.assert(
      fc.property(definitionArbitrary, (definition) => {
        expect(validateDefinition(definition)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('never throws, keeps tasks and timers consistent, and always rehydrates', () => {
    fc.assert(
      fc.property(
        definitionArbitrary,
        fc.array(eventChoiceArbitrary, { maxLength: 40 }),
        (definition, choices) => {
          // The tracker checks after every step: effects agree with the snapshot, every task and
          // timer has an active state, every task of a step with a deadline has a due time.
          const tracker = new InstanceTracker(definition);
          for (const choice of choices) {
            const event = resolve(tracker, choice);
            if (
              event.type === 'TIMER' &&
              event.timerKey !== undefined &&
              tracker.timers.has(event.timerKey)
            ) {
              tracker.fire(event.timerKey);
            } else {
              tracker.send(event, choice.advanceMinutes * 60_000);
            }
            const copy = roundTrip(tracker.snapshot);
            expect(copy).toEqual(tracker.snapshot);
            const again = transition(
              definition,
              copy,
              { type: 'NO_SUCH_EVENT' },
              { now: tracker.now },
            );
            expect(again.handled).toBe(false);
            expect(again.effects).toEqual([]);
            expect(again.snapshot).toEqual(tracker.snapshot);
            if (tracker.status === 'done') {
              break;
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('is deterministic: the same inputs give the same outputs', () => {
    fc.assert(
      fc.property(
        definitionArbitrary,
        fc.array(eventChoiceArbitrary, { maxLength: 15 }),
        (definition, choices) => {
          const play = (def: WorkflowDefinition) => {
            const tracker = new InstanceTracker(def);
            for (const choice of choices) {
              tracker.send(resolve(tracker, choice), choice.advanceMinutes * 60_000);
            }
            return { snapshot: tracker.snapshot, history: tracker.history };
          };
          // A structurally equal copy must not share caches or state with the original.
          expect(play(definition)).toEqual(
            play(JSON.parse(JSON.stringify(definition)) as WorkflowDefinition),
          );
        },
      ),
      { numRuns: 50 },
    );
  });
});
