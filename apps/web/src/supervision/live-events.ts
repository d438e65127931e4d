import { useEffect, useRef } from 'react';
import { api, loadSession } from '../api/client';

/** One server-sent event. */
export interface SseEvent {
  type: string;
  data: string;
}

/**
 * Splits a server-sent-events buffer into complete events; returns them and the unfinished
 * rest (kept for the next chunk). Comments and fields other than `event` / `data` are ignored.
 */
export function parseSse(buffer: string): { events: SseEvent[]; rest: string } {
  const normalised = buffer.replace(/\r\n?/g, '\n');
  const blocks = normalised.split('\n\n');
  const rest = blocks.pop() ?? '';
  const events: SseEvent[] = [];
  for (const block of blocks) {
    let type = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') type = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0 || type !== 'message') events.push({ type, data: data.join('\n') });
  }
  return { events, rest };
}

const RETRY_MS = 5000;

/**
 * Calls `onChange` when the server says counts may have changed (`changed` events of
 * /api/supervision/live), at most once per `debounceMs`. EventSource cannot send the bearer
 * token, so the stream is read with fetch; it reconnects after errors and refreshes the token
 * through the api client when it has expired.
 */
export function useLiveUpdates(onChange: () => void, debounceMs = 800): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const abort = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const changed = () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = undefined;
        latest.current();
      }, debounceMs);
    };
    const connect = async (): Promise<void> => {
      while (!abort.signal.aborted) {
        try {
          const res = await fetch('/api/supervision/live', {
            headers: { authorization: `Bearer ${loadSession()?.accessToken ?? ''}` },
            signal: abort.signal,
          });
          if (res.status === 401) {
            // Refreshes the access token (or ends the session) through the api client.
            await api('/me').catch(() => undefined);
          } else if (res.ok && res.body) {
            const reader = res.body.getReader();
            const decoder = new TextDecoder();
            let buffer = '';
            for (;;) {
              const { value, done } = await reader.read();
              if (done) break;
              const parsed = parseSse(buffer + decoder.decode(value, { stream: true }));
              buffer = parsed.rest;
              if (parsed.events.some((e) => e.type === 'changed')) changed();
            }
          }
        } catch {
          if (abort.signal.aborted) return;
        }
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    };
    void connect();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [debounceMs]);
}
