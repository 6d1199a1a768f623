/**
 * The same judgement across frameworks, and what changed between two full
 * inspections. Pure.
 *
 * Ofsted has judged the same four things under different names:
 *   impact of leaders    = SIF leadership, management and governance
 *   help and protection  = help and protection (SIF and ILACS)
 *   children in care     = ILACS 2018-2022 "children in care and care leavers" = SIF looked after
 *   care leavers         = ILACS 2018-2022 "children in care and care leavers" = SIF care leavers
 * SIF's adoption performance has no successor; it compares only with itself.
 */
import { compareGrades, type Grade } from './grades.ts';
import type { Judgements } from './inspection.ts';

/** The four judgements of the ILACS framework since 2023 (and of the 2026 framework), in report order. */
export const ILACS_JUDGEMENTS = ['impactOfLeaders', 'helpAndProtection', 'inCare', 'careLeavers'] as const;
export type IlacsJudgement = (typeof ILACS_JUDGEMENTS)[number];

/** The judgements (by their 2023 names) each stored key stands for. */
const STANDS_FOR: Record<string, readonly string[]> = {
  impactOfLeaders: ['impactOfLeaders'],
  leadership: ['impactOfLeaders'],
  helpAndProtection: ['helpAndProtection'],
  inCare: ['inCare'],
  lookedAfter: ['inCare'],
  inCareAndCareLeavers: ['inCare', 'careLeavers'],
  careLeavers: ['careLeavers'],
};

/** The judgements a key stands for: its 2023 names, or itself when it has none (adoption, lscb). */
export function sameJudgementAs(key: string): readonly string[] {
  return STANDS_FOR[key] ?? [key];
}

/** A report's grades by 2023 judgement name (a combined judgement fills both of its successors). */
export function gradesByJudgement(judgements: Judgements): Map<string, Grade> {
  const grades = new Map<string, Grade>();
  for (const [key, grade] of Object.entries(judgements)) {
    if (grade === null) continue;
    for (const name of sameJudgementAs(key)) if (!grades.has(name) || name === key) grades.set(name, grade);
  }
  return grades;
}

/** The grade an earlier report gave the judgement `key` stands for, or null when it gave none. */
export function earlierGrade(earlier: Judgements | null, key: string): Grade | null {
  if (!earlier) return null;
  const grades = gradesByJudgement(earlier);
  for (const name of sameJudgementAs(key)) {
    const grade = grades.get(name);
    if (grade) return grade;
  }
  return null;
}

export interface JudgementChange {
  /** The judgement's key in the newer report (camelCase, e.g. helpAndProtection). */
  key: string;
  /** Its grade at the previous full inspection; null where that gave none. */
  from: Grade | null;
  to: Grade;
}

/**
 * Every judgement of `current` whose grade differs from the same judgement in
 * `previous` (null when there is no previous full inspection: then every graded
 * judgement is a change from null). Judgements `current` does not grade are left out.
 */
export function changedJudgements(previous: Judgements | null, current: Judgements): JudgementChange[] {
  const changes: JudgementChange[] = [];
  for (const [key, to] of Object.entries(current)) {
    if (to === null) continue;
    const from = earlierGrade(previous, key);
    if (from !== to) changes.push({ key, from, to });
  }
  return changes;
}

/** Changes to a worse grade (both grades known). */
export function worse(changes: readonly { from: Grade | null; to: Grade | null }[]) {
  return changes.filter((c) => c.from !== null && c.to !== null && compareGrades(c.from, c.to) < 0);
}

/** Changes to a better grade (both grades known). */
export function better(changes: readonly { from: Grade | null; to: Grade | null }[]) {
  return changes.filter((c) => c.from !== null && c.to !== null && compareGrades(c.from, c.to) > 0);
}
