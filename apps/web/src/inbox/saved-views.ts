import type { TaskFilters } from './inbox-api';

/** A named set of inbox filters, kept in the browser (localStorage). */
export interface SavedView {
  name: string;
  filters: TaskFilters;
}

const KEY = 'shuping.inbox.views';
const MAX_VIEWS = 20;

interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isView(value: unknown): value is SavedView {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { name?: unknown; filters?: { status?: unknown; sort?: unknown } };
  return (
    typeof v.name === 'string' &&
    typeof v.filters === 'object' &&
    v.filters !== null &&
    ['open', 'done', 'copied'].includes(String(v.filters.status)) &&
    ['due', 'opened', 'org', 'kind'].includes(String(v.filters.sort))
  );
}

/** The saved views; anything malformed in storage is ignored. */
export function loadViews(storage: StorageLike = localStorage): SavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isView).slice(0, MAX_VIEWS) : [];
  } catch {
    return [];
  }
}

/** Saves a view under its name (replacing one of the same name), newest first. */
export function saveView(view: SavedView, storage: StorageLike = localStorage): SavedView[] {
  const name = view.name.trim().slice(0, 40);
  if (!name) return loadViews(storage);
  const views = [
    { name, filters: view.filters },
    ...loadViews(storage).filter((v) => v.name !== name),
  ].slice(0, MAX_VIEWS);
  storage.setItem(KEY, JSON.stringify(views));
  return views;
}

export function deleteView(name: string, storage: StorageLike = localStorage): SavedView[] {
  const views = loadViews(storage).filter((v) => v.name !== name);
  storage.setItem(KEY, JSON.stringify(views));
  return views;
}
