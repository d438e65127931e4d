import type { ValidationIssue, WorkflowDefinition } from '@shuping/engine';
import { api } from '../api/client';

/** A definition of the county, as listed. */
export interface DefinitionSummary {
  id: string;
  key: string;
  nameZh: string;
  nameEn: string;
  latestVersion: number;
  updatedAt: string;
}

/** A definition with its draft and the server's validation of it. */
export interface DefinitionDetail extends DefinitionSummary {
  draft: unknown;
  issues: ValidationIssue[];
}

export interface VersionSummary {
  id: string;
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface VersionDetail extends VersionSummary {
  document: WorkflowDefinition;
}

const BASE = '/process-definitions';

export const definitionsApi = {
  list: () => api<DefinitionSummary[]>(BASE),
  get: (id: string) => api<DefinitionDetail>(`${BASE}/${id}`),
  create: (document: WorkflowDefinition) =>
    api<DefinitionDetail>(BASE, { method: 'POST', body: { document } }),
  save: (id: string, document: WorkflowDefinition) =>
    api<DefinitionDetail>(`${BASE}/${id}`, { method: 'PUT', body: { document } }),
  publish: (id: string) => api<VersionSummary>(`${BASE}/${id}/publish`, { method: 'POST' }),
  versions: (id: string) => api<VersionSummary[]>(`${BASE}/${id}/versions`),
  version: (id: string, version: number) => api<VersionDetail>(`${BASE}/${id}/versions/${version}`),
};

/** True when `value` has the shape the designer can draw (the validator judges the rest). */
export function isDrawableDefinition(value: unknown): value is WorkflowDefinition {
  if (!value || typeof value !== 'object') return false;
  const d = value as { id?: unknown; machine?: { id?: unknown; states?: unknown } };
  return (
    typeof d.id === 'string' &&
    typeof d.machine === 'object' &&
    d.machine !== null &&
    typeof d.machine.id === 'string' &&
    typeof d.machine.states === 'object' &&
    d.machine.states !== null &&
    !Array.isArray(d.machine.states)
  );
}

/** True when some state lacks a canvas position (the designer then lays the graph out). */
export function needsLayout(definition: WorkflowDefinition): boolean {
  const visit = (states: WorkflowDefinition['machine']['states']): boolean =>
    Object.values(states).some(
      (s) =>
        (s.meta !== undefined && s.meta.position === undefined) ||
        (s.states !== undefined && visit(s.states)),
    );
  return visit(definition.machine.states);
}
