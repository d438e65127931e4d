import { explain, explanationLines, findExplanation, renderExplanation } from './explanation.js';

const leaf = explain(
  'ranking.rank',
  { score: 80 },
  { rank: 2 },
  { zh: '排名第2。', en: 'Rank 2.' },
);
const root = explain('campaign.result', {}, {}, { zh: '结果。', en: 'Result.' }, [
  explain('scoring.total', {}, { score: 80 }, { zh: '得分80分。', en: 'Score 80.' }, [leaf]),
]);

describe('explanations', () => {
  it('flattens depth-first with depths', () => {
    expect(explanationLines(root, 'en')).toEqual([
      { depth: 0, ruleId: 'campaign.result', text: 'Result.' },
      { depth: 1, ruleId: 'scoring.total', text: 'Score 80.' },
      { depth: 2, ruleId: 'ranking.rank', text: 'Rank 2.' },
    ]);
  });

  it('renders indented text', () => {
    expect(renderExplanation(root, 'zh')).toBe('结果。\n  得分80分。\n    排名第2。');
  });

  it('finds a rule anywhere in the tree', () => {
    expect(findExplanation(root, 'ranking.rank')).toBe(leaf);
    expect(findExplanation(root, 'ranking.class')).toBeUndefined();
  });

  it('survives a JSON round trip unchanged', () => {
    expect(JSON.parse(JSON.stringify(root))).toEqual(root);
  });
});
