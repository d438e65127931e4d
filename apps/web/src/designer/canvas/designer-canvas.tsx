import { stepKindCatalogue } from '@shuping/engine';
import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type AriaLabelConfig,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { useCallback, useMemo, useRef, type DragEvent } from 'react';
import { useI18n } from '../../i18n';
import { nodeTypeLabels, pick, ui, type Language } from '../designer-messages';
import { commitPositions, connectionProblem } from '../graph/graph-operations';
import {
  isStateNode,
  type DesignerEdge,
  type DesignerGraph,
  type DesignerNode,
  type XY,
} from '../graph/graph.types';
import { isPaletteItem, PALETTE_MIME } from '../palette-item';
import type { PaletteItem } from '../graph/step-defaults';
import { transitionLabel } from './flow-edges';
import { edgeTypes } from './flow-edges';
import { nodeTypes } from './flow-nodes';

const ARIA_ZH: Partial<AriaLabelConfig> = {
  'node.a11yDescription.default': '按回车或空格选中步骤，按 Delete 删除，用方向键移动。',
  'node.a11yDescription.keyboardDisabled': '按回车或空格选中步骤，按 Delete 删除。',
  'node.a11yDescription.ariaLiveMessage': ({ direction, x, y }) =>
    `已向${direction}移动，新位置 x: ${x}，y: ${y}`,
  'edge.a11yDescription.default': '按回车或空格选中连线，按 Delete 删除。',
  'controls.ariaLabel': '画布控制',
  'controls.zoomIn.ariaLabel': '放大',
  'controls.zoomOut.ariaLabel': '缩小',
  'controls.fitView.ariaLabel': '适应画布',
  'controls.interactive.ariaLabel': '锁定或解锁画布',
  'minimap.ariaLabel': '缩略图',
  'handle.ariaLabel': '连接点',
};

const DEFAULT_EDGE_OPTIONS = { markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 } };
const PRO_OPTIONS = { hideAttribution: true };

function nodeAriaLabel(node: DesignerNode, language: Language): string {
  if (!isStateNode(node)) return pick(nodeTypeLabels.start, language);
  const meta = node.data.body.meta;
  const title = pick(meta?.title, language) || node.data.key;
  if (node.type === 'group') {
    const type =
      node.data.stateType === 'parallel' ? nodeTypeLabels.parallel : nodeTypeLabels.compound;
    return `${pick(type, language)}：${title}`;
  }
  if (node.type === 'end') return `${pick(nodeTypeLabels.end, language)}：${title}`;
  const kind =
    meta && meta.kind !== 'group' ? pick(stepKindCatalogue[meta.kind].label, language) : '';
  return `${kind || (language === 'zh' ? '步骤' : 'Step')}：${title}`;
}

/**
 * Adds screen-reader labels without touching the graph: each node or edge object is mapped once
 * and reused while unchanged, so large graphs stay cheap to re-render.
 */
function useLabelled(graph: DesignerGraph, language: Language) {
  const nodeCache = useRef(new WeakMap<DesignerNode, DesignerNode>());
  const edgeCache = useRef(new WeakMap<DesignerEdge, DesignerEdge>());
  const cachedLanguage = useRef(language);
  if (cachedLanguage.current !== language) {
    cachedLanguage.current = language;
    nodeCache.current = new WeakMap();
    edgeCache.current = new WeakMap();
  }
  const nodes = useMemo(
    () =>
      graph.nodes.map((n) => {
        const cached = nodeCache.current.get(n);
        if (cached) return cached;
        const labelled = { ...n, ariaLabel: nodeAriaLabel(n, language) } as DesignerNode;
        nodeCache.current.set(n, labelled);
        return labelled;
      }),
    [graph.nodes, language],
  );
  const edges = useMemo(() => {
    const titles = new Map(
      graph.nodes.map((n) => [
        n.id,
        isStateNode(n) ? pick(n.data.body.meta?.title, language) || n.data.key : '',
      ]),
    );
    return graph.edges.map((e) => {
      const cached = edgeCache.current.get(e);
      const arrow = `${titles.get(e.source) || pick(nodeTypeLabels.start, language)} → ${titles.get(e.target) ?? ''}`;
      const label =
        e.type === 'transition'
          ? `${language === 'zh' ? '连线' : 'Transition'}：${arrow}，${transitionLabel(e.data, language)}`
          : `${language === 'zh' ? '起始' : 'Start'}：${arrow}`;
      if (cached?.ariaLabel === label) return cached;
      const labelled = { ...e, ariaLabel: label } as DesignerEdge;
      edgeCache.current.set(e, labelled);
      return labelled;
    });
  }, [graph.nodes, graph.edges, language]);
  return { nodes, edges };
}

export interface DesignerCanvasProps {
  graph: DesignerGraph;
  editable: boolean;
  /** Selection in view mode (read-only diagrams turn it off). */
  selectable?: boolean;
  minimap?: boolean;
  /** A change of the graph: `record` is an undo step, `replace` is not (selection, sizes). */
  onGraph?: (graph: DesignerGraph, how: 'record' | 'replace') => void;
  onGestureStart?: () => void;
  onGestureEnd?: (graph: DesignerGraph) => void;
  onDropItem?: (item: PaletteItem, point: XY) => void;
  onConnectStates?: (connection: { source: string; target: string }) => void;
  onDeleteElements?: (nodeIds: string[], edgeIds: string[]) => void;
}

/** The React Flow canvas of the designer, for editing or for a read-only view. */
export function DesignerCanvas(props: DesignerCanvasProps) {
  const { graph, editable, selectable = editable } = props;
  const { language } = useI18n();
  const flow = useReactFlow<DesignerNode, DesignerEdge>();
  const { nodes, edges } = useLabelled(graph, language);
  // Handlers read the latest graph through a ref so that they stay stable for React Flow.
  const latest = useRef({ graph, props });
  latest.current = { graph, props };
  const gesture = useRef(false);

  const onNodesChange = useCallback((changes: NodeChange<DesignerNode>[]) => {
    const { graph: g, props: p } = latest.current;
    let next = { ...g, nodes: applyNodeChanges(changes, g.nodes) };
    // A keyboard move is a whole edit on its own; a drag is recorded when it ends.
    const keyboardMove =
      !gesture.current && changes.some((c) => c.type === 'position' && c.position && !c.dragging);
    if (keyboardMove) next = commitPositions(next);
    // React Flow may call several handlers before the next render: chain them.
    latest.current = { graph: next, props: p };
    p.onGraph?.(next, keyboardMove ? 'record' : 'replace');
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<DesignerEdge>[]) => {
    const { graph: g, props: p } = latest.current;
    const next = { ...g, edges: applyEdgeChanges(changes, g.edges) };
    latest.current = { graph: next, props: p };
    p.onGraph?.(next, 'replace');
  }, []);

  const onNodeDragStart = useCallback(() => {
    gesture.current = true;
    latest.current.props.onGestureStart?.();
  }, []);

  const onNodeDragStop = useCallback(() => {
    gesture.current = false;
    const { graph: g, props: p } = latest.current;
    p.onGestureEnd?.(commitPositions(g));
  }, []);

  const isValidConnection = useCallback(
    (c: Connection | DesignerEdge) =>
      connectionProblem(latest.current.graph, { source: c.source, target: c.target }) === null,
    [],
  );

  const onConnect = useCallback((c: Connection) => {
    latest.current.props.onConnectStates?.({ source: c.source, target: c.target });
  }, []);

  const onBeforeDelete = useCallback(
    ({ nodes: n, edges: e }: { nodes: DesignerNode[]; edges: DesignerEdge[] }) => {
      latest.current.props.onDeleteElements?.(
        n.map((x) => x.id),
        e.map((x) => x.id),
      );
      // The designer deletes itself (protecting start and end); React Flow must not.
      return Promise.resolve(false);
    },
    [],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const item = event.dataTransfer.getData(PALETTE_MIME);
      if (!isPaletteItem(item)) return;
      event.preventDefault();
      const point = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      latest.current.props.onDropItem?.(item, point);
    },
    [flow],
  );

  return (
    <div
      className="sp-canvas"
      onDragOver={editable ? onDragOver : undefined}
      onDrop={editable ? onDrop : undefined}
      role="region"
      aria-label={pick(ui.canvas, language)}
    >
      <ReactFlow<DesignerNode, DesignerEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onBeforeDelete={onBeforeDelete}
        nodesDraggable={editable}
        nodesConnectable={editable}
        elementsSelectable={selectable}
        deleteKeyCode={editable ? ['Delete', 'Backspace'] : null}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        // Large processes render only what is on screen.
        onlyRenderVisibleElements={graph.nodes.length > 60}
        fitView
        minZoom={0.1}
        maxZoom={2}
        ariaLabelConfig={language === 'zh' ? ARIA_ZH : undefined}
        proOptions={PRO_OPTIONS}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        {props.minimap !== false && (
          <MiniMap
            pannable
            zoomable
            nodeStrokeWidth={2}
            ariaLabel={language === 'zh' ? '缩略图' : 'Mini map'}
          />
        )}
      </ReactFlow>
    </div>
  );
}
