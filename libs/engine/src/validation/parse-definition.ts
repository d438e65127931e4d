import { buildDefinitionGraph, type DefinitionGraph } from '../definition/definition-graph.js';
import {
  workflowDefinitionSchema,
  type WorkflowDefinition,
} from '../definition/definition.schema.js';
import {
  checkDefinitionLimits,
  DEFINITION_LIMITS,
  type DefinitionLimits,
} from './definition-limits.js';
import { makeIssue } from './issue-messages.js';
import { findDuplicateKeys } from './json-duplicate-keys.util.js';
import { schemaIssues } from './schema-issues.js';
import { semanticIssues } from './semantic-checks.js';
import { ValidationCode, type ValidationIssue } from './validation-code.js';

/** Options of validation. */
export interface ValidationOptions {
  readonly limits?: DefinitionLimits;
}

/** Outcome of parsing: the typed definition and its state index, or the problems. */
export type ParseDefinitionResult =
  | { readonly ok: true; readonly definition: WorkflowDefinition; readonly graph: DefinitionGraph }
  | { readonly ok: false; readonly issues: readonly ValidationIssue[] };

/**
 * Parses and checks a definition object: limits first (cheap, safe on hostile input), then the
 * schema (structure, catalogue names and params), then cross-field rules (ids, targets,
 * reachability, decisions, assignees, deadlines). Never throws on bad input.
 */
export function parseDefinition(
  input: unknown,
  options: ValidationOptions = {},
): ParseDefinitionResult {
  const limitIssues = checkDefinitionLimits(input, options.limits ?? DEFINITION_LIMITS);
  if (limitIssues.length > 0) {
    return { ok: false, issues: limitIssues };
  }
  const parsed = workflowDefinitionSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, issues: schemaIssues(input, parsed.error.issues) };
  }
  const graph = buildDefinitionGraph(parsed.data.machine);
  const issues = semanticIssues(graph);
  if (issues.length > 0) {
    return { ok: false, issues };
  }
  return { ok: true, definition: parsed.data, graph };
}

/** Parses a definition from JSON text: size limit, JSON syntax and duplicate keys, then as above. */
export function parseDefinitionText(
  text: string,
  options: ValidationOptions = {},
): ParseDefinitionResult {
  const limits = options.limits ?? DEFINITION_LIMITS;
  if (text.length > limits.maxJsonChars) {
    return {
      ok: false,
      issues: [
        makeIssue(ValidationCode.DefinitionTooLarge, [], `> ${limits.maxJsonChars} characters`),
      ],
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      issues: [
        makeIssue(ValidationCode.InvalidJson, [], error instanceof Error ? error.message : ''),
      ],
    };
  }
  const duplicates = findDuplicateKeys(text);
  if (duplicates.length > 0) {
    return {
      ok: false,
      issues: duplicates.map((segments) =>
        makeIssue(ValidationCode.DuplicateKey, segments, String(segments[segments.length - 1])),
      ),
    };
  }
  return parseDefinition(value, options);
}
