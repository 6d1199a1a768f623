/**
 * Inspections before the SIF (to 2013): inspections of looked after children
 * services, of safeguarding and looked after children services, and of
 * arrangements for the protection of children. They grade on a four-point scale
 * with "adequate", under headings such as "Overall effectiveness of services for
 * looked after children and young people" followed by "Grade 3 (Adequate)", a few
 * pages in. Judgements kept: capacityToImprove (and lookedAfter for the combined
 * safeguarding and looked after inspection).
 */
import type { Grade } from '../domain/grades.ts';
import type { ReportDocument } from './document.ts';
import { councilFromTitle, inspectionDates, leadInspector } from './front.ts';
import { gradeEndingSentence, gradeOf } from './grades.ts';
import type { Line } from './layout.ts';
import type { Reading } from './reading.ts';

export const LEGACY_TITLES: { title: RegExp; subtype: string }[] = [
  { title: /inspection of safeguarding and looked after children(?:'s)? services/i, subtype: 'safeguarding and looked after children services inspection' },
  { title: /inspection of looked after children(?:'s)? services/i, subtype: 'looked after children services inspection' },
  { title: /inspection of (?:local authority )?arrangements for the protection of children/i, subtype: 'child protection inspection' },
  { title: /inspection of safeguarding services/i, subtype: 'safeguarding services inspection' },
];

const GRADE_LINE = /^grade\s*\d\s*[:(\-]?\s*\(?\s*(outstanding|good|adequate|inadequate)\b/i;
const OVERALL_HEADING = /^overall effectiveness\b/i;
const CAPACITY_HEADING = /^capacity (?:to|for) improve(?:ment)?\b/i;

interface Graded {
  heading: string;
  grade: Grade;
}

/** Headings followed (within a few lines, the heading may wrap) by "Grade N (X)", in document order. */
export function gradedHeadings(doc: ReportDocument): Graded[] {
  const out: Graded[] = [];
  for (const lines of doc.pages) {
    lines.forEach((line: Line, k: number) => {
      if (!OVERALL_HEADING.test(line.text) && !CAPACITY_HEADING.test(line.text)) return;
      // "Overall effectiveness   Grade 3 (Adequate)" or "Capacity to improve: good" on the heading line itself.
      const inline = /(?:grade\s*\d\s*\(?\s*|[:\-]\s*|\s{1,})(outstanding|good|adequate|inadequate)\s*\)?$/i.exec(line.text);
      if (inline && line.text.split(' ').length <= 10) {
        out.push({ heading: line.text, grade: gradeOf(inline[1]!)! });
        return;
      }
      for (const next of lines.slice(k + 1, k + 4)) {
        const m = GRADE_LINE.exec(next.text);
        if (m) {
          const grade = gradeOf(m[1]!);
          if (grade) out.push({ heading: line.text, grade });
          return;
        }
        if (OVERALL_HEADING.test(next.text) || CAPACITY_HEADING.test(next.text)) return;
      }
      // "The overall effectiveness … is adequate." as a sentence under the heading.
      const sentence = lines.slice(k + 1, k + 4).map((l) => l.text).join(' ').split(/(?<=\.)\s/)[0] ?? '';
      const grade = /^\d*\.?\s*the (?:judgement for )?(?:overall effectiveness|capacity)/i.test(sentence) ? gradeEndingSentence(sentence) : undefined;
      if (grade) out.push({ heading: line.text, grade });
    });
  }
  return out;
}

/** True once the pages read hold what this reader needs (so no more pages are read). */
export function legacyComplete(doc: ReportDocument): boolean {
  const found = gradedHeadings(doc);
  return found.some((g) => OVERALL_HEADING.test(g.heading)) && found.some((g) => CAPACITY_HEADING.test(g.heading));
}

export function readLegacy(doc: ReportDocument, subtype: string, title: RegExp): Reading {
  const graded = gradedHeadings(doc);
  const overalls = graded.filter((g) => OVERALL_HEADING.test(g.heading));
  const capacities = graded.filter((g) => CAPACITY_HEADING.test(g.heading));
  const judgements: Record<string, Grade | null> = { capacityToImprove: capacities[0]?.grade ?? null };
  if (subtype.startsWith('safeguarding and looked after')) judgements.lookedAfter = overalls[1]?.grade ?? null;
  return {
    framework: 'other',
    kind: 'inspection',
    subtype,
    councilName: councilFromTitle(doc, [title]),
    otherNames: [],
    ...inspectionDates(doc),
    leadInspector: leadInspector(doc),
    overall: overalls[0]?.grade ?? null,
    judgements,
    priorityActions: [],
    dfeNotified: false,
  };
}
