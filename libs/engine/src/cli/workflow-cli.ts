#!/usr/bin/env node
/**
 * `workflow` CLI of the engine.
 *
 *   workflow validate <file…>   exit 0 when every definition is valid, else print
 *                               `file: path code message` per problem and exit 1
 *   workflow paths <file>       print every path through the process, one per line
 *   workflow schema             print the definition JSON Schema
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { definitionJsonSchema } from '../definition/definition.schema.js';
import { EngineError } from '../engine.exception.js';
import { explorePaths, type PathEvent, type ProcessPath } from '../graph/list-paths.js';
import { parseDefinitionText } from '../validation/parse-definition.js';
import { validateDefinitionText } from '../validation/validate-definition.js';

/** Where the CLI reads and writes; replaced in tests. */
export interface CliIo {
  readFile(path: string): string;
  out(line: string): void;
  err(line: string): void;
}

const nodeIo: CliIo = {
  readFile: (path) => readFileSync(path, 'utf8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const USAGE = 'usage: workflow validate <file…> | workflow paths <file> | workflow schema';

function read(io: CliIo, file: string): string | null {
  try {
    return io.readFile(file);
  } catch (error) {
    io.err(`${file}: cannot read (${error instanceof Error ? error.message : String(error)})`);
    return null;
  }
}

function validate(io: CliIo, files: readonly string[]): number {
  if (files.length === 0) {
    io.err(USAGE);
    return 2;
  }
  let failed = false;
  for (const file of files) {
    const text = read(io, file);
    if (text === null) {
      failed = true;
      continue;
    }
    const issues = validateDefinitionText(text);
    for (const issue of issues) {
      io.out(
        `${file}: ${issue.path || '/'} ${issue.code} ${issue.message.en} / ${issue.message.zh}`,
      );
    }
    if (issues.length > 0) {
      failed = true;
    } else {
      io.out(`${file}: ok`);
    }
  }
  return failed ? 1 : 0;
}

function describeEvent(event: PathEvent): string {
  switch (event.kind) {
    case 'submit': {
      const data = Object.keys(event.data).length > 0 ? ` ${JSON.stringify(event.data)}` : '';
      return `SUBMIT ${event.taskKey}${data}`;
    }
    case 'timer':
      return event.purpose === 'after'
        ? `after ${event.delay ?? ''}`
        : `${event.purpose} of ${event.stateKey}`;
    case 'event':
      return event.type;
  }
}

/** One line per path: step titles joined by arrows, with the event that moved on. */
export function formatPath(path: ProcessPath): string {
  const title = (titles: readonly { zh: string; en: string }[]) =>
    titles.map((t) => `${t.zh} (${t.en})`).join(' | ');
  const parts = [title(path.start.titles)];
  for (const step of path.steps) {
    parts.push(`[${describeEvent(step.event)}] ${title(step.titles)}`);
  }
  return parts.join(' → ');
}

function paths(io: CliIo, files: readonly string[]): number {
  const [file] = files;
  if (file === undefined || files.length !== 1) {
    io.err(USAGE);
    return 2;
  }
  const text = read(io, file);
  if (text === null) {
    return 1;
  }
  const parsed = parseDefinitionText(text);
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      io.out(`${file}: ${issue.path || '/'} ${issue.code} ${issue.message.en}`);
    }
    return 1;
  }
  try {
    const result = explorePaths(parsed.definition);
    result.paths.forEach((path, i) => io.out(`${i + 1}. ${formatPath(path)}`));
    io.err(
      `${result.paths.length} paths (${result.strategy === 'simple' ? 'every simple path' : 'one path per transition'}, ${result.stateCount} states explored)`,
    );
    return 0;
  } catch (error) {
    if (error instanceof EngineError) {
      io.err(`${file}: ${error.code} ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Runs the CLI with arguments (without `node` and the script); returns the exit code. */
export function runWorkflowCli(args: readonly string[], io: CliIo = nodeIo): number {
  const [command, ...rest] = args;
  switch (command) {
    case 'validate':
      return validate(io, rest);
    case 'paths':
      return paths(io, rest);
    case 'schema':
      io.out(JSON.stringify(definitionJsonSchema, null, 2));
      return 0;
    default:
      io.err(USAGE);
      return 2;
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(entry).href) {
  process.exitCode = runWorkflowCli(process.argv.slice(2));
}
