import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateDefinition, type WorkflowDefinition } from '@shuping/engine';
import { designerIssues, DesignerCode, fromEngine, transitionPointers } from './designer-checks';
import { definitionToGraph } from './definition-to-graph';
import {
  addItem,
  applyLayout,
  commitPositions,
  connect,
  connectionProblem,
  copyStates,
  deleteElements,
  findState,
  groupAt,
  moveTransition,
  pasteStates,
  renameState,
  transitionEdges,
  updateTransition,
} from './graph-operations';
import { graphToDefinition } from './graph-to-definition';
import { START_NODE_ID, type DesignerGraph } from './graph.types';

const load = (file: string) =>
  JSON.parse(readFileSync(join(process.cwd(), 'workflows', file), 'utf8')) as WorkflowDefinition;

const blank = (): DesignerGraph =>
  definitionToGraph({
    id: 'blank',
    schemaVersion: 1,
    name: { zh: '新流程', en: 'New process' },
    machine: { id: 'blank', states: {} },
  });

describe('graph operations', () => {
  it('builds a valid process from the palette: add, connect, set the start', () => {
    let g = blank();
    const add = (kind: Parameters<typeof addItem>[1], x: number) => {
      const r = addItem(g, kind, { x, y: 0 });
      g = r.graph;
      return r.id;
    };
    const report = add('reportWriting', 0);
    const speaking = add('speaking', 250);
    const rating = add('rating', 500);
    const end = add('end', 750);
    expect([report, speaking, rating, end]).toEqual([
      'reportWriting',
      'speaking',
      'rating',
      'done',
    ]);
    // The first state became the initial one.
    expect(g.shell.machine.initial).toBe('reportWriting');
    expect(g.edges.find((e) => e.type === 'initial')?.target).toBe('reportWriting');
    expect(validateDefinition(graphToDefinition(g)).map((i) => i.code)).toContain(
      'UNREACHABLE_STATE',
    );
    for (const [a, b] of [
      [report, speaking],
      [speaking, rating],
      [rating, end],
    ] as const) {
      g = connect(g, { source: a, target: b }).graph;
    }
    const definition = graphToDefinition(g);
    expect(validateDefinition(definition)).toEqual([]);
    expect(definition.machine.states['reportWriting']?.on).toEqual({ SUBMIT: 'speaking' });
    expect(definition.machine.states['speaking']?.meta).toMatchObject({
      kind: 'speaking',
      position: { x: 250, y: 0 },
    });
    expect(designerIssues(g)).toEqual([]);
  });

  it('refuses edges out of an end, between parallel regions and into the start', () => {
    const g = definitionToGraph(load('xinye-four-two-way.json'));
    expect(connectionProblem(g, { source: 'done', target: 'talk' })?.zh).toBe('结束节点不能有出边');
    expect(
      connectionProblem(g, {
        source: 'reporting.township.speaking',
        target: 'reporting.village.speaking',
      })?.zh,
    ).toBe('并行分支之间不能连线');
    expect(connectionProblem(g, { source: 'talk', target: START_NODE_ID })).not.toBeNull();
    expect(connectionProblem(g, { source: 'talk', target: 'reporting.township' })).not.toBeNull();
    expect(connectionProblem(g, { source: 'talk', target: 'rectification' })).toBeNull();
    expect(connectionProblem(g, { source: 'rankingCheck', target: 'rankingCheck' })).not.toBeNull();
  });

  it('needs conditions on every decision branch but the last', () => {
    let g = definitionToGraph(load('standard-review.json'));
    const added = connect(g, { source: 'resultCheck', target: 'done' });
    g = added.graph;
    const problems = designerIssues(g).filter((i) => i.state === 'resultCheck');
    // "otherwise" is no longer last, and the new branch hides behind it.
    expect(problems.map((i) => i.code)).toEqual([
      DesignerCode.BranchWithoutCondition,
      DesignerCode.ShadowedTransition,
    ]);
    expect(problems[1]?.tid).toBe(added.edgeId);
    g = updateTransition(g, added.edgeId as string, {
      transition: { guard: { type: 'objectionRaised' } },
    });
    // Moving the new branch before "otherwise" fixes the order.
    g = moveTransition(g, added.edgeId as string, -1);
    expect(designerIssues(g).filter((i) => i.state === 'resultCheck')).toEqual([]);
    const always = graphToDefinition(g).machine.states['resultCheck']?.always as {
      target: string;
    }[];
    expect(always.map((t) => t.target)).toEqual(['talk', 'done', 'publicity']);
  });

  it('protects the start and the last end, and cascades group deletion', () => {
    const g = definitionToGraph(load('xinye-four-two-way.json'));
    const refused = deleteElements(g, [START_NODE_ID, 'done'], []);
    expect(refused.refused.map((r) => r.zh)).toEqual([
      '开始节点不能删除',
      '这是唯一的结束节点，不能删除',
    ]);
    expect(refused.graph.nodes).toHaveLength(g.nodes.length);
    const { graph } = deleteElements(g, ['reporting'], []);
    expect(graph.nodes.some((n) => n.id.startsWith('reporting'))).toBe(false);
    expect(transitionEdges(graph).some((e) => e.source.startsWith('reporting'))).toBe(false);
    // The initial state was deleted: the process has no start any more.
    expect(graph.shell.machine.initial).toBeUndefined();
    expect(graph.edges.some((e) => e.type === 'initial')).toBe(false);
  });

  it('renames a state and keeps every reference', () => {
    const g = renameState(
      definitionToGraph(load('xinye-four-two-way.json')),
      'evaluation',
      'review',
    );
    const d = graphToDefinition(g);
    expect(d.machine.states['reporting']?.onDone).toBe('review');
    expect(d.machine.states['archive']?.on?.['SUBMIT']).toMatchObject({
      actions: [{ params: { step: 'review.downward.rating' } }],
    });
    expect(validateDefinition(d)).toEqual([]);
  });

  it('copies and pastes states with the transitions among them', () => {
    let g = definitionToGraph(load('standard-review.json'));
    const clip = copyStates(g, ['talk', 'rectification']);
    expect(clip && Object.keys(clip.states)).toEqual(['talk', 'rectification']);
    const pasted = pasteStates(g, clip!, { x: 0, y: 600 });
    g = pasted.graph;
    expect(pasted.ids).toEqual(['talk2', 'rectification2']);
    const d = graphToDefinition(g);
    expect(d.machine.states['talk2']?.on).toEqual({ SUBMIT: 'rectification2' });
    // Relative placement is kept: rectification was left of talk.
    expect(d.machine.states['rectification2']?.meta).toMatchObject({ position: { x: 0, y: 600 } });
    expect(d.machine.states['talk2']?.meta).toMatchObject({ position: { x: 250, y: 600 } });
  });

  it('adds a region when a step is dropped on a parallel block', () => {
    let g = blank();
    const block = addItem(g, 'parallel', { x: 0, y: 0 });
    g = block.graph;
    expect(findState(g, 'twoWay')?.data.stateType).toBe('parallel');
    const frame = findState(g, 'twoWay');
    const inside = groupAt(g, { x: 20, y: (frame?.height ?? 300) - 10 });
    expect(inside?.id).toBe('twoWay');
    const added = addItem(g, 'rating', { x: 20, y: (frame?.height ?? 300) - 10 }, 'twoWay');
    expect(added.id).toBe('twoWay.region.rating');
    const d = graphToDefinition(added.graph);
    expect(d.machine.states['twoWay']?.states?.['region']).toMatchObject({
      initial: 'rating',
      states: { rating: { meta: { kind: 'rating' } } },
    });
  });

  it('keeps positions exact through a drag and an automatic layout', () => {
    const g = definitionToGraph(load('xinye-four-two-way.json'));
    const moved = commitPositions(
      g,
      new Map([['reporting.village.speaking', { x: 40.4, y: 60.6 }]]),
    );
    const d = graphToDefinition(moved);
    const region = d.machine.states['reporting']?.states?.['village'];
    const offset = findState(g, 'reporting.village')?.data.childOffset;
    expect(region?.states?.['speaking']?.meta).toMatchObject({
      position: { x: 40 - (offset?.x ?? 0), y: 61 - (offset?.y ?? 0) },
    });
    const laid = applyLayout(g, new Map([['archive', { x: 1000, y: 500 }]]));
    expect(graphToDefinition(laid).machine.states['archive']?.meta).toMatchObject({
      position: { x: 1000, y: 500 },
    });
  });

  it('finds no designer problems in the built-in templates', () => {
    for (const file of readdirSync(join(process.cwd(), 'workflows')).filter((f) =>
      f.endsWith('.json'),
    )) {
      expect([file, designerIssues(definitionToGraph(load(file)))]).toEqual([file, []]);
    }
  });

  it('ties engine problems inside a transition to its edge', () => {
    let g = definitionToGraph(load('standard-review.json'));
    const branch = transitionEdges(g).find(
      (e) => e.source === 'resultCheck' && e.target === 'talk',
    )!;
    expect(transitionPointers(g).get(branch.data.tid)).toBe('/machine/states/resultCheck/always/0');
    g = updateTransition(g, branch.data.tid, {
      transition: {
        ...branch.data.transition,
        guard: { type: 'scoreBelow', params: { score: Number.NaN } },
      },
    });
    const issues = fromEngine(validateDefinition(graphToDefinition(g)), g);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.tid === branch.data.tid)).toBe(true);
  });
});
