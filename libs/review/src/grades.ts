import { z } from 'zod';

/** The four grades of a rating ballot, best first (好 / 较好 / 一般 / 差). */
export const GRADES = ['好', '较好', '一般', '差'] as const;
export type Grade = (typeof GRADES)[number];

/** Validates one grade. */
export const gradeSchema = z.enum(GRADES);

/** English glosses of the grades, for the `en` text of explanations. */
export const GRADE_EN: Readonly<Record<Grade, string>> = {
  好: 'good',
  较好: 'fairly good',
  一般: 'average',
  差: 'poor',
};

/** True when `value` is one of the four grades. */
export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

/** Position of a grade, 0 for 好 (best) to 3 for 差 (worst). */
export function gradeIndex(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** True when `grade` is no better than `limit` (e.g. 一般 is at most 一般, 差 too). */
export function gradeAtMost(grade: Grade, limit: Grade): boolean {
  return gradeIndex(grade) >= gradeIndex(limit);
}

/** True when `grade` is no worse than `limit` (e.g. 好 and 较好 are at least 较好). */
export function gradeAtLeast(grade: Grade, limit: Grade): boolean {
  return gradeIndex(grade) <= gradeIndex(limit);
}

/** The grades from 好 down to `grade`, inclusive (e.g. 较好 → [好, 较好]). */
export function gradesAtOrAbove(grade: Grade): readonly Grade[] {
  return GRADES.slice(0, gradeIndex(grade) + 1);
}

/** The grades from `grade` down to 差, inclusive (e.g. 一般 → [一般, 差]). */
export function gradesAtOrBelow(grade: Grade): readonly Grade[] {
  return GRADES.slice(gradeIndex(grade));
}

/**
 * Orders grades best first; `null` (no grade: too few ballots) sorts after 差.
 * Negative when `a` is better than `b`.
 */
export function compareGrades(a: Grade | null, b: Grade | null): number {
  const ia = a === null ? GRADES.length : gradeIndex(a);
  const ib = b === null ? GRADES.length : gradeIndex(b);
  return ia - ib;
}

/** A record with one zero count per grade. */
export function emptyGradeCounts(): Record<Grade, number> {
  return { 好: 0, 较好: 0, 一般: 0, 差: 0 };
}
