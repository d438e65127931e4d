import {
  accountabilityBasis,
  accountabilityGrounds,
  aggregationMethod,
  categories,
  flag,
  investigateMethods,
  outcomes,
  ratingDimensions,
  ratingGrades,
  rectificationLists,
  reportSections,
  sanctions,
  speakingLimitSeconds,
  type FormGrade,
} from './form-settings.js';
import { verdictField, type StepFormContext } from './step-forms.js';

/**
 * Example data that fits a step's form: what a diligent user would submit. Used by tests,
 * benchmarks and simulations. Steps whose data lives in side records (topic selection,
 * commitments) need those records first; questioning passes with no question asked.
 * `grade` picks the grade of ratings and aggregations.
 */
export function sampleStepData(
  context: StepFormContext,
  options: { grade?: FormGrade; now?: Date } = {},
): Record<string, unknown> {
  const { kind, settings } = context;
  const now = options.now ?? new Date();
  const day = (offset: number) =>
    new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
  const grade = options.grade ?? '好';
  switch (kind) {
    case 'investigate':
      return {
        methods: investigateMethods(settings).slice(0, 2),
        findings: '走访党员群众十余人，查阅“三会一课”记录，基本掌握支部工作情况。',
      };
    case 'nominate': {
      const cats = categories(settings);
      return { ...(cats[0] ? { category: cats[0].key } : {}), reason: '承担重点建设任务' };
    }
    case 'reportWriting':
      return {
        sections: Object.fromEntries(
          reportSections(settings).map((s) => [s.key, `${s.title.zh}：围绕年度党建任务逐项说明。`]),
        ),
      };
    case 'speaking': {
      const limit = speakingLimitSeconds(settings);
      const duration = Math.min(limit, 300);
      return {
        startedAt: new Date(now.getTime() - duration * 1000).toISOString(),
        endedAt: now.toISOString(),
        durationSeconds: duration,
        limitSeconds: limit,
        overrunSeconds: 0,
      };
    }
    case 'critique':
      return { comment: '成绩总结较全面，问题查摆还不够深入，整改措施要具体可行。' };
    case 'questioning':
      return {};
    case 'rating': {
      const grades = ratingGrades(settings);
      const g = grades.includes(grade) ? grade : grades[0];
      const dims = ratingDimensions(settings);
      return {
        grade: g,
        ...(dims.length > 0 ? { dimensions: Object.fromEntries(dims.map((d) => [d.key, g])) } : {}),
      };
    }
    case 'aggregation':
      return aggregationMethod(settings) === 'hundredPointScore'
        ? { score: grade === '好' ? 92 : 70, grade }
        : { grade };
    case 'talk':
      return {
        talkedAt: now.toISOString(),
        participants: '镇党委书记、村党支部书记',
        record: '指出存在的问题，提出整改要求，约定整改期限。',
        rectificationDeadline: day(30),
      };
    case 'rectification': {
      if (context.rectificationMode === 'reviewer') {
        return { [verdictField(context.guardFields)]: true, verifyAll: true };
      }
      return {
        lists: Object.fromEntries(
          rectificationLists(settings).map((l) => [
            l,
            [
              {
                content: `${l}：逐项整改`,
                owner: '村党支部书记',
                deadline: day(30),
                evidence: '已整改，附会议记录',
              },
            ],
          ]),
        ),
      };
    }
    case 'accountability': {
      const s = sanctions(settings);
      return {
        grounds: accountabilityGrounds(settings).slice(0, 1),
        facts: '整改不及时，群众不满意。',
        basis: accountabilityBasis(settings)?.zh || '《中国共产党问责条例》',
        ...(s[0] ? { sanction: s[0] } : {}),
        ...(flag(settings, 'supervisionOrder')
          ? { requirements: '限期办结并书面报告', deadline: day(15) }
          : {}),
      };
    }
    case 'resultApplication':
      return { outcomes: outcomes(settings).slice(0, 1), decision: '按评议结果运用。' };
    default:
      return {};
  }
}
