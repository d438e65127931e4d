/**
 * The supervision dashboard's views as the api returns them and the web app reads them
 * (overview, organisation × step heatmap, deadline lists).
 */

type Text = { zh: string; en: string };

/**
 * Who may open the supervision dashboard (the api refuses anyone else; the web app offers it to
 * them only). They see the subtrees their roles cover.
 */
export const SUPERVISION_VIEWER_ROLES = [
  'supervisor',
  'org_department',
  'county_admin',
  'township_secretary',
] as const;

/** States of a heatmap cell, worst first. */
export const CELL_STATES = [
  'escalated',
  'overdue',
  'dueSoon',
  'open',
  'doneLate',
  'doneOnTime',
  'cancelled',
] as const;
export type CellState = (typeof CELL_STATES)[number];

export interface CampaignOption {
  id: string;
  name: string;
  status: string;
  scopeName: string;
  createdAt: string;
}

export interface Overview {
  /** The server's clock, so the client counts down from the same instant. */
  now: string;
  campaign: { id: string; name: string } | null;
  instances: { total: number; active: number; done: number; cancelled: number };
  /** Active instances by the step they are at, in process order. */
  funnel: { key: string; title: Text; kind: string; count: number }[];
  tasks: {
    open: number;
    overdue: number;
    dueSoon: number;
    escalated: number;
    done: number;
    doneOnTime: number;
    doneLate: number;
    /** Share of tasks with a deadline finished on time (0–1), null before any finished. */
    onTimeRate: number | null;
  };
  escalations: { open: number; closed: number };
  /** Ballots cast (测评票) and rating steps finished of those opened. */
  ballots: { received: number; ratingTasks: { done: number; total: number } };
  /** Rectification items of the three lists (整改清单) and rectification steps. */
  rectification: {
    items: { open: number; done: number; verified: number };
    tasks: { open: number; done: number };
  };
  /** Where open tasks are overdue, by township (second level of the tree), worst first. */
  overdueByTownship: { orgId: string | null; name: string; count: number }[];
}

/** A step of a definition as the dashboard shows it (a heatmap column, a funnel bar). */
export interface StepColumn {
  stateKey: string;
  title: Text;
  kind: string;
  /** True for steps that open a task (they have cells in the heatmap). */
  task: boolean;
}

export interface HeatmapRow {
  orgId: string;
  name: string;
  kind: string;
  depth: number;
  /** The organisation's own instance, when it is reviewed itself. */
  instanceId: string | null;
  instanceStatus: string | null;
  /** Instances in the subtree (its own included). */
  instances: number;
  /** True when organisations below it are reviewed (the row expands). */
  hasChildren: boolean;
  /** Per step key: counts by state and the worst state. */
  cells: Record<string, { state: CellState; counts: Partial<Record<CellState, number>> }>;
}

export interface Heatmap {
  now: string;
  campaign: { id: string; name: string };
  columns: StepColumn[];
  parent: { id: string; name: string } | null;
  rows: HeatmapRow[];
}

/** Where a deadline or an escalation stands: its instance, campaign and organisation. */
export interface InstancePlace {
  instanceId: string;
  campaignId: string;
  campaignName: string;
  orgId: string;
  orgName: string;
  townshipName: string | null;
}

export interface DeadlineItem extends InstancePlace {
  id: string;
  taskKey: string;
  stepKind: string;
  title: Text;
  status: string;
  dueAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  assigneeId: string | null;
  assigneeName: string | null;
  candidateRoles: string[];
  lastUrgedAt: string | null;
  openedAt: string;
}

export interface DeadlinePage {
  now: string;
  total: number;
  items: DeadlineItem[];
}

export interface DeadlineFacets {
  townships: { id: string; name: string }[];
  stepKinds: { kind: string; label: Text; count: number }[];
  assignees: { id: string | null; name: string | null; count: number }[];
}

/** An escalation (督办) with its task and what was done about it. */
export interface EscalationView extends InstancePlace {
  id: string;
  status: 'open' | 'closed';
  taskKey: string | null;
  stateKey: string;
  taskId: string | null;
  title: { zh: string; en: string } | null;
  taskStatus: string | null;
  taskDueAt: string | null;
  dueAt: string | null;
  openedAt: string;
  closedAt: string | null;
  closeNote: string | null;
  openNote: string | null;
  openedByName: string | null;
  ownerId: string | null;
  ownerName: string | null;
  closedByName: string | null;
  /** What was done about it, in order. */
  actions: { action: string; note: string | null; actorName: string | null; at: string }[];
}

export interface EscalationPage {
  now: string;
  total: number;
  items: EscalationView[];
}
