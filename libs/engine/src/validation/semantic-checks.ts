import { isDuration } from '../calendar/duration.util.js';
import type { ActionRef } from '../definition/action-catalogue.js';
import { actionInfo } from '../definition/action-catalogue.js';
import {
  ancestorsOf,
  resolveTarget,
  toActionList,
  type DefinitionGraph,
  type StateInfo,
} from '../definition/definition-graph.js';
import type { GuardRef } from '../definition/guard-catalogue.js';
import { isDelayType } from '../definition/delay-catalogue.js';
import { isHumanKind } from '../definition/step-kinds.js';
import { RESERVED_EVENTS, DEFAULT_AUTO_ADVANCE_EVENT } from '../runtime/engine-event.js';
import { decisionIsCovered } from './decision-coverage.js';
import { makeIssue } from './issue-messages.js';
import { analyseReachability } from './reachability.js';
import { ValidationCode, type ValidationIssue } from './validation-code.js';

type Segments = readonly (string | number)[];

function checkIds(graph: DefinitionGraph, out: ValidationIssue[]): void {
  const owners = new Map<string, StateInfo[]>();
  for (const s of graph.states) {
    owners.set(s.xstateId, [...(owners.get(s.xstateId) ?? []), s]);
  }
  for (const [id, list] of owners) {
    if (list.length > 1) {
      for (const s of list.slice(1)) {
        out.push(makeIssue(ValidationCode.DuplicateId, [...s.pathSegments, 'id'], id, s.stateKey));
      }
    }
  }
}

function checkStructure(s: StateInfo, out: ValidationIssue[]): void {
  const { node } = s;
  const hasChildren = s.children.length > 0;
  const hasTransitions = s.transitions.length > 0;
  const at = (field?: string): Segments => (field ? [...s.pathSegments, field] : s.pathSegments);
  switch (s.type) {
    case 'compound': {
      if (!hasChildren) {
        out.push(
          makeIssue(
            ValidationCode.InvalidStateType,
            at('type'),
            'compound without states',
            s.stateKey,
          ),
        );
      } else if (node.initial === undefined) {
        out.push(
          makeIssue(
            ValidationCode.InvalidInitial,
            s.pathSegments,
            'missing initial',
            s.stateKey || undefined,
          ),
        );
      } else if (!s.children.some((c) => c.path[c.path.length - 1] === node.initial)) {
        out.push(
          makeIssue(
            ValidationCode.InvalidInitial,
            at('initial'),
            node.initial,
            s.stateKey || undefined,
          ),
        );
      }
      break;
    }
    case 'parallel':
      if (!hasChildren) {
        out.push(
          makeIssue(
            ValidationCode.InvalidStateType,
            at('type'),
            'parallel without regions',
            s.stateKey,
          ),
        );
      }
      break;
    case 'final':
      if (hasChildren || hasTransitions) {
        out.push(
          makeIssue(
            ValidationCode.InvalidStateType,
            s.pathSegments,
            'final states have no children or transitions',
            s.stateKey,
          ),
        );
      }
      break;
    case 'history':
      if (hasChildren || hasTransitions || !s.parent) {
        out.push(
          makeIssue(
            ValidationCode.InvalidStateType,
            s.pathSegments,
            'history states have no children or transitions',
            s.stateKey,
          ),
        );
      }
      break;
    case 'atomic':
      if (hasChildren) {
        out.push(
          makeIssue(
            ValidationCode.InvalidStateType,
            at('type'),
            'atomic state with states',
            s.stateKey,
          ),
        );
      }
      break;
  }
  if (s.type !== 'compound' && s.type !== 'parallel' && node.onDone !== undefined) {
    out.push(
      makeIssue(
        ValidationCode.InvalidStateType,
        at('onDone'),
        'onDone needs a compound or parallel state',
        s.stateKey,
      ),
    );
  }
}

function checkKind(s: StateInfo, out: ValidationIssue[]): void {
  const kind = s.meta?.kind;
  const at: Segments = [...s.pathSegments, 'meta', 'kind'];
  const container = s.type === 'compound' || s.type === 'parallel';
  if (container) {
    if (kind !== undefined && kind !== 'group') {
      out.push(
        makeIssue(
          ValidationCode.KindNotAllowed,
          at,
          `${kind} on a ${s.type} state (use group)`,
          s.stateKey,
        ),
      );
    }
    return;
  }
  if (kind === 'group') {
    out.push(
      makeIssue(ValidationCode.KindNotAllowed, at, `group on a ${s.type} state`, s.stateKey),
    );
    return;
  }
  if (s.type === 'final') {
    if (kind !== undefined && kind !== 'end') {
      out.push(
        makeIssue(
          ValidationCode.KindNotAllowed,
          at,
          `${kind} on a final state (use end)`,
          s.stateKey,
        ),
      );
    }
    return;
  }
  if (s.type === 'history') {
    return;
  }
  if (kind === undefined) {
    out.push(makeIssue(ValidationCode.MissingStepKind, s.pathSegments, s.stateKey, s.stateKey));
  } else if (kind === 'end') {
    out.push(
      makeIssue(
        ValidationCode.KindNotAllowed,
        at,
        'end on a non-final state (add type: final)',
        s.stateKey,
      ),
    );
  }
}

function handlesEvent(s: StateInfo, event: string): boolean {
  return [s, ...ancestorsOf(s)].some((a) => a.node.on?.[event] !== undefined);
}

function checkStep(s: StateInfo, out: ValidationIssue[]): void {
  const meta = s.meta;
  if (!meta || meta.kind === 'group') {
    return;
  }
  const metaAt: Segments = [...s.pathSegments, 'meta'];
  const human = isHumanKind(meta.kind) && s.type === 'atomic';
  if (human && meta.assignee === undefined) {
    out.push(makeIssue(ValidationCode.MissingAssignee, metaAt, s.stateKey, s.stateKey));
  }
  if (meta.kind === 'rating' && meta.assignee?.role === 'raters' && meta.form?.raterGroups) {
    const known = new Set(meta.form.raterGroups.map((g) => g.key));
    meta.assignee.groups.forEach((group, i) => {
      if (!known.has(group)) {
        out.push(
          makeIssue(
            ValidationCode.InvalidAssignee,
            [...metaAt, 'assignee', 'groups', i],
            `unknown rater group ${group}`,
            s.stateKey,
          ),
        );
      }
    });
  }
  const hasLadder = meta.reminders !== undefined || meta.escalation !== undefined;
  if (!human && (meta.deadline !== undefined || hasLadder)) {
    out.push(
      makeIssue(
        ValidationCode.InvalidEscalation,
        metaAt,
        'deadlines and escalation belong to human steps',
        s.stateKey,
      ),
    );
    return;
  }
  if (hasLadder && meta.deadline === undefined) {
    out.push(
      makeIssue(
        ValidationCode.InvalidEscalation,
        metaAt,
        'reminders or escalation without a deadline',
        s.stateKey,
      ),
    );
  }
  const auto = meta.escalation?.autoAdvance;
  if (auto) {
    if (auto.at === 'grace' && meta.escalation?.grace === undefined) {
      out.push(
        makeIssue(
          ValidationCode.InvalidEscalation,
          [...metaAt, 'escalation', 'autoAdvance'],
          'auto-advance at grace without a grace period',
          s.stateKey,
        ),
      );
    }
    const event = auto.event ?? DEFAULT_AUTO_ADVANCE_EVENT;
    if (!handlesEvent(s, event)) {
      out.push(
        makeIssue(
          ValidationCode.AutoAdvanceUnhandled,
          [...metaAt, 'escalation', 'autoAdvance'],
          event,
          s.stateKey,
        ),
      );
    }
  }
}

function delaySourceOk(s: StateInfo, delay: string): boolean {
  if (isDuration(delay)) {
    return true;
  }
  if (!isDelayType(delay)) {
    return false;
  }
  const meta = s.meta;
  switch (delay) {
    case 'stepDeadline':
      return meta !== undefined && meta.kind !== 'group' && meta.deadline !== undefined;
    case 'publicityPeriod':
      return meta?.kind === 'publicity' && meta.form?.period !== undefined;
    case 'waitPeriod':
      return meta?.kind === 'wait' && meta.form?.duration !== undefined;
    default:
      return false;
  }
}

function checkActions(
  graph: DefinitionGraph,
  s: StateInfo,
  actions: readonly ActionRef[],
  position: 'entry' | 'exit' | 'transition',
  base: Segments,
  inList: boolean,
  out: ValidationIssue[],
): void {
  actions.forEach((action, i) => {
    const at: Segments = inList ? [...base, i] : base;
    if (
      !actionInfo[action.type].positions.includes(position) ||
      (action.type === 'openTasks' && !s.parent)
    ) {
      out.push(
        makeIssue(
          ValidationCode.ActionNotAllowedHere,
          at,
          `${action.type} in ${position}`,
          s.stateKey || undefined,
        ),
      );
    }
    if (
      action.type === 'recordResult' &&
      action.params.step !== undefined &&
      !graph.byKey.has(action.params.step)
    ) {
      out.push(
        makeIssue(
          ValidationCode.InvalidParams,
          [...at, 'params', 'step'],
          action.params.step,
          s.stateKey || undefined,
        ),
      );
    }
    if (action.type === 'openTasks') {
      const keys = action.params.tasks.map((t) => t.key);
      if (new Set(keys).size !== keys.length) {
        out.push(
          makeIssue(
            ValidationCode.InvalidParams,
            [...at, 'params', 'tasks'],
            'duplicate task keys',
            s.stateKey,
          ),
        );
      }
    }
  });
}

function checkGuard(
  graph: DefinitionGraph,
  s: StateInfo,
  guard: GuardRef,
  at: Segments,
  out: ValidationIssue[],
): void {
  if (
    guard.type === 'resultEquals' &&
    guard.params.step !== undefined &&
    !graph.byKey.has(guard.params.step)
  ) {
    out.push(
      makeIssue(
        ValidationCode.InvalidParams,
        [...at, 'params', 'step'],
        guard.params.step,
        s.stateKey || undefined,
      ),
    );
  }
}

function checkTransitions(graph: DefinitionGraph, s: StateInfo, out: ValidationIssue[]): void {
  const state = s.stateKey || undefined;
  for (const event of Object.keys(s.node.on ?? {})) {
    if ((RESERVED_EVENTS as readonly string[]).includes(event)) {
      out.push(
        makeIssue(ValidationCode.ReservedEvent, [...s.pathSegments, 'on', event], event, state),
      );
    }
  }
  for (const delay of Object.keys(s.node.after ?? {})) {
    if (!delaySourceOk(s, delay)) {
      out.push(
        makeIssue(ValidationCode.InvalidDelay, [...s.pathSegments, 'after', delay], delay, state),
      );
    }
  }
  for (const t of s.transitions) {
    t.targets.forEach((target, i) => {
      if (!resolveTarget(graph, s, target)) {
        const at = t.shorthand
          ? t.pathSegments
          : Array.isArray(t.transition.target)
            ? [...t.pathSegments, 'target', i]
            : [...t.pathSegments, 'target'];
        const hint = s.parent ? target : `${target} (from the root use .${target})`;
        out.push(makeIssue(ValidationCode.UnknownTarget, at, hint, state));
      }
    });
    if (t.transition.guard) {
      checkGuard(graph, s, t.transition.guard, [...t.pathSegments, 'guard'], out);
    }
    const actions = t.transition.actions;
    checkActions(
      graph,
      s,
      toActionList(actions),
      'transition',
      [...t.pathSegments, 'actions'],
      Array.isArray(actions),
      out,
    );
  }
  checkActions(
    graph,
    s,
    toActionList(s.node.entry),
    'entry',
    [...s.pathSegments, 'entry'],
    Array.isArray(s.node.entry),
    out,
  );
  checkActions(
    graph,
    s,
    toActionList(s.node.exit),
    'exit',
    [...s.pathSegments, 'exit'],
    Array.isArray(s.node.exit),
    out,
  );
}

function checkDecision(s: StateInfo, out: ValidationIssue[]): void {
  if (s.meta?.kind !== 'decision') {
    return;
  }
  const branches = s.transitions.filter((t) => t.slot.kind === 'always').map((t) => t.transition);
  const waits = s.transitions.some((t) => t.slot.kind === 'on' || t.slot.kind === 'after');
  if (branches.length === 0) {
    out.push(
      makeIssue(
        ValidationCode.InvalidDecision,
        s.pathSegments,
        'a decision needs always branches',
        s.stateKey,
      ),
    );
    return;
  }
  if (waits) {
    out.push(
      makeIssue(
        ValidationCode.InvalidDecision,
        s.pathSegments,
        'a decision does not wait for events',
        s.stateKey,
      ),
    );
  }
  if (!decisionIsCovered(branches)) {
    out.push(
      makeIssue(
        ValidationCode.DecisionNotCovered,
        [...s.pathSegments, 'always'],
        s.stateKey,
        s.stateKey,
      ),
    );
  }
}

function checkReachability(graph: DefinitionGraph, out: ValidationIssue[]): void {
  const { reachable, live } = analyseReachability(graph);
  for (const s of graph.states) {
    if (!s.parent || s.type === 'history') {
      continue;
    }
    if (!reachable.has(s)) {
      // Report the top of an unreachable subtree only.
      if (reachable.has(s.parent)) {
        out.push(
          makeIssue(ValidationCode.UnreachableState, s.pathSegments, s.stateKey, s.stateKey),
        );
      }
      continue;
    }
    const leaf = s.type === 'atomic' || s.type === 'final';
    if (leaf && !live.has(s)) {
      out.push(makeIssue(ValidationCode.NoPathToFinal, s.pathSegments, s.stateKey, s.stateKey));
    }
  }
}

/** Cross-field checks of a schema-valid definition. */
export function semanticIssues(graph: DefinitionGraph): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  checkIds(graph, out);
  for (const s of graph.states) {
    checkStructure(s, out);
    if (s.parent) {
      checkKind(s, out);
      checkStep(s, out);
      checkDecision(s, out);
    }
    checkTransitions(graph, s, out);
  }
  // Reachability only makes sense on a well-formed graph.
  if (
    !out.some(
      (i) => i.code === ValidationCode.UnknownTarget || i.code === ValidationCode.InvalidInitial,
    )
  ) {
    checkReachability(graph, out);
  }
  return out;
}
