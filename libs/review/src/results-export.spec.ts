import { type OrgResult, evaluateCampaign } from './campaign-results.js';
import { TOWNSHIP_PLAN_2017_RULES } from './result-application.js';
import {
  buildResultsTable,
  chineseNumeral,
  formatChineseDate,
  renderResultsNotice,
} from './results-export.js';

const { results } = evaluateCampaign(
  {
    organisations: [
      { orgId: 'a', code: '01', name: '甲村', scopeId: 't1', scopeName: '甲镇' },
      { orgId: 'b', code: '02', name: '乙村', scopeId: 't1', scopeName: '甲镇' },
      { orgId: 'c', code: '03', name: '丙村', scopeId: 't2', scopeName: '乙镇' },
    ],
    scores: [
      { orgId: 'a', score: 91.5, vetoed: false },
      { orgId: 'b', score: 78, vetoed: false },
      { orgId: 'c', score: 88, vetoed: true },
    ],
    ratings: [
      { subjectId: 'a', grade: '好' },
      { subjectId: 'b', grade: '一般' },
      { subjectId: 'c', grade: '较好' },
    ],
    basePay: { a: 1000, b: 1000 },
  },
  {
    rankWithin: 'scope',
    ranking: { method: 'competition' },
    classes: {
      classes: [
        { label: '一类', sharePercent: 50, rewardPercent: 100 },
        { label: '二类', sharePercent: 50, rewardPercent: 50 },
      ],
      vetoRewardPercent: 0,
    },
    application: TOWNSHIP_PLAN_2017_RULES,
  },
);

describe('buildResultsTable', () => {
  it('has Chinese headers and typed cells', () => {
    /*
     * 甲镇 (2 villages, 50/50 → 1/1): 甲村 91.5 rank 1 一类 100% = 1000 yuan; 乙村 78 rank 2 二类 50% = 500.
     * 乙镇 (1 village, 50/50 → quotas .5/.5, tie → better class): 丙村 vetoed → forced into the
     * last class (二类), so the first class is emptied; reward 0%.
     */
    const table = buildResultsTable(results, {
      columns: [
        'scope',
        'rank',
        'org',
        'score',
        'grade',
        'class',
        'rewardPercent',
        'rewardAmount',
        'veto',
        'consequences',
      ],
    });
    expect(table.headers).toEqual([
      '乡镇(街道)',
      '排名',
      '组织',
      '得分',
      '等次',
      '类别',
      '奖励比例',
      '奖励金额(元)',
      '一票否决',
      '结果运用',
    ]);
    expect(table.rows).toEqual([
      ['甲镇', 1, '甲村', 91.5, '好', '一类', '100%', 1000, '否', '可评为优秀'],
      ['甲镇', 2, '乙村', 78, '一般', '二类', '50%', 500, '否', '约谈、限期整改(30天)'],
      ['乙镇', 1, '丙村', 88, '较好', '二类', '0%', null, '是', null],
    ]);
  });

  it('includes the explanation column and English headers on request', () => {
    const table = buildResultsTable(results, { language: 'en', columns: ['org', 'explanation'] });
    expect(table.headers).toEqual(['Organisation', 'Explanation']);
    expect(table.rows[0]).toEqual([
      '甲村',
      '甲村: overall grade 好 (good); score 91.5, rank 1 of 2 in 甲镇; 一类 (class 1), reward 100% of base pay; consequences: eligible-for-excellent.',
    ]);
    const zh = buildResultsTable(results);
    expect(zh.headers).toContain('说明');
    expect(zh.rows[1][zh.keys.indexOf('explanation')]).toBe(
      '乙村:综合评价“一般”;得分78分,在甲镇2个组织中排名第2;属二类,奖励比例50%;结果运用:约谈、限期整改(30天)。',
    );
  });
});

describe('renderResultsNotice', () => {
  const base = {
    subject: '2019年度述职评议考核结果',
    organiser: '中共某县委组织部',
    issuedOn: '2020-01-06',
    periodStart: '2020-01-07',
    periodEnd: '2020-01-13',
  };

  it('lists by class across townships with scores and the honour', () => {
    const notice = renderResultsNotice(results, {
      ...base,
      showScores: true,
      honour: { label: '十佳村级党支部', orgIds: ['a'] },
    });
    expect(notice.split('\n')).toEqual([
      '关于2019年度述职评议考核结果的公示',
      '',
      '经述职、点评、测评和综合考评,现将2019年度述职评议考核结果予以公示:',
      '一、一类(1个):甲镇甲村(91.5分)。',
      '二、二类(2个):甲镇乙村(78分)、乙镇丙村(88分)(一票否决)。',
      '三、十佳村级党支部(1个):甲镇甲村(91.5分)。',
      '公示时间:2020年1月7日至2020年1月13日。公示期间,如有异议,请以书面、电话或来访等方式向中共某县委组织部反映。',
      '',
      '中共某县委组织部',
      '2020年1月6日',
    ]);
  });

  it('lists by grade when there are no classes', () => {
    const graded: OrgResult[] = results.map((r) => ({ ...r, classNumber: null, classLabel: null }));
    const lines = renderResultsNotice(graded, base).split('\n');
    expect(lines.slice(3, 6)).toEqual([
      '一、评议等次为“好”(1个):甲镇甲村。',
      '二、评议等次为“较好”(1个):乙镇丙村(一票否决)。',
      '三、评议等次为“一般”(1个):甲镇乙村。',
    ]);
  });

  it('rejects a period that ends before it starts and malformed dates', () => {
    expect(() => renderResultsNotice(results, { ...base, periodEnd: '2020-01-01' })).toThrow(
      'ends before it starts',
    );
    expect(() => formatChineseDate('2020/01/01')).toThrow('YYYY-MM-DD');
  });
});

describe('Chinese numerals', () => {
  it.each([
    [1, '一'],
    [10, '十'],
    [11, '十一'],
    [20, '二十'],
    [23, '二十三'],
    [99, '九十九'],
  ])('%i → %s', (n, text) => {
    expect(chineseNumeral(n)).toBe(text);
  });
});
