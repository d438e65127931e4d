import type { StepFormContext } from '@shuping/contracts';
import type { WorkflowDefinition } from '@shuping/engine';
import { api, ApiError, loadSession } from '../api/client';

/** Why a task is in my list. */
export type TaskVia =
  'self' | 'standIn' | 'delegate' | 'coHandler' | 'copy' | 'done' | 'subject' | 'overseer';

export interface TaskView {
  id: string;
  instanceId: string;
  campaignId: string;
  campaignName: string;
  orgUnitId: string;
  orgName: string;
  taskKey: string;
  stepKind: string;
  title: { zh: string; en: string };
  status: string;
  assigneeUserId: string | null;
  assigneeName: string | null;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  openedAt: string;
  closedAt: string | null;
  formSettings: unknown;
  via: TaskVia;
}

export interface TaskFilters {
  status: 'open' | 'done' | 'copied';
  kind?: string;
  campaignId?: string;
  overdue?: boolean;
  q?: string;
  sort: 'due' | 'opened' | 'org' | 'kind';
}

export interface BulkResult {
  taskId: string;
  ok: boolean;
  code?: string;
  message?: string;
}

export interface Participant {
  id: string;
  kind: 'delegate' | 'coHandler' | 'copy';
  userId: string;
  name: string;
  status: 'pending' | 'done' | 'withdrawn';
  note: string | null;
  opinion: string | null;
  agree: boolean | null;
  addedBy: string | null;
  createdAt: string;
  doneAt: string | null;
}

export interface QuestionView {
  id: string;
  question: string;
  askedBy: string | null;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  mine: boolean;
}

export interface RatingProgress {
  taskId: string;
  received: number;
  eligible: number;
  byGroup: { group: string; received: number }[];
  voted: boolean;
  canVote: boolean;
  canClose: boolean;
  anonymous: boolean;
  closed: boolean;
  result: Record<string, unknown> | null;
}

export interface RectificationItem {
  id: string;
  list: 'problems' | 'responsibilities' | 'actions';
  seq: number;
  content: string;
  owner: string;
  deadline: string;
  evidence: string | null;
  attachments: string[];
  status: 'open' | 'done' | 'verified' | 'rejected';
  verifiedBy: string | null;
  verifiedAt: string | null;
  verifyNote: string | null;
  updatedAt: string;
}

export interface LedgerItem {
  id: string;
  kind: 'monthly' | 'quarterly';
  period: string;
  content: string;
  target: string | null;
  progress: number;
  updatedAt: string;
  reports: { progress: number; note: string; by: string | null; at: string }[];
}

export interface Commitment {
  id: string;
  taskId: string;
  side: 'self' | 'superior';
  orgName: string | null;
  text: string;
  signedBy: string | null;
  signedAt: string | null;
  countersignedBy: string | null;
  countersignedAt: string | null;
  ledger: LedgerItem[];
}

export interface TopicProposal {
  id: string;
  text: string;
  category: string | null;
  status: 'new' | 'accepted' | 'rejected' | 'merged';
  mergedInto: string | null;
  source: 'public' | 'staff';
  support: number;
  createdAt: string;
}

export interface TopicRound {
  id: string;
  taskId: string;
  orgName: string;
  stepTitle: string;
  open: boolean;
  closesAt: string | null;
  pick: 'mostSupported' | 'committeeChoice';
  categories: { key: string; title: { zh: string; en: string } }[];
  chosenProposalId: string | null;
  proposals: TopicProposal[];
  votes: number;
}

export interface AttachmentView {
  id: string;
  fileName: string;
  mimeType: string;
  sizeBytes: number;
  uploadedBy: string | null;
  createdAt: string;
}

export interface ObjectionView {
  id: string;
  noticeTitle: string;
  text: string;
  routed: boolean;
  createdAt: string;
}

export interface MeetingSpeaker {
  taskId: string;
  orgName: string;
  status: string;
  order: number;
  durationSeconds: number | null;
  overrunSeconds: number | null;
  current: boolean;
}

export interface TaskDetail {
  task: TaskView;
  can: {
    complete: boolean;
    claim: boolean;
    transfer: boolean;
    delegate: boolean;
    resolve: boolean;
    coHandler: boolean;
    coSign: boolean;
    copy: boolean;
    sendBack: boolean;
    urge: boolean;
    print: boolean;
    answer: boolean;
    verify: boolean;
    countersign: boolean;
    bulk: boolean;
  };
  form: StepFormContext;
  draft: { data: Record<string, unknown>; updatedAt: string; updatedBy: string | null } | null;
  data: Record<string, unknown> | null;
  participants: Participant[];
  actions: { at: string; action: string; actor: string | null; detail: Record<string, unknown> }[];
  instance: {
    id: string;
    status: string;
    orgName: string;
    orgKind: string;
    parentName: string | null;
    definition: WorkflowDefinition;
    currentStates: string[];
    completedStates: string[];
    facts: { grade: string | null; score: number | null; objections: number };
    results: Record<string, Record<string, unknown>>;
    history: {
      seq: number;
      eventType: string;
      actor: string | null;
      fromStates: string[];
      toStates: string[];
      at: string;
    }[];
  };
  questions?: QuestionView[];
  rating?: RatingProgress;
  items?: RectificationItem[];
  commitments?: Commitment[];
  topics?: TopicRound;
  attachments?: AttachmentView[];
  objections?: ObjectionView[];
  meeting?: { limitSeconds: number; speakers: MeetingSpeaker[] };
}

export interface Person {
  id: string;
  displayName: string;
  username: string;
  orgName: string | null;
}

export interface StandInPeriod {
  absentUserId: string;
  absentName: string;
  standInUserId: string;
  standInName: string;
  from: string;
  to: string;
  roles: string[];
  current: boolean;
}

function query(filters: TaskFilters): string {
  const params = new URLSearchParams({ status: filters.status, sort: filters.sort, limit: '200' });
  if (filters.kind) params.set('kind', filters.kind);
  if (filters.campaignId) params.set('campaignId', filters.campaignId);
  if (filters.overdue !== undefined) params.set('overdue', String(filters.overdue));
  if (filters.q) params.set('q', filters.q);
  return params.toString();
}

export const inboxApi = {
  list: (filters: TaskFilters) => api<TaskView[]>(`/tasks?${query(filters)}`),
  detail: (id: string) => api<TaskDetail>(`/inbox/tasks/${id}`),
  claim: (id: string) => api<TaskView>(`/tasks/${id}/claim`, { method: 'POST' }),
  bulkClaim: (taskIds: string[]) =>
    api<BulkResult[]>('/tasks/bulk/claim', { method: 'POST', body: { taskIds } }),
  bulkComplete: (taskIds: string[], data: Record<string, unknown>) =>
    api<BulkResult[]>('/tasks/bulk/complete', { method: 'POST', body: { taskIds, data } }),
  complete: (id: string, data: Record<string, unknown>) =>
    api<{ currentStates: string[]; ballot?: { received: number; eligible: number } }>(
      `/tasks/${id}/complete`,
      { method: 'POST', body: { data, idempotencyKey: `web-${id}-${Date.now()}` } },
    ),
  draft: (id: string, data: Record<string, unknown>) =>
    api<{ savedAt: string }>(`/tasks/${id}/draft`, { method: 'PUT', body: { data } }),
  people: (q: string) => api<Person[]>(`/inbox/people?q=${encodeURIComponent(q)}`),
  transfer: (id: string, userId: string, note?: string) =>
    api<void>(`/tasks/${id}/transfer`, { method: 'POST', body: { userId, note } }),
  delegate: (id: string, userId: string, note?: string) =>
    api<void>(`/tasks/${id}/delegate`, { method: 'POST', body: { userId, note } }),
  resolve: (id: string, note?: string) =>
    api<void>(`/tasks/${id}/resolve`, { method: 'POST', body: { note } }),
  coHandler: (id: string, userId: string, note?: string) =>
    api<void>(`/tasks/${id}/co-handlers`, { method: 'POST', body: { userId, note } }),
  coSign: (id: string, opinion: string, agree: boolean) =>
    api<void>(`/tasks/${id}/co-sign`, { method: 'POST', body: { opinion, agree } }),
  copy: (id: string, userIds: string[], note?: string) =>
    api<void>(`/tasks/${id}/copies`, { method: 'POST', body: { userIds, note } }),
  sendBack: (id: string, reason: string) =>
    api<{ currentStates: string[] }>(`/tasks/${id}/send-back`, {
      method: 'POST',
      body: { reason },
    }),
  urge: (id: string) => api<{ notified: number }>(`/tasks/${id}/urge`, { method: 'POST' }),
  rating: (id: string) => api<RatingProgress>(`/tasks/${id}/rating`),
  closeRating: (id: string) =>
    api<{ currentStates: string[] }>(`/tasks/${id}/rating/close`, { method: 'POST' }),
  ask: (id: string, question: string) =>
    api<QuestionView[]>(`/tasks/${id}/questions`, { method: 'POST', body: { question } }),
  answer: (questionId: string, answer: string) =>
    api<QuestionView[]>(`/questions/${questionId}/answer`, { method: 'POST', body: { answer } }),
  saveCommitment: (id: string, body: { text: string; ledger: unknown[] }) =>
    api<Commitment>(`/tasks/${id}/commitment`, { method: 'PUT', body }),
  sign: (id: string) => api<Commitment>(`/tasks/${id}/commitment/sign`, { method: 'POST' }),
  countersign: (id: string) =>
    api<Commitment>(`/tasks/${id}/commitment/countersign`, { method: 'POST' }),
  ledgerProgress: (itemId: string, progress: number, note: string) =>
    api<Commitment>(`/ledger-items/${itemId}/progress`, {
      method: 'POST',
      body: { progress, note },
    }),
  addItem: (id: string, body: Record<string, unknown>) =>
    api<RectificationItem[]>(`/tasks/${id}/rectification-items`, { method: 'POST', body }),
  updateItem: (itemId: string, body: Record<string, unknown>) =>
    api<RectificationItem[]>(`/rectification-items/${itemId}`, { method: 'PATCH', body }),
  removeItem: (itemId: string) =>
    api<RectificationItem[]>(`/rectification-items/${itemId}`, { method: 'DELETE' }),
  verifyItem: (itemId: string, verdict: 'verified' | 'rejected', note?: string) =>
    api<RectificationItem[]>(`/rectification-items/${itemId}/verify`, {
      method: 'POST',
      body: { verdict, note },
    }),
  topics: (id: string) => api<TopicRound>(`/tasks/${id}/topics`),
  addTopic: (id: string, text: string, category?: string) =>
    api<TopicRound>(`/tasks/${id}/topics/proposals`, { method: 'POST', body: { text, category } }),
  classifyTopic: (proposalId: string, category: string | null, status: string) =>
    api<TopicRound>(`/topic-proposals/${proposalId}`, {
      method: 'PATCH',
      body: { category, status },
    }),
  mergeTopic: (proposalId: string, intoId: string) =>
    api<TopicRound>(`/topic-proposals/${proposalId}/merge`, { method: 'POST', body: { intoId } }),
  standIns: () => api<StandInPeriod[]>('/inbox/stand-ins'),
  createStandIn: (body: { standInUserId: string; from: string; to: string; reason?: string }) =>
    api<StandInPeriod[]>('/inbox/stand-ins', { method: 'POST', body }),
  endStandIn: (userId: string) =>
    api<StandInPeriod[]>(`/inbox/stand-ins/${userId}`, { method: 'DELETE' }),
};

/** Sends a file's bytes (the server checks its type and size). */
export async function uploadAttachment(taskId: string, file: File): Promise<AttachmentView> {
  const session = loadSession();
  const res = await fetch(
    `/api/tasks/${taskId}/attachments?fileName=${encodeURIComponent(file.name)}`,
    {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: file,
    },
  );
  const body = (await res.json()) as AttachmentView & { code?: string; title?: string };
  if (!res.ok) throw new ApiError(res.status, body.code ?? 'UPLOAD_FAILED', body.title ?? '');
  return body;
}

/** Fetches a protected file (attachment or PDF) and opens or saves it. */
export async function openProtected(path: string, fileName: string, inline = false): Promise<void> {
  const session = loadSession();
  const res = await fetch(`/api${path}`, {
    headers: session ? { authorization: `Bearer ${session.accessToken}` } : {},
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { code?: string; title?: string };
    throw new ApiError(res.status, problem.code ?? `HTTP_${res.status}`, problem.title ?? '');
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  if (inline) a.target = '_blank';
  else a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
