import { createActor } from 'xstate';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import { generateLinearDefinition } from '../definition/generate-linear-definition.js';
import { EngineError, EngineErrorCode } from '../engine.exception.js';
import { InstanceTracker, leafKeys } from '../testing/instance-tracker.js';
import { ValidationCode } from '../validation/validation-code.js';
import { acceptedEvents } from './accepted-events.js';
import { compileDefinition } from './compile-definition.js';
import type { Effect } from './effects.js';
import { start, transition, type EngineSnapshot } from './step.js';

const title = (zh: string, en = zh) => ({ zh, en });
const SELF = { role: 'selfSecretary' } as const;

/** A small process touching every engine feature. */
const sample: WorkflowDefinition = {
  id: 'engine-sample',
  schemaVersion: 1,
  name: title('引擎示例', 'Engine sample'),
  machine: {
    id: 'sample',
    initial: 'report',
    states: {
      report: {
        meta: {
          kind: 'reportWriting',
          title: title('撰写报告', 'Write the report'),
          assignee: SELF,
          deadline: '1WD',
          reminders: ['PT24H', 'PT2H'],
          escalation: { grace: '1WD' },
          form: { targetLength: 2500 },
        },
        on: { SUBMIT: 'twoWay' },
      },
      twoWay: {
        type: 'parallel',
        meta: { kind: 'group', title: title('双向测评', 'Two-way rating') },
        states: {
          up: {
            initial: 'rate',
            states: {
              rate: {
                meta: {
                  kind: 'rating',
                  title: title('下述上评', 'Upward rating'),
                  assignee: { role: 'raters', groups: ['villageSecretaries'] },
                  form: { direction: 'upward' },
                },
                on: { SUBMIT: 'done' },
              },
              done: { type: 'final' },
            },
          },
          down: {
            initial: 'rate',
            states: {
              rate: {
                meta: {
                  kind: 'rating',
                  title: title('上述下评', 'Downward rating'),
                  assignee: { role: 'raters', groups: ['partyMembers'] },
                  deadline: 'PT8M',
                  escalation: { autoAdvance: { at: 'deadline', event: 'TIMEOUT' } },
                },
                on: { SUBMIT: 'done', TIMEOUT: 'done' },
              },
              done: { type: 'final' },
            },
          },
        },
        onDone: 'aggregate',
      },
      aggregate: {
        meta: {
          kind: 'aggregation',
          title: title('汇总', 'Aggregate'),
          assignee: { role: 'superiorCommittee' },
        },
        entry: [
          {
            type: 'openTasks',
            params: {
              tasks: [
                {
                  key: 'members',
                  title: title('党员组', 'Members'),
                  assignee: { role: 'raters', groups: ['partyMembers'] },
                },
                {
                  key: 'masses',
                  title: title('群众组', 'Masses'),
                  assignee: { role: 'raters', groups: ['massesReps'] },
                },
              ],
            },
          },
        ],
        on: {
          SUBMIT: {
            target: 'check',
            guard: { type: 'allTasksDone' },
            actions: [{ type: 'recordResult', params: { archiveToCounty: true } }],
          },
        },
      },
      check: {
        meta: { kind: 'decision', title: title('判断', 'Check') },
        always: [
          { target: 'talk', guard: { type: 'gradeAtMost', params: { grade: '一般' } } },
          { target: 'publicity' },
        ],
      },
      talk: {
        meta: {
          kind: 'talk',
          title: title('约谈', 'Talk'),
          assignee: { role: 'superiorSecretary' },
        },
        entry: [{ type: 'openRectification', params: { deadline: '3WD', notice: true } }],
        exit: [
          {
            type: 'notify',
            params: { to: { role: 'countyOrgDept' }, message: title('约谈完成', 'Talk held') },
          },
        ],
        on: {
          SUBMIT: {
            target: 'talk',
            reenter: true,
            guard: { type: 'resultEquals', params: { field: 'again', value: true } },
          },
          DONE_TALK: 'publicity',
        },
      },
      publicity: {
        meta: { kind: 'publicity', title: title('公示', 'Publicity'), form: { period: '5WD' } },
        entry: [{ type: 'publishNotice', params: { subject: 'results', period: '5WD' } }],
        on: { OBJECT: {} },
        after: { publicityPeriod: 'done' },
      },
      done: { type: 'final', meta: { kind: 'end', title: title('结束', 'End') } },
    },
  },
};

const NOW = '2025-09-30T02:00:00.000Z'; // 10:00 in China, before National Day
const ofType = <T extends Effect['type']>(effects: readonly Effect[], type: T) =>
  effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);

describe('start', () => {
  it('opens the first task with its due time, reminders and escalation timers', () => {
    const result = start(sample, { now: NOW });
    expect(result.status).toBe('active');
    expect(result.handled).toBe(true);
    expect(result.effects).toEqual([
      expect.objectContaining({
        type: 'openTask',
        taskKey: 'report',
        stepKind: 'reportWriting',
        title: title('撰写报告', 'Write the report'),
        assignee: SELF,
        dueAt: '2025-10-09T02:00:00.000Z', // 1 working day: 1–8 October are off
        form: { targetLength: 2500 },
        escalation: {
          reminders: ['PT24H', 'PT2H'],
          escalateTo: { role: 'superiorSecretary' },
          grace: '1WD',
          notifyAfterGrace: { role: 'supervisors' },
          autoAdvance: null,
        },
      }),
      expect.objectContaining({
        type: 'setTimer',
        timerKey: 'report@1/reminder/0',
        purpose: 'reminder',
        dueAt: '2025-10-08T02:00:00.000Z',
      }),
      expect.objectContaining({
        type: 'setTimer',
        timerKey: 'report@1/reminder/1',
        dueAt: '2025-10-09T00:00:00.000Z',
      }),
      expect.objectContaining({
        type: 'setTimer',
        timerKey: 'report@1/deadline',
        purpose: 'deadline',
        dueAt: '2025-10-09T02:00:00.000Z',
      }),
      expect.objectContaining({
        type: 'setTimer',
        timerKey: 'report@1/escalation',
        purpose: 'escalation',
        dueAt: '2025-10-10T02:00:00.000Z',
        event: { type: 'TIMER', timerKey: 'report@1/escalation' },
      }),
    ]);
  });

  it('uses the county calendar', () => {
    const result = start(sample, { now: NOW, calendar: { extraHolidays: ['2025-10-09'] } });
    expect(ofType(result.effects, 'openTask')[0]?.dueAt).toBe('2025-10-10T02:00:00.000Z');
  });

  it('reports an invalid definition with its issues', () => {
    const broken = { ...sample, machine: { ...sample.machine, initial: 'nowhere' } };
    try {
      start(broken, { now: NOW });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(EngineError);
      expect((error as EngineError).code).toBe(EngineErrorCode.InvalidDefinition);
      expect((error as EngineError).issues.map((i) => i.code)).toContain(
        ValidationCode.InvalidInitial,
      );
    }
  });

  it('rejects an invalid clock', () => {
    expect(() => start(sample, { now: 'yesterday' })).toThrow(
      expect.objectContaining({ code: EngineErrorCode.InvalidClock }),
    );
  });
});

describe('transition', () => {
  it('completes a task: closes it, cancels its timers, opens both parallel tasks', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    const result = tracker.send({ type: 'SUBMIT', taskKey: 'report', data: { text: '...' } });
    expect(result.effects.slice(0, 5)).toEqual([
      { type: 'closeTask', taskKey: 'report', stateKey: 'report', reason: 'completed' },
      { type: 'cancelTimer', timerKey: 'report@1/reminder/0', stateKey: 'report' },
      { type: 'cancelTimer', timerKey: 'report@1/reminder/1', stateKey: 'report' },
      { type: 'cancelTimer', timerKey: 'report@1/deadline', stateKey: 'report' },
      { type: 'cancelTimer', timerKey: 'report@1/escalation', stateKey: 'report' },
    ]);
    expect([...tracker.tasks.keys()].sort()).toEqual(['twoWay.down.rate', 'twoWay.up.rate']);
    expect(tracker.snapshot.context.results['report']).toEqual({ text: '...' });
  });

  it('ignores a submission for another task, and a stale or unknown timer', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    const before = tracker.snapshot;
    const wrong = tracker.send({ type: 'SUBMIT', taskKey: 'twoWay.up.rate' });
    expect(wrong).toEqual({ snapshot: before, status: 'active', effects: [], handled: false });
    expect(tracker.send({ type: 'TIMER', timerKey: 'report@7/deadline' }).handled).toBe(false);
    expect(tracker.send({ type: 'xstate.after.5WD.sample.publicity' }).handled).toBe(false);
  });

  it('runs the escalation ladder: reminders, overdue at the deadline, supervisors after grace', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    const reminder = tracker.fire('report@1/reminder/0');
    expect(reminder.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        reason: 'reminder',
        to: SELF,
        taskKey: 'report',
        dueAt: '2025-10-09T02:00:00.000Z',
      }),
    ]);
    expect(tracker.timers.has('report@1/reminder/0')).toBe(false);
    tracker.fire('report@1/reminder/1');
    const overdue = tracker.fire('report@1/deadline');
    expect(overdue.effects).toEqual([
      expect.objectContaining({
        type: 'notify',
        reason: 'overdue',
        to: { role: 'superiorSecretary' },
      }),
      expect.objectContaining({
        type: 'record',
        kind: 'overdue',
        data: { taskKey: 'report', dueAt: '2025-10-09T02:00:00.000Z' },
      }),
    ]);
    const escalated = tracker.fire('report@1/escalation');
    expect(escalated.effects).toEqual([
      expect.objectContaining({ type: 'notify', reason: 'escalated', to: { role: 'supervisors' } }),
      expect.objectContaining({ type: 'record', kind: 'escalated' }),
    ]);
    expect(tracker.tasks.has('report')).toBe(true);
    expect(tracker.timers.size).toBe(0);
  });

  it('auto-advances at the deadline and closes the task as timed out', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    tracker.send({ type: 'SUBMIT', taskKey: 'report' });
    const timer = tracker.findTimer('twoWay.down.rate', 'deadline');
    expect(timer?.dueAt).toBe(new Date(tracker.now.getTime() + 8 * 60_000).toISOString());
    const result = tracker.fire(timer?.timerKey ?? '');
    expect(result.effects).toEqual(
      expect.arrayContaining([
        {
          type: 'closeTask',
          taskKey: 'twoWay.down.rate',
          stateKey: 'twoWay.down.rate',
          reason: 'timedOut',
        },
      ]),
    );
    expect(tracker.snapshot.context.results['twoWay.down.rate']).toEqual({ timedOut: true });
    expect(leafKeys(tracker.snapshot.value)).toEqual(['twoWay.down.done', 'twoWay.up.rate']);
  });

  it('does not take upward (下述上评) ratings as facts about the subject', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    tracker.send({ type: 'SUBMIT', taskKey: 'report' });
    tracker.send({ type: 'SUBMIT', taskKey: 'twoWay.up.rate', data: { grade: '差' } });
    expect(tracker.snapshot.context.facts.grade).toBeNull();
    tracker.send({ type: 'SUBMIT', taskKey: 'twoWay.down.rate', data: { grade: '好', score: 91 } });
    expect(tracker.snapshot.context.facts).toMatchObject({ grade: '好', score: 91 });
    expect(leafKeys(tracker.snapshot.value)).toEqual(['aggregate']);
  });

  it('opens extra tasks and waits for all of them (allTasksDone)', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    tracker.send({ type: 'SUBMIT', taskKey: 'report' });
    tracker.send({ type: 'SUBMIT', taskKey: 'twoWay.up.rate' });
    tracker.send({ type: 'SUBMIT', taskKey: 'twoWay.down.rate', data: { grade: '一般' } });
    expect([...tracker.tasks.values()].map((t) => [t.taskKey, t.primary])).toEqual([
      ['aggregate', true],
      ['aggregate#members', false],
      ['aggregate#masses', false],
    ]);
    expect(tracker.send({ type: 'SUBMIT', taskKey: 'aggregate' }).handled).toBe(false);
    const members = tracker.send({
      type: 'SUBMIT',
      taskKey: 'aggregate#members',
      data: { ballots: 12 },
    });
    expect(members.effects).toEqual([
      {
        type: 'closeTask',
        taskKey: 'aggregate#members',
        stateKey: 'aggregate',
        reason: 'completed',
      },
    ]);
    tracker.send({ type: 'SUBMIT', taskKey: 'aggregate#masses' });
    const done = tracker.send({ type: 'SUBMIT', taskKey: 'aggregate' });
    expect(done.handled).toBe(true);
    // 一般 → talk; the talk's entry opens a rectification.
    expect(leafKeys(tracker.snapshot.value)).toEqual(['talk']);
    expect(ofType(done.effects, 'record')).toEqual([
      expect.objectContaining({
        kind: 'resultRecorded',
        stateKey: 'aggregate',
        data: expect.objectContaining({ archiveToCounty: true, step: 'aggregate' }),
      }),
      expect.objectContaining({
        kind: 'rectificationOpened',
        stateKey: 'talk',
        data: expect.objectContaining({ dueAt: expect.any(String), notice: true }),
      }),
    ]);
  });

  it('re-enters a state as a new visit with a fresh task', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    for (const taskKey of [
      'report',
      'twoWay.up.rate',
      'twoWay.down.rate',
      'aggregate#members',
      'aggregate#masses',
      'aggregate',
    ]) {
      tracker.send({ type: 'SUBMIT', taskKey, data: { grade: '差' } });
    }
    const again = tracker.send({ type: 'SUBMIT', taskKey: 'talk', data: { again: true } });
    expect(ofType(again.effects, 'closeTask')).toEqual([
      { type: 'closeTask', taskKey: 'talk', stateKey: 'talk', reason: 'completed' },
    ]);
    expect(ofType(again.effects, 'openTask')).toEqual([
      expect.objectContaining({ taskKey: 'talk', visit: 2 }),
    ]);
    expect(ofType(again.effects, 'notify')).toEqual([
      expect.objectContaining({ reason: 'action', message: title('约谈完成', 'Talk held') }),
    ]);
  });

  it('publishes, records objections and leaves publicity when its period ends', () => {
    const tracker = new InstanceTracker(sample, new Date(NOW));
    for (const taskKey of [
      'report',
      'twoWay.up.rate',
      'twoWay.down.rate',
      'aggregate#members',
      'aggregate#masses',
    ]) {
      tracker.send({ type: 'SUBMIT', taskKey, data: { grade: '好' } });
    }
    const published = tracker.send({ type: 'SUBMIT', taskKey: 'aggregate' });
    expect(ofType(published.effects, 'record').map((r) => r.kind)).toEqual([
      'resultRecorded',
      'noticePublished',
    ]);
    const timer = tracker.findTimer('publicity', 'after', 'publicityPeriod');
    expect(timer).toBeDefined();
    const objection = tracker.send({ type: 'OBJECT', data: { reason: '材料不实' } });
    expect(objection.effects).toEqual([
      expect.objectContaining({
        type: 'record',
        kind: 'objectionRaised',
        stateKey: 'publicity',
        data: { count: 1, last: { reason: '材料不实' } },
      }),
    ]);
    expect(tracker.snapshot.context.facts.objections).toBe(1);
    const done = tracker.fire(timer?.timerKey ?? '');
    expect(done.status).toBe('done');
    expect(tracker.send({ type: 'SUBMIT' }).handled).toBe(false);
  });

  it('lists the accepted events for the inbox', () => {
    const first = start(sample, { now: NOW });
    expect(acceptedEvents(sample, first.snapshot)).toEqual([
      {
        type: 'SUBMIT',
        taskKey: 'report',
        stateKey: 'report',
        stepKind: 'reportWriting',
        label: title('撰写报告', 'Write the report'),
        assignee: SELF,
      },
    ]);
    const second = transition(
      sample,
      first.snapshot,
      { type: 'SUBMIT', taskKey: 'report' },
      { now: NOW },
    );
    expect(
      acceptedEvents(sample, second.snapshot).map((e) => `${e.type} ${e.taskKey ?? ''}`),
    ).toEqual(['SUBMIT twoWay.up.rate', 'SUBMIT twoWay.down.rate', 'TIMEOUT twoWay.down.rate']);
  });

  it('rejects malformed events and foreign snapshots', () => {
    const { snapshot } = start(sample, { now: NOW });
    expect(() => transition(sample, snapshot, { type: 42 } as never, { now: NOW })).toThrow(
      expect.objectContaining({ code: EngineErrorCode.InvalidEvent }),
    );
    for (const data of [[], 'report', null]) {
      expect(() =>
        transition(sample, snapshot, { type: 'SUBMIT', data } as never, { now: NOW }),
      ).toThrow(expect.objectContaining({ code: EngineErrorCode.InvalidEvent }));
    }
    const foreign = { ...snapshot, value: 'nowhere' } as EngineSnapshot;
    expect(() => transition(sample, foreign, { type: 'SUBMIT' }, { now: NOW })).toThrow(
      expect.objectContaining({ code: EngineErrorCode.InvalidSnapshot }),
    );
    expect(() =>
      transition(sample, { value: 'report' } as never, { type: 'SUBMIT' }, { now: NOW }),
    ).toThrow(expect.objectContaining({ code: EngineErrorCode.InvalidSnapshot }));
  });

  it.each([
    ['a result that is not an object', { results: { report: 'done' } }],
    ['input that is not an object', { input: [] }],
    ['a task record without its state', { tasks: { report: { visit: 1 } } }],
    ['facts of the wrong type', { facts: { grade: 42 } }],
  ])('rejects a snapshot whose context has %s', (_, change) => {
    const { snapshot } = start(sample, { now: NOW });
    const context = { ...snapshot.context, ...change } as never;
    expect(() =>
      transition(sample, { ...snapshot, context }, { type: 'SUBMIT' }, { now: NOW }),
    ).toThrow(expect.objectContaining({ code: EngineErrorCode.InvalidSnapshot }));
  });

  it("opens every task of a step with one frozen copy of the step's form", () => {
    const formOf = (effects: readonly Effect[]) =>
      effects.flatMap((e) => (e.type === 'openTask' && e.taskKey === 'report' ? [e.form] : []))[0];
    const a = formOf(start(sample, { now: NOW }).effects);
    const b = formOf(start(sample, { now: NOW }).effects);
    expect(a).toEqual({ targetLength: 2500 });
    expect(b).toBe(a);
    expect(Object.isFrozen(a)).toBe(true);
    // The definition itself stays as it was given.
    const meta = sample.machine.states['report'].meta as { form: object };
    expect(Object.isFrozen(meta.form)).toBe(false);
  });

  it('persists plain JSON that steps on as it is', () => {
    const first = start(sample, { now: NOW });
    const data = { note: '已完成', items: [{ n: 1 }] };
    const second = transition(
      sample,
      first.snapshot,
      { type: 'SUBMIT', taskKey: 'report', data },
      { now: NOW },
    );
    const stored = JSON.parse(JSON.stringify(second.snapshot)) as EngineSnapshot;
    expect(stored).toStrictEqual(second.snapshot);
    expect(stored.context.results['report']).toEqual(data);
    // The stored result is a copy: changing the submitted data afterwards changes nothing.
    data.items[0].n = 2;
    expect(second.snapshot.context.results['report']).toEqual({
      note: '已完成',
      items: [{ n: 1 }],
    });
    const fromStored = transition(sample, stored, { type: 'NOTHING' }, { now: NOW });
    const fromLive = transition(sample, second.snapshot, { type: 'NOTHING' }, { now: NOW });
    expect(fromStored.snapshot).toStrictEqual(fromLive.snapshot);
  });

  it('is deterministic', () => {
    const run = () => {
      const a = start(sample, { now: NOW });
      const b = transition(
        sample,
        a.snapshot,
        { type: 'SUBMIT', taskKey: 'report', data: { x: 1 } },
        { now: '2025-10-02T00:00:00Z' },
      );
      return [a, b];
    };
    expect(run()).toEqual(run());
  });
});

describe('rehydration', () => {
  it('survives getPersistedSnapshot → JSON → transition', () => {
    const first = start(sample, { now: NOW });
    const stored = JSON.stringify(first.snapshot);
    const restored = JSON.parse(stored) as EngineSnapshot;
    expect(restored).toEqual(first.snapshot);
    const fromOriginal = transition(
      sample,
      first.snapshot,
      { type: 'SUBMIT', taskKey: 'report' },
      { now: NOW },
    );
    const fromRestored = transition(
      sample,
      restored,
      { type: 'SUBMIT', taskKey: 'report' },
      { now: NOW },
    );
    expect(fromRestored).toEqual(fromOriginal);
    // A stored snapshot survives a restart: a fresh copy of the definition (new machine) reads it.
    const fresh = JSON.parse(JSON.stringify(sample)) as WorkflowDefinition;
    expect(
      transition(fresh, restored, { type: 'SUBMIT', taskKey: 'report' }, { now: NOW }),
    ).toEqual(fromOriginal);
  });

  it('is XState persisted-snapshot JSON that XState itself restores', () => {
    const { machine } = compileDefinition(sample);
    const second = transition(
      sample,
      start(sample, { now: NOW }).snapshot,
      { type: 'SUBMIT', taskKey: 'report' },
      { now: NOW },
    );
    const restored = createActor(machine, {
      snapshot: JSON.parse(JSON.stringify(second.snapshot)) as never,
      input: { data: {} },
    }).getSnapshot();
    expect(restored.value).toEqual({ twoWay: { up: 'rate', down: 'rate' } });
    expect(machine.getPersistedSnapshot(restored)).toEqual(second.snapshot);
  });

  it('handles long processes quickly', () => {
    const definition = generateLinearDefinition(200);
    let result = start(definition, { now: NOW });
    const started = performance.now();
    for (let i = 0; i < 199; i += 1) {
      result = transition(
        definition,
        JSON.parse(JSON.stringify(result.snapshot)) as EngineSnapshot,
        { type: 'SUBMIT', taskKey: `s${i}` },
        { now: NOW },
      );
    }
    expect(result.status).toBe('done');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
