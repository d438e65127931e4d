import { App } from 'antd';
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type DependencyList,
} from 'react';
import { ApiError } from '../api/client';
import { supervisionApi, type CampaignOption } from './supervision-api';
import { useSupervisionText } from './supervision-messages';

/** What every supervision view shares: the chosen campaign and the live refresh signal. */
export interface SupervisionState {
  campaigns: CampaignOption[];
  campaignId: string | undefined;
  setCampaignId: (id: string | undefined) => void;
  /** Moves on whenever the server says counts changed (or after an action here). */
  refreshKey: number;
  refresh: () => void;
  /** A supervision path keeping the chosen campaign: `href('deadlines', { state: 'overdue' })`. */
  href: (path: string, params?: Record<string, string>) => string;
}

export const SupervisionContext = createContext<SupervisionState | null>(null);

export function useSupervision(): SupervisionState {
  const value = useContext(SupervisionContext);
  if (!value) throw new Error('useSupervision outside the supervision page');
  return value;
}

/**
 * Loads data and reloads it when `deps` change; keeps showing the last answer while a reload
 * runs, so live updates do not flicker.
 */
export function useLoad<T>(
  load: () => Promise<T> | undefined,
  deps: DependencyList,
): { data: T | undefined; loading: boolean; error: ApiError | undefined; reload: () => void } {
  const [data, setData] = useState<T>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [tick, setTick] = useState(0);
  const loader = useRef(load);
  loader.current = load;
  useEffect(() => {
    let cancelled = false;
    const pending = loader.current();
    if (!pending) {
      setData(undefined);
      return;
    }
    setLoading(true);
    pending
      .then((value) => {
        if (cancelled) return;
        setData(value);
        setError(undefined);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e instanceof ApiError ? e : new ApiError(0, 'NETWORK', String(e)));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
    };
    // The callers list what the load reads in `deps`.
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, loading, error, reload };
}

/** Runs an action, reports success or the server's message, and refreshes the views. */
export function useAction(): <T>(
  work: () => Promise<T>,
  success?: string,
) => Promise<T | undefined> {
  const { message } = App.useApp();
  const { t } = useSupervisionText();
  const { refresh } = useSupervision();
  return useCallback(
    async <T,>(work: () => Promise<T>, success?: string) => {
      try {
        const result = await work();
        void message.success(success ?? t('done'));
        refresh();
        return result;
      } catch (e) {
        const text =
          e instanceof ApiError
            ? e.code === 'URGE_TOO_SOON'
              ? t('urgeTooSoon')
              : `${t('failed')}：${e.errors[0]?.message ?? e.message}`
            : t('failed');
        void message.error(text);
        return undefined;
      }
    },
    [message, refresh, t],
  );
}

/** Urges tasks (催办) and says how many were urged; refreshes the views. */
export function useUrge(): (taskIds: string[]) => Promise<void> {
  const { message } = App.useApp();
  const { t } = useSupervisionText();
  const { refresh } = useSupervision();
  return useCallback(
    async (taskIds: string[]) => {
      try {
        const results = await supervisionApi.urge(taskIds);
        const ok = results.filter((r) => r.ok).length;
        if (ok === 0 && results.every((r) => r.code === 'URGE_TOO_SOON')) {
          void message.warning(t('urgeTooSoon'));
        } else if (ok === results.length) {
          void message.success(t('urged', { ok, failed: 0 }));
        } else {
          void message.warning(t('urged', { ok, failed: results.length - ok }));
        }
        refresh();
      } catch (e) {
        void message.error(`${t('failed')}：${e instanceof Error ? e.message : String(e)}`);
      }
    },
    [message, refresh, t],
  );
}
