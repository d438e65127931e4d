import { ApiError } from './client';
import { problemMessage } from './problem-messages';

describe('problem messages', () => {
  const storage = new Map<string, string>();
  beforeAll(() => {
    (globalThis as { localStorage?: unknown }).localStorage = {
      getItem: (key: string) => storage.get(key) ?? null,
      setItem: (key: string, value: string) => storage.set(key, value),
    };
  });
  afterAll(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });
  beforeEach(() => storage.clear());

  it('says in Chinese what a known code means, keeping the api text aside', () => {
    const error = new ApiError(
      403,
      'NOT_A_SUPERVISOR',
      'The supervision dashboard is for supervisors, the organisation department and secretaries',
    );
    expect(error.message).toBe('督办页面供督查员、组织部门和乡镇（街道）党委书记使用');
    expect(error.apiText).toMatch(/^The supervision dashboard/);
    expect(new ApiError(409, 'TASK_ALREADY_CLOSED', 'Task is done').message).toBe(
      '这项任务已经办结',
    );
  });

  it("keeps the api's text for codes it does not know, and in English", () => {
    expect(problemMessage('SOMETHING_NEW', 'Something new happened')).toBe(
      'Something new happened',
    );
    storage.set('shuping.language', 'en');
    expect(new ApiError(409, 'TASK_ALREADY_CLOSED', 'Task is done').message).toBe('Task is done');
  });

  it('keeps a Chinese api text as it is (the public pages are worded by the api)', () => {
    expect(problemMessage('ALREADY_PROPOSED', '每人每轮只能提一个题目')).toBe(
      '每人每轮只能提一个题目',
    );
  });

  it('falls back to the code when the api gave no text', () => {
    expect(problemMessage('HTTP_502', '')).toBe('HTTP_502');
  });
});
