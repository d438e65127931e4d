import type { z } from 'zod';
import { DURATION_PATTERN } from '../calendar/duration.util.js';
import { ACTION_TYPES } from '../definition/action-catalogue.js';
import { GUARD_TYPES } from '../definition/guard-catalogue.js';
import { isPlainObject } from '../json.types.js';
import { isCodeLike } from './code-detection.util.js';
import { makeIssue } from './issue-messages.js';
import { ValidationCode, type ValidationIssue } from './validation-code.js';

type Segment = string | number;
type ZodIssue = z.core.$ZodIssue;

interface FlatIssue {
  readonly path: readonly Segment[];
  readonly issue: ZodIssue;
}

/** Where in a definition a path points, following the grammar of state nodes. */
type PathRole =
  | { readonly role: 'other' }
  | { readonly role: 'target' }
  | { readonly role: 'guard'; readonly at: readonly Segment[] }
  | { readonly role: 'action'; readonly at: readonly Segment[] }
  | { readonly role: 'meta'; readonly field: string | undefined };

interface PathInfo {
  readonly role: PathRole;
  /** State keys from the root to the node the path is in. */
  readonly statePath: readonly string[];
}

const durationPatternText = String(DURATION_PATTERN);

function rawAt(root: unknown, path: readonly Segment[]): unknown {
  let current: unknown = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') {
      current = current[segment];
    } else if (isPlainObject(current) && typeof segment === 'string') {
      current = current[segment];
    } else {
      return undefined;
    }
  }
  return current;
}

/** Flattens union errors, keeping the branch that matches the raw value's shape. */
function flatten(issues: readonly ZodIssue[], prefix: readonly Segment[]): FlatIssue[] {
  const out: FlatIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...(issue.path as Segment[])];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const branch = issue.errors.find(
        (branchIssues) =>
          !branchIssues.some((b) => b.code === 'invalid_type' && b.path.length === 0),
      );
      if (branch) {
        out.push(...flatten(branch, path));
        continue;
      }
    }
    if (issue.code === 'invalid_key' && issue.origin === 'record') {
      out.push({ path, issue });
      continue;
    }
    out.push({ path, issue });
  }
  return out;
}

function describeActions(path: readonly Segment[], at: number, statePath: string[]): PathInfo {
  const seg = path[at];
  const end = typeof seg === 'number' ? at + 1 : at;
  return { role: { role: 'action', at: path.slice(0, end) }, statePath };
}

function describeTransition(path: readonly Segment[], at: number, statePath: string[]): PathInfo {
  let i = at;
  if (typeof path[i] === 'number') {
    i += 1;
  }
  const seg = path[i];
  if (seg === 'guard') {
    return { role: { role: 'guard', at: path.slice(0, i + 1) }, statePath };
  }
  if (seg === 'actions') {
    return describeActions(path, i + 1, statePath);
  }
  if (seg === 'target' || seg === undefined) {
    return { role: { role: 'target' }, statePath };
  }
  return { role: { role: 'other' }, statePath };
}

/** Interprets a path: which state it is in, and whether it is a guard, action, key, ... */
export function describePath(path: readonly Segment[]): PathInfo {
  const statePath: string[] = [];
  if (path[0] !== 'machine') {
    return { role: { role: 'other' }, statePath };
  }
  let i = 1;
  for (;;) {
    const seg = path[i];
    switch (seg) {
      case 'states': {
        const key = path[i + 1];
        if (typeof key !== 'string') {
          return { role: { role: 'other' }, statePath };
        }
        statePath.push(key);
        i += 2;
        continue;
      }
      case 'on':
      case 'after':
        return describeTransition(path, i + 2, statePath);
      case 'always':
      case 'onDone':
        return describeTransition(path, i + 1, statePath);
      case 'entry':
      case 'exit':
        return describeActions(path, i + 1, statePath);
      case 'meta': {
        const field = path[i + 1];
        return {
          role: { role: 'meta', field: typeof field === 'string' ? field : undefined },
          statePath,
        };
      }
      default:
        return { role: { role: 'other' }, statePath };
    }
  }
}

function catalogueIssue(
  raw: unknown,
  at: readonly Segment[],
  known: readonly string[],
  unknownCode: ValidationCode,
  state: string,
): ValidationIssue {
  if (isCodeLike(raw)) {
    return makeIssue(
      ValidationCode.CodeNotAllowed,
      at,
      typeof raw === 'string' ? raw : 'function',
      state,
    );
  }
  if (!isPlainObject(raw)) {
    return makeIssue(
      unknownCode,
      at,
      typeof raw === 'string' ? raw : 'expected { type, params }',
      state,
    );
  }
  const { type } = raw;
  if (isCodeLike(type)) {
    return makeIssue(
      ValidationCode.CodeNotAllowed,
      [...at, 'type'],
      typeof type === 'string' ? type : 'function',
      state,
    );
  }
  if (typeof type !== 'string' || !known.includes(type)) {
    return makeIssue(
      unknownCode,
      [...at, 'type'],
      typeof type === 'string' ? type : 'missing type',
      state,
    );
  }
  return makeIssue(ValidationCode.InvalidParams, at, type, state);
}

function classify(input: unknown, flat: FlatIssue): ValidationIssue {
  const { path, issue } = flat;
  const { role, statePath } = describePath(path);
  const state = statePath.join('.');
  const raw = rawAt(input, path);

  if (issue.code === 'invalid_key') {
    const key = path[path.length - 1];
    const keyText = String(key);
    if (isCodeLike(keyText)) {
      return makeIssue(ValidationCode.CodeNotAllowed, path, keyText, state);
    }
    const parent = path[path.length - 2];
    const code =
      parent === 'states'
        ? ValidationCode.InvalidStateKey
        : parent === 'on'
          ? ValidationCode.InvalidEventName
          : parent === 'after'
            ? ValidationCode.InvalidDelay
            : ValidationCode.InvalidField;
    return makeIssue(code, path, keyText, parent === 'states' ? undefined : state);
  }
  if (role.role === 'guard') {
    return catalogueIssue(
      rawAt(input, role.at),
      role.at,
      GUARD_TYPES,
      ValidationCode.UnknownGuard,
      state,
    );
  }
  if (role.role === 'action') {
    return catalogueIssue(
      rawAt(input, role.at),
      role.at,
      ACTION_TYPES,
      ValidationCode.UnknownAction,
      state,
    );
  }
  if (isCodeLike(raw)) {
    return makeIssue(
      ValidationCode.CodeNotAllowed,
      path,
      typeof raw === 'string' ? raw : 'function',
      state,
    );
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    if (keys.some((k) => isCodeLike(k))) {
      return makeIssue(ValidationCode.CodeNotAllowed, path, keys.join(', '), state);
    }
    return makeIssue(
      ValidationCode.UnknownProperty,
      [...path, keys[0] ?? ''],
      keys.join(', '),
      state,
    );
  }
  if (
    issue.code === 'invalid_format' &&
    'pattern' in issue &&
    issue.pattern === durationPatternText
  ) {
    return makeIssue(
      ValidationCode.InvalidDuration,
      path,
      typeof raw === 'string' ? raw : '',
      state,
    );
  }
  if (role.role === 'target') {
    return makeIssue(
      ValidationCode.UnknownTarget,
      path,
      typeof raw === 'string' ? raw : issue.message,
      state,
    );
  }
  if (role.role === 'meta') {
    if (role.field === 'kind' || (role.field === undefined && issue.code === 'invalid_union')) {
      return makeIssue(
        ValidationCode.UnknownStepKind,
        path,
        typeof raw === 'string' ? raw : 'missing kind',
        state,
      );
    }
    if (
      role.field === 'assignee' ||
      path.includes('escalateTo') ||
      path.includes('notifyAfterGrace')
    ) {
      return makeIssue(ValidationCode.InvalidAssignee, path, issue.message, state);
    }
    if (role.field === 'reminders' || role.field === 'deadline') {
      return makeIssue(
        ValidationCode.InvalidDuration,
        path,
        typeof raw === 'string' ? raw : issue.message,
        state,
      );
    }
  }
  return makeIssue(ValidationCode.InvalidField, path, issue.message, state || undefined);
}

/** Turns zod issues of a definition parse into coded, bilingual validation issues. */
export function schemaIssues(input: unknown, issues: readonly ZodIssue[]): ValidationIssue[] {
  const out: ValidationIssue[] = [];
  const seen = new Set<string>();
  for (const flat of flatten(issues, [])) {
    const issue = classify(input, flat);
    const key = `${issue.path}|${issue.code}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}
