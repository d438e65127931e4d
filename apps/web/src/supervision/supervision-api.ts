import type { WorkflowDefinition } from '@shuping/engine';
import type {
  CampaignOption,
  DeadlineFacets,
  DeadlinePage,
  EscalationPage,
  EscalationView,
  Heatmap,
  Overview,
} from '@shuping/contracts';
import { api, ApiError, loadSession } from '../api/client';

export type Text = { zh: string; en: string };

export {
  CELL_STATES,
  type CampaignOption,
  type CellState,
  type DeadlineFacets,
  type DeadlineItem,
  type DeadlinePage,
  type EscalationPage,
  type EscalationView,
  type Heatmap,
  type HeatmapRow,
  type Overview,
  type StepColumn,
} from '@shuping/contracts';

export interface DeadlineQuery {
  campaignId?: string;
  townshipId?: string;
  stepKind?: string;
  assignee?: string;
  state?: 'all' | 'overdue' | 'dueSoon' | 'escalated';
  sort?: 'dueAt' | 'org' | 'township' | 'step';
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export interface UrgeResult {
  taskId: string;
  ok: boolean;
  notified?: number;
  code?: string;
  message?: string;
}

export interface AssignableUser {
  id: string;
  username: string;
  displayName: string;
  orgName: string | null;
  roles: string[];
  candidate: boolean;
}

export interface MoveOption {
  event: string;
  taskKey: string | null;
  from: { stateKey: string; title: Text };
  label: Text | null;
  targets: { stateKey: string; title: Text }[];
}

export interface InstanceTask {
  id: string;
  taskKey: string;
  stateKey: string;
  visit: number;
  stepKind: string;
  title: Text;
  status: string;
  closeReason: string | null;
  openedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  overdue: boolean;
  late: boolean | null;
  escalationLevel: number;
  assigneeName: string | null;
  completedByName: string | null;
  lastUrgedAt: string | null;
}

export interface SupervisedInstance {
  now: string;
  id: string;
  status: string;
  version: number;
  campaign: { id: string; name: string };
  org: { id: string; name: string; kind: string; townshipName: string | null };
  startedAt: string;
  endedAt: string | null;
  definition: WorkflowDefinition;
  currentStates: string[];
  completedStates: string[];
  steps: { stateKey: string; title: Text; kind: string; task: boolean; state: string }[];
  facts: { grade: string | null; score: number | null; vetoed: boolean };
  tasks: InstanceTask[];
  timers: { timerKey: string; purpose: string; taskKey: string | null; dueAt: string }[];
  history: {
    seq: number;
    eventType: string;
    actor: string | null;
    at: string;
    fromStates: string[];
    toStates: string[];
    taskKey: string | null;
    late: boolean | null;
    reason: string | null;
    detail: Record<string, unknown>;
  }[];
  escalations: {
    id: string;
    status: string;
    taskKey: string | null;
    openedAt: string;
    closedAt: string | null;
  }[];
  can: { extend: boolean; reassign: boolean; escalate: boolean; move: boolean; cancel: boolean };
  moves: MoveOption[];
}

export interface ResultRow {
  orgId: string;
  instanceId: string;
  name: string;
  code: string;
  scopeName: string | null;
  score: number | null;
  vetoed: boolean;
  grade: string | null;
  rank: number | null;
  rankedAmong: number | null;
  classLabel: string | null;
  rewardPercent: number | null;
  boundaryTie: boolean;
  consequences: string[];
  explanation: { zh: string; en: string; lines: { depth: number; zh: string; en: string }[] };
}

export interface CampaignResults {
  campaign: { id: string; name: string };
  rules: {
    rankWithin: string;
    ranking: string;
    classes: { label: string; sharePercent: number; rewardPercent: number }[];
    hasRatings: boolean;
  };
  summary: {
    organisations: number;
    scored: number;
    graded: number;
    byClass: Record<string, number>;
  };
  total: number;
  rows: ResultRow[];
}

export interface NoticeInput {
  subject: string;
  organiser: string;
  periodStart: string;
  periodEnd: string;
  contact?: string;
  showScores: boolean;
}

function query(params: object): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const BASE = '/supervision';

export const supervisionApi = {
  campaigns: () => api<CampaignOption[]>(`${BASE}/campaigns`),
  overview: (campaignId?: string) => api<Overview>(`${BASE}/overview${query({ campaignId })}`),
  heatmap: (campaignId: string, parentId?: string) =>
    api<Heatmap>(`${BASE}/heatmap${query({ campaignId, parentId })}`),
  deadlines: (q: DeadlineQuery) => api<DeadlinePage>(`${BASE}/deadlines${query(q)}`),
  facets: (campaignId?: string) =>
    api<DeadlineFacets>(`${BASE}/deadlines/facets${query({ campaignId })}`),
  urge: (taskIds: string[]) =>
    api<UrgeResult[]>(`${BASE}/tasks/urge`, { method: 'POST', body: { taskIds } }),
  escalate: (taskId: string, note: string) =>
    api<EscalationView>(`${BASE}/tasks/${taskId}/escalate`, { method: 'POST', body: { note } }),
  extend: (taskId: string, dueAt: string, reason: string) =>
    api<{ dueAt: string }>(`${BASE}/tasks/${taskId}/extend`, {
      method: 'POST',
      body: { dueAt, reason },
    }),
  reassign: (taskId: string, userId: string, reason: string) =>
    api(`${BASE}/tasks/${taskId}/reassign`, { method: 'POST', body: { userId, reason } }),
  assignable: (taskId: string, q?: string) =>
    api<AssignableUser[]>(`${BASE}/tasks/${taskId}/assignable-users${query({ q })}`),
  escalations: (q: { campaignId?: string; status: string; limit?: number; offset?: number }) =>
    api<EscalationPage>(`${BASE}/escalations${query(q)}`),
  claimEscalation: (id: string) =>
    api<EscalationView>(`${BASE}/escalations/${id}/claim`, { method: 'POST' }),
  closeEscalation: (id: string, note: string) =>
    api<EscalationView>(`${BASE}/escalations/${id}/close`, { method: 'POST', body: { note } }),
  instance: (id: string) => api<SupervisedInstance>(`${BASE}/instances/${id}`),
  move: (id: string, event: string, taskKey: string | null, reason: string) =>
    api(`${BASE}/instances/${id}/move`, {
      method: 'POST',
      body: { event, ...(taskKey ? { taskKey } : {}), reason },
    }),
  cancel: (id: string, reason: string) =>
    api(`${BASE}/instances/${id}/cancel`, { method: 'POST', body: { reason } }),
  results: (campaignId: string, q: { townshipId?: string; limit?: number; offset?: number }) =>
    api<CampaignResults>(`${BASE}/campaigns/${campaignId}/results${query(q)}`),
  publish: (campaignId: string, body: NoticeInput) =>
    api<{ id: string; text: string; until: string }>(
      `${BASE}/campaigns/${campaignId}/results/notice`,
      { method: 'POST', body },
    ),
};

/**
 * Downloads the results workbook: the api client speaks JSON, so the file is fetched with the
 * session's token here (after a JSON call that refreshes an expired token) and saved.
 */
export async function downloadResults(campaignId: string, fallbackName: string): Promise<void> {
  const send = () =>
    fetch(`/api${BASE}/campaigns/${campaignId}/results/export`, {
      headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` },
    });
  let res = await send();
  if (res.status === 401) {
    await supervisionApi.campaigns();
    res = await send();
  }
  if (!res.ok) throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText);
  const blob = await res.blob();
  const disposition = res.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = encoded ? decodeURIComponent(encoded) : fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(url);
}
