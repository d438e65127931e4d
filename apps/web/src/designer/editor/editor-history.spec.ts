import { definitionToGraph } from '../graph/definition-to-graph';
import { addItem, select } from '../graph/graph-operations';
import type { DesignerGraph } from '../graph/graph.types';
import { HISTORY_LIMIT, historyReducer, initialHistory, isDirty } from './editor-history';

const blank = (): DesignerGraph =>
  definitionToGraph({
    id: 'blank',
    schemaVersion: 1,
    name: { zh: '新流程', en: 'New process' },
    machine: { id: 'blank', states: {} },
  });

describe('editor history', () => {
  it('undoes and redoes edits, not selections', () => {
    const start = blank();
    let h = initialHistory(start);
    const one = addItem(start, 'rating', { x: 0, y: 0 }).graph;
    h = historyReducer(h, { type: 'record', graph: one });
    h = historyReducer(h, { type: 'replace', graph: select(one, ['rating']) });
    expect(h.past).toHaveLength(1);
    expect(isDirty(h)).toBe(true);
    h = historyReducer(h, { type: 'undo' });
    expect(h.present).toBe(start);
    expect(isDirty(h)).toBe(false);
    h = historyReducer(h, { type: 'redo' });
    expect(h.present.nodes.some((n) => n.id === 'rating')).toBe(true);
    // A new edit clears what could be redone.
    h = historyReducer(h, { type: 'undo' });
    h = historyReducer(h, { type: 'record', graph: addItem(start, 'talk', { x: 0, y: 0 }).graph });
    expect(h.future).toEqual([]);
  });

  it('records a drag as one step and caps the history', () => {
    const start = blank();
    let h = initialHistory(start);
    h = historyReducer(h, { type: 'beginGesture' });
    let g = start;
    for (let i = 0; i < 5; i += 1) {
      g = { ...g, nodes: [...g.nodes] };
      h = historyReducer(h, { type: 'replace', graph: g });
    }
    h = historyReducer(h, { type: 'endGesture', graph: g });
    expect(h.past).toEqual([start]);
    for (let i = 0; i < HISTORY_LIMIT + 20; i += 1) {
      h = historyReducer(h, { type: 'record', graph: { ...h.present } });
    }
    expect(h.past).toHaveLength(HISTORY_LIMIT);
  });

  it('knows what was saved', () => {
    const start = blank();
    const edited = addItem(start, 'talk', { x: 0, y: 0 }).graph;
    let h = historyReducer(initialHistory(start), { type: 'record', graph: edited });
    h = historyReducer(h, { type: 'saved', graph: edited });
    expect(isDirty(h)).toBe(false);
    h = historyReducer(h, { type: 'replace', graph: select(edited, ['talk']) });
    expect(isDirty(h)).toBe(false);
  });
});
