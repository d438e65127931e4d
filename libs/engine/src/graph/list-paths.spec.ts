import { readFileSync } from 'node:fs';
import type { WorkflowDefinition } from '../definition/definition.schema.js';
import { generateLinearDefinition } from '../definition/generate-linear-definition.js';
import { EngineErrorCode } from '../engine.exception.js';
import { walkPath } from '../testing/walk-path.js';
import { explorePaths, listPaths } from './list-paths.js';

const standard = JSON.parse(
  readFileSync(new URL('../../../../workflows/standard-review.json', import.meta.url), 'utf8'),
) as WorkflowDefinition;

const title = (zh: string, en = zh) => ({ zh, en });
const branching: WorkflowDefinition = {
  id: 'branching',
  schemaVersion: 1,
  name: title('分支', 'Branching'),
  machine: {
    id: 'branching',
    initial: 'rating',
    states: {
      rating: {
        meta: {
          kind: 'rating',
          title: title('测评', 'Rating'),
          assignee: { role: 'raters', groups: ['members'] },
        },
        on: { SUBMIT: 'check' },
      },
      check: {
        meta: { kind: 'decision', title: title('判断', 'Check') },
        always: [
          { target: 'talk', guard: { type: 'gradeAtMost', params: { grade: '一般' } } },
          { target: 'accountability', guard: { type: 'scoreBelow', params: { score: 40 } } },
          { target: 'publicity' },
        ],
      },
      talk: {
        meta: {
          kind: 'talk',
          title: title('约谈', 'Talk'),
          assignee: { role: 'superiorSecretary' },
          deadline: '2WD',
          escalation: { autoAdvance: { at: 'deadline' } },
        },
        on: { SUBMIT: 'publicity', TIMEOUT: 'publicity' },
      },
      accountability: {
        meta: {
          kind: 'accountability',
          title: title('问责', 'Accountability'),
          assignee: { role: 'countyOrgDept' },
        },
        on: { SUBMIT: 'publicity' },
      },
      publicity: {
        meta: { kind: 'publicity', title: title('公示', 'Publicity'), form: { period: 'P5D' } },
        on: { OBJECT: 'rating' },
        after: { publicityPeriod: 'done' },
      },
      done: { type: 'final' },
    },
  },
};

describe('listPaths', () => {
  it('lists a single path through a linear process', () => {
    const paths = listPaths(generateLinearDefinition(4));
    expect(paths).toHaveLength(1);
    expect(paths[0]?.start.states).toEqual(['s0']);
    expect(paths[0]?.steps.map((s) => s.states)).toEqual([['s1'], ['s2'], ['end']]);
    expect(paths[0]?.steps.map((s) => s.event)).toEqual([
      { kind: 'submit', taskKey: 's0', data: {} },
      { kind: 'submit', taskKey: 's1', data: {} },
      { kind: 'submit', taskKey: 's2', data: {} },
    ]);
  });

  it('flips every guard so that every branch is explored, and walks each path', () => {
    const paths = listPaths(branching);
    const routes = paths.map((p) => p.steps.map((s) => s.states.join('|')).join(' > '));
    expect(routes).toEqual(
      expect.arrayContaining([
        'publicity > done',
        'talk > publicity > done',
        'accountability > publicity > done',
        'publicity > rating > talk > publicity > done',
      ]),
    );
    for (const path of paths) {
      expect(walkPath(branching, path).status).toBe('done');
    }
    const events = paths.flatMap((p) => p.steps.map((s) => s.event));
    expect(events).toContainEqual({
      kind: 'timer',
      stateKey: 'publicity',
      purpose: 'after',
      delay: 'publicityPeriod',
    });
    expect(events).toContainEqual({ kind: 'event', type: 'OBJECT', data: {} });
    expect(events).toContainEqual({
      kind: 'submit',
      taskKey: 'rating',
      data: { grade: '一般', score: 40 },
    });
  });

  it('falls back to one path per transition when there are too many simple paths', () => {
    const simple = explorePaths(standard);
    expect(simple.strategy).toBe('simple');
    const cover = explorePaths(standard, { maxPaths: 2 });
    expect(cover.strategy).toBe('transitions');
    expect(cover.paths.length).toBeGreaterThan(0);
    const states = (paths: typeof cover.paths) =>
      new Set(paths.flatMap((p) => p.steps.flatMap((s) => s.states)));
    expect(states(cover.paths)).toEqual(states(simple.paths));
    for (const path of cover.paths) {
      expect(walkPath(standard, path).status).toBe('done');
    }
  });

  it('gives up cleanly on limits', () => {
    expect(() => explorePaths(standard, { strategy: 'simple', maxPaths: 1 })).toThrow(
      expect.objectContaining({ code: EngineErrorCode.TooManyPaths }),
    );
    expect(() => explorePaths(standard, { maxStates: 3 })).toThrow(
      expect.objectContaining({ code: EngineErrorCode.TooManyPaths }),
    );
  });
});
