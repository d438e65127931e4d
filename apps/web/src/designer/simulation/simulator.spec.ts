import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@shuping/engine';
import {
  activeStateKeys,
  applyEvent,
  fireNextTimer,
  openTasks,
  pendingTimers,
  simulationEvents,
  startSimulation,
  submitPresets,
  type SimulationState,
} from './simulator';

const load = (file: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'workflows', file), 'utf8')) as WorkflowDefinition;

const NOW = '2024-12-02T01:00:00.000Z';

/** Submits every open task with `data`, firing timers when nothing else can happen. */
function runToEnd(sim: SimulationState, data: Record<string, string | boolean | number>) {
  let current = sim;
  for (let i = 0; i < 200 && current.status === 'active'; i += 1) {
    const submit = simulationEvents(current).find((e) => e.type === 'SUBMIT');
    current = submit
      ? applyEvent(
          current,
          { type: 'SUBMIT', taskKey: submit.taskKey as string, data },
          { zh: '提交', en: 'Submit' },
        )
      : fireNextTimer(current);
  }
  return current;
}

describe('simulation', () => {
  it('runs the standard review to its end with grade 好, the clock following the timers', () => {
    const sim = startSimulation(load('standard-review.json'), NOW);
    expect(activeStateKeys(sim.snapshot.value).leaves).toEqual(['reportWriting']);
    expect(openTasks(sim)).toEqual([
      expect.objectContaining({ taskKey: 'reportWriting', dueAt: expect.any(String) }),
    ]);
    expect(sim.startEffects.some((e) => e.type === 'openTask')).toBe(true);
    const done = runToEnd(sim, { grade: '好' });
    expect(done.status).toBe('done');
    expect(done.visited).toEqual(
      expect.arrayContaining(['publicity', 'resultApplication', 'done']),
    );
    expect(done.visited).not.toContain('talk');
    // The publicity period (5 working days) was waited out on the simulated clock.
    expect(done.now > NOW).toBe(true);
  });

  it('takes the talk and rectification path for grade 一般', () => {
    const sim = startSimulation(load('standard-review.json'), NOW);
    const done = runToEnd(sim, { grade: '一般', passed: true });
    expect(done.status).toBe('done');
    expect(done.visited).toEqual(
      expect.arrayContaining(['talk', 'rectification', 'rectificationReview']),
    );
  });

  it('runs the parallel regions of Xinye side by side', () => {
    const sim = startSimulation(load('xinye-four-two-way.json'), NOW);
    expect(activeStateKeys(sim.snapshot.value).leaves.sort()).toEqual([
      'reporting.township.speaking',
      'reporting.village.speaking',
    ]);
    const first = applyEvent(
      sim,
      { type: 'SUBMIT', taskKey: 'reporting.township.speaking', data: {} },
      { zh: '提交', en: 'Submit' },
    );
    expect(first.steps[0]).toMatchObject({
      handled: true,
      left: ['reporting.township.speaking'],
      entered: ['reporting.township.done'],
    });
  });

  it('fires the soonest timer and moves the clock to it', () => {
    const sim = startSimulation(load('standard-review.json'), NOW);
    const [soonest] = pendingTimers(sim);
    expect(soonest).toBeDefined();
    const next = fireNextTimer(sim);
    expect(next.now).toBe(soonest?.dueAt);
    expect(next.steps).toHaveLength(1);
    expect(pendingTimers(next).some((t) => t.timerKey === soonest?.timerKey)).toBe(false);
  });

  it('offers grade presets on rating steps and result values the guards test', () => {
    const standard = load('standard-review.json');
    const labels = submitPresets(standard, 'rating', 'rating').map((p) => p.label.zh);
    expect(labels).toEqual(expect.arrayContaining(['提交', '等次：好', '等次：一般']));
    expect(
      submitPresets(standard, 'rectificationReview', 'rectification').map((p) => p.data),
    ).toEqual([{}, { passed: true }, { passed: false }]);
    const shenqiu = load('shenqiu-dual-report.json');
    expect(submitPresets(shenqiu, 'annualScoring', 'aggregation').map((p) => p.data)).toEqual(
      expect.arrayContaining([{ vetoed: true }, { rank: 10, rankTotal: 10 }]),
    );
  });
});
