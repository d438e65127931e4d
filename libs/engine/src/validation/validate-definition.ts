import { buildCompiled } from '../runtime/compile-definition.js';
import {
  parseDefinition,
  parseDefinitionText,
  type ParseDefinitionResult,
  type ValidationOptions,
} from './parse-definition.js';
import type { ValidationIssue } from './validation-code.js';

function withMachineCheck(parsed: ParseDefinitionResult): ValidationIssue[] {
  if (!parsed.ok) {
    return [...parsed.issues];
  }
  const compiled = buildCompiled(parsed.definition, parsed.graph);
  return Array.isArray(compiled) ? compiled : [];
}

/**
 * Validates a definition object; returns every problem found (empty when valid). Checks limits,
 * the schema (catalogue guards, actions, delays, kinds, durations), cross-field rules (ids,
 * targets, reachability, a way to a final state, decision coverage, assignees, deadlines) and
 * that XState accepts the compiled machine. Never throws; fast on huge or hostile input.
 */
export function validateDefinition(
  input: unknown,
  options: ValidationOptions = {},
): ValidationIssue[] {
  return withMachineCheck(parseDefinition(input, options));
}

/** Like {@link validateDefinition}, from JSON text (also reports invalid JSON and duplicate keys). */
export function validateDefinitionText(
  text: string,
  options: ValidationOptions = {},
): ValidationIssue[] {
  return withMachineCheck(parseDefinitionText(text, options));
}
