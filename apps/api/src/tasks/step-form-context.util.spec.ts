import { readFileSync } from 'node:fs';
import type { WorkflowDefinition } from '@shuping/engine';
import {
  guardFieldsOf,
  hasRectificationReview,
  stepFormContextOf,
} from './step-form-context.util.js';

const read = (file: string) =>
  JSON.parse(readFileSync(`workflows/${file}`, 'utf8')) as WorkflowDefinition;

describe('the form context of a step', () => {
  it('adds the fields the guards of the step read', () => {
    const plan = read('township-plan-2017.json');
    expect(guardFieldsOf(plan, 'talk')).toEqual([
      {
        field: 'serious',
        type: 'boolean',
        values: [true],
        label: { zh: '情况严重', en: 'Serious' },
      },
    ]);
    expect(guardFieldsOf(plan, 'reportWriting')).toEqual([]);
    const standard = read('standard-review.json');
    expect(guardFieldsOf(standard, 'rectificationReview').map((g) => g.field)).toEqual(['passed']);
  });

  it('tells executors from reviewers, and when items need verifying before submission', () => {
    const plan = read('township-plan-2017.json');
    expect(hasRectificationReview(plan)).toBe(false);
    expect(stepFormContextOf(plan, 'rectification', 'rectification', {})).toMatchObject({
      rectificationMode: 'executor',
      verifyBeforeSubmit: true,
    });
    const standard = read('standard-review.json');
    expect(stepFormContextOf(standard, 'rectification', 'rectification', {})).toMatchObject({
      rectificationMode: 'executor',
      verifyBeforeSubmit: false,
    });
    expect(
      stepFormContextOf(standard, 'rectificationReview', 'rectification', {}).rectificationMode,
    ).toBe('reviewer');
  });
});
