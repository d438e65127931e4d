import type { StateNodeDefinition, WorkflowDefinition } from './definition.schema.js';
import type { StepKind } from './step-kinds.js';

const KINDS: readonly StepKind[] = [
  'reportWriting',
  'speaking',
  'critique',
  'questioning',
  'rating',
  'aggregation',
];

/**
 * A valid definition with `stateCount` states in a line: `stateCount - 1` human steps, each
 * completed by `SUBMIT` (with a 3-working-day deadline and a reminder), then a final `end`.
 * Used by benchmarks and size tests.
 */
export function generateLinearDefinition(stateCount: number): WorkflowDefinition {
  const count = Math.max(2, Math.floor(stateCount));
  const states: Record<string, StateNodeDefinition> = {};
  for (let i = 0; i < count - 1; i += 1) {
    const kind = KINDS[i % KINDS.length];
    states[`s${i}`] = {
      meta: {
        kind,
        title: { zh: `第${i + 1}步`, en: `Step ${i + 1}` },
        assignee: { role: 'selfSecretary' },
        deadline: '3WD',
        reminders: ['PT24H'],
        position: { x: i * 200, y: 0 },
      },
      on: { SUBMIT: i === count - 2 ? 'end' : `s${i + 1}` },
    };
  }
  states['end'] = { type: 'final', meta: { kind: 'end', title: { zh: '结束', en: 'End' } } };
  return {
    id: `linear-${count}`,
    schemaVersion: 1,
    name: { zh: `线性流程（${count}个状态）`, en: `Linear process (${count} states)` },
    machine: { id: 'linear', initial: 's0', states },
  };
}
