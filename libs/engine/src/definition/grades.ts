import { z } from 'zod';

/** The four grades of the review, best first (好 / 较好 / 一般 / 差). */
export const GRADES = ['好', '较好', '一般', '差'] as const;
export type Grade = (typeof GRADES)[number];

/** Validates one grade. */
export const gradeSchema = z
  .enum(GRADES)
  .meta({ id: 'Grade', description: '好 / 较好 / 一般 / 差' });

/** Position of a grade: 0 for 好 (best) to 3 for 差 (worst). */
export function gradeIndex(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** True when `value` is one of the four grades. */
export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}
