import { consequenceLabel } from './consequence.js';
import {
  type ApplicationRules,
  TOWNSHIP_PLAN_2017_RULES,
  applyResult,
  applyResults,
  parseApplicationRules,
} from './result-application.js';

const STRICT: ApplicationRules = {
  ...TOWNSHIP_PLAN_2017_RULES,
  accountability: { onSevere: true, belowScore: 60, onVeto: true, basis: '《中国共产党问责条例》' },
};

describe('applyResult', () => {
  it('holds a score below the line accountable, with the numbers', () => {
    // 58.5 < 60 → accountability; grade 较好 → no talk
    const outcome = applyResult({ orgId: 'v', name: '某村', grade: '较好', score: 58.5 }, STRICT);
    expect(outcome.consequences.map((c) => c.kind)).toEqual(['accountability']);
    const [consequence] = outcome.consequences;
    expect(consequence).toMatchObject({
      sanction: null,
      opens: ['accountability'],
      basis: '《中国共产党问责条例》',
    });
    expect(consequence.explanation.zh).toBe(
      '某村得分58.5分低于问责线60分,依据《中国共产党问责条例》进行问责,处理方式由党委研究决定。',
    );
  });

  it('does not hold a score at the line accountable', () => {
    expect(applyResult({ orgId: 'v', grade: '较好', score: 60 }, STRICT).consequences).toEqual([]);
  });

  it('holds a veto accountable when configured, and lists every reason', () => {
    const outcome = applyResult(
      {
        orgId: 'v',
        name: '某村',
        grade: '差',
        score: 40,
        vetoed: true,
        findings: { severe: { reason: '瞒报事故', sanction: 'removal' } },
      },
      STRICT,
    );
    expect(outcome.consequences.map(consequenceLabel)).toEqual([
      '约谈、限期整改(30天)',
      '问责(免除职务)',
    ]);
    expect(outcome.consequences[1].explanation.zh).toBe(
      '某村情况严重:瞒报事故;得分40分低于问责线60分;被一票否决,依据《中国共产党问责条例》进行问责,拟给予免除职务。',
    );
  });

  it('ignores severe findings when the process does not hold them accountable', () => {
    const lenient = {
      ...TOWNSHIP_PLAN_2017_RULES,
      accountability: { ...TOWNSHIP_PLAN_2017_RULES.accountability, onSevere: false },
    };
    expect(
      applyResult({ orgId: 'v', grade: '较好', findings: { severe: { reason: 'x' } } }, lenient)
        .consequences,
    ).toEqual([]);
  });

  it('rejects an unknown sanction and invalid rules', () => {
    expect(() =>
      applyResult(
        {
          orgId: 'v',
          grade: '差',
          findings: { severe: { reason: 'x', sanction: 'exile' as never } },
        },
        TOWNSHIP_PLAN_2017_RULES,
      ),
    ).toThrow('invalid sanction');
    expect(() =>
      parseApplicationRules({ ...TOWNSHIP_PLAN_2017_RULES, rectificationDeadlineDays: 0 }),
    ).toThrow('rectificationDeadlineDays');
  });

  it('applies many results in order', () => {
    const outcomes = applyResults(
      [
        { orgId: 'a', grade: '好' },
        { orgId: 'b', grade: '差' },
      ],
      TOWNSHIP_PLAN_2017_RULES,
    );
    expect(outcomes.map((o) => [o.orgId, o.consequences.map((c) => c.kind)])).toEqual([
      ['a', ['eligible-for-excellent']],
      ['b', ['talk-and-rectification']],
    ]);
  });
});
