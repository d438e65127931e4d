import { TOWNSHIP_PLAN_2017_RULES, type CampaignRules } from '@shuping/review';
import { evaluate, type FactsRow } from './supervision-results.service.js';

const rules: CampaignRules = {
  rankWithin: 'scope',
  ranking: { method: 'competition' },
  classes: {
    classes: [
      { label: '一类村', sharePercent: 20, rewardPercent: 100 },
      { label: '二类村', sharePercent: 50, rewardPercent: 50 },
      { label: '三类村', sharePercent: 30, rewardPercent: 20 },
    ],
    vetoRewardPercent: 0,
  },
  application: TOWNSHIP_PLAN_2017_RULES,
};

const row = (
  code: string,
  township: 'A' | 'B',
  score: number | null,
  grade: string | null,
  vetoed = false,
): FactsRow => ({
  instance_id: `i-${code}`,
  org_id: `o-${code}`,
  code,
  name: `村${code}`,
  scope_id: `t-${township}`,
  scope_name: `${township}镇`,
  // B's id sorts before A's, its code after: townships come in code order.
  scope_code: township === 'A' ? 'T1' : 'T2',
  township_id: `t-${township}`,
  grade,
  score: score === null ? null : String(score),
  vetoed,
});

describe('evaluate (results of a campaign from its facts)', () => {
  it('ranks within townships in code order, classes by share, unscored last', () => {
    const results = evaluate(
      [
        row('A3', 'A', 70, '一般'),
        row('B1', 'B', 90, '好'),
        row('A1', 'A', 95, '好'),
        row('A2', 'A', 80, '较好'),
        row('A4', 'A', null, '差'),
        row('B2', 'B', 99, '好', true),
      ],
      rules,
      true,
    );
    expect(results.map((r) => [r.code, r.rank, r.classLabel, r.grade])).toEqual([
      ['A1', 1, '一类村', '好'],
      ['A2', 2, '二类村', '较好'],
      ['A3', 3, '三类村', '一般'],
      ['B1', 1, '二类村', '好'],
      // Vetoed: ranked after every organisation that was not, in the last class.
      ['B2', 2, '三类村', '好'],
      ['A4', null, null, '差'],
    ]);
    expect(results[2].consequences.map((c) => c.kind)).toEqual(['talk-and-rectification']);
    expect(results[0].explanation.zh).toContain('排名第1');
    expect(results[5].explanation.zh).toContain('综合评价“差”');
  });

  it('leaves grades out of a process without ratings', () => {
    const [only] = evaluate([row('A1', 'A', 88, null)], rules, false);
    expect(only.explanation.zh).not.toContain('等次');
    expect(only.rank).toBe(1);
  });

  it('evaluates nothing to nothing', () => {
    expect(evaluate([], rules, true)).toEqual([]);
  });
});
