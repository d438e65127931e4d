import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react';
import { api, loadSession, saveSession, setSessionEndedHandler, type Session } from '../api/client';

export interface Me {
  userId: string;
  username: string;
  displayName: string;
  countyId: string | null;
  orgUnitId: string | null;
  roles: { role: string; orgUnitId: string | null; raterGroup: string | null }[];
}

interface Auth {
  me: Me | null;
  loading: boolean;
  login: (username: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  hasRole: (...roles: string[]) => boolean;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const loadMe = useCallback(async () => {
    if (!loadSession()) {
      setMe(null);
      setLoading(false);
      return;
    }
    try {
      setMe(await api<Me>('/me'));
    } catch {
      setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    setSessionEndedHandler(() => setMe(null));
    void loadMe();
  }, [loadMe]);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      login: async (username, password) => {
        saveSession(
          await api<Session>('/auth/login', { method: 'POST', body: { username, password } }),
        );
        await loadMe();
      },
      logout: async () => {
        await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
        saveSession(null);
        setMe(null);
      },
      hasRole: (...roles) =>
        !!me?.roles.some((r) => r.role === 'province_admin' || roles.includes(r.role)),
    }),
    [me, loading, loadMe],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error('useAuth outside AuthProvider');
  return context;
}
