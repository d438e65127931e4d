import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowDefinition } from '@shuping/engine';
import { stableStringify } from '../diff/definition-diff';
import { definitionToGraph } from './definition-to-graph';
import { layoutWithElk } from './elk-layout';
import { hasOverlaps } from './graph-layout';
import { applyLayout } from './graph-operations';
import { graphToDefinition } from './graph-to-definition';

const load = (file: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'workflows', file), 'utf8')) as WorkflowDefinition;

/** The definition without canvas positions. */
const withoutPositions = (d: WorkflowDefinition): unknown =>
  JSON.parse(stableStringify(d), (key, value: unknown) => (key === 'position' ? undefined : value));

describe('automatic layout', () => {
  it('sees the overlapping frames of a template drawn without group sizes in mind', () => {
    expect(hasOverlaps(definitionToGraph(load('xinye-four-two-way.json')))).toBe(true);
    expect(hasOverlaps(definitionToGraph(load('standard-review.json')))).toBe(false);
  });

  it('lays out nested parallel regions without overlaps, changing nothing but positions', async () => {
    const xinye = load('xinye-four-two-way.json');
    const graph = definitionToGraph(xinye);
    const laid = applyLayout(graph, await layoutWithElk(graph));
    expect(hasOverlaps(laid)).toBe(false);
    const back = graphToDefinition(laid);
    expect(withoutPositions(back)).toEqual(withoutPositions(xinye));
    // Positions are whole numbers, relative to the parent group.
    const speaking = back.machine.states['reporting']?.states?.['township']?.states?.['speaking'];
    expect(Number.isInteger(speaking?.meta?.position?.x)).toBe(true);
  });
});
