/**
 * Heuristics for strings that look like program code. They are applied only where a catalogue
 * name, a target or a value is expected (never to free text such as titles), so an arrow or a
 * brace there is a sign that someone tried to smuggle code into a definition.
 */
const CODE_PATTERNS: readonly RegExp[] = [
  /=>/,
  /\bfunction\b/,
  /\breturn\b/,
  /[;{}`]/,
  /\$\{/,
  /\beval\s*\(/,
  /\bnew\s+Function\b/,
  /\b(?:require|import)\s*\(/,
  /&&|\|\|/,
  /[=!]==?/,
  /\b(?:context|event|ctx|window|globalThis|process|this)\s*\./,
  /\w\s*\([^)]*\)/,
];

/** True when `text` looks like JavaScript rather than a name or a value. */
export function looksLikeCode(text: string): boolean {
  return CODE_PATTERNS.some((pattern) => pattern.test(text));
}

/** True for functions, and for strings that look like code. */
export function isCodeLike(value: unknown): boolean {
  return typeof value === 'function' || (typeof value === 'string' && looksLikeCode(value));
}
