import { problemMessage } from './problem-messages';

/**
 * A failed API call, carrying the server's problem+json `code` and field errors. Its message is
 * what the person reads: in Chinese for the codes the app knows (`problemMessage`), else the
 * api's own text, which `apiText` keeps either way.
 */
export class ApiError extends Error {
  readonly apiText: string;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: { path: string; message: string }[] = [],
  ) {
    super(problemMessage(code, message));
    this.apiText = message;
  }
}

const TOKEN_KEY = 'shuping.session';

export interface Session {
  accessToken: string;
  refreshToken: string;
}

export function loadSession(): Session | null {
  const raw = localStorage.getItem(TOKEN_KEY);
  return raw ? (JSON.parse(raw) as Session) : null;
}

export function saveSession(session: Session | null): void {
  if (session) localStorage.setItem(TOKEN_KEY, JSON.stringify(session));
  else localStorage.removeItem(TOKEN_KEY);
}

let onSessionEnded: () => void = () => undefined;

/** Called when the session can no longer be refreshed (the app shows the login page). */
export function setSessionEndedHandler(handler: () => void): void {
  onSessionEnded = handler;
}

async function refresh(session: Session): Promise<Session | null> {
  const res = await fetch('/api/auth/refresh', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ refreshToken: session.refreshToken }),
  });
  if (!res.ok) return null;
  const next = (await res.json()) as Session;
  saveSession(next);
  return next;
}

/**
 * Calls the API with the current session; refreshes an expired access token once, and turns
 * problem+json answers into {@link ApiError}.
 */
export async function api<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const send = (session: Session | null) =>
    fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: {
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
    });
  let session = loadSession();
  let res = await send(session);
  if (res.status === 401 && session) {
    session = await refresh(session);
    if (session) res = await send(session);
    else {
      saveSession(null);
      onSessionEnded();
    }
  }
  if (res.status === 204) return undefined as T;
  const body: unknown = res.headers.get('content-type')?.includes('json')
    ? await res.json()
    : await res.text();
  if (!res.ok) {
    const problem = (body ?? {}) as {
      code?: string;
      title?: string;
      errors?: { path: string; message: string }[];
    };
    throw new ApiError(
      res.status,
      problem.code ?? `HTTP_${res.status}`,
      problem.title ?? res.statusText,
      problem.errors,
    );
  }
  return body as T;
}
