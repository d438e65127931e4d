/** What the writer says of one item of a batch. */
export type Settled<R> =
  | { ok: true; value: R }
  | { ok: false; error: unknown }
  /** Not written with this batch (it clashed with another item): goes with the next one. */
  | { again: true };

interface Waiting<T, R> {
  item: T;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitLimits {
  /** Items written together at most. */
  maxBatch: number;
  /** Batches being written at once (each holds one database connection). */
  maxInFlight: number;
}

/**
 * Group commit: items submitted while earlier batches are being written wait, and go together
 * in the next batch, so a busy system pays the round trips of a transaction once per batch
 * instead of once per item. With a batch slot free an item goes at once, so a quiet system adds
 * no latency. Items are grouped by key (a county): a batch never mixes keys, and keys take turns.
 */
export class GroupCommit<T, R> {
  private readonly waiting = new Map<string, Waiting<T, R>[]>();
  private inFlight = 0;

  constructor(
    private readonly write: (key: string, items: T[]) => Promise<Settled<R>[]>,
    private readonly limits: GroupCommitLimits,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.enqueue(key, [{ item, resolve, reject }], false);
      this.drain();
    });
  }

  /** Items waiting to be written (for tests and metrics). */
  get backlog(): number {
    let n = 0;
    for (const list of this.waiting.values()) n += list.length;
    return n;
  }

  private enqueue(key: string, entries: Waiting<T, R>[], first: boolean): void {
    const list = this.waiting.get(key);
    if (!list) this.waiting.set(key, entries);
    else if (first) list.unshift(...entries);
    else list.push(...entries);
  }

  private drain(): void {
    while (this.inFlight < this.limits.maxInFlight) {
      const next = this.waiting.entries().next();
      if (next.done) return;
      const [key, list] = next.value;
      const batch = list.splice(0, this.limits.maxBatch);
      // The key goes to the back of the line (Map keeps insertion order), or away when empty.
      this.waiting.delete(key);
      if (list.length > 0) this.waiting.set(key, list);
      this.inFlight++;
      void this.run(key, batch);
    }
  }

  private async run(key: string, batch: Waiting<T, R>[]): Promise<void> {
    try {
      const settled = await this.write(
        key,
        batch.map((w) => w.item),
      );
      const again: Waiting<T, R>[] = [];
      batch.forEach((w, i) => {
        const s = settled[i];
        if (!s) w.reject(new Error('The batch writer gave no result for an item'));
        else if ('again' in s) again.push(w);
        else if (s.ok) w.resolve(s.value);
        else w.reject(s.error);
      });
      if (again.length > 0) this.enqueue(key, again, true);
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.inFlight--;
      this.drain();
    }
  }
}
