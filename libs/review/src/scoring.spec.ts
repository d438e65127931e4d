import fc from 'fast-check';
import {
  type RedBlackEntry,
  summariseRedBlack,
  summariseRedBlackForOrg,
} from './red-black-records.js';
import { ReviewErrorCode, ReviewRuleError } from './review.exception.js';
import {
  type ScoringScheme,
  combineLinkedScores,
  parseScoringScheme,
  scoreOrganisation,
} from './scoring.js';

const SCHEME: ScoringScheme = {
  id: 's',
  targets: [
    { id: 'a', name: '甲', weight: 60 },
    { id: 'b', name: '乙', weight: 40 },
  ],
  bonuses: [{ id: 'plus', name: '加', pointsPerUnit: 5 }],
  penalties: [{ id: 'minus', name: '减', pointsPerUnit: 10 }],
  constraints: [{ id: 'safety', name: '安全生产', pointsPerUnit: 20, vetoAtUnits: 2 }],
};

describe('scoreOrganisation', () => {
  it('caps target completion at 100% and says so', () => {
    // 甲 60 × 100% (120% capped) = 60, 乙 40 × 50% = 20 → 80
    const result = scoreOrganisation(SCHEME, { orgId: 'v', targets: { a: 120, b: 50 } });
    expect(result.score).toBe(80);
    expect(result.breakdown.targets[0]).toMatchObject({ input: 100, points: 60 });
    expect(result.explanation.because[0]?.zh).toContain('甲完成率超过100%,按100%计');
  });

  it('has no cap on bonuses and no floor on deductions', () => {
    // bonus 5 × 10 = +50 → 100 + 50 = 150
    expect(
      scoreOrganisation(SCHEME, { orgId: 'v', targets: { a: 100, b: 100 }, bonuses: { plus: 10 } })
        .score,
    ).toBe(150);
    // targets 0, penalty 10 × 3 = −30, safety 20 × 1 = −20 → −50 (one case: below the veto line of 2)
    const low = scoreOrganisation(SCHEME, {
      orgId: 'v',
      targets: { a: 0, b: 0 },
      penalties: { minus: 3 },
      constraints: { safety: { units: 1 } },
    });
    expect(low.score).toBe(-50);
    expect(low.vetoed).toBe(false);
  });

  it('vetoes automatically at the veto line', () => {
    // 2 safety cases ≥ vetoAtUnits 2: −40 and vetoed
    const result = scoreOrganisation(SCHEME, {
      orgId: 'v',
      targets: { a: 100, b: 100 },
      constraints: { safety: { units: 2 } },
    });
    expect(result.score).toBe(60);
    expect(result.vetoes).toEqual([
      { itemId: 'safety', itemName: '安全生产', reason: '2起(否决线2起)' },
    ]);
  });

  it('adds the red/black year total', () => {
    const redBlack = summariseRedBlackForOrg(
      'v',
      [{ orgId: 'v', month: '2020-05', kind: 'black', points: 2.25 }],
      2020,
    );
    expect(
      scoreOrganisation(SCHEME, { orgId: 'v', targets: { a: 100, b: 100 }, redBlack }).score,
    ).toBe(97.75);
  });

  it.each([
    ['a missing target', { orgId: 'v', targets: { a: 100 } }],
    ['an unknown item', { orgId: 'v', targets: { a: 100, b: 100 }, bonuses: { other: 1 } }],
    ['negative units', { orgId: 'v', targets: { a: 100, b: 100 }, penalties: { minus: -1 } }],
    ['negative completion', { orgId: 'v', targets: { a: -5, b: 100 } }],
    [
      'records of another organisation',
      { orgId: 'v', targets: { a: 1, b: 1 }, redBlack: summariseRedBlackForOrg('w', [], 2020) },
    ],
  ])('rejects %s', (_name, sheet) => {
    expect(() => scoreOrganisation(SCHEME, sheet)).toThrow(ReviewRuleError);
  });

  it('rejects schemes whose weights do not add up to 100 or whose ids repeat', () => {
    expect(() =>
      parseScoringScheme({ ...SCHEME, targets: [{ id: 'a', name: '甲', weight: 90 }] }),
    ).toThrow('target weights must add up to 100, not 90');
    expect(() =>
      parseScoringScheme({ ...SCHEME, bonuses: [{ id: 'a', name: '重复', pointsPerUnit: 1 }] }),
    ).toThrow('item ids must be unique');
  });

  it('score = targets + bonuses + red/black + penalties + constraints (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 150 }),
        fc.integer({ min: 0, max: 100 }),
        fc.nat({ max: 20 }),
        fc.nat({ max: 20 }),
        fc.nat({ max: 1 }),
        (a, b, plus, minus, safety) => {
          const result = scoreOrganisation(SCHEME, {
            orgId: 'v',
            targets: { a, b },
            bonuses: { plus },
            penalties: { minus },
            constraints: { safety: { units: safety } },
          });
          const expected =
            (60 * Math.min(a, 100)) / 100 + (40 * b) / 100 + 5 * plus - 10 * minus - 20 * safety;
          expect(result.score).toBeCloseTo(expected, 6);
          expect(result.vetoed).toBe(false);
        },
      ),
    );
  });
});

describe('red/black records', () => {
  const entries: RedBlackEntry[] = [
    { orgId: 'v2', month: '2019-02', kind: 'red', points: 1 },
    { orgId: 'v1', month: '2019-03', kind: 'black', points: 0.3 },
    { orgId: 'v1', month: '2019-01', kind: 'red', points: 0.1 },
    { orgId: 'v1', month: '2019-01', kind: 'red', points: 0.2 },
    { orgId: 'v1', month: '2020-01', kind: 'red', points: 9 },
  ];

  it('tallies per month and sums the monthly nets at year end', () => {
    // v1 2019: Jan 0.1 + 0.2 = +0.3 (exactly, not 0.30000000000000004), Mar −0.3 → total 0
    const [v1, v2] = summariseRedBlack(entries, 2019);
    expect(v1).toMatchObject({ orgId: 'v1', total: 0 });
    expect(v1.months).toEqual([
      { month: '2019-01', red: 0.3, black: 0, net: 0.3, entries: 2 },
      { month: '2019-03', red: 0, black: 0.3, net: -0.3, entries: 1 },
    ]);
    expect(v2).toMatchObject({ orgId: 'v2', total: 1 });
    expect(v1.explanation.zh).toBe('2019年红黑档案按月汇总:1月+0.3、3月-0.3;年底合计0分。');
  });

  it('gives a year without records a total of 0', () => {
    expect(summariseRedBlackForOrg('v3', entries, 2019).total).toBe(0);
  });

  it('rejects malformed entries', () => {
    expect(() =>
      summariseRedBlack([{ orgId: 'v', month: '2019-13', kind: 'red', points: 1 }], 2019),
    ).toThrow('month must be YYYY-MM');
    expect(() =>
      summariseRedBlack([{ orgId: 'v', month: '2019-01', kind: 'red', points: -1 }], 2019),
    ).toThrow(ReviewRuleError);
  });

  it('year total equals the sum of the monthly nets (property)', () => {
    const entryArb = fc.record({
      orgId: fc.constantFrom('a', 'b'),
      month: fc.integer({ min: 1, max: 12 }).map((m) => `2021-${String(m).padStart(2, '0')}`),
      kind: fc.constantFrom<'red' | 'black'>('red', 'black'),
      points: fc.integer({ min: 1, max: 400 }).map((n) => n / 4),
    });
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 40 }), (list) => {
        for (const year of summariseRedBlack(list, 2021)) {
          const mine = list.filter((e) => e.orgId === year.orgId);
          const expected = mine.reduce((t, e) => t + (e.kind === 'red' ? e.points : -e.points), 0);
          expect(year.total).toBeCloseTo(expected, 9);
          expect(year.months.reduce((t, m) => t + m.entries, 0)).toBe(mine.length);
        }
      }),
    );
  });
});

describe('combineLinkedScores', () => {
  it('applies weights when given', () => {
    // 0.6 × 90 + 0.4 × 80 = 54 + 32 = 86
    const linked = combineLinkedScores('c', [
      { body: 'city', score: 90, weight: 0.6 },
      { body: 'county', score: 80, weight: 0.4 },
    ]);
    expect(linked.score).toBe(86);
  });

  it('rejects a body given twice or no parts', () => {
    expect(() => combineLinkedScores('c', [])).toThrow(ReviewRuleError);
    expect(() =>
      combineLinkedScores('c', [
        { body: 'city', score: 1 },
        { body: 'city', score: 2 },
      ]),
    ).toThrow(expect.objectContaining({ code: ReviewErrorCode.InvalidInput }));
  });
});
