import { readdirSync, readFileSync } from 'node:fs';
import {
  ballotSchema,
  countChars,
  formIssues,
  identitySchema,
  reportTargets,
  sampleStepData,
  stepDataSchema,
  type StepFormContext,
} from '../index.js';

interface State {
  type?: string;
  meta?: { kind?: string; form?: unknown; assignee?: { role: string } };
  states?: Record<string, State>;
}

/** Every human step of every built-in template, with its form settings. */
function templateSteps(): {
  file: string;
  key: string;
  kind: string;
  settings: unknown;
  role: string;
}[] {
  const out: { file: string; key: string; kind: string; settings: unknown; role: string }[] = [];
  for (const file of readdirSync('workflows').filter((f) => f.endsWith('.json'))) {
    const doc = JSON.parse(readFileSync(`workflows/${file}`, 'utf8')) as { machine: State };
    const walk = (states: Record<string, State>, prefix: string) => {
      for (const [name, s] of Object.entries(states)) {
        const key = prefix ? `${prefix}.${name}` : name;
        if (s.meta?.assignee && s.meta.kind) {
          out.push({
            file,
            key,
            kind: s.meta.kind,
            settings: s.meta.form ?? {},
            role: s.meta.assignee.role,
          });
        }
        if (s.states) walk(s.states, key);
      }
    };
    walk(doc.machine.states ?? {}, '');
  }
  return out;
}

const parse = (context: StepFormContext, data: unknown) => stepDataSchema(context).safeParse(data);
const paths = (context: StepFormContext, data: unknown) => {
  const result = parse(context, data);
  return result.success ? [] : formIssues(result.error).map((i) => i.path);
};

describe('step forms', () => {
  it('accepts the sample data of every step of every template', () => {
    const composed = ['topicSelection', 'commitment'];
    const steps = templateSteps().filter((s) => !composed.includes(s.kind));
    expect(steps.length).toBeGreaterThan(40);
    for (const step of steps) {
      const context: StepFormContext = {
        kind: step.kind,
        settings: step.settings,
        rectificationMode: step.role === 'selfSecretary' ? 'executor' : 'reviewer',
      };
      let data = sampleStepData(context);
      if (step.kind === 'questioning') data = { questions: [] };
      if (step.kind === 'rectification' && context.rectificationMode === 'executor') {
        const lists = data['lists'] as Record<string, Record<string, unknown>[]>;
        data = {
          lists: Object.fromEntries(
            Object.entries(lists).map(([l, items]) => [
              l,
              items.map((i) => ({
                ...i,
                id: '00000000-0000-4000-8000-000000000000',
                status: 'done',
              })),
            ]),
          ),
        };
      }
      if (step.kind === 'rectification' && context.rectificationMode === 'reviewer') {
        data = { passed: true, items: [] };
      }
      const result = parse(context, data);
      expect([step.file, step.key, result.success ? 'ok' : formIssues(result.error)]).toEqual([
        step.file,
        step.key,
        'ok',
      ]);
    }
  });

  it('refuses a report with a missing or blank section, or unknown fields', () => {
    const report = { kind: 'reportWriting', settings: { targetLength: 2500 } };
    expect(paths(report, { sections: { performance: 'a', measures: 'c' } })).toEqual([
      'sections.problems',
    ]);
    expect(paths(report, { sections: { performance: 'a', problems: ' ', measures: 'c' } })).toEqual(
      ['sections.problems'],
    );
    expect(
      paths(report, { sections: { performance: 'a', problems: 'b', measures: 'c' }, x: 1 }),
    ).toEqual(['(data)']);
    expect(reportTargets(report.settings).sections.map((s) => s.target)).toEqual([850, 825, 825]);
    expect(countChars('履职 情况\n好')).toBe(5);
  });

  it('checks the overrun of a speech against its limit', () => {
    const speaking = { kind: 'speaking', settings: { timeLimit: 'PT7M' } };
    const start = '2025-12-20T02:00:00.000Z';
    const end = '2025-12-20T02:08:00.000Z';
    const speech = { startedAt: start, endedAt: end, durationSeconds: 480, limitSeconds: 420 };
    expect(paths(speaking, { ...speech, overrunSeconds: 60 })).toEqual([]);
    expect(paths(speaking, { ...speech, overrunSeconds: 0 })).toEqual(['overrunSeconds']);
    expect(paths(speaking, { ...speech, limitSeconds: 480, overrunSeconds: 0 })).toEqual([
      'limitSeconds',
    ]);
  });

  it('builds ballots from the grades and dimensions of the step', () => {
    const settings = {
      grades: ['好', '较好', '一般', '差'],
      dimensions: [{ key: 'thought', title: { zh: '思想建设', en: 'Thought' } }],
    };
    expect(
      ballotSchema(settings).safeParse({ grade: '好', dimensions: { thought: '较好' } }).success,
    ).toBe(true);
    expect(
      ballotSchema(settings).safeParse({ grade: '优秀', dimensions: { thought: '好' } }).success,
    ).toBe(false);
    expect(ballotSchema(settings).safeParse({ grade: '好' }).success).toBe(false);
    expect(ballotSchema({}).safeParse({ grade: '差' }).success).toBe(true);
  });

  it('requires verification before submission only when the process has no review step', () => {
    const item = {
      id: '00000000-0000-4000-8000-000000000000',
      content: 'x',
      owner: '张',
      deadline: '2030-01-01',
      evidence: '已整改',
      status: 'done',
    };
    const lists = { problems: [item], responsibilities: [item], actions: [item] };
    const base = { kind: 'rectification', settings: {}, rectificationMode: 'executor' as const };
    expect(paths(base, { lists })).toEqual([]);
    expect(paths({ ...base, verifyBeforeSubmit: true }, { lists })).toContain(
      'lists.problems.0.status',
    );
    const reviewer = {
      kind: 'rectification',
      settings: {},
      rectificationMode: 'reviewer' as const,
    };
    expect(paths(reviewer, { items: [item], passed: true })).toEqual(['items']);
    expect(paths(reviewer, { items: [item], passed: false })).toEqual(['comment']);
  });

  it('adds the fields the guards read, typed', () => {
    const talk = {
      kind: 'talk',
      settings: {},
      guardFields: [{ field: 'serious', type: 'boolean' as const, values: [true], label: null }],
    };
    const data = sampleStepData(talk);
    expect(paths(talk, { ...data, serious: true })).toEqual([]);
    expect(paths(talk, { ...data, serious: 'yes' })).toEqual(['serious']);
  });

  it('normalises phone and ID numbers and refuses anything else', () => {
    expect(identitySchema.parse('138 0013-8000')).toBe('13800138000');
    expect(identitySchema.parse('11010519491231002x')).toBe('11010519491231002X');
    expect(identitySchema.safeParse('12345').success).toBe(false);
  });
});
