import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { StepChange } from '../diff/definition-diff';

/** What the canvas shows about one node or edge beyond its definition. */
export interface ElementStatus {
  /** Problems found on the state. */
  readonly issues?: number;
  /** Active now (simulation, running instance). */
  readonly active?: boolean;
  /** Passed through already. */
  readonly completed?: boolean;
  /** Difference from another version. */
  readonly change?: StepChange;
  /** Initial state of its group. */
  readonly initial?: boolean;
}

const EMPTY: ElementStatus = {};

function sameStatus(a: ElementStatus, b: ElementStatus): boolean {
  return (
    a.issues === b.issues &&
    a.active === b.active &&
    a.completed === b.completed &&
    a.change === b.change &&
    a.initial === b.initial
  );
}

/**
 * Per-element statuses with per-element subscriptions: when validation or a simulation step
 * changes the status of three nodes, only those three re-render (nodes stay memoised).
 */
export class StatusStore {
  private statuses = new Map<string, ElementStatus>();
  private listeners = new Map<string, Set<() => void>>();

  get(id: string): ElementStatus {
    return this.statuses.get(id) ?? EMPTY;
  }

  subscribe(id: string, listener: () => void): () => void {
    const set = this.listeners.get(id) ?? new Set<() => void>();
    set.add(listener);
    this.listeners.set(id, set);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(id);
    };
  }

  /** Replaces all statuses; notifies the elements whose status changed. */
  set(next: ReadonlyMap<string, ElementStatus>): void {
    const changed: string[] = [];
    for (const [id, status] of next) {
      const previous = this.statuses.get(id) ?? EMPTY;
      if (!sameStatus(previous, status)) changed.push(id);
    }
    for (const id of this.statuses.keys()) if (!next.has(id)) changed.push(id);
    const merged = new Map<string, ElementStatus>();
    for (const [id, status] of next) {
      const previous = this.statuses.get(id);
      merged.set(id, previous && sameStatus(previous, status) ? previous : status);
    }
    this.statuses = merged;
    for (const id of changed) this.listeners.get(id)?.forEach((l) => l());
  }
}

export const StatusContext = createContext<StatusStore>(new StatusStore());

/** The status of one element, re-rendering only when it changes. */
export function useElementStatus(id: string): ElementStatus {
  const store = useContext(StatusContext);
  const subscribe = useCallback(
    (listener: () => void) => store.subscribe(id, listener),
    [store, id],
  );
  return useSyncExternalStore(subscribe, () => store.get(id));
}

/** Status key of an edge (nodes use their ids). */
export const edgeStatusId = (edgeId: string) => `edge:${edgeId}`;
