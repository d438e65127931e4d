import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@shuping/engine';
import { diffCounts, diffDefinitions, stableStringify } from './definition-diff';

const standard = JSON.parse(
  readFileSync(join(process.cwd(), 'workflows/standard-review.json'), 'utf8'),
) as WorkflowDefinition;

const edit = (fn: (d: WorkflowDefinition) => void): WorkflowDefinition => {
  const copy = structuredClone(standard);
  fn(copy);
  return copy;
};

describe('diffDefinitions', () => {
  it('finds nothing between a version and itself (key order ignored)', () => {
    const reordered = JSON.parse(stableStringify(standard)) as WorkflowDefinition;
    const diff = diffDefinitions(standard, reordered);
    expect(diff.steps).toEqual({});
    expect(diff.transitions).toEqual({ added: [], removed: [], changed: [] });
    expect(diff.envelope).toEqual([]);
  });

  it('marks added, removed, changed and moved steps', () => {
    const after = edit((d) => {
      const states = d.machine.states;
      delete states['questioning'];
      states['critique'].on = { SUBMIT: 'rating' };
      states['rating'].meta = { ...states['rating'].meta!, deadline: '5WD' } as never;
      (states['speaking'].meta as { position: { x: number; y: number } }).position = {
        x: 300,
        y: 50,
      };
      states['commitment'] = {
        meta: {
          kind: 'commitment',
          title: { zh: '承诺', en: 'Commitment' },
          assignee: { role: 'selfSecretary' },
        },
        on: { SUBMIT: 'done' },
      };
      d.name = { zh: '新名称', en: 'New name' };
    });
    const diff = diffDefinitions(standard, after);
    expect(diff.steps).toEqual({
      questioning: 'removed',
      critique: 'changed',
      rating: 'changed',
      speaking: 'moved',
      commitment: 'added',
    });
    expect(diff.fields['rating']).toEqual(['meta.deadline']);
    expect(diff.fields['critique']).toEqual(['transitions']);
    expect(diffCounts(diff)).toEqual({ added: 1, removed: 1, changed: 2, moved: 1 });
    expect(diff.envelope).toEqual(['name']);
    expect(diff.transitions.added).toEqual(
      expect.arrayContaining([
        { source: 'critique', slot: 'on:SUBMIT', targets: ['rating'] },
        { source: 'commitment', slot: 'on:SUBMIT', targets: ['done'] },
      ]),
    );
    expect(diff.transitions.removed).toEqual(
      expect.arrayContaining([
        { source: 'critique', slot: 'on:SUBMIT', targets: ['questioning'] },
        { source: 'questioning', slot: 'on:SUBMIT', targets: ['rating'] },
      ]),
    );
  });

  it('sees a changed condition as a changed transition', () => {
    const after = edit((d) => {
      const [talk] = d.machine.states['resultCheck'].always as { guard?: unknown }[];
      talk.guard = { type: 'gradeAtMost', params: { grade: '差' } };
    });
    const diff = diffDefinitions(standard, after);
    expect(diff.steps).toEqual({ resultCheck: 'changed' });
    expect(diff.transitions.changed).toEqual([
      { source: 'resultCheck', slot: 'always', targets: ['talk'] },
    ]);
  });

  it('compares nested states by their dotted keys', () => {
    const xinye = JSON.parse(
      readFileSync(join(process.cwd(), 'workflows/xinye-four-two-way.json'), 'utf8'),
    ) as WorkflowDefinition;
    const after = structuredClone(xinye);
    const region = after.machine.states['reporting'].states!['village'];
    region.states!['speaking'].meta = {
      ...region.states!['speaking'].meta!,
      deadline: '5WD',
    } as never;
    expect(diffDefinitions(xinye, after).steps).toEqual({
      'reporting.village.speaking': 'changed',
    });
  });
});
