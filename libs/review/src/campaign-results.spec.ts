import {
  type CampaignOrganisation,
  type CampaignRules,
  evaluateCampaign,
} from './campaign-results.js';
import { explanationLines } from './explanation.js';
import { summariseRedBlackForOrg } from './red-black-records.js';
import { TOWNSHIP_PLAN_2017_RULES } from './result-application.js';
import { scoreOrganisation } from './scoring.js';

const ORGS: CampaignOrganisation[] = [
  { orgId: 'a', code: '003', name: '甲村', scopeId: 't2', scopeName: '乙镇' },
  { orgId: 'b', code: '002', name: '乙村', scopeId: 't1', scopeName: '甲镇' },
  { orgId: 'c', code: '001', name: '丙村', scopeId: 't1', scopeName: '甲镇' },
];

const RULES: CampaignRules = {
  rankWithin: 'all',
  ranking: { method: 'competition' },
  application: TOWNSHIP_PLAN_2017_RULES,
};

describe('evaluateCampaign', () => {
  it('ranks across all organisations when asked', () => {
    const { results } = evaluateCampaign(
      {
        organisations: ORGS,
        scores: [
          { orgId: 'a', score: 80, vetoed: false },
          { orgId: 'b', score: 90, vetoed: false },
          { orgId: 'c', score: 85, vetoed: false },
        ],
      },
      RULES,
    );
    expect(results.map((r) => [r.orgId, r.rank, r.rankedAmong, r.classNumber])).toEqual([
      ['b', 1, 3, null],
      ['c', 2, 3, null],
      ['a', 3, 3, null],
    ]);
    expect(results[0].explanation.zh).toBe('乙村:得分90分,在全部3个组织中排名第1;无其他结果运用。');
  });

  it('works from ratings alone (no scores, no ranking)', () => {
    const { results, topN } = evaluateCampaign(
      {
        organisations: ORGS,
        ratings: [
          { subjectId: 'a', grade: '一般' },
          { subjectId: 'c', grade: '好' },
        ],
      },
      { ...RULES, topN: { label: '十佳', n: 1, onTieAtCutoff: 'by-position' } },
    );
    expect(topN).toBeNull();
    // unranked results are ordered by code: c 001, b 002, a 003
    expect(
      results.map((r) => [r.orgId, r.rank, r.grade, r.consequences.map((c) => c.kind)]),
    ).toEqual([
      ['c', null, '好', ['eligible-for-excellent']],
      ['b', null, null, []],
      ['a', null, '一般', ['talk-and-rectification']],
    ]);
  });

  it('nests every underlying explanation', () => {
    const { results } = evaluateCampaign(
      {
        organisations: ORGS,
        scores: ORGS.map((o, i) => ({ orgId: o.orgId, score: 70 + i, vetoed: false })),
        ratings: [{ subjectId: 'a', grade: '差' }],
      },
      {
        ...RULES,
        rankWithin: 'scope',
        classes: {
          classes: [
            { label: '一类', sharePercent: 50, rewardPercent: 100 },
            { label: '二类', sharePercent: 50, rewardPercent: 50 },
          ],
          vetoRewardPercent: 0,
        },
      },
    );
    const a = results.find((r) => r.orgId === 'a')!;
    expect(explanationLines(a.explanation, 'zh').map((l) => [l.depth, l.ruleId])).toEqual([
      [0, 'campaign.result'],
      [1, 'ranking.rank'],
      [1, 'ranking.class'],
      [1, 'ranking.reward'],
      [1, 'application.outcome'],
      [2, 'application.talk-rectification'],
    ]);
  });

  it.each([
    ['a duplicate organisation', { organisations: [...ORGS, ORGS[0]] }, 'given twice'],
    [
      'a score for a stranger',
      { organisations: ORGS, scores: [{ orgId: 'z', score: 1, vetoed: false }] },
      'not an organisation',
    ],
    [
      'a missing score',
      { organisations: ORGS, scores: [{ orgId: 'a', score: 1, vetoed: false }] },
      'no score for',
    ],
  ])('rejects %s', (_name, input, message) => {
    expect(() => evaluateCampaign(input, RULES)).toThrow(message);
  });
});

describe('serialisation', () => {
  it('results, consequences and explanations survive a JSON round trip unchanged', () => {
    const scheme = {
      id: 's',
      targets: [{ id: 't', name: '目标', weight: 100 }],
      bonuses: [{ id: 'b', name: '加分', pointsPerUnit: 1 }],
      penalties: [{ id: 'p', name: '扣分', pointsPerUnit: 1 }],
      constraints: [{ id: 'c', name: '安全生产', pointsPerUnit: 2, vetoAtUnits: 1 }],
    };
    const scores = [
      scoreOrganisation(scheme, {
        orgId: 'a',
        targets: { t: 90 },
        bonuses: { b: 1 },
        redBlack: summariseRedBlackForOrg(
          'a',
          [{ orgId: 'a', month: '2019-01', kind: 'black', points: 1 }],
          2019,
        ),
      }),
      scoreOrganisation(scheme, {
        orgId: 'b',
        targets: { t: 100 },
        constraints: { c: { units: 1 } },
      }),
      scoreOrganisation(scheme, { orgId: 'c', targets: { t: 80 }, penalties: { p: 1 } }),
    ];
    const campaign = evaluateCampaign(
      {
        organisations: ORGS,
        scores,
        ratings: [
          { subjectId: 'a', grade: '好' },
          { subjectId: 'b', grade: '差' },
        ],
        findings: { b: { severe: { reason: '事故', sanction: 'admonishment' } } },
      },
      {
        ...RULES,
        classes: {
          classes: [
            { label: '一类', sharePercent: 34, rewardPercent: 100 },
            { label: '二类', sharePercent: 66, rewardPercent: 50 },
          ],
          vetoRewardPercent: 0,
        },
        topN: { label: '十佳', n: 1, onTieAtCutoff: 'include-all' },
      },
    );
    expect(JSON.parse(JSON.stringify(campaign))).toStrictEqual(campaign);
  });
});
