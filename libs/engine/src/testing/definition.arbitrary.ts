/** Test helper (not part of the build): fast-check generators of valid definitions and events. */
import fc from 'fast-check';
import type {
  StateNodeDefinition,
  TransitionObject,
  WorkflowDefinition,
} from '../definition/definition.schema.js';
import type { GuardRef } from '../definition/guard-catalogue.js';
import type { StepKind } from '../definition/step-kinds.js';
import type { JsonObject } from '../json.types.js';

const HUMAN_KINDS: StepKind[] = [
  'nominate',
  'investigate',
  'topicSelection',
  'reportWriting',
  'speaking',
  'critique',
  'questioning',
  'rating',
  'aggregation',
  'commitment',
  'talk',
  'rectification',
  'accountability',
  'resultApplication',
];

/** Guards of every family, some negated. */
export const guardArbitrary: fc.Arbitrary<GuardRef> = fc.constantFrom<GuardRef>(
  { type: 'gradeAtMost', params: { grade: '一般' } },
  { type: 'gradeAtLeast', params: { grade: '较好' } },
  { type: 'gradeAtMost', params: { grade: '差', negate: true } },
  { type: 'scoreBelow', params: { score: 60 } },
  { type: 'scoreAtLeast', params: { score: 80 } },
  { type: 'rankInBottom', params: { count: 3 } },
  { type: 'rankInBottomShare', params: { share: 0.05 } },
  { type: 'rankInTop', params: { count: 2 } },
  { type: 'consecutiveBottom', params: { bottom: 3, times: 2 } },
  { type: 'objectionRaised' },
  { type: 'vetoTriggered', params: { negate: true } },
  { type: 'allTasksDone' },
  { type: 'resultEquals', params: { field: 'passed', value: true } },
);

type BlockSpec =
  | {
      readonly kind: 'human';
      readonly step: StepKind;
      readonly deadline: string | null;
      readonly reminders: string[];
      readonly grace: string | null;
      readonly auto: 'deadline' | 'grace' | null;
      readonly branch: { readonly guard: GuardRef; readonly target: number } | null;
      readonly extras: number;
    }
  | { readonly kind: 'decision'; readonly guard: GuardRef; readonly target: number }
  | { readonly kind: 'wait'; readonly duration: string; readonly ping: boolean }
  | { readonly kind: 'publicity'; readonly period: string; readonly objectionTarget: boolean }
  | { readonly kind: 'parallel'; readonly regions: readonly [number, number] }
  | { readonly kind: 'compound'; readonly steps: number };

const durationArb = fc.constantFrom('PT8M', 'PT2H', 'P1D', 'P3D', '1WD', '3WD', 'P1M');

const humanArb: fc.Arbitrary<BlockSpec> = fc
  .record({
    step: fc.constantFrom(...HUMAN_KINDS),
    deadline: fc.option(durationArb, { nil: null }),
    reminders: fc.subarray(['PT1H', 'PT24H', 'P2D']),
    grace: fc.option(fc.constantFrom('PT12H', '1WD'), { nil: null }),
    auto: fc.constantFrom<'deadline' | 'grace' | null>(null, null, 'deadline', 'grace'),
    branch: fc.option(fc.record({ guard: guardArb(), target: fc.nat() }), { nil: null }),
    extras: fc.constantFrom(0, 0, 0, 1, 2),
  })
  .map((b) => ({
    kind: 'human' as const,
    ...b,
    auto: b.deadline === null || (b.auto === 'grace' && b.grace === null) ? null : b.auto,
  }));

function guardArb(): fc.Arbitrary<GuardRef> {
  return guardArbitrary;
}

const blockArb: fc.Arbitrary<BlockSpec> = fc.oneof(
  { weight: 5, arbitrary: humanArb },
  {
    weight: 2,
    arbitrary: fc
      .record({ guard: guardArbitrary, target: fc.nat() })
      .map((b) => ({ kind: 'decision' as const, ...b })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ duration: durationArb, ping: fc.boolean() })
      .map((b) => ({ kind: 'wait' as const, ...b })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({ period: durationArb, objectionTarget: fc.boolean() })
      .map((b) => ({ kind: 'publicity' as const, ...b })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 }))
      .map((regions) => ({ kind: 'parallel' as const, regions })),
  },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1, max: 2 })
      .map((steps) => ({ kind: 'compound' as const, steps })),
  },
);

const title = (zh: string, en: string) => ({ zh, en });

function humanStep(
  key: string,
  kind: StepKind,
  on: StateNodeDefinition['on'],
  extra: Partial<StateNodeDefinition> = {},
): StateNodeDefinition {
  return {
    ...extra,
    meta: { kind, title: title(`步骤${key}`, `Step ${key}`), assignee: { role: 'selfSecretary' } },
    on,
  };
}

function chain(prefix: string, count: number): Record<string, StateNodeDefinition> {
  const states: Record<string, StateNodeDefinition> = {};
  for (let i = 0; i < count; i += 1) {
    states[`${prefix}${i}`] = humanStep(`${prefix}${i}`, 'critique', {
      SUBMIT: i === count - 1 ? 'done' : `${prefix}${i + 1}`,
    });
  }
  states['done'] = { type: 'final' };
  return states;
}

/** Turns block specs into a valid definition: every block falls through to the next, so the end is always reachable. */
export function buildDefinition(blocks: readonly BlockSpec[]): WorkflowDefinition {
  const n = blocks.length;
  const key = (i: number) => (i >= n ? 'end' : `b${i}`);
  const states: Record<string, StateNodeDefinition> = {};
  blocks.forEach((block, i) => {
    const next = key(i + 1);
    switch (block.kind) {
      case 'human': {
        const meta: Record<string, unknown> = {
          kind: block.step,
          title: title(`步骤${i}`, `Step ${i}`),
          assignee: { role: 'selfSecretary' },
        };
        const on: Record<string, TransitionObject[]> = {};
        const submit: TransitionObject[] = [];
        if (block.branch) {
          // Human steps may branch anywhere, backwards too: an event is needed to take the branch.
          submit.push({ target: key(block.branch.target % (n + 1)), guard: block.branch.guard });
        }
        if (block.extras > 0) {
          submit.push({ target: next, guard: { type: 'allTasksDone' } });
        } else {
          submit.push({ target: next });
        }
        on['SUBMIT'] = submit;
        if (block.deadline !== null) {
          meta['deadline'] = block.deadline;
          if (block.reminders.length > 0) {
            meta['reminders'] = block.reminders;
          }
          const escalation: Record<string, unknown> = {};
          if (block.grace !== null) {
            escalation['grace'] = block.grace;
          }
          if (block.auto !== null) {
            escalation['autoAdvance'] = { at: block.auto, event: 'TIMEOUT' };
            on['TIMEOUT'] = [{ target: next }];
          }
          if (Object.keys(escalation).length > 0) {
            meta['escalation'] = escalation;
          }
        }
        const node: Record<string, unknown> = { meta, on };
        if (block.extras > 0) {
          node['entry'] = [
            {
              type: 'openTasks',
              params: {
                tasks: Array.from({ length: block.extras }, (_, j) => ({
                  key: `g${j}`,
                  title: title(`附加${j}`, `Extra ${j}`),
                  assignee: { role: 'raters', groups: [`g${j}`] },
                })),
              },
            },
          ];
        }
        states[key(i)] = node;
        break;
      }
      case 'decision': {
        // Decisions branch forwards only, so eventless transitions can never loop.
        const forward = i + 1 + (block.target % (n - i));
        states[key(i)] = {
          meta: { kind: 'decision', title: title(`判断${i}`, `Decision ${i}`) },
          always: [{ target: key(forward), guard: block.guard }, { target: next }],
        };
        break;
      }
      case 'wait':
        states[key(i)] = {
          meta: {
            kind: 'wait',
            title: title(`等待${i}`, `Wait ${i}`),
            form: { duration: block.duration },
          },
          after: { waitPeriod: next },
          ...(block.ping ? { on: { PING: next } } : {}),
        };
        break;
      case 'publicity':
        states[key(i)] = {
          meta: {
            kind: 'publicity',
            title: title(`公示${i}`, `Publicity ${i}`),
            form: { period: block.period },
          },
          entry: [{ type: 'publishNotice', params: { subject: 'results', period: block.period } }],
          after: { publicityPeriod: next },
          on: { OBJECT: block.objectionTarget ? next : {} },
        };
        break;
      case 'parallel':
        states[key(i)] = {
          type: 'parallel',
          meta: { kind: 'group', title: title(`双向${i}`, `Two-way ${i}`) },
          states: {
            up: { initial: 'r0', states: chain('r', block.regions[0]) },
            down: { initial: 'r0', states: chain('r', block.regions[1]) },
          },
          onDone: next,
        };
        break;
      case 'compound':
        states[key(i)] = {
          initial: 'r0',
          meta: { kind: 'group', title: title(`组${i}`, `Group ${i}`) },
          states: chain('r', block.steps),
          onDone: next,
        };
        break;
    }
  });
  states['end'] = { type: 'final', meta: { kind: 'end', title: title('结束', 'End') } };
  return {
    id: 'generated',
    schemaVersion: 1,
    name: title('随机流程', 'Generated process'),
    machine: { id: 'generated', initial: 'b0', states },
  };
}

/** Random valid definitions (1–8 blocks). */
export const definitionArbitrary: fc.Arbitrary<WorkflowDefinition> = fc
  .array(blockArb, { minLength: 1, maxLength: 8 })
  .map((blocks) => buildDefinition(blocks));

/** Submission data, well-formed or not. */
export const dataArbitrary: fc.Arbitrary<JsonObject> = fc.oneof(
  fc.constant({}),
  fc.record({ grade: fc.constantFrom('好', '较好', '一般', '差', '优秀') }),
  fc.record({ score: fc.oneof(fc.integer({ min: -10, max: 120 }), fc.constant('abc')) }),
  fc.record({ rank: fc.integer({ min: 0, max: 12 }), rankTotal: fc.integer({ min: 0, max: 12 }) }),
  fc.record({ vetoed: fc.boolean() }),
  fc.record({ passed: fc.boolean() }),
  fc.dictionary(
    fc.string({ maxLength: 5 }),
    fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<JsonObject[string]>,
    {
      maxKeys: 3,
    },
  ),
);

/** One random host action, resolved against the instance when it is played. */
export interface EventChoice {
  readonly kind:
    'submit' | 'wrongTask' | 'timer' | 'staleTimer' | 'object' | 'timeout' | 'custom' | 'reserved';
  readonly pick: number;
  readonly data: JsonObject;
  readonly advanceMinutes: number;
}

export const eventChoiceArbitrary: fc.Arbitrary<EventChoice> = fc.record({
  kind: fc.constantFrom<EventChoice['kind']>(
    'submit',
    'submit',
    'submit',
    'timer',
    'timer',
    'wrongTask',
    'staleTimer',
    'object',
    'timeout',
    'custom',
    'reserved',
  ),
  pick: fc.nat(),
  data: dataArbitrary,
  advanceMinutes: fc.integer({ min: 0, max: 20_000 }),
});
