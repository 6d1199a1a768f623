/** Ofsted grades as they appear across frameworks (ILACS, SIF and pre-2013 inspections). */
export const GRADES = ['outstanding', 'good', 'requires_improvement', 'adequate', 'inadequate'] as const;
export type Grade = (typeof GRADES)[number];

/**
 * Rank for comparing overall effectiveness: higher is better.
 * Historic "adequate" ranks with "requires improvement" (domain.md).
 */
const RANK: Record<Grade, number> = {
  outstanding: 3,
  good: 2,
  requires_improvement: 1,
  adequate: 1,
  inadequate: 0,
};

export function gradeRank(grade: Grade): number {
  return RANK[grade];
}

/** Negative when `to` is worse than `from`, positive when better, 0 when equal. */
export function compareGrades(from: Grade, to: Grade): number {
  return RANK[to] - RANK[from];
}

export function isGrade(value: unknown): value is Grade {
  return typeof value === 'string' && (GRADES as readonly string[]).includes(value);
}

const LABELS: Record<Grade, string> = {
  outstanding: 'Outstanding',
  good: 'Good',
  requires_improvement: 'Requires improvement',
  adequate: 'Adequate',
  inadequate: 'Inadequate',
};

/** Human label, as a report would print it. */
export function gradeLabel(grade: Grade): string {
  return LABELS[grade];
}
