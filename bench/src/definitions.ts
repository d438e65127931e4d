import { isDeepStrictEqual } from 'node:util';
import { compileDefinition, generateLinearDefinition, validateDefinition } from '@shuping/engine';
// The designer's own conversion (apps/web/src/designer/graph), compiled for Node by
// bench/tsconfig.designer-graph.json; the path is the same from src/ (types) and dist/ (run).
import { definitionToGraph } from '../dist/designer-graph/definition-to-graph.js';
import { graphToDefinition } from '../dist/designer-graph/graph-to-definition.js';
import { round, summarise, type Summary } from './stats.js';

/**
 * Scenario 6: validate and compile a 500-state definition (fresh object each run: no cache), then
 * convert it to the designer's graph and back, checking that the round trip gives the same
 * document (deep-equal and the same JSON text, key order included) — throws otherwise.
 */
export function definitionsScenario(runs: number): {
  states: number;
  validateAndCompileMs: Summary;
  toGraphMs: Summary;
  toDefinitionMs: Summary;
  graph: { nodes: number; edges: number };
  roundTrip: 'identical';
} {
  const compile: number[] = [];
  const toGraph: number[] = [];
  const toDefinition: number[] = [];
  let graph = { nodes: 0, edges: 0 };
  for (let i = 0; i < runs; i++) {
    // A fresh id each run: the engine caches compiled definitions by content.
    const definition = { ...generateLinearDefinition(500), id: `bench-linear-${i}-${Date.now()}` };
    const text = JSON.stringify(definition);
    let start = performance.now();
    const issues = validateDefinition(definition);
    if (issues.length > 0) throw new Error(`generated definition invalid: ${issues[0].code}`);
    compileDefinition(definition);
    compile.push(performance.now() - start);

    start = performance.now();
    const drawn = definitionToGraph(definition);
    toGraph.push(performance.now() - start);
    start = performance.now();
    const back = graphToDefinition(drawn);
    toDefinition.push(performance.now() - start);

    if (!isDeepStrictEqual(back, definition) || JSON.stringify(back) !== text) {
      throw new Error('definition → graph → definition changed the 500-state definition');
    }
    graph = { nodes: drawn.nodes.length, edges: drawn.edges.length };
  }
  const ms = (times: number[]) => summarise(times.map((t) => round(t, 2)));
  return {
    states: 500,
    validateAndCompileMs: ms(compile),
    toGraphMs: ms(toGraph),
    toDefinitionMs: ms(toDefinition),
    graph,
    roundTrip: 'identical',
  };
}
