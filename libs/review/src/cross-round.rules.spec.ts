import fc from 'fast-check';
import {
  type PairingRecord,
  type RoundEntry,
  type RoundRanking,
  findWeakAndLax,
  isInBottom,
  screenLagging,
} from './cross-round.rules.js';
import { rankScope } from './ranking.js';

/** A ranking of `ids` in this order, every organisation with its own rank. */
function strictRanking(ids: readonly string[]): RoundEntry[] {
  return ids.map((orgId, i) => ({
    orgId,
    name: `${orgId}村`,
    rank: i + 1,
    position: i + 1,
    scopeSize: ids.length,
  }));
}

function round(sequence: number, ids: readonly string[], scopeId = 't'): RoundRanking {
  return { roundId: `R${sequence}`, sequence, scopeId, ranked: strictRanking(ids) };
}

describe('isInBottom', () => {
  it.each([
    // rank, size, n, expected: bottom 3 of 8 means rank 6, 7 or 8
    [6, 8, 3, true],
    [5, 8, 3, false],
    [1, 2, 3, true],
    [1, 5, 0, false],
  ])('rank %i of %i in bottom %i: %s', (rank, scopeSize, n, expected) => {
    expect(isInBottom({ rank, scopeSize }, n)).toBe(expected);
  });
});

describe('findWeakAndLax', () => {
  const rule = { bottomN: 2, consecutiveRounds: 3 };

  it('lists once per streak, and again after a break', () => {
    // x is bottom-2 in rounds 1–4, not in 5, then 6–8: listed at 3 and at 8.
    const bottom = ['a', 'b', 'c', 'x', 'y'];
    const top = ['x', 'a', 'b', 'c', 'y'];
    const rounds = [1, 2, 3, 4, 5, 6, 7, 8].map((s) => round(s, s === 5 ? top : bottom));
    const listings = findWeakAndLax(rounds, rule).filter((l) => l.orgId === 'x');
    expect(listings.map((l) => l.roundIds)).toEqual([
      ['R1', 'R2', 'R3'],
      ['R6', 'R7', 'R8'],
    ]);
  });

  it('breaks the streak when the organisation is absent from a round', () => {
    const rounds = [
      round(1, ['a', 'b', 'x']),
      round(2, ['a', 'b']),
      round(3, ['a', 'b', 'x']),
      round(4, ['a', 'x', 'b']),
    ];
    expect(findWeakAndLax(rounds, rule).map((l) => l.orgId)).not.toContain('x');
  });

  it('keeps scopes apart and accepts rounds in any order', () => {
    const rounds = [
      round(3, ['a', 'x'], 't2'),
      round(1, ['a', 'x'], 't2'),
      round(2, ['a', 'x'], 't2'),
      round(1, ['x', 'a'], 't1'),
    ];
    const listings = findWeakAndLax(rounds, { bottomN: 1, consecutiveRounds: 3 });
    expect(listings.map((l) => [l.scopeId, l.orgId, l.roundIds])).toEqual([
      ['t2', 'x', ['R1', 'R2', 'R3']],
    ]);
  });

  it('rejects two rounds with the same number in a scope', () => {
    expect(() => findWeakAndLax([round(1, ['a']), round(1, ['a'])], rule)).toThrow(
      'share sequence 1',
    );
  });

  it('lists nobody when everyone ties', () => {
    const tied = rankScope(
      ['a', 'b', 'c', 'd'].map((id) => ({
        orgId: id,
        code: id,
        name: id,
        scopeId: 't',
        score: 70,
      })),
      { method: 'competition' },
    );
    const rounds = [1, 2, 3].map((sequence) => ({
      roundId: `R${sequence}`,
      sequence,
      scopeId: 't',
      ranked: tied,
    }));
    expect(findWeakAndLax(rounds, { bottomN: 3, consecutiveRounds: 3 })).toEqual([]);
  });

  it('a listing always rests on K consecutive bottom rounds (property)', () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'];
    fc.assert(
      fc.property(
        fc.array(fc.shuffledSubarray(ids, { minLength: 6, maxLength: 6 }), { maxLength: 10 }),
        (orders) => {
          const rounds = orders.map((order, i) => round(i + 1, order));
          for (const listing of findWeakAndLax(rounds, { bottomN: 3, consecutiveRounds: 3 })) {
            const seqs = listing.roundIds.map((id) => Number(id.slice(1)));
            expect(seqs).toEqual([seqs[0], seqs[0] + 1, seqs[0] + 2]);
            for (const seq of seqs) {
              const entry = rounds[seq - 1].ranked.find((e) => e.orgId === listing.orgId)!;
              expect(entry.rank).toBeGreaterThan(3);
            }
          }
        },
      ),
    );
  });
});

describe('screenLagging (Shenqiu 5% lagging villages)', () => {
  /*
   * 40 villages v01 (best) … v40 (worst); 5% of 40 = 2 → v39 and v40 are screened in 2019.
   * Departments in turn, worst first: v40 → 县交通局, v39 → 县水利局.
   */
  const ids = Array.from({ length: 40 }, (_, i) => `v${String(i + 1).padStart(2, '0')}`);
  const departments = ['县交通局', '县水利局', '县农业局'];
  const y2019 = screenLagging(
    { year: 2019, ranked: strictRanking(ids), previous: [], clearedOrgIds: [], departments },
    { sharePercent: 5 },
  );

  it('pairs the bottom 5% with departments in turn', () => {
    expect(y2019.pairings).toEqual([
      { orgId: 'v39', departmentId: '县水利局', sinceYear: 2019, clearedYear: null },
      { orgId: 'v40', departmentId: '县交通局', sinceYear: 2019, clearedYear: null },
    ]);
    expect(y2019.consequences.map((c) => [c.kind, c.orgId, c.opens])).toEqual([
      ['lagging-pairing', 'v40', ['pairing', 'rectification']],
      ['lagging-pairing', 'v39', ['pairing', 'rectification']],
    ]);
    expect(y2019.explanation.zh).toBe(
      '2019年后进村排查:40个组织按5%向上取整为2个;新列入2个,继续帮包0个,销号0个。',
    );
  });

  it('keeps a pairing until the village is cleared, even off the bottom', () => {
    /*
     * 2020: 41 villages (v41 is new). Order: v01–v09, v39 (10th), v10–v37, v38, v40, v41.
     * ⌈41 × 5%⌉ = ⌈2.05⌉ = 3 → bottom three v38 (39th), v40 (40th), v41 (41st).
     * 1. v40 was verified fixed → cleared (销号).
     * 2. New pairings, worst first: v41 has an explicit 县教育局 (no turn used); v40 is at the
     *    bottom again after clearing → new pairing, 县交通局 (turn 1); v38 → 县水利局 (turn 2).
     * 3. v39 is 10th, no longer at the bottom, but not cleared → continues with 县水利局.
     */
    const order2020 = [...ids.slice(0, 9), 'v39', ...ids.slice(9, 37), 'v38', 'v40', 'v41'];
    const y2020 = screenLagging(
      {
        year: 2020,
        ranked: strictRanking(order2020),
        previous: y2019.pairings,
        clearedOrgIds: ['v40'],
        departments,
        assignments: { v41: '县教育局' },
      },
      { sharePercent: 5 },
    );
    expect(
      y2020.consequences.map((c) => [
        c.kind,
        c.orgId,
        'status' in c ? c.status : null,
        c.departmentId,
      ]),
    ).toEqual([
      ['lagging-cleared', 'v40', null, '县交通局'],
      ['lagging-pairing', 'v41', 'new', '县教育局'],
      ['lagging-pairing', 'v40', 'new', '县交通局'],
      ['lagging-pairing', 'v38', 'new', '县水利局'],
      ['lagging-pairing', 'v39', 'continuing', '县水利局'],
    ]);
    const records: PairingRecord[] = [...y2020.pairings];
    expect(records).toEqual([
      { orgId: 'v38', departmentId: '县水利局', sinceYear: 2020, clearedYear: null },
      { orgId: 'v39', departmentId: '县水利局', sinceYear: 2019, clearedYear: null },
      { orgId: 'v40', departmentId: '县交通局', sinceYear: 2019, clearedYear: 2020 },
      { orgId: 'v40', departmentId: '县交通局', sinceYear: 2020, clearedYear: null },
      { orgId: 'v41', departmentId: '县教育局', sinceYear: 2020, clearedYear: null },
    ]);
    const continuing = y2020.consequences.find((c) => c.orgId === 'v39')!;
    expect(continuing.opens).toEqual([]);
    expect(continuing.explanation.zh).toBe(
      'v39村自2019年列为后进村,尚未验收销号,继续由县水利局结对帮包。',
    );
  });

  it('rejects clearing a village that is not paired', () => {
    expect(() =>
      screenLagging(
        {
          year: 2020,
          ranked: strictRanking(ids),
          previous: [],
          clearedOrgIds: ['v01'],
          departments,
        },
        { sharePercent: 5 },
      ),
    ).toThrow('no open pairing');
  });
});
