/**
 * Worked examples from the seed documents, one block per county. Every expected number is
 * computed by hand from the rule (see the comments), never copied from the code's output.
 */
import { type CampaignOrganisation, evaluateCampaign } from './campaign-results.js';
import { findWeakAndLax } from './cross-round.rules.js';
import { findExplanation } from './explanation.js';
import type { Grade } from './grades.js';
import { type Ballot, type ShareThresholdRule, aggregateSubject } from './rating-aggregation.js';
import { type RankingEntry, classSizes, rankScope } from './ranking.js';
import { summariseRedBlackForOrg } from './red-black-records.js';
import { TOWNSHIP_PLAN_2017_RULES, applyResult } from './result-application.js';
import { renderResultsNotice } from './results-export.js';
import { type ScoringScheme, combineLinkedScores, scoreOrganisation } from './scoring.js';

const SHENQIU_CLASSES = {
  classes: [
    { label: '一类', sharePercent: 20, rewardPercent: 100 },
    { label: '二类', sharePercent: 50, rewardPercent: 50 },
    { label: '三类', sharePercent: 30, rewardPercent: 20 },
  ],
  vetoRewardPercent: 0,
};

describe('Shenqiu 双述双评 + 四制 (seed 002)', () => {
  /*
   * Township T1 (王庄镇) has 23 villages V01–V23. Classes by share 20% / 50% / 30%:
   *   quotas 23 × 0.2 = 4.6, 23 × 0.5 = 11.5, 23 × 0.3 = 6.9
   *   floors 4 + 11 + 6 = 21, two villages left over
   *   largest remainders: 0.9 (class 3), 0.6 (class 1), 0.5 (class 2) → class 3 and class 1 +1
   *   sizes 5 / 11 / 7  (each within one village of its quota)
   * V05 and V06 both score 90: competition ranking gives both rank 5 (four did better), V07 is
   * rank 7. Position 5 is the last of class 1; V05 (code V05 < V06) takes it, V06 is class 2;
   * both are flagged as a boundary tie.
   * Rewards of the 两委 members: class 1 100%, class 2 50%, class 3 20% of base pay.
   *   base 1200 yuan → 1200 / 600 / 240; V11 has base 1350 → 50% = 675.
   */
  const t1Scores: readonly [string, number][] = [
    ['V01', 96.5],
    ['V02', 95],
    ['V03', 93.25],
    ['V04', 91],
    ['V05', 90],
    ['V06', 90],
    ['V07', 88],
    ['V08', 87.5],
    ['V09', 86],
    ['V10', 85],
    ['V11', 84.5],
    ['V12', 83],
    ['V13', 82],
    ['V14', 80],
    ['V15', 79],
    ['V16', 78],
    ['V17', 76.5],
    ['V18', 75],
    ['V19', 74],
    ['V20', 72],
    ['V21', 70],
    ['V22', 66],
    ['V23', 61],
  ];
  /* Township T2 has 10 villages: quotas 2 / 5 / 3 are whole, so sizes 2 / 5 / 3. */
  const t2Scores: readonly [string, number][] = [
    ['W01', 97],
    ['W02', 92],
    ['W03', 89],
    ['W04', 88],
    ['W05', 85],
    ['W06', 80],
    ['W07', 77],
    ['W08', 75],
    ['W09', 70],
    ['W10', 65],
  ];
  const organisations: CampaignOrganisation[] = [
    ...t1Scores.map(([id]) => ({
      orgId: id,
      code: id,
      name: `${id}村`,
      scopeId: 'T1',
      scopeName: '王庄镇',
    })),
    ...t2Scores.map(([id]) => ({
      orgId: id,
      code: id,
      name: `${id}村`,
      scopeId: 'T2',
      scopeName: '槐店镇',
    })),
  ];
  // Input order reversed on purpose: the ranking must not depend on it.
  const scores = [...t1Scores, ...t2Scores]
    .reverse()
    .map(([orgId, score]) => ({ orgId, score, vetoed: false }));
  const basePay: Record<string, number> = Object.fromEntries(
    organisations.map((o) => [o.orgId, 1200]),
  );
  basePay.V11 = 1350;

  const { results, topN } = evaluateCampaign(
    { organisations, scores, basePay, ratings: [{ subjectId: 'V11', grade: '一般' }] },
    {
      rankWithin: 'scope',
      ranking: { method: 'competition' },
      classes: SHENQIU_CLASSES,
      // The county picks ten; this smaller example picks three from the class-1 villages.
      topN: { label: '十佳', n: 3, eligibleClasses: [1], onTieAtCutoff: 'by-position' },
      application: TOWNSHIP_PLAN_2017_RULES,
    },
  );
  const t1 = results.filter((r) => r.scopeId === 'T1');

  it('splits 23 villages 5 / 11 / 7', () => {
    expect(classSizes(23, [20, 50, 30])).toEqual([5, 11, 7]);
  });

  it.each([
    // [village, rank, position, class, reward %, reward yuan, boundary tie]
    ['V01', 1, 1, 1, 100, 1200, false],
    ['V04', 4, 4, 1, 100, 1200, false],
    ['V05', 5, 5, 1, 100, 1200, true],
    ['V06', 5, 6, 2, 50, 600, true],
    ['V07', 7, 7, 2, 50, 600, false],
    ['V11', 11, 11, 2, 50, 675, false],
    ['V16', 16, 16, 2, 50, 600, false],
    ['V17', 17, 17, 3, 20, 240, false],
    ['V23', 23, 23, 3, 20, 240, false],
  ] as const)(
    '%s: rank %i, position %i, class %i, reward %i%% = %i yuan',
    (id, rank, position, cls, pct, amount, tie) => {
      const row = t1.find((r) => r.orgId === id)!;
      expect(row).toMatchObject({
        rank,
        position,
        classNumber: cls,
        rewardPercent: pct,
        rewardAmount: amount,
        boundaryTie: tie,
      });
    },
  );

  it('keeps T1 in score order with class counts 5 / 11 / 7', () => {
    expect(t1.map((r) => r.orgId)).toEqual(t1Scores.map(([id]) => id));
    expect([1, 2, 3].map((c) => t1.filter((r) => r.classNumber === c).length)).toEqual([5, 11, 7]);
  });

  it('picks the top three of the county among class-1 villages', () => {
    /*
     * Class-1 pool: T1 V01 96.5, V02 95, V03 93.25, V04 91, V05 90; T2 W01 97, W02 92.
     * Best three by score: W01 97, V01 96.5, V02 95. V06 (90, class 2) is not eligible.
     */
    expect(topN?.selected).toEqual(['W01', 'V01', 'V02']);
    expect(topN?.tieAtCutoff).toBe(false);
    expect(results.filter((r) => r.topN).map((r) => r.orgId)).toEqual(['V01', 'V02', 'W01']);
  });

  it('explains why V11 is 一般 and ranked 11th', () => {
    const v11 = results.find((r) => r.orgId === 'V11')!;
    expect(v11.explanation.zh).toBe(
      'V11村:综合评价“一般”;得分84.5分,在王庄镇23个组织中排名第11;属二类,奖励比例50%;结果运用:约谈、限期整改(30天)。',
    );
    const rank = findExplanation(v11.explanation, 'ranking.rank')!;
    expect(rank.computed).toMatchObject({ rank: 11, position: 11, strictlyAhead: 10 });
    const cls = findExplanation(v11.explanation, 'ranking.class')!;
    expect(cls.computed).toMatchObject({
      quotas: [4.6, 11.5, 6.9],
      sizes: [5, 11, 7],
      classNumber: 2,
    });
    expect(v11.consequences.map((c) => c.kind)).toEqual(['talk-and-rectification']);
  });

  it('scores a village: weighted targets, uncapped bonus, red/black records, constraint items', () => {
    /*
     * Targets (weights 40 / 30 / 30): 党建 90% → 36, 集体经济 100% → 30, 民生实事 80% → 24 = 90
     * Bonus 招商引资 2 points × 7 projects = +14 (no cap, so the score may pass 100)
     * Red/black 2019: Jan red 1 → +1; Feb black 0.5 → −0.5; Mar red 2, black 1 → +1;
     *   a 2018 record is ignored; year total 1 − 0.5 + 1 = +1.5
     * Penalty 两违治理 0.5 × 2 criticisms = −1
     * Constraint 信访稳定 3 × 1 case = −3 (veto only at 3 cases)
     * Score 90 + 14 + 1.5 − 1 − 3 = 101.5, not vetoed
     */
    const scheme: ScoringScheme = {
      id: 'shenqiu-2019',
      targets: [
        { id: 'party', name: '党建', weight: 40 },
        { id: 'economy', name: '集体经济', weight: 30 },
        { id: 'livelihood', name: '民生实事', weight: 30 },
      ],
      bonuses: [{ id: 'investment', name: '招商引资', pointsPerUnit: 2 }],
      penalties: [{ id: 'illegal-building', name: '两违治理', pointsPerUnit: 0.5 }],
      constraints: [{ id: 'petitions', name: '信访稳定', pointsPerUnit: 3, vetoAtUnits: 3 }],
    };
    const redBlack = summariseRedBlackForOrg(
      'V01',
      [
        { orgId: 'V01', month: '2019-01', kind: 'red', points: 1, item: '清洁家园' },
        { orgId: 'V01', month: '2019-02', kind: 'black', points: 0.5, item: '秸秆禁烧' },
        { orgId: 'V01', month: '2019-03', kind: 'red', points: 2 },
        { orgId: 'V01', month: '2019-03', kind: 'black', points: 1 },
        { orgId: 'V01', month: '2018-12', kind: 'red', points: 5 },
        { orgId: 'V02', month: '2019-01', kind: 'red', points: 9 },
      ],
      2019,
    );
    expect(redBlack.months.map((m) => m.net)).toEqual([1, -0.5, 1]);
    expect(redBlack.total).toBe(1.5);
    const result = scoreOrganisation(scheme, {
      orgId: 'V01',
      targets: { party: 90, economy: 100, livelihood: 80 },
      bonuses: { investment: 7 },
      penalties: { 'illegal-building': 2 },
      constraints: { petitions: { units: 1 } },
      redBlack,
    });
    expect(result.breakdown).toMatchObject({
      targetPoints: 90,
      bonusPoints: 14,
      redBlackPoints: 1.5,
      penaltyPoints: -1,
      constraintPoints: -3,
    });
    expect(result.score).toBe(101.5);
    expect(result.vetoed).toBe(false);
  });

  it('adds the city and county parts of a county-level cadre', () => {
    // 周口市考核 46.5 + 沈丘县考核 45.75 = 92.25
    const linked = combineLinkedScores('cadre-1', [
      { body: 'city', label: '周口市考核评定', score: 46.5 },
      { body: 'county', label: '沈丘县考核评定', score: 45.75 },
    ]);
    expect(linked.score).toBe(92.25);
    expect(linked.explanation.zh).toBe('综合得分=周口市考核评定46.5+沈丘县考核评定45.75=92.25分。');
  });
});

describe('Xinye 四个双向: bottom three three times in a row (seed 000)', () => {
  /*
   * Eight villages A–H, quarterly scores. Competition ranks; "bottom three" = rank > 8 − 3 = 5.
   *   Q1: H90 G85 F80 E75 D70 C64 B62 A60         → C6 B7 A8           bottom C, B, A
   *   Q2: H88 G86 F81 E74 B68 C63 D62 A61         → C6 D7 A8           bottom C, D, A
   *   Q3: H91 G84 F79 E73 B70 C65 D64 A59         → C6 D7 A8           bottom C, D, A
   *   Q4: H90 G83 F78 A72 C67 E67 B64 D63         → C5 E5 B7 D8        bottom B, D
   *       (C and E tie at rank 5: at most 5 did better, so neither is "bottom")
   * Streaks: A Q1–Q3 → listed at Q3; C Q1–Q3 → listed at Q3 (Q4 breaks it, no second listing);
   *          D Q2–Q4 → listed at Q4; B Q1, Q2 then Q4 → never three in a row.
   */
  const quarters: Record<string, Record<string, number>> = {
    '2019-Q1': { A: 60, B: 62, C: 64, D: 70, E: 75, F: 80, G: 85, H: 90 },
    '2019-Q2': { A: 61, B: 68, C: 63, D: 62, E: 74, F: 81, G: 86, H: 88 },
    '2019-Q3': { A: 59, B: 70, C: 65, D: 64, E: 73, F: 79, G: 84, H: 91 },
    '2019-Q4': { A: 72, B: 64, C: 67, D: 63, E: 67, F: 78, G: 83, H: 90 },
  };
  const rounds = Object.entries(quarters).map(([roundId, scores], i) => ({
    roundId,
    sequence: i + 1,
    scopeId: 'wangzhuang',
    ranked: rankScope(
      Object.entries(scores).map(([id, score]): RankingEntry => ({
        orgId: id,
        code: id,
        name: `${id}村`,
        scopeId: 'wangzhuang',
        score,
      })),
      { method: 'competition' },
    ),
  }));

  it.each([
    ['2019-Q1', { C: 6, B: 7, A: 8 }],
    ['2019-Q2', { C: 6, D: 7, A: 8 }],
    ['2019-Q3', { C: 6, D: 7, A: 8 }],
    ['2019-Q4', { C: 5, E: 5, B: 7, D: 8 }],
  ])('%s ranks the bottom villages by hand', (roundId, expected) => {
    const round = rounds.find((r) => r.roundId === roundId)!;
    for (const [id, rank] of Object.entries(expected)) {
      expect(round.ranked.find((e) => e.orgId === id)?.rank).toBe(rank);
    }
  });

  it('lists A and C after Q3 and D after Q4 as weak and lax', () => {
    const listings = findWeakAndLax(rounds, { bottomN: 3, consecutiveRounds: 3 });
    expect(listings.map((l) => [l.orgId, l.roundIds])).toEqual([
      ['A', ['2019-Q1', '2019-Q2', '2019-Q3']],
      ['C', ['2019-Q1', '2019-Q2', '2019-Q3']],
      ['D', ['2019-Q2', '2019-Q3', '2019-Q4']],
    ]);
    for (const listing of listings) {
      expect(listing.kind).toBe('weak-and-lax-listing');
      expect(listing.opens).toEqual(['rectification']);
    }
    expect(listings[2].explanation.zh).toBe(
      'D村连续3次排在后3名(2019-Q2第7名/共8个、2019-Q3第7名/共8个、2019-Q4第8名/共8个;名次大于“总数−3”计入后3名,与前一名并列者不计),列入软弱涣散村党组织,进行集中整顿。',
    );
  });

  it('does not list anyone with only three quarters missing a middle one', () => {
    // Without Q2, Q1 and Q3 are not consecutive: A and C have streaks of 1, 1 → no listing.
    const gap = rounds.filter((r) => r.roundId !== '2019-Q2');
    expect(findWeakAndLax(gap, { bottomN: 3, consecutiveRounds: 3 })).toEqual([]);
  });
});

describe('Township plan 2017: grade → consequence (seed 003)', () => {
  /*
   * Panel of 25 (副科级以上领导干部、党员代表), minimum turnout 80%.
   * Rule, best grade first: 好 when 好 ≥ 60% and 差 ≤ 10%; 较好 when 较好-or-better ≥ 70%;
   * 一般 when 一般-or-better ≥ 50%; else 差. Shares over valid ballots only.
   * Each secretary: 24 returned (1 missing, turnout 96%), 1 abstention → 23 valid.
   *   S1: 好15 较好6 一般1 差1: 好 15/23 = 65.22% ≥ 60, 差 1/23 = 4.35% ≤ 10 → 好
   *   S2: 好10 较好9 一般3 差1: 好 43.48% ✗; 较好+ 19/23 = 82.61% ≥ 70 → 较好
   *   S3: 好4 较好8 一般8 差3: 好 17.39% ✗; 较好+ 12/23 = 52.17% ✗; 一般+ 20/23 = 86.96% → 一般
   *   S4: 好2 较好3 一般5 差13: 好 ✗; 较好+ 5/23 ✗; 一般+ 10/23 = 43.48% < 50 → 差
   * Application: 好 → eligible for 优秀; 较好 → nothing; 一般/差 → talk + rectification in 30
   * days; 差 with a severe finding → also accountability (and 好 with one loses 优秀).
   */
  const rule: ShareThresholdRule = {
    kind: 'share-thresholds',
    minTurnoutPercent: 80,
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
  const ballotsOf = (subjectId: string, counts: Record<Grade, number>): Ballot[] => {
    const ballots: Ballot[] = [];
    let rater = 0;
    for (const [grade, count] of Object.entries(counts) as [Grade, number][]) {
      for (let i = 0; i < count; i += 1) {
        rater += 1;
        ballots.push({
          subjectId,
          direction: 'subordinate-reports',
          dimension: 'overall',
          group: 'panel',
          raterId: `r${rater}`,
          grade,
        });
      }
    }
    ballots.push({
      subjectId,
      direction: 'subordinate-reports',
      dimension: 'overall',
      group: 'panel',
      raterId: 'r-abstain',
      grade: null,
    });
    return ballots;
  };

  it.each([
    ['S1', { 好: 15, 较好: 6, 一般: 1, 差: 1 }, '好', 65.22, ['eligible-for-excellent']],
    ['S2', { 好: 10, 较好: 9, 一般: 3, 差: 1 }, '较好', 43.48, []],
    ['S3', { 好: 4, 较好: 8, 一般: 8, 差: 3 }, '一般', 17.39, ['talk-and-rectification']],
    ['S4', { 好: 2, 较好: 3, 一般: 5, 差: 13 }, '差', 8.7, ['talk-and-rectification']],
  ] as const)('%s is rated %s', (subjectId, counts, grade, goodShare, consequences) => {
    const result = aggregateSubject(
      { subjectId, direction: 'subordinate-reports', dimension: 'overall' },
      ballotsOf(subjectId, counts),
      rule,
      { panel: 25 },
    );
    expect(result.status).toBe('graded');
    expect(result.total).toMatchObject({
      eligible: 25,
      cast: 24,
      abstentions: 1,
      valid: 23,
      missing: 1,
    });
    expect(result.turnoutPercent).toBe(96);
    expect(result.grade).toBe(grade);
    expect(result.sharesPercent?.好).toBe(goodShare);
    const outcome = applyResult(
      { orgId: subjectId, grade: result.grade },
      TOWNSHIP_PLAN_2017_RULES,
    );
    expect(outcome.consequences.map((c) => c.kind)).toEqual(consequences);
  });

  it.each([
    // [grade, findings, expected consequence kinds]
    ['好', undefined, ['eligible-for-excellent']],
    ['较好', undefined, []],
    ['一般', undefined, ['talk-and-rectification']],
    ['差', undefined, ['talk-and-rectification']],
    ['较好', { neglect: ['思想上不重视、工作上不研究'] }, ['talk-and-rectification']],
    [
      '差',
      { severe: { reason: '造成不良影响', sanction: 'circulated-criticism' } },
      ['talk-and-rectification', 'accountability'],
    ],
    ['好', { severe: { reason: '发生违纪问题' } }, ['accountability']],
    [null, undefined, []],
  ] as const)('grade %s with findings %j → %j', (grade, findings, kinds) => {
    const outcome = applyResult(
      { orgId: 'S', name: '某村', grade, findings },
      TOWNSHIP_PLAN_2017_RULES,
    );
    expect(outcome.consequences.map((c) => c.kind)).toEqual(kinds);
    for (const consequence of outcome.consequences) {
      expect(consequence.explanation.zh.length).toBeGreaterThan(0);
    }
  });

  it('gives the talk a 30-day deadline and opens talk and rectification', () => {
    const [talk] = applyResult(
      { orgId: 'S3', name: '三村', grade: '一般' },
      TOWNSHIP_PLAN_2017_RULES,
    ).consequences;
    expect(talk).toMatchObject({
      kind: 'talk-and-rectification',
      deadlineDays: 30,
      opens: ['talk', 'rectification'],
    });
    expect(talk.explanation.zh).toBe(
      '三村综合评价为“一般”,由党委约谈,并限期30天整改(列出问题清单、责任清单、整改清单)。',
    );
  });
});

describe('one-vote veto overrides a top score', () => {
  /*
   * Five villages. 东村 completes every target (40 + 30 + 30 = 100), earns bonus 招商引资
   * 2 × 1.5 = +3, and has one 安全生产 incident (−5) that the committee vetoes: 100 + 3 − 5 = 98,
   * the best score, but vetoed.
   * Ranking: vetoed villages come after all others → 西村 90 (1), 南村 85 (2), 北村 80 (3),
   *   中村 75 (4), 东村 98 (rank 5: four did better under the veto rule).
   * Classes 20/50/30 of 5: quotas 1, 2.5, 1.5 → floors 1, 2, 1 = 4; one left; remainders
   *   0, 0.5, 0.5 tie → the better class (class 2) → sizes 1 / 3 / 1. 东村 is class 3 and gets
   *   the veto reward 0% instead of 20%. Its 好 rating does not make it eligible for 优秀, and it
   *   cannot be in the top-N.
   */
  const scheme: ScoringScheme = {
    id: 'veto-example',
    targets: [
      { id: 'party', name: '党建', weight: 40 },
      { id: 'economy', name: '集体经济', weight: 30 },
      { id: 'livelihood', name: '民生实事', weight: 30 },
    ],
    bonuses: [{ id: 'investment', name: '招商引资', pointsPerUnit: 1.5 }],
    penalties: [],
    constraints: [{ id: 'safety', name: '安全生产', pointsPerUnit: 5 }],
  };
  const dong = scoreOrganisation(scheme, {
    orgId: 'dong',
    targets: { party: 100, economy: 100, livelihood: 100 },
    bonuses: { investment: 2 },
    constraints: { safety: { units: 1, veto: true, reason: '发生较大安全生产事故' } },
  });
  const organisations: CampaignOrganisation[] = [
    { orgId: 'dong', code: '001', name: '东村', scopeId: 'T1' },
    { orgId: 'xi', code: '002', name: '西村', scopeId: 'T1' },
    { orgId: 'nan', code: '003', name: '南村', scopeId: 'T1' },
    { orgId: 'bei', code: '004', name: '北村', scopeId: 'T1' },
    { orgId: 'zhong', code: '005', name: '中村', scopeId: 'T1' },
  ];
  const others = { xi: 90, nan: 85, bei: 80, zhong: 75 };
  const { results, topN } = evaluateCampaign(
    {
      organisations,
      scores: [
        dong,
        ...Object.entries(others).map(([orgId, score]) => ({ orgId, score, vetoed: false })),
      ],
      ratings: [
        { subjectId: 'dong', grade: '好' },
        { subjectId: 'xi', grade: '好' },
      ],
    },
    {
      rankWithin: 'scope',
      ranking: { method: 'competition' },
      classes: SHENQIU_CLASSES,
      topN: { label: '十佳', n: 1, onTieAtCutoff: 'by-position' },
      application: TOWNSHIP_PLAN_2017_RULES,
    },
  );

  it('scores 98 but vetoes', () => {
    expect(dong.score).toBe(98);
    expect(dong.vetoed).toBe(true);
    expect(dong.vetoes).toEqual([
      { itemId: 'safety', itemName: '安全生产', reason: '发生较大安全生产事故' },
    ]);
  });

  it.each([
    // [id, rank, class, reward %, top-N, consequences]
    ['xi', 1, 1, 100, true, ['eligible-for-excellent']],
    ['nan', 2, 2, 50, false, []],
    ['bei', 3, 2, 50, false, []],
    ['zhong', 4, 2, 50, false, []],
    ['dong', 5, 3, 0, false, []],
  ] as const)('%s: rank %i, class %i, reward %i%%', (id, rank, cls, reward, top, kinds) => {
    const row = results.find((r) => r.orgId === id)!;
    expect(row).toMatchObject({ rank, classNumber: cls, rewardPercent: reward, topN: top });
    expect(row.consequences.map((c) => c.kind)).toEqual(kinds);
  });

  it('says why 东村 lost 优秀 despite its score and grade', () => {
    const row = results.find((r) => r.orgId === 'dong')!;
    expect(topN?.selected).toEqual(['xi']);
    expect(findExplanation(row.explanation, 'scoring.veto')?.computed).toEqual({
      vetoed: true,
      score: 98,
    });
    expect(findExplanation(row.explanation, 'application.outcome')?.zh).toBe(
      '东村:虽综合评价为“好”,但被一票否决,不得评为优秀;无需约谈、整改或问责。',
    );
    expect(findExplanation(row.explanation, 'ranking.reward')?.zh).toBe(
      '被一票否决,奖励按原工作报酬的0%计。',
    );
  });

  it('publishes the notice with the veto named', () => {
    const notice = renderResultsNotice(results, {
      subject: '2019年度村党组织书记抓基层党建工作述职评议考核结果',
      organiser: '中共王庄镇委员会',
      issuedOn: '2019-12-24',
      periodStart: '2019-12-25',
      periodEnd: '2019-12-31',
      contact: '联系电话:0377-1234567',
      basis: '县委组织部有关通知',
    });
    expect(notice).toBe(
      [
        '关于2019年度村党组织书记抓基层党建工作述职评议考核结果的公示',
        '',
        '根据县委组织部有关通知,经述职、点评、测评和综合考评,现将2019年度村党组织书记抓基层党建工作述职评议考核结果予以公示:',
        '一、一类(1个):西村。',
        '二、二类(3个):南村、北村、中村。',
        '三、三类(1个):东村(一票否决)。',
        '公示时间:2019年12月25日至2019年12月31日。公示期间,如有异议,请以书面、电话或来访等方式向中共王庄镇委员会反映(联系电话:0377-1234567)。',
        '',
        '中共王庄镇委员会',
        '2019年12月24日',
      ].join('\n'),
    );
  });
});
