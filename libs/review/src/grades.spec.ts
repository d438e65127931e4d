import {
  GRADES,
  type Grade,
  compareGrades,
  gradeAtLeast,
  gradeAtMost,
  gradeIndex,
  gradesAtOrAbove,
  gradesAtOrBelow,
  isGrade,
} from './grades.js';

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
    expect(GRADES).toEqual(['好', '较好', '一般', '差']);
  });

  it('selects grades at or above and at or below', () => {
    expect(gradesAtOrAbove('较好')).toEqual(['好', '较好']);
    expect(gradesAtOrBelow('一般')).toEqual(['一般', '差']);
    expect(gradeAtLeast('好', '较好')).toBe(true);
    expect(gradeAtLeast('差', '较好')).toBe(false);
  });

  it('sorts no grade after 差', () => {
    expect(([null, '差', '好'] as (Grade | null)[]).sort(compareGrades)).toEqual([
      '好',
      '差',
      null,
    ]);
  });

  it('recognises grades', () => {
    expect(isGrade('较好')).toBe(true);
    expect(isGrade('优秀')).toBe(false);
    expect(isGrade(1)).toBe(false);
  });
});
