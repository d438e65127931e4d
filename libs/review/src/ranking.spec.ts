import fc from 'fast-check';
import {
  type ClassScheme,
  type RankingEntry,
  assignClasses,
  classSizes,
  parseClassScheme,
  rankByScope,
  rankScope,
  selectTopN,
} from './ranking.js';
import { ReviewErrorCode } from './review.exception.js';

function entry(orgId: string, score: number, extra: Partial<RankingEntry> = {}): RankingEntry {
  return { orgId, code: orgId, name: `${orgId}村`, scopeId: 't', score, ...extra };
}

const SCHEME: ClassScheme = {
  classes: [
    { label: '一类', sharePercent: 20, rewardPercent: 100 },
    { label: '二类', sharePercent: 50, rewardPercent: 50 },
    { label: '三类', sharePercent: 30, rewardPercent: 20 },
  ],
  vetoRewardPercent: 0,
};

describe('rankScope', () => {
  // Scores a 90, b 85, c 85, d 80, e 85.004 (= 85.00 to 0.01, so tied with b and c).
  const entries = [
    entry('d', 80),
    entry('c', 85),
    entry('a', 90),
    entry('b', 85),
    entry('e', 85.004),
  ];

  it.each([
    // competition 1-2-2-2-5; dense 1-2-2-2-3; positions by code among ties: b, c, e
    ['competition', [1, 2, 2, 2, 5]],
    ['dense', [1, 2, 2, 2, 3]],
  ] as const)('%s ranking', (method, ranks) => {
    const ranked = rankScope(entries, { method });
    expect(ranked.map((r) => r.orgId)).toEqual(['a', 'b', 'c', 'e', 'd']);
    expect(ranked.map((r) => r.rank)).toEqual(ranks);
    expect(ranked.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(ranked[1].tiedWith).toEqual(['c', 'e']);
  });

  it('puts vetoed organisations last, fewer vetoes first', () => {
    const ranked = rankScope(
      [
        entry('x', 99, { vetoed: true, vetoCount: 2 }),
        entry('y', 99, { vetoed: true, vetoCount: 1 }),
        entry('z', 50),
      ],
      { method: 'competition' },
    );
    // z is the only one not vetoed → 1; x and y share score and veto status → both rank 2,
    // y first (one veto against two).
    expect(ranked.map((r) => [r.orgId, r.rank, r.position])).toEqual([
      ['z', 1, 1],
      ['y', 2, 2],
      ['x', 2, 3],
    ]);
    expect(ranked[1].explanation.zh).toContain('被一票否决,排在未否决组织之后');
  });

  it('explains the rank with the number ahead', () => {
    const ranked = rankScope(entries, { method: 'competition' });
    expect(ranked[4].explanation.zh).toBe(
      '得分80分,在5个组织中排名第5(竞争排名,并列者同名次、后续名次顺延;4个组织成绩更优)。',
    );
  });

  it('rejects duplicates and non-numbers', () => {
    expect(() => rankScope([entry('a', 1), entry('a', 2)], { method: 'dense' })).toThrow(
      expect.objectContaining({ code: ReviewErrorCode.InvalidInput }),
    );
    expect(() => rankScope([entry('a', Number.NaN)], { method: 'dense' })).toThrow(
      'must be a number',
    );
  });

  it('ranks each scope separately', () => {
    const scopes = rankByScope(
      [
        entry('a', 1, { scopeId: 't2' }),
        entry('b', 2, { scopeId: 't1' }),
        entry('c', 3, { scopeId: 't2' }),
      ],
      { method: 'competition' },
    );
    expect(scopes.map((s) => [s.scopeId, s.ranked.map((r) => [r.orgId, r.rank])])).toEqual([
      ['t1', [['b', 1]]],
      [
        't2',
        [
          ['c', 1],
          ['a', 2],
        ],
      ],
    ]);
  });
});

describe('classSizes (largest remainder)', () => {
  it.each([
    // n, expected, hand computation
    [23, [5, 11, 7]], // 4.6 / 11.5 / 6.9 → 4/11/6 + remainders .9 (3), .6 (1) → 5/11/7
    [10, [2, 5, 3]], // exact
    [5, [1, 3, 1]], // 1 / 2.5 / 1.5 → 1/2/1, one left, .5 tie between 2 and 3 → better class 2
    [1, [0, 1, 0]], // .2 / .5 / .3 → class 2 has the largest remainder
    [0, [0, 0, 0]],
    [557, [111, 279, 167]], // 111.4 / 278.5 / 167.1 → 111/278/167 = 556, one left → .5 (class 2)
  ])('%i organisations → %j', (n, expected) => {
    expect(classSizes(n, [20, 50, 30])).toEqual(expected);
  });

  it('handles shares with two decimals exactly', () => {
    // 12.5% / 87.5% of 8 = 1 / 7 exactly
    expect(classSizes(8, [12.5, 87.5])).toEqual([1, 7]);
  });

  it('rejects shares that do not add up to 100', () => {
    expect(() => parseClassScheme({ ...SCHEME, classes: SCHEME.classes.slice(0, 2) })).toThrow(
      'shares must add up to 100, not 70',
    );
  });
});

describe('assignClasses', () => {
  it('grows the last class when vetoed organisations outnumber it', () => {
    // 5 organisations, 3 vetoed: sizes 1/3/1 → last class must hold 3 → 1/1/3
    const ranked = rankScope(
      [
        entry('a', 90),
        entry('b', 80),
        entry('c', 99, { vetoed: true }),
        entry('d', 98, { vetoed: true }),
        entry('e', 97, { vetoed: true }),
      ],
      { method: 'competition' },
    );
    const classes = assignClasses(ranked, SCHEME, { a: 1000, c: 1000 });
    expect(classes.map((c) => [c.orgId, c.classNumber, c.rewardPercent, c.rewardAmount])).toEqual([
      ['a', 1, 100, 1000],
      ['b', 2, 50, null],
      ['c', 3, 0, 0],
      ['d', 3, 0, null],
      ['e', 3, 0, null],
    ]);
    expect(classes[2].explanation.zh).toContain('否决组织3个,末类相应扩大');
  });

  it('rejects a partial ranking', () => {
    const ranked = rankScope([entry('a', 2), entry('b', 1)], { method: 'competition' });
    expect(() => assignClasses(ranked.slice(1), SCHEME)).toThrow('complete ranking');
  });
});

describe('selectTopN', () => {
  const candidates = [
    { ...entry('a', 95), classNumber: 1 },
    { ...entry('b', 93), classNumber: 1 },
    { ...entry('c', 93), classNumber: 1 },
    { ...entry('d', 99), classNumber: 2 },
    { ...entry('e', 100, { vetoed: true }), classNumber: 3 },
  ];

  it('cuts by position and flags the tie', () => {
    // class 1 only: a 95, b 93, c 93; n = 2 → a, b (code b < c); c tied at the cut-off
    const result = selectTopN(candidates, {
      label: '十佳',
      n: 2,
      eligibleClasses: [1],
      onTieAtCutoff: 'by-position',
    });
    expect(result.selected).toEqual(['a', 'b']);
    expect(result.tieAtCutoff).toBe(true);
    expect(result.explanation.zh).toContain('与入选线同分者1个按组织代码未入选,请党委复核');
  });

  it('can include everyone tied at the cut-off', () => {
    const result = selectTopN(candidates, {
      label: '十佳',
      n: 2,
      eligibleClasses: [1],
      onTieAtCutoff: 'include-all',
    });
    expect(result.selected).toEqual(['a', 'b', 'c']);
    expect(result.tieAtCutoff).toBe(false);
  });

  it('never selects a vetoed organisation', () => {
    // without a class limit: d 99, a 95 (e 100 is vetoed)
    expect(
      selectTopN(candidates, { label: '十佳', n: 2, onTieAtCutoff: 'by-position' }).selected,
    ).toEqual(['d', 'a']);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** Three shares (integers) adding up to 100, each at least 0. */
const sharesArb = fc
  .tuple(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }))
  .map(([x, y]) => {
    const [lo, hi] = x <= y ? [x, y] : [y, x];
    return [lo, hi - lo, 100 - hi];
  });

const entriesArb = fc
  .array(fc.record({ score: fc.integer({ min: 50, max: 60 }), vetoed: fc.boolean() }), {
    maxLength: 60,
  })
  .map((list) =>
    list.map((e, i) => entry(`o${String(i).padStart(3, '0')}`, e.score, { vetoed: e.vetoed })),
  );

const schemeOf = (shares: number[]): ClassScheme => ({
  classes: shares.map((share, i) => ({
    label: `${i + 1}类`,
    sharePercent: share,
    rewardPercent: 100 - i * 40,
  })),
  vetoRewardPercent: 0,
});

describe('properties', () => {
  it('classes always partition the ranked set, in position order', () => {
    fc.assert(
      fc.property(entriesArb, sharesArb, (entries, shares) => {
        const ranked = rankScope(entries, { method: 'competition' });
        const classes = assignClasses(ranked, schemeOf(shares));
        expect(classes.map((c) => c.orgId).sort()).toEqual(entries.map((e) => e.orgId).sort());
        expect(new Set(classes.map((c) => c.orgId)).size).toBe(entries.length);
        const numbers = classes.map((c) => c.classNumber);
        expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
        for (const c of classes) {
          expect(c.classNumber).toBeGreaterThanOrEqual(1);
          expect(c.classNumber).toBeLessThanOrEqual(3);
        }
        // vetoed organisations are always in the last class
        ranked.forEach((r, i) => {
          if (r.vetoed === true) {
            expect(classes[i].classNumber).toBe(3);
          }
        });
      }),
    );
  });

  it('class shares stay within one organisation of the target', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2000 }), sharesArb, (n, shares) => {
        const sizes = classSizes(n, shares);
        expect(sizes.reduce((a, b) => a + b, 0)).toBe(n);
        sizes.forEach((size, i) => expect(Math.abs(size - (n * shares[i]) / 100)).toBeLessThan(1));
      }),
    );
    fc.assert(
      fc.property(
        entriesArb.map((list) => list.map((e) => ({ ...e, vetoed: false }))),
        sharesArb,
        (entries, shares) => {
          const classes = assignClasses(rankScope(entries, { method: 'dense' }), schemeOf(shares));
          shares.forEach((share, i) => {
            const size = classes.filter((c) => c.classNumber === i + 1).length;
            expect(Math.abs(size - (entries.length * share) / 100)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it('ranking does not depend on input order, and ranks follow their definitions', () => {
    fc.assert(
      fc.property(
        entriesArb,
        fc.constantFrom('competition' as const, 'dense' as const),
        (entries, method) => {
          const ranked = rankScope(entries, { method });
          expect(rankScope([...entries].reverse(), { method })).toEqual(ranked);
          const better = (a: RankingEntry, b: RankingEntry): boolean =>
            (a.vetoed !== true && b.vetoed === true) ||
            (a.vetoed === b.vetoed && a.score > b.score);
          for (const r of ranked) {
            const ahead = ranked.filter((o) => better(o, r));
            const expected =
              method === 'competition'
                ? ahead.length + 1
                : new Set(ahead.map((o) => `${o.vetoed}:${o.score}`)).size + 1;
            expect(r.rank).toBe(expected);
          }
        },
      ),
    );
  });
});
