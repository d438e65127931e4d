import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  CloudUploadOutlined,
  CopyOutlined,
  DeleteOutlined,
  ExperimentOutlined,
  ExportOutlined,
  HistoryOutlined,
  ImportOutlined,
  RedoOutlined,
  SaveOutlined,
  SnippetsOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { validateDefinition, type WorkflowDefinition } from '@shuping/engine';
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import {
  Alert,
  App as AntApp,
  Badge,
  Button,
  Popconfirm,
  Space,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import {
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
  type ChangeEvent,
} from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useAuth } from '../../auth/auth-context';
import { useI18n } from '../../i18n';
import { DesignerCanvas } from '../canvas/designer-canvas';
import {
  StatusContext,
  StatusStore,
  edgeStatusId,
  type ElementStatus,
} from '../canvas/diagram-status';
import {
  definitionsApi,
  isDrawableDefinition,
  needsLayout,
  type DefinitionDetail,
} from '../designer-api';
import { format, pick, ui } from '../designer-messages';
import { designerIssues, fromEngine, type DesignerIssue } from '../graph/designer-checks';
import { definitionToGraph } from '../graph/definition-to-graph';
import { layoutWithElk } from '../graph/elk-layout';
import {
  addItem,
  applyLayout,
  connect,
  copyStates,
  deleteElements,
  findState,
  groupAt,
  moveTransition,
  normalize,
  pasteStates,
  renameState,
  select,
  setInitial,
  stateNodes,
  updateBody,
  updateTransition,
  type Clipboard,
} from '../graph/graph-operations';
import { hasOverlaps } from '../graph/graph-layout';
import { graphToDefinition } from '../graph/graph-to-definition';
import {
  NODE_SIZES,
  isStateNode,
  isTransitionEdge,
  parentKeyOf,
  type DesignerGraph,
  type XY,
} from '../graph/graph.types';
import type { PaletteItem } from '../graph/step-defaults';
import { IssuesPanel } from '../issues-panel';
import { Palette } from '../palette';
import { ProcessPanel } from '../panel/process-panel';
import { StatePanel, type StatePanelActions } from '../panel/state-panel';
import { TransitionPanel, type TransitionPanelActions } from '../panel/transition-panel';
import { SimulationPanel } from '../simulation/simulation-panel';
import { contentKey, historyReducer, initialHistory, isDirty } from './editor-history';

const EMPTY_GRAPH: DesignerGraph = definitionToGraph({
  id: 'loading',
  schemaVersion: 1,
  name: { zh: '加载中', en: 'Loading' },
  machine: { id: 'loading', states: {} },
});

/**
 * Runs the engine's validator and the designer's rules a moment after the last change of
 * content (selection and measurements do not count).
 */
function useValidation(graph: DesignerGraph, enabled: boolean) {
  const [result, setResult] = useState<{ key: string | null; issues: DesignerIssue[] }>({
    key: null,
    issues: [],
  });
  const key = useMemo(() => (enabled ? contentKey(graph) : null), [graph, enabled]);
  useEffect(() => {
    if (!enabled || key === result.key) return;
    const timer = setTimeout(() => {
      const definition = graphToDefinition(graph);
      const issues = [
        ...fromEngine(validateDefinition(definition), graph),
        ...designerIssues(graph),
      ];
      setResult({ key, issues });
    }, 250);
    return () => clearTimeout(timer);
  }, [graph, key, enabled, result.key]);
  return { issues: result.issues, checking: key !== result.key };
}

/** Statuses of the canvas from the problems: counts per step, marked transitions, initial states. */
function issueStatuses(
  graph: DesignerGraph,
  issues: readonly DesignerIssue[],
): Map<string, ElementStatus> {
  const statuses = new Map<string, ElementStatus>();
  const counts = new Map<string, number>();
  for (const i of issues) if (i.state) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
  const badTids = new Set(issues.flatMap((i) => (i.tid ? [i.tid] : [])));
  const initials = new Set<string>();
  for (const n of stateNodes(graph)) {
    if (n.type === 'group' && n.data.body.initial) initials.add(`${n.id}.${n.data.body.initial}`);
  }
  if (graph.shell.machine.initial) initials.add(graph.shell.machine.initial);
  for (const n of stateNodes(graph)) {
    const issuesOn = counts.get(n.id);
    const initial = initials.has(n.id) && n.parentId !== undefined;
    if (issuesOn || initial)
      statuses.set(n.id, {
        ...(issuesOn ? { issues: issuesOn } : {}),
        ...(initial ? { initial } : {}),
      });
  }
  for (const e of graph.edges) {
    if (isTransitionEdge(e) && badTids.has(e.data.tid))
      statuses.set(edgeStatusId(e.id), { issues: 1 });
  }
  return statuses;
}

function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return (
    el.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) ||
    el.closest('.ant-select') !== null
  );
}

function Editor({ id }: { id: string }) {
  const { language } = useI18n();
  const { hasRole } = useAuth();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const flow = useReactFlow();
  const editable = hasRole('county_admin', 'org_department');
  const [record, setRecord] = useState<DefinitionDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [history, dispatch] = useReducer(historyReducer, EMPTY_GRAPH, initialHistory);
  const [busy, setBusy] = useState<'save' | 'publish' | 'layout' | null>(null);
  const [simulation, setSimulation] = useState<WorkflowDefinition | null>(null);
  const [tab, setTab] = useState('properties');
  const [store] = useState(() => new StatusStore());
  const clipboard = useRef<Clipboard | null>(null);
  const canvasBox = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const graph = history.present;
  const latest = useRef(graph);
  latest.current = graph;
  const loaded = record !== null;

  const { issues, checking } = useValidation(graph, loaded);
  // Selection and measurements change the graph object but not its content.
  const dirty = useMemo(() => isDirty(history), [history]);

  useEffect(() => {
    if (!simulation) store.set(issueStatuses(graph, issues));
  }, [graph, issues, simulation, store]);

  const fitSoon = useCallback(() => {
    setTimeout(() => void flow.fitView({ padding: 0.15, duration: 200 }), 50);
  }, [flow]);

  const load = useCallback(
    async (definition: WorkflowDefinition, how: 'load' | 'record') => {
      const drawn = definitionToGraph(definition);
      dispatch(how === 'load' ? { type: 'load', graph: drawn } : { type: 'record', graph: drawn });
      // Missing or overlapping positions: lay out, as an edit of its own (undo restores them).
      if (needsLayout(definition) || hasOverlaps(drawn)) {
        const laid = applyLayout(drawn, await layoutWithElk(drawn));
        latest.current = laid;
        dispatch({ type: 'record', graph: laid });
      }
      fitSoon();
    },
    [fitSoon],
  );

  useEffect(() => {
    let cancelled = false;
    definitionsApi
      .get(id)
      .then(async (detail) => {
        if (cancelled) return;
        if (!isDrawableDefinition(detail.draft)) {
          setLoadError(pick(ui.notDefinition, language));
          return;
        }
        await load(detail.draft, 'load');
        setRecord(detail);
      })
      .catch((e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
    // Reload only when the definition changes, not with the language.
  }, [id, load]);

  const change = useCallback((next: DesignerGraph, how: 'record' | 'replace' = 'record') => {
    // Several changes may come before the next render: each builds on the previous one.
    latest.current = next;
    dispatch({ type: how, graph: next });
  }, []);

  // ---- Edits -------------------------------------------------------------------------------
  const addAt = useCallback(
    (item: PaletteItem, point: XY) => {
      const g = latest.current;
      const container = groupAt(g, point);
      const size =
        item === 'parallel' || item === 'compound'
          ? { width: 0, height: 0 }
          : NODE_SIZES[item === 'end' ? 'end' : 'step'];
      const at = {
        x: Math.round(point.x - size.width / 2),
        y: Math.round(point.y - size.height / 2),
      };
      const result = addItem(g, item, at, container?.id ?? '');
      change(select(result.graph, [result.id]));
      setTab('properties');
    },
    [change],
  );

  const addAtCenter = useCallback(
    (item: PaletteItem) => {
      const box = canvasBox.current?.getBoundingClientRect();
      const point = box
        ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
        : { x: 0, y: 0 };
      // Spread keyboard additions so they do not stack exactly.
      const offset = (stateNodes(latest.current).length % 5) * 24;
      addAt(item, { x: point.x + offset, y: point.y + offset });
    },
    [addAt, flow],
  );

  const onConnectStates = useCallback(
    (c: { source: string; target: string }) => {
      const result = connect(latest.current, c);
      change(result.edgeId ? select(result.graph, [], [result.edgeId]) : result.graph);
      setTab('properties');
    },
    [change],
  );

  const onDeleteElements = useCallback(
    (nodeIds: string[], edgeIds: string[]) => {
      const result = deleteElements(latest.current, nodeIds, edgeIds);
      for (const r of result.refused) void message.warning(pick(r, language));
      change(result.graph);
    },
    [change, language, message],
  );

  const deleteSelection = () => {
    onDeleteElements(
      graph.nodes.filter((n) => n.selected).map((n) => n.id),
      graph.edges.filter((e) => e.selected).map((e) => e.id),
    );
  };

  const copy = useCallback(() => {
    const ids = latest.current.nodes.filter((n) => n.selected).map((n) => n.id);
    const clip = copyStates(latest.current, ids);
    if (clip) {
      clipboard.current = clip;
      void message.success(
        format(pick(ui.copied, language), { n: Object.keys(clip.states).length }),
      );
    }
  }, [language, message]);

  const paste = useCallback(() => {
    const clip = clipboard.current;
    if (!clip) return;
    const result = pasteStates(latest.current, clip, {
      x: clip.origin.x + 40,
      y: clip.origin.y + 40,
    });
    clipboard.current = { ...clip, origin: { x: clip.origin.x + 40, y: clip.origin.y + 40 } };
    change(select(result.graph, result.ids));
    void message.success(format(pick(ui.pasted, language), { n: result.ids.length }));
  }, [change, language, message]);

  const autoLayout = async () => {
    setBusy('layout');
    try {
      const positions = await layoutWithElk(latest.current);
      change(applyLayout(latest.current, positions));
      fitSoon();
    } finally {
      setBusy(null);
    }
  };

  // ---- Server ------------------------------------------------------------------------------
  const save = async (): Promise<boolean> => {
    setBusy('save');
    try {
      const snapshot = latest.current;
      const detail = await definitionsApi.save(id, graphToDefinition(snapshot));
      setRecord(detail);
      dispatch({ type: 'saved', graph: snapshot });
      void message.success(pick(ui.saved, language));
      return true;
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(null);
    }
  };

  const publish = async () => {
    // Check the very graph being published, not the last debounced check.
    const current = latest.current;
    if (
      validateDefinition(graphToDefinition(current)).length > 0 ||
      designerIssues(current).length > 0
    ) {
      void message.error(pick(ui.publishBlocked, language));
      return;
    }
    if (dirty && !(await save())) return;
    setBusy('publish');
    try {
      const version = await definitionsApi.publish(id);
      setRecord(await definitionsApi.get(id));
      void message.success(format(pick(ui.published, language), { n: version.version }));
    } catch (e) {
      const text =
        e instanceof ApiError && e.code === 'DEFINITION_INVALID'
          ? pick(ui.publishBlocked, language)
          : e instanceof Error
            ? e.message
            : String(e);
      void message.error(text);
    } finally {
      setBusy(null);
    }
  };

  const exportJson = () => {
    const definition = graphToDefinition(latest.current);
    download(`${definition.id}.json`, `${JSON.stringify(definition, null, 2)}\n`);
  };

  const importJson = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    try {
      const parsed: unknown = JSON.parse(await file.text());
      if (!isDrawableDefinition(parsed)) throw new Error('shape');
      // The key of a definition is fixed once created: keep it.
      await load({ ...parsed, id: latest.current.shell.id }, 'record');
      void message.success(pick(ui.imported, language));
    } catch {
      void message.error(pick(ui.invalidJson, language));
    }
  };

  // ---- Keyboard ----------------------------------------------------------------------------
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event.target) || simulation) return;
      const mod = event.ctrlKey || event.metaKey;
      if (!mod) return;
      const key = event.key.toLowerCase();
      if (key === 'z' && !event.shiftKey) {
        event.preventDefault();
        dispatch({ type: 'undo' });
      } else if ((key === 'z' && event.shiftKey) || key === 'y') {
        event.preventDefault();
        dispatch({ type: 'redo' });
      } else if (key === 'c' && editable) {
        copy();
      } else if (key === 'v' && editable) {
        event.preventDefault();
        paste();
      } else if (key === 's' && editable) {
        event.preventDefault();
        void save();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  // ---- Panels ------------------------------------------------------------------------------
  const stateActions: StatePanelActions = useMemo(
    () => ({
      setBody: (nodeId, body) => change(updateBody(latest.current, nodeId, body)),
      rename: (nodeId, key) => {
        const next = renameState(latest.current, nodeId, key);
        const parent = parentKeyOf(nodeId);
        change(select(next, [parent ? `${parent}.${key}` : key]));
      },
      setInitial: (container, key) => change(setInitial(latest.current, container, key)),
      connect: (source, target) => onConnectStates({ source, target }),
      selectEdge: (edgeId) => change(select(latest.current, [], [edgeId]), 'replace'),
    }),
    [change, onConnectStates],
  );
  const transitionActions: TransitionPanelActions = useMemo(
    () => ({
      update: (tid, patch) => change(updateTransition(latest.current, tid, patch)),
      move: (tid, delta) => change(moveTransition(latest.current, tid, delta)),
      remove: (edgeId) => onDeleteElements([], [edgeId]),
      selectNode: (nodeId) => change(select(latest.current, [nodeId]), 'replace'),
    }),
    [change, onDeleteElements],
  );

  const pickIssue = useCallback(
    (issue: DesignerIssue) => {
      const g = latest.current;
      const edge = issue.tid
        ? g.edges.find((e) => isTransitionEdge(e) && e.data.tid === issue.tid)
        : undefined;
      if (edge) change(select(g, [], [edge.id]), 'replace');
      else if (issue.state && findState(g, issue.state)) {
        change(select(g, [issue.state]), 'replace');
        void flow.fitView({ nodes: [{ id: issue.state }], duration: 200, maxZoom: 1.2 });
      } else change(select(g, []), 'replace');
      setTab('properties');
    },
    [change, flow],
  );

  const titleOf = useCallback(
    (key: string) => {
      const node = findState(latest.current, key);
      return pick(node?.data.body.meta?.title, language) || key;
    },
    [language],
  );

  const onStatuses = useCallback(
    (statuses: Map<string, ElementStatus>) => store.set(statuses),
    [store],
  );

  // Selecting something on the canvas shows its properties.
  const selectionKey = useMemo(
    () =>
      [...graph.nodes.filter((n) => n.selected), ...graph.edges.filter((e) => e.selected)]
        .map((x) => x.id)
        .join(','),
    [graph.nodes, graph.edges],
  );
  useEffect(() => {
    if (selectionKey) setTab('properties');
  }, [selectionKey]);

  if (loadError) {
    return (
      <Alert type="error" title={pick(ui.loadFailed, language)} description={loadError} showIcon />
    );
  }
  if (!loaded) return <Spin />;

  const selectedNodes = graph.nodes.filter((n) => n.selected);
  const selectedEdges = graph.edges.filter((e) => e.selected);
  const selectedState =
    selectedNodes.length === 1 && selectedNodes[0] && isStateNode(selectedNodes[0])
      ? selectedNodes[0]
      : undefined;
  const selectedEdge =
    selectedNodes.length === 0 && selectedEdges.length === 1
      ? selectedEdges.find(isTransitionEdge)
      : undefined;
  const canEdit = editable && !simulation;
  const engineIssues = issues.filter((i) => i.origin === 'engine');

  const properties = selectedState ? (
    <StatePanel node={selectedState} graph={graph} editable={canEdit} actions={stateActions} />
  ) : selectedEdge ? (
    <TransitionPanel
      edge={selectedEdge}
      graph={graph}
      editable={canEdit}
      actions={transitionActions}
    />
  ) : (
    <ProcessPanel
      shell={graph.shell}
      editable={canEdit}
      onChange={(shell) => change(normalize({ ...graph, shell }))}
    />
  );

  return (
    <StatusContext.Provider value={store}>
      <div className="sp-editor">
        <div className="sp-toolbar" role="toolbar" aria-label={pick(ui.title, language)}>
          <Button icon={<ArrowLeftOutlined />} onClick={() => void navigate('/designer')}>
            {pick(ui.backToList, language)}
          </Button>
          <Typography.Title level={4} className="sp-toolbar__title">
            {pick(graph.shell.name, language)}
          </Typography.Title>
          <Tag>
            {record.latestVersion > 0
              ? format(pick(ui.versionN, language), { n: record.latestVersion })
              : pick(ui.unpublished, language)}
          </Tag>
          {dirty && <Tag color="orange">{pick(ui.unsaved, language)}</Tag>}
          <span className="sp-toolbar__spacer" />
          {canEdit && (
            <Space.Compact>
              <Tooltip title={pick(ui.undo, language)}>
                <Button
                  icon={<UndoOutlined />}
                  aria-label={pick(ui.undo, language)}
                  disabled={history.past.length === 0}
                  onClick={() => dispatch({ type: 'undo' })}
                />
              </Tooltip>
              <Tooltip title={pick(ui.redo, language)}>
                <Button
                  icon={<RedoOutlined />}
                  aria-label={pick(ui.redo, language)}
                  disabled={history.future.length === 0}
                  onClick={() => dispatch({ type: 'redo' })}
                />
              </Tooltip>
              <Tooltip title={pick(ui.copy, language)}>
                <Button
                  icon={<CopyOutlined />}
                  aria-label={pick(ui.copy, language)}
                  disabled={selectedNodes.length === 0}
                  onClick={copy}
                />
              </Tooltip>
              <Tooltip title={pick(ui.paste, language)}>
                <Button
                  icon={<SnippetsOutlined />}
                  aria-label={pick(ui.paste, language)}
                  onClick={paste}
                />
              </Tooltip>
              <Tooltip title={pick(ui.delete, language)}>
                <Button
                  icon={<DeleteOutlined />}
                  aria-label={pick(ui.delete, language)}
                  disabled={selectedNodes.length === 0 && selectedEdges.length === 0}
                  onClick={deleteSelection}
                />
              </Tooltip>
            </Space.Compact>
          )}
          {canEdit && (
            <Button
              icon={<ApartmentOutlined />}
              loading={busy === 'layout'}
              onClick={() => void autoLayout()}
            >
              {pick(ui.autoLayout, language)}
            </Button>
          )}
          {canEdit && (
            <Tooltip title={pick(ui.importJson, language)}>
              <Button
                icon={<ImportOutlined />}
                aria-label={pick(ui.importJson, language)}
                onClick={() => fileInput.current?.click()}
              />
            </Tooltip>
          )}
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            hidden
            onChange={(e) => void importJson(e)}
          />
          <Tooltip title={pick(ui.exportJson, language)}>
            <Button
              icon={<ExportOutlined />}
              aria-label={pick(ui.exportJson, language)}
              onClick={exportJson}
            />
          </Tooltip>
          <Button
            icon={<HistoryOutlined />}
            onClick={() => void navigate(`/designer/${id}/versions`)}
          >
            {pick(ui.versions, language)}
          </Button>
          <Button
            icon={<ExperimentOutlined />}
            type={simulation ? 'primary' : 'default'}
            disabled={!simulation && engineIssues.length > 0}
            onClick={() => {
              if (simulation) {
                setSimulation(null);
              } else {
                change(select(graph, []), 'replace');
                setSimulation(graphToDefinition(graph));
              }
            }}
          >
            {pick(simulation ? ui.exitSimulation : ui.simulate, language)}
          </Button>
          {editable && (
            <Button
              icon={<SaveOutlined />}
              loading={busy === 'save'}
              disabled={!dirty}
              onClick={() => void save()}
            >
              {pick(ui.save, language)}
            </Button>
          )}
          {editable && (
            <Popconfirm
              title={pick(ui.publishConfirm, language)}
              onConfirm={() => void publish()}
              disabled={issues.length > 0}
            >
              <Tooltip title={issues.length > 0 ? pick(ui.publishBlocked, language) : undefined}>
                <Button
                  type="primary"
                  icon={<CloudUploadOutlined />}
                  loading={busy === 'publish'}
                  disabled={issues.length > 0}
                >
                  {pick(ui.publish, language)}
                </Button>
              </Tooltip>
            </Popconfirm>
          )}
        </div>
        {!editable && <Alert type="info" title={pick(ui.readOnly, language)} showIcon />}
        <div className="sp-editor__body">
          {canEdit && <Palette onAdd={addAtCenter} />}
          <div className="sp-editor__canvas" ref={canvasBox}>
            <DesignerCanvas
              graph={graph}
              editable={canEdit}
              selectable
              onGraph={change}
              onGestureStart={() => dispatch({ type: 'beginGesture' })}
              onGestureEnd={(g) => dispatch({ type: 'endGesture', graph: g })}
              onDropItem={addAt}
              onConnectStates={onConnectStates}
              onDeleteElements={onDeleteElements}
            />
          </div>
          <aside className="sp-editor__side">
            {simulation ? (
              <SimulationPanel definition={simulation} graph={graph} onStatuses={onStatuses} />
            ) : (
              <Tabs
                activeKey={tab}
                onChange={setTab}
                items={[
                  {
                    key: 'properties',
                    label: pick(
                      selectedState
                        ? selectedState.type === 'group'
                          ? ui.group
                          : ui.step
                        : selectedEdge
                          ? ui.transition
                          : ui.process,
                      language,
                    ),
                    children: properties,
                  },
                  {
                    key: 'issues',
                    label: (
                      <Badge count={issues.length} size="small" offset={[8, -2]}>
                        {pick(ui.issues, language)}
                      </Badge>
                    ),
                    children: (
                      <IssuesPanel
                        issues={issues}
                        checking={checking}
                        titleOf={titleOf}
                        onPick={pickIssue}
                      />
                    ),
                  },
                ]}
              />
            )}
          </aside>
        </div>
      </div>
    </StatusContext.Provider>
  );
}

/** The editor of one definition at `/designer/:id`. */
export function DefinitionEditor() {
  const { id = '' } = useParams();
  return (
    <ReactFlowProvider>
      <Editor key={id} id={id} />
    </ReactFlowProvider>
  );
}
