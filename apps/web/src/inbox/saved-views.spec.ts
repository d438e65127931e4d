import { deleteView, loadViews, saveView } from './saved-views';

function memory(): { getItem(k: string): string | null; setItem(k: string, v: string): void } {
  const data = new Map<string, string>();
  return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('saved inbox views', () => {
  it('saves, replaces by name, lists newest first and deletes', () => {
    const storage = memory();
    saveView({ name: '逾期', filters: { status: 'open', sort: 'due', overdue: true } }, storage);
    saveView({ name: '测评', filters: { status: 'open', sort: 'org', kind: 'rating' } }, storage);
    saveView({ name: '逾期', filters: { status: 'open', sort: 'opened', overdue: true } }, storage);
    expect(loadViews(storage).map((v) => [v.name, v.filters.sort])).toEqual([
      ['逾期', 'opened'],
      ['测评', 'org'],
    ]);
    expect(deleteView('测评', storage).map((v) => v.name)).toEqual(['逾期']);
  });

  it('ignores blank names and malformed storage', () => {
    const storage = memory();
    expect(saveView({ name: '  ', filters: { status: 'open', sort: 'due' } }, storage)).toEqual([]);
    storage.setItem('shuping.inbox.views', '{not json');
    expect(loadViews(storage)).toEqual([]);
    storage.setItem(
      'shuping.inbox.views',
      JSON.stringify([{ name: 'x', filters: { status: 'weird' } }]),
    );
    expect(loadViews(storage)).toEqual([]);
  });
});
