import { compileDefinition, generateLinearDefinition, validateDefinition } from '@shuping/engine';
import { summarise, type Summary } from './stats.js';

/** Scenario 6: validate and compile a 500-state definition (fresh object each run: no cache). */
export function definitionsScenario(runs: number): {
  validateAndCompileMs: Summary;
  states: number;
} {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A fresh id each run: the engine caches compiled definitions by content.
    const definition = { ...generateLinearDefinition(500), id: `bench-linear-${i}-${Date.now()}` };
    const start = performance.now();
    const issues = validateDefinition(definition);
    if (issues.length > 0) throw new Error(`generated definition invalid: ${issues[0].code}`);
    compileDefinition(definition);
    times.push(performance.now() - start);
  }
  return { validateAndCompileMs: summarise(times), states: 500 };
}
