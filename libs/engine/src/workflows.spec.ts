import { readdirSync, readFileSync } from 'node:fs';
import { explorePaths } from './graph/list-paths.js';
import type { WorkflowDefinition } from './definition/definition.schema.js';
import { buildDefinitionGraph } from './definition/definition-graph.js';
import { walkPath } from './testing/walk-path.js';
import { validateDefinitionText } from './validation/validate-definition.js';

const dir = new URL('../../../workflows/', import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const load = (file: string) => readFileSync(new URL(file, dir), 'utf8');

describe('built-in templates', () => {
  it('are the six county processes', () => {
    expect(files).toEqual([
      'haiyan-topic-assigned.json',
      'pengan-accountability.json',
      'shenqiu-dual-report.json',
      'standard-review.json',
      'township-plan-2017.json',
      'xinye-four-two-way.json',
    ]);
  });

  describe.each(files)('%s', (file) => {
    const text = load(file);
    const definition = JSON.parse(text) as WorkflowDefinition;
    let exploration: ReturnType<typeof explorePaths> | undefined;
    const paths = () => (exploration ??= explorePaths(definition)).paths;

    it('validates', () => {
      expect(validateDefinitionText(text)).toEqual([]);
      expect(definition.id).toBe(file.replace(/\.json$/, ''));
    });

    it('walks every listed path from start to a final state through the pure step', () => {
      expect(paths().length).toBeGreaterThan(0);
      for (const path of paths()) {
        const tracker = walkPath(definition, path);
        expect(tracker.status).toBe('done');
        expect(tracker.tasks.size).toBe(0);
        expect(tracker.timers.size).toBe(0);
      }
    }, 120_000);

    it('visits every state on some path', () => {
      const visited = new Set(
        paths().flatMap((p) => [...p.start.states, ...p.steps.flatMap((s) => s.states)]),
      );
      const leaves = buildDefinitionGraph(definition.machine)
        .states.filter(
          (s) => s.children.length === 0 && s.type !== 'history' && s.meta?.kind !== 'decision',
        )
        .map((s) => s.stateKey);
      expect(leaves.filter((key) => !visited.has(key))).toEqual([]);
    });
  });
});
