import { z } from 'zod';
import {
  ACTION_TYPES,
  actionInfo,
  actionParamSchemas,
  type ActionType,
} from './action-catalogue.js';
import { ASSIGNEE_ROLES, assigneeRoleLabels, type AssigneeRole } from './assignee.schema.js';
import type { LocalizedText } from './common.schema.js';
import { DELAY_TYPES, delayInfo, type DelayType } from './delay-catalogue.js';
import { formSchemas } from './form.schema.js';
import { GRADES, type Grade } from './grades.js';
import { GUARD_TYPES, guardInfo, guardParamSchemas, type GuardType } from './guard-catalogue.js';
import { STEP_KINDS, stepKindCatalogue, type StepKind } from './step-kinds.js';

/** A JSON Schema document (draft 2020-12). */
export type JsonSchema = Record<string, unknown>;

/** A step kind of the palette, with the JSON Schema of its form settings. */
export interface StepKindEntry {
  readonly kind: StepKind;
  readonly label: LocalizedText;
  readonly description: LocalizedText;
  readonly human: boolean;
  readonly formSchema: JsonSchema;
}

/** A guard or action of the catalogue, with the JSON Schema of its params. */
export interface CatalogueEntry<T extends string> {
  readonly type: T;
  readonly label: LocalizedText;
  readonly description: LocalizedText;
  readonly paramsSchema: JsonSchema;
}

/** The closed catalogue the designer renders its pickers from (plain JSON). */
export interface Catalogue {
  readonly stepKinds: readonly StepKindEntry[];
  readonly guards: readonly (CatalogueEntry<GuardType> & { readonly reads: readonly string[] })[];
  readonly actions: readonly (CatalogueEntry<ActionType> & {
    readonly positions: readonly ('entry' | 'exit' | 'transition')[];
  })[];
  readonly delays: readonly {
    readonly type: DelayType;
    readonly label: LocalizedText;
    readonly source: string;
  }[];
  readonly assigneeRoles: readonly { readonly role: AssigneeRole; readonly label: LocalizedText }[];
  readonly grades: readonly Grade[];
}

const toSchema = (schema: z.ZodType): JsonSchema =>
  z.toJSONSchema(schema, { target: 'draft-2020-12' });

/**
 * The catalogue of step kinds, guards, actions, delays and assignee roles, with bilingual labels
 * and JSON Schemas of params and forms. Anything not listed here is rejected by validation.
 */
export const catalogue: Catalogue = {
  stepKinds: STEP_KINDS.map((kind) => ({
    kind,
    ...stepKindCatalogue[kind],
    formSchema: toSchema(formSchemas[kind]),
  })),
  guards: GUARD_TYPES.map((type) => ({
    type,
    ...guardInfo[type],
    paramsSchema: toSchema(guardParamSchemas[type]),
  })),
  actions: ACTION_TYPES.map((type) => ({
    type,
    ...actionInfo[type],
    paramsSchema: toSchema(actionParamSchemas[type]),
  })),
  delays: DELAY_TYPES.map((type) => ({ type, ...delayInfo[type] })),
  assigneeRoles: ASSIGNEE_ROLES.map((role) => ({ role, label: assigneeRoleLabels[role] })),
  grades: GRADES,
};
