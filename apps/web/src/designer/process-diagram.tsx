import type { WorkflowDefinition } from '@shuping/engine';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useState } from 'react';
import { DesignerCanvas } from './canvas/designer-canvas';
import { StatusContext, StatusStore, type ElementStatus } from './canvas/diagram-status';
import { needsLayout } from './designer-api';
import type { StepChange } from './diff/definition-diff';
import { definitionToGraph } from './graph/definition-to-graph';
import { layoutWithElk } from './graph/elk-layout';
import { hasOverlaps } from './graph/graph-layout';
import { applyLayout } from './graph/graph-operations';
import type { DesignerGraph } from './graph/graph.types';
import './designer.css';
import '@xyflow/react/dist/style.css';

export interface ProcessDiagramProps {
  definition: WorkflowDefinition;
  /** States active now (dotted keys; their groups light up too). */
  currentStates?: string[];
  /** States already passed through. */
  completedStates?: string[];
  /** Height of the diagram in pixels (default 480). */
  height?: number;
  /** Differences from another version, by dotted state key (visual diff). */
  changes?: Readonly<Record<string, StepChange>>;
}

function ancestorsAndSelf(key: string): string[] {
  const parts = key.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}

function Diagram({
  definition,
  currentStates,
  completedStates,
  height = 480,
  changes,
}: ProcessDiagramProps) {
  const flow = useReactFlow();
  const [store] = useState(() => new StatusStore());
  const [graph, setGraph] = useState<DesignerGraph>(() => definitionToGraph(definition));

  useEffect(() => {
    let cancelled = false;
    const next = definitionToGraph(definition);
    setGraph(next);
    if (needsLayout(definition) || hasOverlaps(next)) {
      void layoutWithElk(next).then((positions) => {
        if (!cancelled) setGraph(applyLayout(next, positions));
      });
    }
    const timer = setTimeout(() => void flow.fitView({ padding: 0.1 }), 60);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [definition, flow]);

  useEffect(() => {
    const statuses = new Map<string, ElementStatus>();
    for (const key of completedStates ?? []) {
      for (const k of ancestorsAndSelf(key)) statuses.set(k, { completed: true });
    }
    for (const key of currentStates ?? []) {
      for (const k of ancestorsAndSelf(key)) statuses.set(k, { active: true });
    }
    for (const [key, change] of Object.entries(changes ?? {})) {
      statuses.set(key, { ...statuses.get(key), change });
    }
    store.set(statuses);
  }, [currentStates, completedStates, changes, store]);

  const onGraph = useCallback((next: DesignerGraph) => setGraph(next), []);

  return (
    <StatusContext.Provider value={store}>
      <div className="sp-diagram" style={{ height }}>
        <DesignerCanvas
          graph={graph}
          editable={false}
          selectable={false}
          minimap={false}
          onGraph={onGraph}
        />
      </div>
    </StatusContext.Provider>
  );
}

/**
 * A read-only diagram of a definition: a published version, or a running instance with its
 * current step highlighted and completed steps marked. Reusable by any page.
 */
export function ProcessDiagram(props: ProcessDiagramProps) {
  return (
    <ReactFlowProvider>
      <Diagram {...props} />
    </ReactFlowProvider>
  );
}
