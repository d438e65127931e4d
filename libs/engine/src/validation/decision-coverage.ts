import { GRADES, gradeIndex, type Grade } from '../definition/grades.js';
import type { GuardRef } from '../definition/guard-catalogue.js';
import type { TransitionObject } from '../definition/definition.schema.js';

/** Grades for which a grade guard holds (a missing grade counts as 差, see the guard catalogue). */
function gradesOf(guard: GuardRef): Set<Grade> | null {
  if (guard.type !== 'gradeAtMost' && guard.type !== 'gradeAtLeast') {
    return null;
  }
  const limit = gradeIndex(guard.params.grade);
  const holds = GRADES.filter((g) =>
    guard.type === 'gradeAtMost' ? gradeIndex(g) >= limit : gradeIndex(g) <= limit,
  );
  const negate = guard.params.negate === true;
  return new Set(GRADES.filter((g) => holds.includes(g) !== negate));
}

/** Half-lines of scores where a score guard holds: `below x` or `at least x` (missing counts as 0). */
function scoreRange(guard: GuardRef): { below?: number; atLeast?: number } | null {
  if (guard.type !== 'scoreBelow' && guard.type !== 'scoreAtLeast') {
    return null;
  }
  const below = (guard.type === 'scoreBelow') !== (guard.params.negate === true);
  return below ? { below: guard.params.score } : { atLeast: guard.params.score };
}

function withoutNegate(guard: GuardRef): string {
  const params: Record<string, unknown> = { ...(guard.params ?? {}) };
  delete params['negate'];
  return JSON.stringify([
    guard.type,
    Object.entries(params).sort(([a], [b]) => a.localeCompare(b)),
  ]);
}

/**
 * True when the guards of a decision's `always` list always leave one branch enabled:
 * the last branch has no guard, or some guards are complementary — a guard and its negation,
 * grade guards whose grades together cover all four grades, or `scoreBelow x` with
 * `scoreAtLeast y` where y ≤ x.
 */
export function decisionIsCovered(branches: readonly TransitionObject[]): boolean {
  if (branches.length === 0) {
    return false;
  }
  const last = branches[branches.length - 1];
  if (last && last.guard === undefined) {
    return true;
  }
  const guards = branches.flatMap((b) => (b.guard ? [b.guard] : []));
  if (guards.length < branches.length) {
    // An unguarded branch in the middle always fires: everything after it is dead but covered.
    return true;
  }
  const grades = new Set<Grade>();
  let lowestAtLeast = Infinity;
  let highestBelow = -Infinity;
  const polarity = new Map<string, Set<boolean>>();
  for (const guard of guards) {
    gradesOf(guard)?.forEach((g) => grades.add(g));
    const range = scoreRange(guard);
    if (range?.atLeast !== undefined) {
      lowestAtLeast = Math.min(lowestAtLeast, range.atLeast);
    }
    if (range?.below !== undefined) {
      highestBelow = Math.max(highestBelow, range.below);
    }
    const key = withoutNegate(guard);
    const set = polarity.get(key) ?? new Set<boolean>();
    set.add(guard.params?.negate === true);
    polarity.set(key, set);
  }
  if (grades.size === GRADES.length) {
    return true;
  }
  if (lowestAtLeast <= highestBelow) {
    return true;
  }
  return [...polarity.values()].some((set) => set.size === 2);
}
