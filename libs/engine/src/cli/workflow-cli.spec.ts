import { readFileSync } from 'node:fs';
import { generateLinearDefinition } from '../definition/generate-linear-definition.js';
import { runWorkflowCli, type CliIo } from './workflow-cli.js';

function fakeIo(files: Record<string, string>): CliIo & { lines: string[]; errors: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    readFile: (path) => {
      const text = files[path] ?? readFileSync(path, 'utf8');
      return text;
    },
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
  };
}

const valid = JSON.stringify(generateLinearDefinition(3));
const invalid = JSON.stringify({
  ...generateLinearDefinition(3),
  machine: { id: 'x', initial: 's0', states: { s0: { on: { SUBMIT: 'nowhere' } } } },
});

describe('workflow CLI', () => {
  it('validate exits 0 when every file is valid', () => {
    const io = fakeIo({ 'a.json': valid, 'b.json': valid });
    expect(runWorkflowCli(['validate', 'a.json', 'b.json'], io)).toBe(0);
    expect(io.lines).toEqual(['a.json: ok', 'b.json: ok']);
  });

  it('validate prints `file: path code message` and exits 1', () => {
    const io = fakeIo({ 'a.json': valid, 'bad.json': invalid });
    expect(runWorkflowCli(['validate', 'a.json', 'bad.json'], io)).toBe(1);
    expect(io.lines).toContain('a.json: ok');
    expect(
      io.lines.some((l) => /^bad\.json: \/machine\/states\/s0 MISSING_STEP_KIND /.test(l)),
    ).toBe(true);
    expect(
      io.lines.some((l) => /^bad\.json: \/machine\/states\/s0\/on\/SUBMIT UNKNOWN_TARGET /.test(l)),
    ).toBe(true);
  });

  it('validate reports unreadable files', () => {
    const io = fakeIo({});
    expect(runWorkflowCli(['validate', '/no/such/file.json'], io)).toBe(1);
    expect(io.errors[0]).toMatch(/cannot read/);
  });

  it('paths prints one line per path with step titles', () => {
    const io = fakeIo({ 'a.json': valid });
    expect(runWorkflowCli(['paths', 'a.json'], io)).toBe(0);
    expect(io.lines).toEqual([
      '1. 第1步 (Step 1) → [SUBMIT s0] 第2步 (Step 2) → [SUBMIT s1] 结束 (End)',
    ]);
    expect(io.errors[0]).toMatch(/^1 paths/);
  });

  it('paths works on a real template', () => {
    const io = fakeIo({});
    const file = new URL('../../../../workflows/township-plan-2017.json', import.meta.url).pathname;
    expect(runWorkflowCli(['paths', file], io)).toBe(0);
    expect(io.lines.length).toBeGreaterThan(1);
    expect(io.lines.every((l) => l.includes('结束 (End)'))).toBe(true);
  });

  it('prints usage on unknown commands and the schema on request', () => {
    const io = fakeIo({});
    expect(runWorkflowCli(['frobnicate'], io)).toBe(2);
    expect(runWorkflowCli(['schema'], io)).toBe(0);
    expect(JSON.parse(io.lines[0] ?? '{}')).toHaveProperty('$defs');
  });
});
