import { jest } from '@jest/globals';
import { generateLinearDefinition } from '../definition/generate-linear-definition.js';
import { compileDefinition } from './compile-definition.js';

describe('compileDefinition', () => {
  it('compiles a definition once, whichever object of the same content comes first', () => {
    const stored = generateLinearDefinition(40);
    const first = compileDefinition(stored);
    // Another object of the same content (parsed again from the database, say).
    const cached = JSON.parse(JSON.stringify(stored)) as typeof stored;
    const stringify = jest.spyOn(JSON, 'stringify');
    try {
      expect(compileDefinition(cached)).toBe(first);
      const calls = stringify.mock.calls.length;
      // From then on the object itself finds it: its content is not serialised again.
      expect(compileDefinition(cached)).toBe(first);
      expect(compileDefinition(stored)).toBe(first);
      expect(stringify.mock.calls.length).toBe(calls);
    } finally {
      stringify.mockRestore();
    }
  });
});
