import { gradeAtMost, gradeIndex } from './grades.js';

describe('grades', () => {
  it.each([
    ['好', '一般', false],
    ['一般', '一般', true],
    ['差', '一般', true],
    ['较好', '好', true],
  ] as const)('%s at most %s is %s', (grade, limit, expected) => {
    expect(gradeAtMost(grade, limit)).toBe(expected);
  });

  it('orders grades best first', () => {
    expect(gradeIndex('好')).toBeLessThan(gradeIndex('差'));
  });
});
