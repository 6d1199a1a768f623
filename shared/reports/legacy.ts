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
// Headings and table rows print with a capital; a line of running prose that happens to
// open with "overall effectiveness … as inadequate" (recalling an earlier inspection) does not.
const OVERALL_HEADING = /^Overall effectiveness\b/;
const CAPACITY_HEADING = /^Capacity (?:to|for) improve(?:ment)?\b/;

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

/**
 * Overall effectiveness grades a kind of inspection gives: two for an inspection of
 * safeguarding and looked after children services (safeguarding first, then looked
 * after children, the second often twenty pages on), one for the others.
 */
function overallsOf(subtype: string): number {
  return subtype.startsWith('safeguarding and looked after') ? 2 : 1;
}

/** Pages a report of this kind is searched for its graded headings. */
export function legacyPages(subtype: string): number {
  return overallsOf(subtype) === 2 ? 40 : 12;
}

/** True once the pages read hold what this reader needs (so no more pages are read). */
export function legacyComplete(doc: ReportDocument, subtype = ''): boolean {
  const found = gradedHeadings(doc);
  const overalls = found.filter((g) => OVERALL_HEADING.test(g.heading)).length;
  const capacities = found.filter((g) => CAPACITY_HEADING.test(g.heading)).length;
  return overalls >= overallsOf(subtype) && capacities >= 1;
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
