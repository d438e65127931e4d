import type { Effect } from '@shuping/engine';
import { historyEffects } from './instance-runtime.service.js';

describe('historyEffects', () => {
  const open: Effect = {
    type: 'openTask',
    taskKey: 'speaking',
    stateKey: 'speaking',
    visit: 1,
    primary: true,
    stepKind: 'speaking',
    title: { zh: '会议述职', en: 'Report at the meeting' },
    assignee: { role: 'selfSecretary' },
    dueAt: '2026-12-20T00:00:00.000Z',
    form: { timeLimit: 'PT8M' },
    escalation: null,
  };
  const timer: Effect = {
    type: 'setTimer',
    timerKey: 'speaking@1/deadline',
    stateKey: 'speaking',
    taskKey: 'speaking',
    purpose: 'deadline',
    dueAt: '2026-12-20T00:00:00.000Z',
    event: { type: 'TIMER', timerKey: 'speaking@1/deadline' },
  };
  const close: Effect = {
    type: 'closeTask',
    taskKey: 'reportWriting',
    stateKey: 'reportWriting',
    reason: 'completed',
  };

  it('leaves out what the task and timer rows hold, and keeps the rest in order', () => {
    const { form: _form, escalation: _escalation, ...task } = open;
    const { event: _event, ...deadline } = timer;
    expect(historyEffects([close, open, timer])).toEqual([close, task, deadline]);
  });

  it('changes nothing of the effects it is given', () => {
    const effects = [open, timer];
    historyEffects(effects);
    expect(effects[0]).toHaveProperty('form', { timeLimit: 'PT8M' });
    expect(effects[1]).toHaveProperty('event');
  });
});
