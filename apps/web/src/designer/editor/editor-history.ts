import type { DesignerGraph } from '../graph/graph.types';

/**
 * Undo / redo over immutable graph snapshots. Unchanged nodes are shared between snapshots, so
 * a step costs one array of references, not a copy of the graph.
 */
export interface EditorHistory {
  readonly past: readonly DesignerGraph[];
  readonly present: DesignerGraph;
  readonly future: readonly DesignerGraph[];
  /** Where a gesture (a drag) started; recorded as one step when it ends. */
  readonly gestureStart: DesignerGraph | null;
  /** The graph as last saved (to tell unsaved changes). */
  readonly saved: DesignerGraph;
}

export const HISTORY_LIMIT = 100;

export type HistoryAction =
  | { type: 'load'; graph: DesignerGraph }
  /** An edit: one undo step. */
  | { type: 'record'; graph: DesignerGraph }
  /** A change that is no edit of its own (selection, measurements, drag frames). */
  | { type: 'replace'; graph: DesignerGraph }
  | { type: 'beginGesture' }
  | { type: 'endGesture'; graph: DesignerGraph }
  | { type: 'undo' }
  | { type: 'redo' }
  | { type: 'saved'; graph: DesignerGraph };

export function initialHistory(graph: DesignerGraph): EditorHistory {
  return { past: [], present: graph, future: [], gestureStart: null, saved: graph };
}

function push(history: EditorHistory, previous: DesignerGraph, next: DesignerGraph): EditorHistory {
  if (previous === next) return { ...history, present: next };
  return {
    ...history,
    past: [...history.past, previous].slice(-HISTORY_LIMIT),
    present: next,
    future: [],
  };
}

export function historyReducer(history: EditorHistory, action: HistoryAction): EditorHistory {
  switch (action.type) {
    case 'load':
      return initialHistory(action.graph);
    case 'record':
      return action.graph === history.present
        ? history
        : push(history, history.present, action.graph);
    case 'replace':
      return action.graph === history.present ? history : { ...history, present: action.graph };
    case 'beginGesture':
      return { ...history, gestureStart: history.present };
    case 'endGesture': {
      const start = history.gestureStart ?? history.present;
      return { ...push(history, start, action.graph), gestureStart: null };
    }
    case 'undo': {
      const previous = history.past[history.past.length - 1];
      if (!previous) return history;
      return {
        ...history,
        past: history.past.slice(0, -1),
        present: previous,
        future: [history.present, ...history.future],
      };
    }
    case 'redo': {
      const [next, ...rest] = history.future;
      if (!next) return history;
      return { ...history, past: [...history.past, history.present], present: next, future: rest };
    }
    case 'saved':
      return { ...history, saved: action.graph };
  }
}

/** True when the present graph differs from the saved one in content (not only selection). */
export function isDirty(history: EditorHistory): boolean {
  return (
    history.present !== history.saved && contentKey(history.present) !== contentKey(history.saved)
  );
}

const contentKeys = new WeakMap<DesignerGraph, string>();

/** A fingerprint of what export would write (ignores selection and measurements); cached. */
export function contentKey(graph: DesignerGraph): string {
  const known = contentKeys.get(graph);
  if (known !== undefined) return known;
  const key = JSON.stringify([
    graph.shell,
    graph.nodes.map((n) => [n.id, n.position, n.data]),
    graph.edges.map((e) => [e.id, e.source, e.target, e.data]),
  ]);
  contentKeys.set(graph, key);
  return key;
}
