import { GroupCommit, type Settled } from './group-commit.js';

/** A writer whose batches finish when the test says so. */
class ControlledWriter {
  readonly calls: { key: string; items: number[]; finish: (s: Settled<string>[]) => void }[] = [];
  fail: Error | null = null;

  readonly write = (key: string, items: number[]): Promise<Settled<string>[]> =>
    new Promise((resolve, reject) => {
      if (this.fail) reject(this.fail);
      else this.calls.push({ key, items, finish: resolve });
    });

  /** Finishes call `n` with every item written as `<key>:<item>`. */
  finishOk(n: number): void {
    const call = this.calls[n];
    call.finish(call.items.map((item) => ({ ok: true, value: `${call.key}:${item}` })));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('writes an item at once while a batch slot is free', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 8, maxInFlight: 1 });
    const result = commit.submit('a', 1);
    expect(writer.calls.map((c) => c.items)).toEqual([[1]]);
    writer.finishOk(0);
    await expect(result).resolves.toBe('a:1');
  });

  it('groups what arrives while the slots are busy, up to the batch size', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 3, maxInFlight: 1 });
    const results = [1, 2, 3, 4, 5, 6].map((n) => commit.submit('a', n));
    expect(writer.calls.map((c) => c.items)).toEqual([[1]]);
    expect(commit.backlog).toBe(5);
    writer.finishOk(0);
    await tick();
    expect(writer.calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    writer.finishOk(1);
    await tick();
    expect(writer.calls.map((c) => c.items)).toEqual([[1], [2, 3, 4], [5, 6]]);
    writer.finishOk(2);
    await expect(Promise.all(results)).resolves.toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6']);
    expect(commit.backlog).toBe(0);
  });

  it('never mixes keys in a batch, and keys take turns', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 2, maxInFlight: 1 });
    const results = [
      commit.submit('a', 1),
      commit.submit('a', 2),
      commit.submit('a', 3),
      commit.submit('a', 4),
      commit.submit('b', 1),
    ];
    writer.finishOk(0);
    await tick();
    writer.finishOk(1);
    await tick();
    writer.finishOk(2);
    await tick();
    expect(writer.calls.map((c) => [c.key, c.items])).toEqual([
      ['a', [1]],
      ['a', [2, 3]],
      // 'a' still has an item waiting, but 'b' has waited longer for its turn.
      ['b', [1]],
      ['a', [4]],
    ]);
    writer.finishOk(3);
    await expect(Promise.all(results)).resolves.toEqual(['a:1', 'a:2', 'a:3', 'a:4', 'b:1']);
  });

  it('keeps at most maxInFlight batches being written', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 2 });
    const results = [1, 2, 3, 4].map((n) => commit.submit('a', n));
    expect(writer.calls.map((c) => c.items)).toEqual([[1], [2]]);
    writer.finishOk(1);
    await tick();
    expect(writer.calls.map((c) => c.items)).toEqual([[1], [2], [3, 4]]);
    writer.finishOk(0);
    writer.finishOk(2);
    await expect(Promise.all(results)).resolves.toEqual(['a:1', 'a:2', 'a:3', 'a:4']);
  });

  it('answers each item as the writer settled it, and writes again what it put back', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    const first = commit.submit('a', 0);
    const results = [1, 2, 3].map((n) => commit.submit('a', n));
    const late = commit.submit('a', 4);
    writer.finishOk(0);
    await first;
    await tick();
    expect(writer.calls[1].items).toEqual([1, 2, 3, 4]);
    const refused = new Error('refused');
    writer.calls[1].finish([
      { ok: true, value: 'one' },
      { ok: false, error: refused },
      { again: true },
      { ok: true, value: 'four' },
    ]);
    await expect(results[0]).resolves.toBe('one');
    await expect(results[1]).rejects.toBe(refused);
    await expect(late).resolves.toBe('four');
    await tick();
    // The item put back goes first in the next batch.
    expect(writer.calls[2].items).toEqual([3]);
    writer.finishOk(2);
    await expect(results[2]).resolves.toBe('a:3');
  });

  it('fails every item of a batch whose writer throws, and goes on with the next', async () => {
    const writer = new ControlledWriter();
    const commit = new GroupCommit(writer.write, { maxBatch: 10, maxInFlight: 1 });
    writer.fail = new Error('database down');
    await expect(commit.submit('a', 1)).rejects.toThrow('database down');
    writer.fail = null;
    const next = commit.submit('a', 2);
    writer.finishOk(0);
    await expect(next).resolves.toBe('a:2');
  });

  it('fails an item the writer gave no result for', async () => {
    const commit = new GroupCommit<number, string>(() => Promise.resolve([]), {
      maxBatch: 10,
      maxInFlight: 1,
    });
    await expect(commit.submit('a', 1)).rejects.toThrow('no result');
  });
});
