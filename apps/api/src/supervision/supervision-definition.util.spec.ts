import { readdirSync, readFileSync } from 'node:fs';
import {
  start,
  transition,
  workflowDefinitionSchema,
  type WorkflowDefinition,
} from '@shuping/engine';
import {
  campaignRulesFor,
  flowOrder,
  moveOptions,
  planDeadline,
  stepColumns,
  withDeadline,
} from './supervision-definition.util.js';

const load = (file: string): WorkflowDefinition =>
  workflowDefinitionSchema.parse(JSON.parse(readFileSync(`workflows/${file}`, 'utf8')));

/** The same definition with its keys in another order, as JSONB would return it. */
function shuffled(definition: WorkflowDefinition): WorkflowDefinition {
  const reorder = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(reorder);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1))
          .map(([k, v]) => [k, reorder(v)]),
      );
    }
    return value;
  };
  return workflowDefinitionSchema.parse(reorder(definition));
}

describe('stepColumns', () => {
  it('lists the steps in the order the process runs, whatever the key order', () => {
    const standard = load('standard-review.json');
    const expected = [
      'reportWriting',
      'speaking',
      'critique',
      'questioning',
      'rating',
      'aggregation',
      'resultCheck',
    ];
    expect(
      stepColumns(standard)
        .map((c) => c.stateKey)
        .slice(0, 7),
    ).toEqual(expected);
    expect(
      stepColumns(shuffled(standard))
        .map((c) => c.stateKey)
        .slice(0, 7),
    ).toEqual(expected);
  });

  it.each(readdirSync('workflows').filter((f) => f.endsWith('.json')))(
    'orders every step of %s, each once',
    (file) => {
      const definition = load(file);
      const columns = stepColumns(definition);
      expect(new Set(columns.map((c) => c.stateKey)).size).toBe(columns.length);
      expect(flowOrder(definition).size).toBeGreaterThanOrEqual(columns.length);
      expect(columns.filter((c) => c.task).length).toBeGreaterThan(0);
    },
  );

  it('marks task steps and keeps titles and kinds', () => {
    const columns = stepColumns(load('standard-review.json'));
    expect(columns.find((c) => c.stateKey === 'resultCheck')).toMatchObject({
      kind: 'decision',
      task: false,
    });
    expect(columns.find((c) => c.stateKey === 'speaking')).toMatchObject({
      kind: 'speaking',
      task: true,
      title: { zh: expect.any(String), en: expect.any(String) },
    });
  });

  it('enters parallel regions and orders their steps before what follows the group', () => {
    const order = flowOrder(load('shenqiu-dual-report.json'));
    const rank = (key: string) => order.get(key) ?? -1;
    expect(rank('dualReport.toTownship.report')).toBeLessThan(
      rank('dualReport.toTownship.speaking'),
    );
    expect(rank('dualReport.toMembers.speaking')).toBeLessThan(rank('annualScoring'));
    expect(rank('dualReport.toTownship.scoring')).toBeLessThan(rank('rewards'));
    expect(order.size).toBe(stepColumns(load('shenqiu-dual-report.json')).length);
  });
});

describe('campaignRulesFor', () => {
  it('reads Shenqiu’s classes 20/50/30 with rewards 100/50/20 from the aggregation step', () => {
    const { rules, hasRatings } = campaignRulesFor(load('shenqiu-dual-report.json'));
    expect(rules).toMatchObject({ rankWithin: 'scope', ranking: { method: 'competition' } });
    expect(rules.classes).toEqual({
      classes: [
        { label: '一类村', sharePercent: 20, rewardPercent: 100 },
        { label: '二类村', sharePercent: 50, rewardPercent: 50 },
        { label: '三类村', sharePercent: 30, rewardPercent: 20 },
      ],
      vetoRewardPercent: 0,
    });
    expect(hasRatings).toBe(true);
  });

  it('has no classes when no aggregation step declares them', () => {
    expect(campaignRulesFor(load('standard-review.json')).rules.classes).toBeUndefined();
  });
});

describe('moveOptions', () => {
  it('offers the current task’s transitions with their targets', () => {
    const definition = load('standard-review.json');
    const { snapshot } = start(definition, { now: new Date('2025-03-03T01:00:00Z') });
    expect(moveOptions(definition, snapshot)).toEqual([
      {
        event: 'SUBMIT',
        taskKey: 'reportWriting',
        from: {
          stateKey: 'reportWriting',
          title: expect.objectContaining({ zh: expect.any(String) }),
        },
        label: expect.anything(),
        targets: [
          { stateKey: 'speaking', title: expect.objectContaining({ zh: expect.any(String) }) },
        ],
      },
    ]);
  });
});

describe('planDeadline', () => {
  const definition = load('standard-review.json');
  const now = new Date('2025-03-03T01:00:00Z');
  const { snapshot } = start(definition, { now });

  it('re-plans deadline, reminders still ahead and the end of grace with the engine’s keys', () => {
    const dueAt = new Date('2025-03-20T10:00:00Z');
    const plan = planDeadline(definition, snapshot, 'reportWriting', dueAt, now);
    expect(plan.cancel.sort()).toEqual(
      Object.keys(snapshot.context.timers)
        .filter((k) => k.startsWith('reportWriting@1/'))
        .sort(),
    );
    const armed = Object.fromEntries(plan.arm.map(([key, t]) => [key, t]));
    expect(armed['reportWriting@1/deadline']).toMatchObject({
      purpose: 'deadline',
      dueAt: dueAt.toISOString(),
      taskKey: 'reportWriting',
      visit: 1,
    });
    // Reminders PT24H and PT2H before the new deadline.
    expect(armed['reportWriting@1/reminder/0'].dueAt).toBe('2025-03-19T10:00:00.000Z');
    expect(armed['reportWriting@1/reminder/1'].dueAt).toBe('2025-03-20T08:00:00.000Z');
    // Grace 2WD: Thursday 20 March + two working days = Monday 24 March.
    expect(armed['reportWriting@1/escalation'].dueAt).toBe('2025-03-24T10:00:00.000Z');

    const next = withDeadline(snapshot, 'reportWriting', dueAt, plan);
    expect(next.context.tasks.reportWriting.dueAt).toBe(dueAt.toISOString());
    expect(next.context.timers['reportWriting@1/deadline'].dueAt).toBe(dueAt.toISOString());
    // The engine fires the re-armed deadline exactly as its own.
    const fired = transition(
      definition,
      next,
      { type: 'TIMER', timerKey: 'reportWriting@1/deadline' },
      { now: dueAt },
    );
    expect(fired.effects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'notify', reason: 'overdue', dueAt: dueAt.toISOString() }),
        expect.objectContaining({ type: 'record', kind: 'overdue' }),
      ]),
    );
  });

  it('skips reminders that would already be past', () => {
    const dueAt = new Date(now.getTime() + 3600_000);
    const plan = planDeadline(definition, snapshot, 'reportWriting', dueAt, now);
    expect(plan.arm.map(([key]) => key).sort()).toEqual([
      'reportWriting@1/deadline',
      'reportWriting@1/escalation',
    ]);
  });

  it('plans nothing for an unknown task', () => {
    expect(planDeadline(definition, snapshot, 'nope', now, now)).toEqual({ cancel: [], arm: [] });
  });
});
