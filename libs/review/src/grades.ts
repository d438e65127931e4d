/** The four grades of a rating ballot, best first (好 / 较好 / 一般 / 差). */
export const GRADES = ['好', '较好', '一般', '差'] as const;
export type Grade = (typeof GRADES)[number];

/** Position of a grade, 0 for 好 (best) to 3 for 差 (worst). */
export function gradeIndex(grade: Grade): number {
  return GRADES.indexOf(grade);
}

/** True when `grade` is no better than `limit` (e.g. 一般 is at most 一般, 差 too). */
export function gradeAtMost(grade: Grade, limit: Grade): boolean {
  return gradeIndex(grade) >= gradeIndex(limit);
}
