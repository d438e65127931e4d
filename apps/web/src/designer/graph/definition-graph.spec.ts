import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  generateLinearDefinition,
  validateDefinition,
  type WorkflowDefinition,
} from '@shuping/engine';
import { definitionToGraph } from './definition-to-graph';
import { graphToDefinition } from './graph-to-definition';
import { isStateNode, isTransitionEdge, START_NODE_ID, type DesignerGraph } from './graph.types';

const WORKFLOWS = join(process.cwd(), 'workflows');
const templateFiles = readdirSync(WORKFLOWS).filter((f) => f.endsWith('.json'));
const load = (file: string) =>
  JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as WorkflowDefinition;

/** A JSON round trip, as when the graph is saved and loaded again. */
const viaJson = (graph: DesignerGraph): DesignerGraph =>
  JSON.parse(JSON.stringify(graph)) as DesignerGraph;

describe('definition ↔ graph', () => {
  it('finds the six built-in templates', () => {
    expect(templateFiles.sort()).toEqual(
      expect.arrayContaining([
        'standard-review.json',
        'xinye-four-two-way.json',
        'haiyan-topic-assigned.json',
        'shenqiu-dual-report.json',
        'township-plan-2017.json',
        'pengan-accountability.json',
      ]),
    );
  });

  describe.each(templateFiles)('%s', (file) => {
    const original = load(file);

    it('round-trips to a deep-equal definition', () => {
      expect(graphToDefinition(definitionToGraph(original))).toEqual(original);
    });

    it('round-trips to the identical JSON text (key order included)', () => {
      const text = JSON.stringify(original);
      expect(JSON.stringify(graphToDefinition(definitionToGraph(original)))).toBe(text);
      expect(JSON.stringify(graphToDefinition(viaJson(definitionToGraph(original))))).toBe(text);
    });

    it('draws one node per state and one edge per transition target', () => {
      const graph = definitionToGraph(original);
      let states = 0;
      let targets = 0;
      const walk = (node: { states?: Record<string, unknown> }) => {
        for (const child of Object.values(node.states ?? {}) as Record<string, unknown>[]) {
          states += 1;
          for (const slot of ['on', 'after'] as const) {
            for (const config of Object.values((child[slot] ?? {}) as Record<string, unknown>)) {
              targets += count(config);
            }
          }
          targets += count(child['always']) + count(child['onDone']);
          walk(child);
        }
      };
      const count = (config: unknown): number => {
        if (config === undefined) return 0;
        if (typeof config === 'string') return 1;
        const list = (Array.isArray(config) ? config : [config]) as { target?: unknown }[];
        return list.reduce(
          (n, t) =>
            n + (t.target === undefined ? 0 : Array.isArray(t.target) ? t.target.length : 1),
          0,
        );
      };
      walk(original.machine);
      expect(graph.nodes.filter(isStateNode)).toHaveLength(states);
      expect(graph.edges.filter(isTransitionEdge)).toHaveLength(targets);
      // Only target-less transitions (e.g. `OBJECT: {}` recording an objection) stay detached.
      const detached = graph.nodes.filter(isStateNode).flatMap((n) => n.data.detached);
      expect(detached.every((d) => d.transition.target === undefined)).toBe(true);
    });

    it('puts parents before children and links the start marker to the initial state', () => {
      const graph = definitionToGraph(original);
      const seen = new Set<string>();
      for (const node of graph.nodes) {
        if (isStateNode(node) && node.parentId !== undefined) {
          expect(seen.has(node.parentId)).toBe(true);
        }
        seen.add(node.id);
      }
      const initial = graph.edges.find((e) => e.type === 'initial');
      expect(initial).toMatchObject({ source: START_NODE_ID, target: original.machine.initial });
    });
  });

  it('represents parallel regions as nested groups with relative positions', () => {
    const xinye = load('xinye-four-two-way.json');
    const graph = definitionToGraph(xinye);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const reporting = byId.get('reporting');
    const township = byId.get('reporting.township');
    const speaking = byId.get('reporting.township.speaking');
    expect(reporting).toMatchObject({ type: 'group', data: { stateType: 'parallel' } });
    expect(township).toMatchObject({
      type: 'group',
      parentId: 'reporting',
      data: { stateType: 'compound' },
    });
    expect(speaking).toMatchObject({ type: 'step', parentId: 'reporting.township' });
    // The region frames contain their children.
    expect((township as { width: number }).width).toBeGreaterThan(250 + 120);
    const onDone = graph.edges.find((e) => e.source === 'reporting');
    expect(onDone).toMatchObject({ target: 'evaluation', data: { slot: { kind: 'onDone' } } });
  });

  it('keeps multi-target, cross-level and unresolved transitions', () => {
    const definition: WorkflowDefinition = {
      id: 'edge-cases',
      schemaVersion: 1,
      name: { zh: '边界', en: 'Edge cases' },
      machine: {
        id: 'edgeCases',
        initial: 'a',
        states: {
          a: {
            meta: { kind: 'wait', title: { zh: '甲', en: 'A' } },
            on: {
              GO: [{ target: ['p.r1.x', 'p.r2.y'] }, { target: '#edgeCases.done' }],
              LOST: 'nowhere',
              STAY: {
                actions: {
                  type: 'notify',
                  params: { to: { role: 'public' }, message: { zh: '一', en: 'one' } },
                },
              },
            },
            after: { P1D: 'done' },
          },
          p: {
            type: 'parallel',
            states: {
              r1: { initial: 'x', states: { x: { type: 'final' } } },
              r2: { initial: 'y', states: { y: { type: 'final' } } },
            },
            onDone: 'done',
            on: {},
          },
          done: { type: 'final', id: 'theEnd' },
        },
      },
    };
    const graph = definitionToGraph(definition);
    const go = graph.edges.filter(
      (e) => isTransitionEdge(e) && e.data.slot.kind === 'on' && e.data.slot.event === 'GO',
    );
    expect(go.map((e) => e.target)).toEqual(['p.r1.x', 'p.r2.y', 'done']);
    const a = graph.nodes.find((n) => n.id === 'a');
    expect(a && isStateNode(a) ? a.data.detached.map((d) => d.slot) : []).toEqual([
      { kind: 'on', event: 'LOST' },
      { kind: 'on', event: 'STAY' },
    ]);
    expect(JSON.stringify(graphToDefinition(definitionToGraph(definition)))).toBe(
      JSON.stringify(definition),
    );
  });

  it('rewrites targets that no longer resolve after a rename', () => {
    const graph = definitionToGraph(load('standard-review.json'));
    const renamed: DesignerGraph = {
      ...graph,
      nodes: graph.nodes.map((n) =>
        n.id === 'speaking' && isStateNode(n)
          ? { ...n, id: 'meeting', data: { ...n.data, key: 'meeting', stateKey: 'meeting' } }
          : n,
      ),
      edges: graph.edges.map((e) => ({
        ...e,
        source: e.source === 'speaking' ? 'meeting' : e.source,
        target: e.target === 'speaking' ? 'meeting' : e.target,
      })),
    };
    const states = graphToDefinition(renamed).machine.states;
    expect(states['reportWriting']?.on?.['SUBMIT']).toBe('meeting');
    expect(states['meeting']?.on?.['SUBMIT']).toBe('critique');
  });

  it('converts a 200-step definition quickly and validly', () => {
    const big = generateLinearDefinition(200);
    const started = Date.now();
    const graph = definitionToGraph(big);
    const back = graphToDefinition(graph);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(back).toEqual(big);
    expect(validateDefinition(back)).toEqual([]);
  });
});
