import type { GuardField, StepFormContext } from '@shuping/contracts';
import { buildDefinitionGraph, type StateInfo, type WorkflowDefinition } from '@shuping/engine';

const graphs = new WeakMap<WorkflowDefinition, ReturnType<typeof buildDefinitionGraph>>();

function graphOf(definition: WorkflowDefinition): ReturnType<typeof buildDefinitionGraph> {
  let graph = graphs.get(definition);
  if (!graph) {
    graph = buildDefinitionGraph(definition.machine);
    graphs.set(definition, graph);
  }
  return graph;
}

function assigneeRole(info: StateInfo | undefined): string | null {
  const meta = info?.meta as { assignee?: { role?: string } } | undefined;
  return meta?.assignee?.role ?? null;
}

/**
 * The fields of a step's data that the definition's guards read: every `resultEquals` guard
 * that names the step (explicitly, or implicitly from the step's own transitions).
 */
export function guardFieldsOf(definition: WorkflowDefinition, stateKey: string): GuardField[] {
  const fields = new Map<string, GuardField>();
  for (const info of graphOf(definition).states) {
    for (const entry of info.transitions) {
      const guard = entry.transition.guard;
      if (guard?.type !== 'resultEquals') continue;
      const step = guard.params.step ?? info.stateKey;
      if (step !== stateKey) continue;
      const value = guard.params.value;
      const type = typeof value as 'boolean' | 'string' | 'number';
      const known = fields.get(guard.params.field);
      if (known) {
        if (!known.values.includes(value)) known.values.push(value);
        continue;
      }
      fields.set(guard.params.field, {
        field: guard.params.field,
        type,
        values: [value],
        label: entry.transition.meta?.label ?? null,
      });
    }
  }
  return [...fields.values()];
}

/**
 * Rectification steps done by the organisation itself list and carry out the items
 * (`executor`); steps done by anyone else check them (`reviewer`).
 */
export function rectificationModeOf(
  definition: WorkflowDefinition,
  stateKey: string,
): 'executor' | 'reviewer' {
  return assigneeRole(graphOf(definition).byKey.get(stateKey)) === 'selfSecretary'
    ? 'executor'
    : 'reviewer';
}

/** True when the process has a separate review step for its rectification items. */
export function hasRectificationReview(definition: WorkflowDefinition): boolean {
  return graphOf(definition).states.some(
    (s) =>
      (s.meta as { kind?: string } | undefined)?.kind === 'rectification' &&
      assigneeRole(s) !== 'selfSecretary',
  );
}

/** Everything that shapes the form of the task at `stateKey`. */
export function stepFormContextOf(
  definition: WorkflowDefinition,
  stateKey: string,
  kind: string,
  settings: unknown,
): StepFormContext {
  const context: StepFormContext = {
    kind,
    settings,
    guardFields: guardFieldsOf(definition, stateKey),
  };
  if (kind === 'rectification') {
    context.rectificationMode = rectificationModeOf(definition, stateKey);
    context.verifyBeforeSubmit =
      context.rectificationMode === 'executor' && !hasRectificationReview(definition);
  }
  return context;
}

/** The title of a state of a definition. */
export function stateTitle(
  definition: WorkflowDefinition,
  stateKey: string,
): { zh: string; en: string } | null {
  const meta = graphOf(definition).byKey.get(stateKey)?.meta as
    { title?: { zh: string; en: string } } | undefined;
  return meta?.title ?? null;
}

/** Human step states of a definition in document order, with their kinds. */
export function humanSteps(
  definition: WorkflowDefinition,
): { stateKey: string; kind: string; title: { zh: string; en: string } }[] {
  return graphOf(definition).states.flatMap((s) => {
    const meta = s.meta as { kind?: string; title?: { zh: string; en: string } } | undefined;
    return s.type === 'atomic' && meta?.kind && meta.title && assigneeRole(s)
      ? [{ stateKey: s.stateKey, kind: meta.kind, title: meta.title }]
      : [];
  });
}
