import { readFileSync } from 'node:fs';
import {
  acceptedEvents,
  start,
  submitEvent,
  transition,
  type WorkflowDefinition,
} from '@shuping/engine';
import { rewindSnapshot, SendBackError } from './send-back.util.js';

const plan = JSON.parse(
  readFileSync('workflows/township-plan-2017.json', 'utf8'),
) as WorkflowDefinition;
const now = new Date('2025-12-01T02:00:00Z');

describe('sending a task back (退回)', () => {
  it('re-enters the previous step with a new visit, task and timers, and runs on from there', () => {
    let step = start(plan, { now });
    step = transition(plan, step.snapshot, submitEvent('investigate', {}), { now });
    step = transition(plan, step.snapshot, submitEvent('reportWriting', { a: 1 }), { now });
    expect(step.snapshot.value).toBe('speaking');
    const rewind = rewindSnapshot(plan, step.snapshot, 'speaking', 'reportWriting', now);
    expect(rewind.snapshot.value).toBe('reportWriting');
    expect(rewind.visit).toBe(2);
    expect(rewind.closedTasks).toEqual(['speaking']);
    expect(Object.keys(rewind.snapshot.context.tasks)).toEqual(['reportWriting']);
    expect(rewind.timers.map((t) => t.timerKey)).toEqual([
      'reportWriting@2/reminder/0',
      'reportWriting@2/reminder/1',
      'reportWriting@2/deadline',
      'reportWriting@2/escalation',
    ]);
    expect(rewind.cancelled.every((k) => k.startsWith('speaking@'))).toBe(true);
    expect(acceptedEvents(plan, rewind.snapshot).map((e) => e.taskKey)).toContain('reportWriting');
    const again = transition(plan, rewind.snapshot, submitEvent('reportWriting', { a: 2 }), {
      now,
    });
    expect(again.handled).toBe(true);
    expect(again.snapshot.value).toBe('speaking');
    expect(again.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'closeTask',
          taskKey: 'reportWriting',
          reason: 'completed',
        }),
        expect.objectContaining({ type: 'cancelTimer', timerKey: 'reportWriting@2/deadline' }),
        expect.objectContaining({ type: 'openTask', taskKey: 'speaking', visit: 2 }),
      ]),
    );
  });

  it('refuses steps that are not active or not human', () => {
    const first = start(plan, { now });
    expect(() => rewindSnapshot(plan, first.snapshot, 'speaking', 'reportWriting', now)).toThrow(
      SendBackError,
    );
    expect(() => rewindSnapshot(plan, first.snapshot, 'investigate', 'gradeCheck', now)).toThrow(
      SendBackError,
    );
  });
});
