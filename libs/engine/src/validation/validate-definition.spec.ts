import { catalogue } from '../definition/catalogue.js';
import { definitionJsonSchema, type WorkflowDefinition } from '../definition/definition.schema.js';
import { generateLinearDefinition } from '../definition/generate-linear-definition.js';
import { DEFINITION_LIMITS } from './definition-limits.js';
import { ValidationCode } from './validation-code.js';
import { validateDefinition, validateDefinitionText } from './validate-definition.js';

type Json = Record<string, unknown>;

const title = (zh: string, en = zh) => ({ zh, en });
const human = (kind: string, on: Json, extra: Json = {}, meta: Json = {}): Json => ({
  meta: { kind, title: title(kind), assignee: { role: 'selfSecretary' }, ...meta },
  on,
  ...extra,
});
const end = { type: 'final', meta: { kind: 'end', title: title('结束', 'End') } };

/** A small valid definition; `patch` edits its states. */
function definition(patch: (states: Json) => void = () => undefined, machine: Json = {}): Json {
  const states: Json = {
    report: human(
      'reportWriting',
      { SUBMIT: 'rating' },
      {},
      { deadline: '3WD', reminders: ['PT24H'] },
    ),
    rating: human('rating', { SUBMIT: 'check' }),
    check: {
      meta: { kind: 'decision', title: title('判断') },
      always: [
        { target: 'talk', guard: { type: 'gradeAtMost', params: { grade: '一般' } } },
        { target: 'done' },
      ],
    },
    talk: human('talk', { SUBMIT: 'done' }),
    done: end,
  };
  patch(states);
  return {
    id: 'sample',
    schemaVersion: 1,
    name: title('示例', 'Sample'),
    machine: { id: 'sample', initial: 'report', states, ...machine },
  };
}

function deeplyNested(depth: number): unknown {
  let value: unknown = {};
  for (let i = 0; i < depth; i += 1) {
    value = { nested: [value] };
  }
  return value;
}

function nestedStates(depth: number): Json {
  let inner: Json = { type: 'final' };
  for (let i = 0; i < depth; i += 1) {
    inner = { initial: 'x', meta: { kind: 'group', title: title('组') }, states: { x: inner } };
  }
  return inner;
}

const invalid: { name: string; input: () => unknown; code: ValidationCode }[] = [
  {
    name: 'a guard holding JavaScript code',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = {
            SUBMIT: { target: 'done', guard: 'context.facts.score < 60' },
          }),
      ),
    code: ValidationCode.CodeNotAllowed,
  },
  {
    name: 'a guard type that is an arrow function',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = {
            SUBMIT: { target: 'done', guard: { type: '(ctx) => ctx.score < 60' } },
          }),
      ),
    code: ValidationCode.CodeNotAllowed,
  },
  {
    name: 'a function-looking string as an action',
    input: () =>
      definition((s) => ((s['talk'] as Json)['entry'] = ["function () { fetch('/steal') }"])),
    code: ValidationCode.CodeNotAllowed,
  },
  {
    name: 'a real function in the definition',
    input: () => definition((s) => ((s['talk'] as Json)['entry'] = [() => 'boom'])),
    code: ValidationCode.CodeNotAllowed,
  },
  {
    name: 'an unknown guard',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = { SUBMIT: { target: 'done', guard: { type: 'isFriday' } } }),
      ),
    code: ValidationCode.UnknownGuard,
  },
  {
    name: 'guard params outside the catalogue schema',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = {
            SUBMIT: { target: 'done', guard: { type: 'gradeAtMost', params: { grade: '优秀' } } },
          }),
      ),
    code: ValidationCode.InvalidParams,
  },
  {
    name: 'an unknown action',
    input: () =>
      definition(
        (s) => ((s['talk'] as Json)['entry'] = [{ type: 'sendEmail', params: { to: 'x' } }]),
      ),
    code: ValidationCode.UnknownAction,
  },
  {
    name: 'action params outside the catalogue schema',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['entry'] = { type: 'notify', params: { to: { role: 'mayor' } } }),
      ),
    code: ValidationCode.InvalidParams,
  },
  {
    name: 'openTasks outside entry',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = {
            SUBMIT: {
              target: 'done',
              actions: [
                {
                  type: 'openTasks',
                  params: {
                    tasks: [{ key: 'a', title: title('a'), assignee: { role: 'public' } }],
                  },
                },
              ],
            },
          }),
      ),
    code: ValidationCode.ActionNotAllowedHere,
  },
  {
    name: 'an unreachable state',
    input: () => definition((s) => (s['orphan'] = human('critique', { SUBMIT: 'done' }))),
    code: ValidationCode.UnreachableState,
  },
  {
    name: 'a state with no way to a final state',
    input: () =>
      definition(
        (s) => (
          ((s['talk'] as Json)['on'] = { SUBMIT: 'stuck' }),
          (s['stuck'] = human('critique', { SUBMIT: 'talk' }))
        ),
      ),
    code: ValidationCode.NoPathToFinal,
  },
  {
    name: 'a 10,000-state definition',
    input: () => generateLinearDefinition(10_000),
    code: ValidationCode.TooManyStates,
  },
  {
    name: 'deeply nested JSON',
    input: () => ({ ...definition(), extra: deeplyNested(100_000) }),
    code: ValidationCode.NestingTooDeep,
  },
  {
    name: 'states nested beyond the limit',
    input: () => definition((s) => (s['talk'] = { ...nestedStates(12), onDone: 'done' })),
    code: ValidationCode.StateNestingTooDeep,
  },
  {
    name: 'duplicate state ids',
    input: () =>
      definition(
        (s) => (((s['rating'] as Json)['id'] = 'same'), ((s['talk'] as Json)['id'] = 'same')),
      ),
    code: ValidationCode.DuplicateId,
  },
  {
    name: 'an id clashing with a generated id',
    input: () => definition((s) => ((s['talk'] as Json)['id'] = 'sample')),
    code: ValidationCode.DuplicateId,
  },
  {
    name: 'a deadline that is not an ISO 8601 duration',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['meta'] = {
            kind: 'talk',
            title: title('t'),
            assignee: { role: 'selfSecretary' },
            deadline: '3 days',
          }),
      ),
    code: ValidationCode.InvalidDuration,
  },
  {
    name: 'a malformed reminder',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['meta'] = {
            kind: 'talk',
            title: title('t'),
            assignee: { role: 'selfSecretary' },
            deadline: 'P1D',
            reminders: ['P'],
          }),
      ),
    code: ValidationCode.InvalidDuration,
  },
  {
    name: 'a human step without assignee',
    input: () =>
      definition((s) => ((s['talk'] as Json)['meta'] = { kind: 'talk', title: title('约谈') })),
    code: ValidationCode.MissingAssignee,
  },
  {
    name: 'a decision not covering every outcome',
    input: () =>
      definition(
        (s) =>
          ((s['check'] as Json)['always'] = [
            { target: 'talk', guard: { type: 'gradeAtMost', params: { grade: '差' } } },
            { target: 'done', guard: { type: 'gradeAtLeast', params: { grade: '好' } } },
          ]),
      ),
    code: ValidationCode.DecisionNotCovered,
  },
  {
    name: 'a decision without branches',
    input: () =>
      definition(
        (s) =>
          (s['check'] = {
            meta: { kind: 'decision', title: title('判断') },
            on: { SUBMIT: 'done' },
          }),
      ),
    code: ValidationCode.InvalidDecision,
  },
  {
    name: 'an unknown step kind',
    input: () =>
      definition((s) => ((s['talk'] as Json)['meta'] = { kind: 'barbecue', title: title('t') })),
    code: ValidationCode.UnknownStepKind,
  },
  {
    name: 'an atomic state without kind',
    input: () => definition((s) => (s['talk'] = { on: { SUBMIT: 'done' } })),
    code: ValidationCode.MissingStepKind,
  },
  {
    name: 'a target that does not exist',
    input: () => definition((s) => ((s['talk'] as Json)['on'] = { SUBMIT: 'nowhere' })),
    code: ValidationCode.UnknownTarget,
  },
  {
    name: 'an XState feature outside the schema (invoke)',
    input: () => definition((s) => ((s['talk'] as Json)['invoke'] = { src: 'fetchUser' })),
    code: ValidationCode.UnknownProperty,
  },
  {
    name: 'a reserved event name',
    input: () => definition((s) => ((s['talk'] as Json)['on'] = { SUBMIT: 'done', TIMER: 'done' })),
    code: ValidationCode.ReservedEvent,
  },
  {
    name: 'a lower-case event name',
    input: () => definition((s) => ((s['talk'] as Json)['on'] = { submit: 'done' })),
    code: ValidationCode.InvalidEventName,
  },
  {
    name: 'an after delay in milliseconds',
    input: () => definition((s) => ((s['talk'] as Json)['after'] = { '1000': 'done' })),
    code: ValidationCode.InvalidDelay,
  },
  {
    name: 'a catalogue delay without its value',
    input: () => definition((s) => ((s['talk'] as Json)['after'] = { publicityPeriod: 'done' })),
    code: ValidationCode.InvalidDelay,
  },
  {
    name: 'a compound state without initial',
    input: () =>
      definition(
        (s) =>
          (s['talk'] = {
            meta: { kind: 'group', title: title('组') },
            states: { a: end },
            onDone: 'done',
          }),
      ),
    code: ValidationCode.InvalidInitial,
  },
  {
    name: 'reminders without a deadline',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['meta'] = {
            kind: 'talk',
            title: title('t'),
            assignee: { role: 'selfSecretary' },
            reminders: ['PT2H'],
          }),
      ),
    code: ValidationCode.InvalidEscalation,
  },
  {
    name: 'an auto-advance event the step does not handle',
    input: () =>
      definition(
        (s) =>
          ((s['talk'] as Json)['meta'] = {
            kind: 'talk',
            title: title('t'),
            assignee: { role: 'selfSecretary' },
            deadline: 'P1D',
            escalation: { autoAdvance: { at: 'deadline' } },
          }),
      ),
    code: ValidationCode.AutoAdvanceUnhandled,
  },
  {
    name: 'a rater group the rating form does not define',
    input: () =>
      definition(
        (s) =>
          ((s['rating'] as Json)['meta'] = {
            kind: 'rating',
            title: title('测评'),
            assignee: { role: 'raters', groups: ['aliens'] },
            form: { raterGroups: [{ key: 'partyMembers', title: title('党员'), anonymous: true }] },
          }),
      ),
    code: ValidationCode.InvalidAssignee,
  },
  {
    name: 'a state key with a space',
    input: () => definition((s) => (s['bad key'] = end)),
    code: ValidationCode.InvalidStateKey,
  },
  {
    name: 'group kind on an atomic state',
    input: () =>
      definition(
        (s) =>
          (s['talk'] = { meta: { kind: 'group', title: title('组') }, on: { SUBMIT: 'done' } }),
      ),
    code: ValidationCode.KindNotAllowed,
  },
  {
    name: 'a final state with transitions',
    input: () => definition((s) => (s['done'] = { ...end, on: { SUBMIT: 'talk' } })),
    code: ValidationCode.InvalidStateType,
  },
  {
    name: 'a root target without a dot',
    input: () => definition(() => undefined, { on: { CANCEL: 'done' } }),
    code: ValidationCode.UnknownTarget,
  },
  {
    name: 'a definition that is not an object',
    input: () => null,
    code: ValidationCode.InvalidField,
  },
  {
    name: 'a definition id that is not a slug',
    input: () => ({ ...definition(), id: 'Not A Slug' }),
    code: ValidationCode.InvalidField,
  },
  {
    name: 'machine context smuggled in',
    input: () => definition(() => undefined, { context: { secret: 1 } }),
    code: ValidationCode.UnknownProperty,
  },
];

describe('validateDefinition', () => {
  it('accepts the sample definition', () => {
    expect(validateDefinition(definition())).toEqual([]);
  });

  it.each(invalid)('rejects $name with $code', ({ input, code }) => {
    const value = input();
    const started = performance.now();
    const issues = validateDefinition(value);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(issues.map((i) => i.code)).toContain(code);
    for (const issue of issues) {
      expect(issue.path).toMatch(/^(\/.*)?$/);
      expect(issue.message.zh.length).toBeGreaterThan(0);
      expect(issue.message.en.length).toBeGreaterThan(0);
    }
  });

  it('has at least twenty invalid cases', () => {
    expect(invalid.length).toBeGreaterThanOrEqual(20);
  });

  it('points at the offending node', () => {
    const issues = validateDefinition(
      definition(
        (s) =>
          ((s['talk'] as Json)['on'] = {
            SUBMIT: [{ target: 'done', guard: { type: 'isFriday' } }],
          }),
      ),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: ValidationCode.UnknownGuard,
        path: '/machine/states/talk/on/SUBMIT/0/guard/type',
        state: 'talk',
      }),
    ]);
    expect(
      validateDefinition(definition((s) => (s['orphan'] = human('critique', { SUBMIT: 'done' })))),
    ).toEqual([
      expect.objectContaining({
        code: ValidationCode.UnreachableState,
        path: '/machine/states/orphan',
        state: 'orphan',
      }),
    ]);
  });

  it('accepts complementary guards without a fallback', () => {
    const covered = (always: Json[]) =>
      definition((s) => ((s['check'] as Json)['always'] = always));
    const to = (target: string, guard: Json) => ({ target, guard });
    expect(
      validateDefinition(
        covered([
          to('talk', { type: 'gradeAtMost', params: { grade: '一般' } }),
          to('done', { type: 'gradeAtLeast', params: { grade: '较好' } }),
        ]),
      ),
    ).toEqual([]);
    expect(
      validateDefinition(
        covered([
          to('talk', { type: 'scoreBelow', params: { score: 60 } }),
          to('done', { type: 'scoreAtLeast', params: { score: 60 } }),
        ]),
      ),
    ).toEqual([]);
    expect(
      validateDefinition(
        covered([
          to('talk', { type: 'vetoTriggered' }),
          to('done', { type: 'vetoTriggered', params: { negate: true } }),
        ]),
      ),
    ).toEqual([]);
    expect(
      validateDefinition(
        covered([
          to('talk', { type: 'scoreBelow', params: { score: 60 } }),
          to('done', { type: 'scoreAtLeast', params: { score: 70 } }),
        ]),
      ).map((i) => i.code),
    ).toEqual([ValidationCode.DecisionNotCovered]);
  });

  it('validates a 500-state definition well under a second', () => {
    const big = generateLinearDefinition(500);
    const started = performance.now();
    expect(validateDefinition(big)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('generates linear definitions of any size within the limits', () => {
    for (const n of [2, 3, 10, 100, DEFINITION_LIMITS.maxStates]) {
      const generated: WorkflowDefinition = generateLinearDefinition(n);
      expect(Object.keys(generated.machine.states)).toHaveLength(n);
      expect(validateDefinition(generated)).toEqual([]);
    }
  });
});

describe('validateDefinitionText', () => {
  it('reports invalid JSON', () => {
    expect(validateDefinitionText('{"id": ').map((i) => i.code)).toEqual([
      ValidationCode.InvalidJson,
    ]);
  });

  it('reports duplicate keys that JSON.parse would silently merge', () => {
    const duplicated = JSON.stringify(definition()).replace(
      '"done":{"type":"final"',
      '"done":{"type":"final","type":"final"',
    );
    const issues = validateDefinitionText(duplicated);
    expect(issues.map((i) => i.code)).toContain(ValidationCode.DuplicateKey);
    expect(issues.find((i) => i.code === ValidationCode.DuplicateKey)?.path).toBe(
      '/machine/states/done/type',
    );
  });

  it('rejects text over the size limit before parsing', () => {
    const issues = validateDefinitionText(' '.repeat(DEFINITION_LIMITS.maxJsonChars + 1));
    expect(issues.map((i) => i.code)).toEqual([ValidationCode.DefinitionTooLarge]);
  });

  it('rejects deeply nested text quickly', () => {
    const text = '['.repeat(200_000) + ']'.repeat(200_000);
    const started = performance.now();
    expect(validateDefinitionText(text).map((i) => i.code)).toEqual([
      ValidationCode.NestingTooDeep,
    ]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('published schema and catalogue', () => {
  it('publishes a JSON Schema with the recursive state node', () => {
    expect(definitionJsonSchema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    const defs = definitionJsonSchema['$defs'] as Record<string, unknown>;
    expect(Object.keys(defs)).toEqual(
      expect.arrayContaining(['StateNode', 'GuardRef', 'ActionRef', 'Duration', 'NodeMeta']),
    );
    expect(JSON.parse(JSON.stringify(definitionJsonSchema))).toEqual(definitionJsonSchema);
  });

  it('lists every guard, action, delay and kind with labels and param schemas', () => {
    expect(catalogue.guards.map((g) => g.type)).toEqual(
      expect.arrayContaining([
        'gradeAtMost',
        'gradeAtLeast',
        'scoreBelow',
        'rankInBottom',
        'objectionRaised',
        'allTasksDone',
        'vetoTriggered',
        'consecutiveBottom',
      ]),
    );
    expect(catalogue.actions.map((a) => a.type)).toEqual([
      'openTasks',
      'notify',
      'recordResult',
      'publishNotice',
      'openRectification',
      'issueSupervisionOrder',
    ]);
    expect(catalogue.stepKinds).toHaveLength(18);
    for (const entry of [...catalogue.guards, ...catalogue.actions]) {
      expect(entry.label.zh).toBeTruthy();
      expect(entry.label.en).toBeTruthy();
      expect(entry.paramsSchema).toEqual(expect.objectContaining({ $schema: expect.any(String) }));
    }
    expect(JSON.parse(JSON.stringify(catalogue))).toEqual(catalogue);
  });
});
