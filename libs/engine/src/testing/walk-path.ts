/** Test helper (not part of the build): replays a listed path through the pure step. */
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import type { ProcessPath } from '../graph/list-paths.js';
import { InstanceTracker, leafKeys } from './instance-tracker.js';

/** Walks `path` from start to its final state, checking states after every step. */
export function walkPath(definition: WorkflowDefinition, path: ProcessPath): InstanceTracker {
  const tracker = new InstanceTracker(definition);
  const expectStates = (expected: readonly string[], where: string) => {
    const actual = leafKeys(tracker.snapshot.value);
    if (JSON.stringify(actual) !== JSON.stringify([...expected].sort())) {
      throw new Error(`${where}: states ${actual.join(',')} ≠ expected ${expected.join(',')}`);
    }
  };
  expectStates(path.start.states, 'start');
  path.steps.forEach((step, i) => {
    const { event } = step;
    let handled: boolean;
    switch (event.kind) {
      case 'submit':
        handled = tracker.send({
          type: 'SUBMIT',
          taskKey: event.taskKey,
          data: event.data,
        }).handled;
        break;
      case 'event':
        handled = tracker.send(
          event.data ? { type: event.type, data: event.data } : { type: event.type },
        ).handled;
        break;
      case 'timer': {
        if (event.purpose === 'escalation') {
          // The deadline passes first (overdue, escalation), then the grace period ends.
          const deadline = tracker.findTimer(event.stateKey, 'deadline');
          if (deadline) {
            tracker.fire(deadline.timerKey);
          }
        }
        const timer = tracker.findTimer(event.stateKey, event.purpose, event.delay);
        if (!timer) {
          throw new Error(`step ${i}: no ${event.purpose} timer on ${event.stateKey}`);
        }
        handled = tracker.fire(timer.timerKey).handled;
        break;
      }
    }
    if (!handled) {
      throw new Error(`step ${i}: event not handled`);
    }
    expectStates(step.states, `step ${i}`);
  });
  if (tracker.status !== 'done') {
    throw new Error('the path did not finish');
  }
  return tracker;
}
