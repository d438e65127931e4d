import { GRADES } from '@shuping/engine';

/**
 * Reads the catalogue's JSON Schemas (step forms, guard and action params) into field models the
 * side panel renders. Pure: no React.
 */

export type JsonSchema = Record<string, unknown>;

export type FieldModel =
  | { kind: 'localizedText' }
  | { kind: 'duration' }
  | { kind: 'grade' }
  | { kind: 'assignee' }
  | { kind: 'enum'; values: string[] }
  | { kind: 'text'; pattern?: string }
  | { kind: 'boolean' }
  | { kind: 'number'; integer: boolean; min?: number; max?: number }
  | { kind: 'scalar' }
  | { kind: 'enumList'; values: string[] }
  | { kind: 'gradeList' }
  | { kind: 'list'; item: JsonSchema }
  | { kind: 'object'; schema: JsonSchema }
  | { kind: 'unknown' };

/** Named definitions the designer renders with dedicated inputs. */
const REF_KINDS: Record<string, FieldModel> = {
  LocalizedText: { kind: 'localizedText' },
  Duration: { kind: 'duration' },
  Grade: { kind: 'grade' },
  AssigneeRule: { kind: 'assignee' },
};

function refName(schema: JsonSchema): string | null {
  const ref = schema['$ref'];
  return typeof ref === 'string' && ref.startsWith('#/$defs/')
    ? ref.slice('#/$defs/'.length)
    : null;
}

/** Follows a local `$ref` into the root's `$defs`. */
export function resolveSchema(schema: JsonSchema, root: JsonSchema): JsonSchema {
  const name = refName(schema);
  if (!name) return schema;
  const defs = (root['$defs'] ?? {}) as Record<string, JsonSchema>;
  return defs[name] ?? schema;
}

/** How to edit a value of this schema. */
export function fieldModel(schema: JsonSchema, root: JsonSchema): FieldModel {
  const name = refName(schema);
  if (name && REF_KINDS[name]) return REF_KINDS[name];
  const s = resolveSchema(schema, root);
  if (Array.isArray(s['anyOf']) || Array.isArray(s['oneOf'])) return { kind: 'scalar' };
  if (Array.isArray(s['enum'])) return { kind: 'enum', values: s['enum'] as string[] };
  switch (s['type']) {
    case 'string':
      return typeof s['pattern'] === 'string'
        ? { kind: 'text', pattern: s['pattern'] }
        : { kind: 'text' };
    case 'boolean':
      return { kind: 'boolean' };
    case 'number':
    case 'integer': {
      const min = (s['minimum'] ?? s['exclusiveMinimum']) as number | undefined;
      const max = s['maximum'] as number | undefined;
      return {
        kind: 'number',
        integer: s['type'] === 'integer',
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
      };
    }
    case 'array': {
      const items = (s['items'] ?? {}) as JsonSchema;
      const item = fieldModel(items, root);
      if (item.kind === 'grade') return { kind: 'gradeList' };
      if (item.kind === 'enum') return { kind: 'enumList', values: item.values };
      return { kind: 'list', item: items };
    }
    case 'object':
      return { kind: 'object', schema: s };
    default:
      return { kind: 'unknown' };
  }
}

/** Properties of an object schema, in declaration order, with whether each is required. */
export function objectProperties(
  schema: JsonSchema,
  root: JsonSchema,
): { name: string; schema: JsonSchema; required: boolean }[] {
  const s = resolveSchema(schema, root);
  const required = new Set((s['required'] ?? []) as string[]);
  return Object.entries((s['properties'] ?? {}) as Record<string, JsonSchema>).map(([name, p]) => ({
    name,
    schema: p,
    required: required.has(name),
  }));
}

/**
 * A fresh value for a new list item or required field: keys made unique among `siblings`,
 * texts ready to be renamed, required booleans off, numbers at their minimum.
 */
export function defaultValue(
  schema: JsonSchema,
  root: JsonSchema,
  siblings: readonly unknown[] = [],
  name = '',
): unknown {
  const model = fieldModel(schema, root);
  switch (model.kind) {
    case 'localizedText':
      return { zh: '新项', en: 'New item' };
    case 'duration':
      return 'P1D';
    case 'grade':
      return GRADES[0];
    case 'assignee':
      return { role: 'selfSecretary' };
    case 'enum':
      return model.values[0];
    case 'text': {
      if (name !== 'key') return '';
      const taken = new Set(
        siblings.map((s) =>
          s && typeof s === 'object' ? (s as { key?: unknown }).key : undefined,
        ),
      );
      let i = siblings.length + 1;
      while (taken.has(`item${i}`)) i += 1;
      return `item${i}`;
    }
    case 'boolean':
      return false;
    case 'number':
      return model.min !== undefined && model.min > 0 ? model.min : 0;
    case 'scalar':
      return '';
    case 'enumList':
    case 'gradeList':
    case 'list':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const p of objectProperties(model.schema, root)) {
        if (p.required) out[p.name] = defaultValue(p.schema, root, siblings, p.name);
      }
      return out;
    }
    case 'unknown':
      return undefined;
  }
}

/** Reads a scalar typed as text: `true` / `false`, a number, else the text. */
export function parseScalar(text: string): string | number | boolean {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
  return text;
}
