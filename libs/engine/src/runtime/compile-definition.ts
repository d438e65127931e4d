import { and, assign, setup } from 'xstate';
import { approximateDurationMs } from '../calendar/duration.util.js';
import { ACTION_TYPES, type ActionRef } from '../definition/action-catalogue.js';
import {
  isTaskState,
  toActionList,
  toTransitionList,
  type DefinitionGraph,
  type StateInfo,
} from '../definition/definition-graph.js';
import type { TransitionConfig, WorkflowDefinition } from '../definition/definition.schema.js';
import { GUARD_TYPES, type GuardRef, type GuardType } from '../definition/guard-catalogue.js';
import type { LocalizedText } from '../definition/common.schema.js';
import type { AssigneeRule } from '../definition/assignee.schema.js';
import { EngineError, EngineErrorCode } from '../engine.exception.js';
import { toJsonObject, type JsonObject } from '../json.types.js';
import { makeIssue } from '../validation/issue-messages.js';
import { parseDefinition } from '../validation/parse-definition.js';
import { ValidationCode, type ValidationIssue } from '../validation/validation-code.js';
import {
  applyObjection,
  applySubmission,
  createInitialContext,
  type EngineContext,
  type FactsInput,
} from './engine-context.js';
import { EngineEvents, TASK_EVENTS, type EngineEvent } from './engine-event.js';
import { evaluateGuard, type GuardSourceParams } from './guards.js';

/** Input of the machine's initial transition. */
export interface MachineInput {
  readonly data: JsonObject;
  readonly facts?: FactsInput;
}

/** An extra task opened by a step's `openTasks` entry action. */
export interface ExtraTaskSpec {
  /** `<stateKey>#<key>`. */
  readonly taskKey: string;
  readonly title: LocalizedText;
  readonly assignee: AssigneeRule;
}

/** An `after` transition of a state, with the XState event that stands for it. */
export interface AfterSpec {
  readonly delay: string;
  readonly eventType: string;
}

/** A definition compiled to an XState machine, with the lookups the engine needs. */
export interface CompiledDefinition {
  readonly definition: WorkflowDefinition;
  readonly graph: DefinitionGraph;
  readonly machine: EngineMachine;
  /** Extra tasks per state key. */
  readonly extras: ReadonlyMap<string, readonly ExtraTaskSpec[]>;
  /** `after` transitions per state key. */
  readonly afters: ReadonlyMap<string, readonly AfterSpec[]>;
  /** Every guard used, with the state it is declared on. */
  readonly guards: readonly { readonly guard: GuardRef; readonly source: StateInfo }[];
}

type EngineSetup = ReturnType<typeof buildSetup>;
/** The XState machine type of every compiled definition. */
export type EngineMachine = ReturnType<EngineSetup['createMachine']>;

type CompiledGuard = { type: string; params: Record<string, unknown> } | ReturnType<typeof and>;

const noop = (): void => undefined;

function extrasOf(info: StateInfo): ExtraTaskSpec[] {
  return toActionList(info.node.entry).flatMap((action) =>
    action.type === 'openTasks'
      ? action.params.tasks.map((t) => ({
          taskKey: `${info.stateKey}#${t.key}`,
          title: t.title,
          assignee: t.assignee,
        }))
      : [],
  );
}

function catalogueGuard(type: GuardType, upward: ReadonlySet<string>) {
  return (
    { context, event }: { context: EngineContext; event: EngineEvent },
    params: unknown,
  ): boolean => {
    // Params were validated with the definition; the compiler added the source params.
    const { $source, $extras, ...own } = params as GuardSourceParams & Record<string, unknown>;
    return evaluateGuard(
      { type, params: own } as GuardRef,
      { $source, $extras },
      context,
      event,
      upward,
    );
  };
}

function buildSetup(delays: Record<string, number>, upward: ReadonlySet<string>) {
  const guards = Object.fromEntries(
    GUARD_TYPES.map((type) => [type, catalogueGuard(type, upward)]),
  );
  const actions = Object.fromEntries(ACTION_TYPES.map((type) => [type, noop]));
  return setup({
    types: {
      context: {} as EngineContext,
      events: {} as EngineEvent,
      input: {} as MachineInput,
    },
    guards: {
      ...guards,
      /** SUBMIT / TIMEOUT on a step fire only for the step's own task (or when no task is named). */
      'shuping.taskIs': ({ event }, params: { taskKey: string }) =>
        event.taskKey === undefined || event.taskKey === params.taskKey,
      /** A SUBMIT for one of the state's extra tasks not yet submitted in this visit. */
      'shuping.isExtraOf': (
        { context, event },
        params: { stateKey: string; extras: readonly string[] },
      ) => {
        const key = event.taskKey;
        return (
          key !== undefined &&
          params.extras.includes(key) &&
          context.extrasDone[key] !== (context.visits[params.stateKey] ?? 0)
        );
      },
    },
    actions: {
      ...actions,
      /** Marker returned to the engine when an objection was accepted (becomes a record effect). */
      'shuping.objection': noop,
      'shuping.enter': assign(({ context }, params: { stateKey: string }) => ({
        visits: {
          ...context.visits,
          [params.stateKey]: (context.visits[params.stateKey] ?? 0) + 1,
        },
      })),
      'shuping.recordSubmit': assign(
        ({ context, event }, params: { stateKey: string | null; facts: boolean }) => {
          const key = event.taskKey ?? params.stateKey;
          const data = toJsonObject(event.data);
          return {
            facts: params.facts ? applySubmission(context.facts, data) : context.facts,
            results: key ? { ...context.results, [key]: data } : context.results,
          };
        },
      ),
      'shuping.recordTimeout': assign(({ context }, params: { stateKey: string }) => ({
        results: {
          ...context.results,
          [params.stateKey]: { ...(context.results[params.stateKey] ?? {}), timedOut: true },
        },
      })),
      'shuping.recordObjection': assign(({ context, event }) => ({
        facts: applyObjection(context.facts),
        results: {
          ...context.results,
          objections: { count: context.facts.objections + 1, last: toJsonObject(event.data) },
        },
      })),
      'shuping.recordExtra': assign(({ context, event }, params: { stateKey: string }) => {
        const key = event.taskKey ?? '';
        return {
          results: { ...context.results, [key]: toJsonObject(event.data) },
          extrasDone: { ...context.extrasDone, [key]: context.visits[params.stateKey] ?? 0 },
        };
      }),
    },
    delays,
  });
}

function withSource(
  action: ActionRef,
  source: StateInfo,
): { type: string; params: Record<string, unknown> } {
  return { type: action.type, params: { ...action.params, $source: source.stateKey } };
}

function compileGuard(
  guard: GuardRef | undefined,
  source: StateInfo,
  event: string | null,
): CompiledGuard | undefined {
  const own: CompiledGuard | undefined = guard
    ? {
        type: guard.type,
        params: {
          ...(guard.params ?? {}),
          $source: source.stateKey,
          $extras: extrasOf(source).map((e) => e.taskKey),
        },
      }
    : undefined;
  if (event !== null && TASK_EVENTS.includes(event) && isTaskState(source)) {
    const taskIs = { type: 'shuping.taskIs', params: { taskKey: source.stateKey } };
    return own ? and([taskIs, own] as never) : taskIs;
  }
  return own;
}

/** Steps of the 下述上评 direction: their data is about the superior, so it is not a fact. */
export function isUpward(info: StateInfo): boolean {
  const form: unknown = info.meta?.kind === 'group' ? undefined : info.meta?.form;
  return (
    typeof form === 'object' && form !== null && 'direction' in form && form.direction === 'upward'
  );
}

function recordActions(
  event: string | null,
  source: StateInfo,
): { type: string; params?: Record<string, unknown> }[] {
  const task = isTaskState(source);
  switch (event) {
    case EngineEvents.Submit:
      return [
        {
          type: 'shuping.recordSubmit',
          params: { stateKey: task ? source.stateKey : null, facts: !isUpward(source) },
        },
      ];
    case EngineEvents.Timeout:
      return task ? [{ type: 'shuping.recordTimeout', params: { stateKey: source.stateKey } }] : [];
    case EngineEvents.Object:
      return [
        { type: 'shuping.recordObjection' },
        { type: 'shuping.objection', params: { $source: source.stateKey } },
      ];
    default:
      return [];
  }
}

function compileTransitions(
  config: TransitionConfig | undefined,
  source: StateInfo,
  event: string | null,
): object[] {
  return toTransitionList(config).map((t) => {
    const guard = compileGuard(t.guard, source, event);
    return {
      ...(t.target !== undefined ? { target: t.target } : {}),
      ...(t.reenter !== undefined ? { reenter: t.reenter } : {}),
      ...(guard !== undefined ? { guard } : {}),
      actions: [
        ...recordActions(event, source),
        ...toActionList(t.actions).map((a) => withSource(a, source)),
      ],
      ...(t.description !== undefined ? { description: t.description } : {}),
    };
  });
}

function compileState(info: StateInfo): Record<string, unknown> {
  const { node } = info;
  const config: Record<string, unknown> = {};
  if (node.id !== undefined) {
    config['id'] = node.id;
  }
  if (info.type !== 'atomic' && info.type !== 'compound') {
    config['type'] = info.type;
  }
  if (node.initial !== undefined) {
    config['initial'] = node.initial;
  }
  if (node.history !== undefined) {
    config['history'] = node.history;
  }
  if (node.target !== undefined) {
    config['target'] = node.target;
  }
  if (node.meta !== undefined) {
    config['meta'] = node.meta;
  }
  if (node.description !== undefined) {
    config['description'] = node.description;
  }
  if (info.type === 'history') {
    return config;
  }
  config['entry'] = [
    { type: 'shuping.enter', params: { stateKey: info.stateKey } },
    ...toActionList(node.entry).map((a) => withSource(a, info)),
  ];
  config['exit'] = toActionList(node.exit).map((a) => withSource(a, info));
  if (info.children.length > 0) {
    config['states'] = Object.fromEntries(
      info.children.map((c) => [c.path[c.path.length - 1], compileState(c)]),
    );
  }
  const on: Record<string, unknown> = Object.fromEntries(
    Object.entries(node.on ?? {}).map(([event, t]) => [event, compileTransitions(t, info, event)]),
  );
  const extras = extrasOf(info).map((e) => e.taskKey);
  if (extras.length > 0) {
    // Extra tasks are recorded by the state itself, before its own SUBMIT transitions are tried.
    const own = (on[EngineEvents.Submit] as object[] | undefined) ?? [];
    on[EngineEvents.Submit] = [
      {
        guard: { type: 'shuping.isExtraOf', params: { stateKey: info.stateKey, extras } },
        actions: [{ type: 'shuping.recordExtra', params: { stateKey: info.stateKey } }],
      },
      ...own,
    ];
  }
  if (Object.keys(on).length > 0) {
    config['on'] = on;
  }
  if (node.always !== undefined) {
    config['always'] = compileTransitions(node.always, info, null);
  }
  if (node.after !== undefined) {
    config['after'] = Object.fromEntries(
      Object.entries(node.after).map(([delay, t]) => [delay, compileTransitions(t, info, null)]),
    );
  }
  if (node.onDone !== undefined) {
    config['onDone'] = compileTransitions(node.onDone, info, null);
  }
  return config;
}

function compileRoot(graph: DefinitionGraph): Record<string, unknown> {
  const root = graph.root;
  const on = Object.fromEntries(
    Object.entries(root.node.on ?? {}).map(([event, t]) => [
      event,
      compileTransitions(t, root, event),
    ]),
  );
  return {
    id: graph.machineId,
    ...(root.type === 'parallel' ? { type: 'parallel' } : { initial: root.node.initial }),
    context: ({ input }: { input: MachineInput }) => createInitialContext(input.data, input.facts),
    states: Object.fromEntries(
      root.children.map((c) => [c.path[c.path.length - 1], compileState(c)]),
    ),
    on,
    entry: toActionList(root.node.entry).map((a) => withSource(a, root)),
    exit: toActionList(root.node.exit).map((a) => withSource(a, root)),
  };
}

function allDelays(graph: DefinitionGraph): Record<string, number> {
  const delays: Record<string, number> = {};
  for (const s of graph.states) {
    for (const key of Object.keys(s.node.after ?? {})) {
      // XState needs a number to treat `after` as delayed; the engine computes real due times.
      delays[key] = Math.max(1, approximateDurationMs(key));
    }
  }
  return delays;
}

/**
 * Builds the XState machine of a parsed definition and resolves every transition once, so that
 * anything XState rejects is reported as a definition problem instead of failing at run time.
 */
export function buildCompiled(
  definition: WorkflowDefinition,
  graph: DefinitionGraph,
): CompiledDefinition | ValidationIssue[] {
  let machine: EngineMachine;
  const afters = new Map<string, AfterSpec[]>();
  try {
    const upward = new Set(graph.states.filter(isUpward).map((s) => s.stateKey));
    const machineSetup = buildSetup(allDelays(graph), upward);
    machine = machineSetup.createMachine(
      compileRoot(graph) as unknown as Parameters<typeof machineSetup.createMachine>[0],
    );
    for (const info of graph.states) {
      const node = info.parent ? machine.getStateNodeById(info.xstateId) : machine.root;
      // Touching these getters makes XState resolve targets and initial states now.
      void node.transitions;
      void node.always;
      void node.initial;
      if (info.node.after !== undefined) {
        afters.set(
          info.stateKey,
          node.after.map((t) => ({ delay: String(t.delay), eventType: t.eventType })),
        );
      }
    }
  } catch (error) {
    return [
      makeIssue(
        ValidationCode.InvalidField,
        ['machine'],
        error instanceof Error ? error.message : String(error),
      ),
    ];
  }
  const extras = new Map<string, ExtraTaskSpec[]>();
  const guards: { guard: GuardRef; source: StateInfo }[] = [];
  for (const info of graph.states) {
    const list = extrasOf(info);
    if (list.length > 0) {
      extras.set(info.stateKey, list);
    }
    for (const t of info.transitions) {
      if (t.transition.guard) {
        guards.push({ guard: t.transition.guard, source: info });
      }
    }
  }
  return { definition, graph, machine, extras, afters, guards };
}

const byObject = new WeakMap<object, CompiledDefinition>();
const byText = new Map<string, CompiledDefinition>();
const TEXT_CACHE_SIZE = 32;

/**
 * Validates and compiles a definition (cached by object identity and by content).
 * @throws EngineError `ENGINE_INVALID_DEFINITION` with the issues when the definition is invalid.
 */
export function compileDefinition(definition: unknown): CompiledDefinition {
  if (typeof definition === 'object' && definition !== null) {
    const cached = byObject.get(definition);
    if (cached) {
      return cached;
    }
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(definition);
  } catch {
    text = undefined;
  }
  const cachedText = text === undefined ? undefined : byText.get(text);
  if (cachedText) {
    // The same content as another object: this object finds it directly from now on.
    if (typeof definition === 'object' && definition !== null) {
      byObject.set(definition, cachedText);
    }
    return cachedText;
  }
  const parsed = parseDefinition(definition);
  if (!parsed.ok) {
    throw new EngineError(EngineErrorCode.InvalidDefinition, 'invalid definition', parsed.issues);
  }
  const compiled = buildCompiled(parsed.definition, parsed.graph);
  if (Array.isArray(compiled)) {
    throw new EngineError(EngineErrorCode.InvalidDefinition, 'invalid definition', compiled);
  }
  if (typeof definition === 'object' && definition !== null) {
    byObject.set(definition, compiled);
  }
  if (text !== undefined) {
    if (byText.size >= TEXT_CACHE_SIZE) {
      const oldest = byText.keys().next().value;
      if (oldest !== undefined) {
        byText.delete(oldest);
      }
    }
    byText.set(text, compiled);
  }
  return compiled;
}
