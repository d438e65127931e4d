/** Reports whether background work can be queued: Redis answers, or the in-process mode is in use. */
export interface QueueHealth {
  readonly kind: 'redis' | 'embedded';
  /** Resolves when the queue backend answers within `timeoutMs`; rejects with the reason otherwise. */
  check(timeoutMs: number): Promise<void>;
}

/** Embedded mode: timers and jobs run in this process, so there is nothing to reach. */
export class EmbeddedQueueHealth implements QueueHealth {
  readonly kind = 'embedded' as const;
  check(): Promise<void> {
    return Promise.resolve();
  }
}

/** Rejects after `ms` with a message naming what timed out. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
