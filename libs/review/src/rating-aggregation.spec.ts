import fc from 'fast-check';
import { type Grade, compareGrades } from './grades.js';
import {
  type AggregationRule,
  type Ballot,
  type Direction,
  type ShareThresholdRule,
  type WeightedPointsRule,
  aggregateRatings,
  aggregateSubject,
  parseAggregationRule,
} from './rating-aggregation.js';
import { ReviewErrorCode, ReviewRuleError } from './review.exception.js';

const KEY = { subjectId: 's1', direction: 'superior-reports', dimension: 'overall' } as const;

function ballots(
  group: string,
  counts: Partial<Record<Grade | 'abstain', number>>,
  key: { subjectId: string; direction: Direction; dimension: string } = KEY,
): Ballot[] {
  return Object.entries(counts).flatMap(([grade, count]) =>
    Array.from({ length: count }, () => ({
      ...key,
      group,
      grade: grade === 'abstain' ? null : (grade as Grade),
    })),
  );
}

const SHARE_RULE: ShareThresholdRule = {
  kind: 'share-thresholds',
  minTurnoutPercent: 0,
  rules: [
    {
      grade: '好',
      all: [
        { kind: 'min-share', atOrAbove: '好', percent: 60 },
        { kind: 'max-share', atOrBelow: '差', percent: 10 },
      ],
    },
    { grade: '较好', all: [{ kind: 'min-share', atOrAbove: '较好', percent: 70 }] },
    { grade: '一般', all: [{ kind: 'min-share', atOrAbove: '一般', percent: 50 }] },
  ],
  fallback: '差',
};

const GROUPS_40_30_30 = [
  { id: 'superiors', label: '上级', weightPercent: 40 },
  { id: 'peers', label: '同级', weightPercent: 30 },
  { id: 'members-masses', label: '党员群众', weightPercent: 30 },
];

const POINTS_RULE: WeightedPointsRule = {
  kind: 'weighted-points',
  minTurnoutPercent: 50,
  points: { 好: 100, 较好: 80, 一般: 60, 差: 40 },
  groups: GROUPS_40_30_30,
  cutoffs: [
    { grade: '好', minPoints: 90 },
    { grade: '较好', minPoints: 80 },
    { grade: '一般', minPoints: 60 },
  ],
  fallback: '差',
};

function errorCode(run: () => unknown): ReviewErrorCode | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof ReviewRuleError) {
      return error.code;
    }
    throw error;
  }
  return undefined;
}

describe('weighted points', () => {
  it('weights group means 40 / 30 / 30 and cuts to a grade', () => {
    /*
     * superiors (40%):      好3 较好2               → (300 + 160) / 5 = 92
     * peers (30%):          好4 较好4 一般2         → (400 + 320 + 120) / 10 = 84
     * members-masses (30%): 好6 较好8 一般4 差2 (+1 abstention) → (600 + 640 + 240 + 80) / 20 = 78
     * composite 0.4 × 92 + 0.3 × 84 + 0.3 × 78 = 36.8 + 25.2 + 23.4 = 85.4 → 较好 (80 ≤ 85.4 < 90)
     * roll 5 + 12 + 25 = 42, returned 5 + 10 + 21 = 36 → turnout 85.71% ≥ 50%, missing 6
     */
    const result = aggregateSubject(
      KEY,
      [
        ...ballots('superiors', { 好: 3, 较好: 2 }),
        ...ballots('peers', { 好: 4, 较好: 4, 一般: 2 }),
        ...ballots('members-masses', { 好: 6, 较好: 8, 一般: 4, 差: 2, abstain: 1 }),
      ],
      POINTS_RULE,
      { superiors: 5, peers: 12, 'members-masses': 25 },
    );
    expect(result.groups.map((g) => [g.group, g.meanPoints])).toEqual([
      ['superiors', 92],
      ['peers', 84],
      ['members-masses', 78],
    ]);
    expect(result.points).toBe(85.4);
    expect(result.grade).toBe('较好');
    expect(result.total).toMatchObject({
      eligible: 42,
      cast: 36,
      abstentions: 1,
      valid: 35,
      missing: 6,
    });
    expect(result.turnoutPercent).toBe(85.71);
    expect(result.explanation.zh).toContain('加权得分85.4分');
  });

  it('drops groups without valid ballots and rescales the weights', () => {
    // superiors 5 × 好 = 100 (40%), peers only abstain, masses 5 × 一般 = 60 (30%)
    // (0.4 × 100 + 0.3 × 60) / 0.7 = 58 / 0.7 = 82.857… → 82.86 → 较好
    const result = aggregateSubject(
      KEY,
      [
        ...ballots('superiors', { 好: 5 }),
        ...ballots('peers', { abstain: 3 }),
        ...ballots('members-masses', { 一般: 5 }),
      ],
      { ...POINTS_RULE, minTurnoutPercent: 0 },
    );
    expect(result.points).toBe(82.86);
    expect(result.grade).toBe('较好');
    expect(result.explanation.zh).toContain('无有效票的组不计');
  });
});

describe('share thresholds', () => {
  it('pools ballots without groups and weights shares with groups', () => {
    /*
     * superiors 5 × 好; masses 好8 较好12.
     * pooled: 好 13/25 = 52% < 60 → not 好; 较好+ 25/25 = 100% → 较好
     * weighted 40/60: 好 0.4 × 100% + 0.6 × 40% = 64% ≥ 60, 差 0% → 好
     */
    const cast = [...ballots('superiors', { 好: 5 }), ...ballots('masses', { 好: 8, 较好: 12 })];
    expect(aggregateSubject(KEY, cast, SHARE_RULE).grade).toBe('较好');
    const weighted = aggregateSubject(KEY, cast, {
      ...SHARE_RULE,
      groups: [
        { id: 'superiors', weightPercent: 40 },
        { id: 'masses', weightPercent: 60 },
      ],
    });
    expect(weighted.grade).toBe('好');
    expect(weighted.sharesPercent?.好).toBe(64);
  });

  it('checks a rule again when its object has changed since it was last used', () => {
    const rule: ShareThresholdRule = structuredClone(SHARE_RULE);
    const cast = ballots('panel', { 好: 6, 一般: 3, 差: 1 });
    expect(aggregateSubject(KEY, cast, rule).grade).toBe('好');
    (rule.rules[0].all[0] as { percent: number }).percent = 70;
    expect(aggregateSubject(KEY, cast, rule).grade).toBe('一般');
    (rule as { fallback: string }).fallback = 'none';
    expect(errorCode(() => aggregateSubject(KEY, cast, rule))).toBe(ReviewErrorCode.InvalidConfig);
  });

  it('applies a threshold at exactly its value', () => {
    // 好 6/10 = 60% exactly, 差 1/10 = 10% exactly → 好
    expect(
      aggregateSubject(KEY, ballots('panel', { 好: 6, 一般: 3, 差: 1 }), SHARE_RULE).grade,
    ).toBe('好');
  });

  it('excludes abstentions from shares but counts them as returned', () => {
    // 好 6, 差 4 abstentions: shares over 6 valid → 好 100% → 好; turnout 10/12
    const result = aggregateSubject(
      KEY,
      ballots('panel', { 好: 6, abstain: 4 }),
      { ...SHARE_RULE, minTurnoutPercent: 80 },
      { panel: 12 },
    );
    expect(result.grade).toBe('好');
    expect(result.total).toMatchObject({ cast: 10, valid: 6, abstentions: 4, missing: 2 });
    expect(result.turnoutPercent).toBe(83.33);
  });

  it('gives no grade below the minimum turnout', () => {
    // 7 of 10 returned = 70% < 80%
    const result = aggregateSubject(
      KEY,
      ballots('panel', { 好: 7 }),
      { ...SHARE_RULE, minTurnoutPercent: 80 },
      { panel: 10 },
    );
    expect(result).toMatchObject({
      status: 'insufficient-turnout',
      grade: null,
      turnoutPercent: 70,
    });
    expect(result.explanation.ruleId).toBe('rating.turnout');
    expect(result.explanation.zh).toContain('未达最低参评率');
  });

  it('gives no grade without a valid ballot', () => {
    const result = aggregateSubject(KEY, ballots('panel', { abstain: 3 }), SHARE_RULE);
    expect(result).toMatchObject({ status: 'no-valid-ballots', grade: null, sharesPercent: null });
  });

  it('counts a group on the roll that returned nothing as missing', () => {
    const result = aggregateSubject(KEY, ballots('panel', { 好: 4 }), SHARE_RULE, {
      panel: 4,
      masses: 6,
    });
    expect(result.groups.find((g) => g.group === 'masses')).toMatchObject({ cast: 0, missing: 6 });
    expect(result.turnoutPercent).toBe(40);
  });

  it('explains the failing and the holding conditions', () => {
    // 好 5/10 = 50% ✗ → 较好+ 8/10 = 80% ✓
    const result = aggregateSubject(KEY, ballots('panel', { 好: 5, 较好: 3, 一般: 2 }), SHARE_RULE);
    expect(result.grade).toBe('较好');
    expect(result.explanation.zh).toBe(
      '有效票10张(好5、较好3、一般2、差0);“好”等次:“好”票占50%(需≥60%)✗,“差”票占0%(需≤10%)✓;“较好”等次:“较好”及以上票占80%(需≥70%)✓;符合“较好”等次条件,评为“较好”。',
    );
  });
});

describe('input errors', () => {
  it.each([
    [
      'duplicate rater',
      () =>
        aggregateSubject(
          KEY,
          [
            { ...KEY, group: 'panel', raterId: 'r1', grade: '好' },
            { ...KEY, group: 'panel', raterId: 'r1', grade: '差' },
          ],
          SHARE_RULE,
        ),
      ReviewErrorCode.DuplicateBallot,
    ],
    [
      'unknown group',
      () => aggregateSubject(KEY, ballots('strangers', { 好: 1 }), POINTS_RULE, { strangers: 1 }),
      ReviewErrorCode.UnknownRaterGroup,
    ],
    [
      'too many ballots',
      () => aggregateSubject(KEY, ballots('panel', { 好: 3 }), SHARE_RULE, { panel: 2 }),
      ReviewErrorCode.TooManyBallots,
    ],
    [
      'turnout without roll',
      () => aggregateSubject(KEY, ballots('superiors', { 好: 3 }), POINTS_RULE),
      ReviewErrorCode.InvalidInput,
    ],
    [
      'group not on the roll',
      () => aggregateSubject(KEY, ballots('panel', { 好: 3 }), SHARE_RULE, { other: 5 }),
      ReviewErrorCode.InvalidInput,
    ],
    [
      'ballot of another subject',
      () =>
        aggregateSubject(KEY, ballots('panel', { 好: 1 }, { ...KEY, subjectId: 's2' }), SHARE_RULE),
      ReviewErrorCode.InvalidInput,
    ],
  ])('%s', (_name, run, code) => {
    expect(errorCode(run)).toBe(code);
  });

  it.each([
    [
      'weights not adding up to 100',
      { ...POINTS_RULE, groups: [{ id: 'a', weightPercent: 60 }] },
      'groups: group weights must add up to 100, not 60',
    ],
    [
      'points increasing',
      { ...POINTS_RULE, points: { 好: 100, 较好: 80, 一般: 90, 差: 40 } },
      'points.一般: points must not increase',
    ],
    [
      'cut-offs out of order',
      {
        ...POINTS_RULE,
        cutoffs: [
          { grade: '较好', minPoints: 80 },
          { grade: '好', minPoints: 90 },
        ],
      },
      'cutoffs.1: grades must go best first',
    ],
    ['fallback too good', { ...SHARE_RULE, fallback: '好' }, 'fallback: fallback must be worse'],
    ['unknown grade', { ...SHARE_RULE, fallback: '优秀' }, 'fallback'],
  ])('rejects a rule with %s', (_name, rule, message) => {
    expect(() => parseAggregationRule(rule)).toThrow(message);
    expect(errorCode(() => parseAggregationRule(rule))).toBe(ReviewErrorCode.InvalidConfig);
  });
});

describe('aggregateRatings', () => {
  const key = (subjectId: string, direction: Direction, dimension = 'overall') => ({
    subjectId,
    direction,
    dimension,
  });

  it('keeps 上述下评 and 下述上评 apart, with a rule per direction', () => {
    const cast = [
      ...ballots('villages', { 好: 2, 差: 8 }, key('township', 'superior-reports')),
      ...ballots('panel', { 好: 9, 较好: 1 }, key('v1', 'subordinate-reports')),
      ...ballots('panel', { 好: 1, 一般: 9 }, key('v1', 'superior-reports')),
    ];
    const results = aggregateRatings(cast, {
      rule: SHARE_RULE,
      byDirection: {
        'superior-reports': {
          ...SHARE_RULE,
          rules: [{ grade: '好', all: [{ kind: 'min-share', atOrAbove: '好', percent: 10 }] }],
          fallback: '一般',
        },
      },
    });
    expect(results.map((r) => [r.subjectId, r.direction, r.grade])).toEqual([
      ['township', 'superior-reports', '好'],
      ['v1', 'subordinate-reports', '好'],
      ['v1', 'superior-reports', '好'],
    ]);
  });

  it('gives every dimension of every rolled subject a result, even without ballots', () => {
    const results = aggregateRatings(
      ballots('panel', { 好: 5 }, key('v1', 'subordinate-reports', 'thought')),
      { rule: { ...SHARE_RULE, minTurnoutPercent: 50 } },
      {
        roll: [
          { subjectId: 'v1', direction: 'subordinate-reports', group: 'panel', eligible: 5 },
          { subjectId: 'v2', direction: 'subordinate-reports', group: 'panel', eligible: 5 },
        ],
        dimensions: ['thought', 'performance'],
      },
    );
    expect(results.map((r) => [r.subjectId, r.dimension, r.status])).toEqual([
      ['v1', 'performance', 'insufficient-turnout'],
      ['v1', 'thought', 'graded'],
      ['v2', 'performance', 'insufficient-turnout'],
      ['v2', 'thought', 'insufficient-turnout'],
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const GROUP_IDS = ['superiors', 'peers', 'members-masses'] as const;
const gradeOrAbstain = fc.constantFrom<Grade | null>('好', '较好', '一般', '差', null);
const ballotArb: fc.Arbitrary<Ballot> = fc
  .record({ group: fc.constantFrom(...GROUP_IDS), grade: gradeOrAbstain })
  .map((b) => ({ ...KEY, ...b }));
const weightsArb = fc.constantFrom(
  [40, 30, 30],
  [34, 33, 33],
  [50, 25, 25],
  [20, 20, 60],
  [100, 0, 0],
);
const groupsArb = weightsArb.map((weights) =>
  GROUP_IDS.map((id, i) => ({ id, weightPercent: weights[i] })).filter((g) => g.weightPercent > 0),
);
const percentArb = fc.integer({ min: 0, max: 100 });

const shareRuleArb: fc.Arbitrary<AggregationRule> = fc
  .record({
    good: percentArb,
    poorMax: percentArb,
    fair: percentArb,
    average: percentArb,
    averagePoorMax: percentArb,
    turnout: percentArb,
    groups: fc.option(groupsArb, { nil: undefined }),
  })
  .map((p) => ({
    kind: 'share-thresholds',
    minTurnoutPercent: p.turnout,
    groups: p.groups,
    rules: [
      {
        grade: '好',
        all: [
          { kind: 'min-share', atOrAbove: '好', percent: p.good },
          { kind: 'max-share', atOrBelow: '差', percent: p.poorMax },
        ],
      },
      { grade: '较好', all: [{ kind: 'min-share', atOrAbove: '较好', percent: p.fair }] },
      {
        grade: '一般',
        all: [
          { kind: 'min-share', atOrAbove: '一般', percent: p.average },
          { kind: 'max-share', atOrBelow: '一般', percent: p.averagePoorMax },
        ],
      },
    ],
    fallback: '差',
  }));

const pointsRuleArb: fc.Arbitrary<AggregationRule> = fc
  .record({
    points: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 4, maxLength: 4 }),
    cutoffs: fc.uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 3, maxLength: 3 }),
    turnout: percentArb,
    groups: groupsArb,
  })
  .map((p) => {
    const [a, b, c, d] = [...p.points].sort((x, y) => y - x);
    const [x, y, z] = [...p.cutoffs].sort((u, v) => v - u);
    return {
      kind: 'weighted-points',
      minTurnoutPercent: p.turnout,
      points: { 好: a, 较好: b, 一般: c, 差: d },
      groups: p.groups,
      cutoffs: [
        { grade: '好', minPoints: x },
        { grade: '较好', minPoints: y },
        { grade: '一般', minPoints: z },
      ],
      fallback: '差',
    };
  });

const ruleArb = fc.oneof(shareRuleArb, pointsRuleArb);

/** Ballots restricted to the rule's groups, and a roll with 0–3 missing raters per group. */
const scenarioArb = ruleArb.chain((rule) => {
  const groups = rule.groups?.map((g) => g.id) ?? [...GROUP_IDS];
  return fc.record({
    rule: fc.constant(rule),
    ballots: fc.array(
      fc
        .record({ group: fc.constantFrom(...groups), grade: gradeOrAbstain })
        .map((b): Ballot => ({ ...KEY, ...b })),
      { maxLength: 40 },
    ),
    missing: fc.array(fc.nat({ max: 3 }), { minLength: groups.length, maxLength: groups.length }),
    groups: fc.constant(groups),
    extra: fc.constantFrom(...groups),
  });
});

function rollOf(
  groups: readonly string[],
  cast: readonly Ballot[],
  missing: readonly number[],
): Record<string, number> {
  return Object.fromEntries(
    groups.map((g, i) => [g, cast.filter((b) => b.group === g).length + missing[i]]),
  );
}

describe('properties', () => {
  it('aggregation does not depend on ballot order', () => {
    fc.assert(
      fc.property(
        scenarioArb,
        fc.array(fc.integer()),
        ({ rule, ballots: cast, missing, groups }, keys) => {
          const roll = rollOf(groups, cast, missing);
          const shuffled = cast
            .map((ballot, i) => ({ ballot, key: keys[i % Math.max(keys.length, 1)] ?? 0, i }))
            .sort((a, b) => a.key - b.key || b.i - a.i)
            .map((x) => x.ballot);
          expect(aggregateSubject(KEY, shuffled, rule, roll)).toEqual(
            aggregateSubject(KEY, cast, rule, roll),
          );
        },
      ),
    );
  });

  it('an extra 好 ballot never lowers the result', () => {
    fc.assert(
      fc.property(scenarioArb, ({ rule, ballots: cast, missing, groups, extra }) => {
        const roll = rollOf(groups, cast, missing);
        const before = aggregateSubject(KEY, cast, rule, roll);
        const after = aggregateSubject(
          KEY,
          [...cast, { ...KEY, group: extra, grade: '好' }],
          rule,
          {
            ...roll,
            [extra]: roll[extra] + 1,
          },
        );
        expect(compareGrades(after.grade, before.grade)).toBeLessThanOrEqual(0);
        if (before.points !== null && after.points !== null) {
          expect(after.points).toBeGreaterThanOrEqual(before.points);
        }
      }),
    );
  });

  it('every ballot is counted exactly once', () => {
    fc.assert(
      fc.property(fc.array(ballotArb, { maxLength: 50 }), (cast) => {
        const result = aggregateSubject(KEY, cast, SHARE_RULE);
        expect(result.total.cast).toBe(cast.length);
        expect(result.total.valid + result.total.abstentions).toBe(cast.length);
      }),
    );
  });
});
