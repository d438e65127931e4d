import { makeIssue } from './issue-messages.js';
import { ValidationCode, type ValidationIssue } from './validation-code.js';

/** Hard limits that keep validation fast and safe on hostile input. */
export interface DefinitionLimits {
  /** Maximum size of the JSON text (characters; estimated for objects). */
  readonly maxJsonChars: number;
  /** Maximum JSON nesting depth (objects and arrays). */
  readonly maxJsonDepth: number;
  /** Maximum number of states (all levels). */
  readonly maxStates: number;
  /** Maximum nesting depth of states. */
  readonly maxStateDepth: number;
}

/** Default limits: generous for real county processes (tens of states), tight for abuse. */
export const DEFINITION_LIMITS: DefinitionLimits = {
  maxJsonChars: 2_000_000,
  maxJsonDepth: 64,
  maxStates: 2000,
  maxStateDepth: 10,
};

const MAX_REPORTED = 20;

interface Frame {
  readonly value: unknown;
  readonly depth: number;
  /** Nesting of states: 0 outside `machine`, 1 for the root's children, ... */
  readonly stateDepth: number;
  readonly segments: readonly (string | number)[];
  /** True when `value` is the `states` map of a state. */
  readonly isStatesMap: boolean;
}

/**
 * Walks raw input iteratively (no recursion, so no stack overflow) and reports size, depth and
 * state-count limits, and functions anywhere. Stops at the first limit exceeded.
 */
export function checkDefinitionLimits(
  input: unknown,
  limits: DefinitionLimits = DEFINITION_LIMITS,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  let chars = 0;
  let states = 0;
  const stack: Frame[] = [
    { value: input, depth: 0, stateDepth: 0, segments: [], isStatesMap: false },
  ];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, depth, segments } = frame;
    if (depth > limits.maxJsonDepth) {
      return [makeIssue(ValidationCode.NestingTooDeep, segments, `> ${limits.maxJsonDepth}`)];
    }
    if (typeof value === 'function') {
      if (issues.length < MAX_REPORTED) {
        issues.push(makeIssue(ValidationCode.CodeNotAllowed, segments, 'function'));
      }
      continue;
    }
    if (typeof value === 'string') {
      chars += value.length + 3;
    } else if (typeof value !== 'object' || value === null) {
      chars += 8;
    } else if (Array.isArray(value)) {
      chars += 2 + value.length;
      for (let i = value.length - 1; i >= 0; i -= 1) {
        stack.push({
          value: value[i] as unknown,
          depth: depth + 1,
          stateDepth: frame.stateDepth,
          segments: [...segments, i],
          isStatesMap: false,
        });
      }
    } else {
      const entries = Object.entries(value);
      chars += 2 + entries.length;
      if (frame.isStatesMap) {
        states += entries.length;
        if (states > limits.maxStates) {
          return [makeIssue(ValidationCode.TooManyStates, segments, `> ${limits.maxStates}`)];
        }
        if (frame.stateDepth > limits.maxStateDepth) {
          return [
            makeIssue(ValidationCode.StateNestingTooDeep, segments, `> ${limits.maxStateDepth}`),
          ];
        }
      }
      for (let i = entries.length - 1; i >= 0; i -= 1) {
        const [key, child] = entries[i] as [string, unknown];
        chars += key.length + 3;
        const childIsStatesMap =
          key === 'states' && !frame.isStatesMap && (depth === 1 || frame.stateDepth > 0);
        stack.push({
          value: child,
          depth: depth + 1,
          stateDepth: childIsStatesMap ? frame.stateDepth + 1 : frame.stateDepth,
          segments: [...segments, key],
          isStatesMap: childIsStatesMap,
        });
      }
    }
    if (chars > limits.maxJsonChars) {
      return [
        makeIssue(ValidationCode.DefinitionTooLarge, [], `> ${limits.maxJsonChars} characters`),
      ];
    }
  }
  return issues;
}
