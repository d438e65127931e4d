/** A JSON value: explanations are stored, exported and sent to the UI as they are. */
export type JsonValue =
  string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/**
 * Identifiers of the rules that produce results. The UI keys its help texts on them; they are
 * stable (renaming one is a breaking change).
 */
export const RULE_IDS = [
  'rating.turnout',
  'rating.share-thresholds',
  'rating.weighted-points',
  'scoring.target-items',
  'scoring.bonus-items',
  'scoring.penalty-items',
  'scoring.constraint-items',
  'scoring.veto',
  'scoring.red-black-records',
  'scoring.total',
  'scoring.linked-bodies',
  'ranking.rank',
  'ranking.class',
  'ranking.reward',
  'ranking.top-n',
  'cross-round.weak-and-lax',
  'cross-round.lagging-pairing',
  'application.excellent-eligible',
  'application.talk-rectification',
  'application.accountability',
  'application.outcome',
  'campaign.result',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

/**
 * Why a result is what it is: which rule decided, on which inputs, with which computed numbers,
 * in Chinese and English, and the explanations it builds on (`because`).
 *
 * @example "why is this village 一般 and ranked 11th?" → a `campaign.result` explanation whose
 * `because` holds the `rating.share-thresholds` and `ranking.rank` explanations.
 */
export interface Explanation {
  readonly ruleId: RuleId;
  /** The facts the rule read (configuration and data), by name. */
  readonly inputs: Readonly<Record<string, JsonValue>>;
  /** The numbers the rule computed, by name. */
  readonly computed: Readonly<Record<string, JsonValue>>;
  /** One or two sentences in Chinese, with the numbers. */
  readonly zh: string;
  /** The same in English. */
  readonly en: string;
  /** Explanations of the results this one was computed from. */
  readonly because: readonly Explanation[];
}

/** Builds an {@link Explanation}; `because` defaults to none. */
export function explain(
  ruleId: RuleId,
  inputs: Readonly<Record<string, JsonValue>>,
  computed: Readonly<Record<string, JsonValue>>,
  text: { readonly zh: string; readonly en: string },
  because: readonly Explanation[] = [],
): Explanation {
  return { ruleId, inputs, computed, zh: text.zh, en: text.en, because };
}

/** Language of rendered explanation text. */
export type Language = 'zh' | 'en';

/** One line of a flattened explanation tree: depth 0 is the root. */
export interface ExplanationLine {
  readonly depth: number;
  readonly ruleId: RuleId;
  readonly text: string;
}

/** Flattens an explanation tree depth-first (root first) for export or display. */
export function explanationLines(explanation: Explanation, language: Language): ExplanationLine[] {
  const lines: ExplanationLine[] = [];
  const visit = (node: Explanation, depth: number): void => {
    lines.push({ depth, ruleId: node.ruleId, text: node[language] });
    for (const child of node.because) {
      visit(child, depth + 1);
    }
  };
  visit(explanation, 0);
  return lines;
}

/** Renders an explanation tree as indented text, two spaces per level. */
export function renderExplanation(explanation: Explanation, language: Language): string {
  return explanationLines(explanation, language)
    .map((line) => `${'  '.repeat(line.depth)}${line.text}`)
    .join('\n');
}

/** Finds the first explanation with `ruleId` in a tree (depth-first), or `undefined`. */
export function findExplanation(explanation: Explanation, ruleId: RuleId): Explanation | undefined {
  if (explanation.ruleId === ruleId) {
    return explanation;
  }
  for (const child of explanation.because) {
    const found = findExplanation(child, ruleId);
    if (found !== undefined) {
      return found;
    }
  }
  return undefined;
}
