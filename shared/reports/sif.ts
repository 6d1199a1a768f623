/**
 * SIF: "Inspection of services for children in need of help and protection,
 * children looked after and care leavers" (2013–2017, and re-inspections to 2018).
 * Page 1: a headline sentence with the overall grade ("Children’s services in X
 * are good"; in the first reports of 2013-2014 "The overall judgement is
 * Inadequate", "… is that children's services require improvement"), then a numbered
 * table of judgements that may run on to page 2. "Not judged" rows are null.
 */
import type { Grade } from '../domain/grades.ts';
import { findLine, pageText, sentenceWith, type ReportDocument } from './document.ts';
import { councilFromTitle, DATES_LABEL, inspectionDates, leadInspector, tidyName } from './front.ts';
import { GRADE_PATTERN, gradeEndingSentence, gradeOf } from './grades.ts';
import type { Line } from './layout.ts';
import type { Reading } from './reading.ts';
import { readTable, type TableRow } from './table.ts';
import { matchable } from './text.ts';

export const SIF_TITLE = /(re-?\s?)?inspection of services for children in need of help and protection,? children looked after and care leavers/i;
const LSCB_TITLE = /(and\s+)?review of the effectiveness of the local safeguarding children board/i;

type SifKey = 'helpAndProtection' | 'lookedAfter' | 'adoption' | 'careLeavers' | 'leadership';

export function sifKey(label: string): SifKey | undefined {
  const l = matchable(label);
  if (/help and protection/.test(l)) return 'helpAndProtection';
  if (/adoption/.test(l)) return 'adoption';
  if (/care leavers/.test(l)) return 'careLeavers';
  if (/looked after|permanence/.test(l)) return 'lookedAfter';
  if (/leadership|management and governance/.test(l)) return 'leadership';
  return undefined;
}

const HEADLINE_START = /^(?:the overall judgement is|children'?s services\b|services for children\b)/i;
const ROW_START = /^\d+(?:\.\d+)*\.?\s/;

/** The headline sentence: its first line and the lines that continue it in the same type size. */
export function headline(doc: ReportDocument, start: RegExp, stop?: RegExp): { text: string; lines: Line[] } | undefined {
  const found = findLine(doc, start, 0, 0);
  if (!found) return undefined;
  const lines = doc.pages[0]!;
  const used = [found.line];
  for (let k = found.index + 1; k < lines.length && used.length < 4; k++) {
    const line = lines[k]!;
    const previous = used.at(-1)!;
    if (/[.!]$/.test(previous.text)) break;
    if (stop?.test(line.text) || ROW_START.test(line.text)) break;
    if (Math.abs(line.size - found.line.size) > 0.8 || previous.y - line.y > previous.size * 1.8) break;
    used.push(line);
  }
  const text = used.map((l) => l.text).join(' ');
  return { text: text.split(/(?<=\.)\s/)[0]!, lines: used };
}

/** "Children's services in X": the council's name, not running into the verb. */
const SERVICES_IN = "children'?s services(?: in (?:the )?(?:(?! are | is | requires? )[^.]){2,80}?)?";
const HEADLINE_GRADE = [
  // "The overall judgement is Inadequate", "… is good", "… is that children's services require improvement.1"
  new RegExp(`^the overall judgement is (?:that )?(?:(?:the )?(?:local authority'?s? )?${SERVICES_IN} (?:(?:are|is) (?:judged )?(?:to be )?)?)?${GRADE_PATTERN}`),
  // "Children's services in Wirral are inadequate", "… require improvement"
  new RegExp(`^${SERVICES_IN} (?:(?:are|is) (?:judged )?(?:to be )?${GRADE_PATTERN}|(requires? improvement(?: to be good)?)(?![a-z]))`),
];

/**
 * The overall grade as the headline states it, read from its opening words: the
 * grade follows "is" (or is "require improvement"), whatever comes after it (a
 * footnote digit, the next sentence in the same type, a line break).
 */
export function headlineGrade(doc: ReportDocument): Grade | undefined {
  for (const lines of doc.pages.slice(0, 2)) {
    for (const [at, line] of lines.entries()) {
      if (!HEADLINE_START.test(line.text)) continue;
      const used = [line];
      for (const next of lines.slice(at + 1, at + 4)) {
        const previous = used.at(-1)!;
        if (ROW_START.test(next.text) || previous.y - next.y > Math.max(previous.size, next.size) * 3) break;
        used.push(next);
      }
      const text = matchable(used.map((l) => l.text).join(' '));
      for (const pattern of HEADLINE_GRADE) {
        const m = pattern.exec(text);
        const grade = m && gradeOf(m[1] ?? m[2]!);
        if (grade) return grade;
      }
    }
  }
  return undefined;
}

function tableRows(doc: ReportDocument): TableRow[] {
  const first = findLine(doc, /^1\.?\s+children who need help/i, 0, 1);
  if (!first) return [];
  const complete = (rows: TableRow[]) => rows.some((r) => sifKey(r.label) === 'leadership');
  return readTable(doc.pages, first.page, first.index, { rowStart: ROW_START, wantsMore: (r) => !complete(r) });
}

export function readSif(doc: ReportDocument): Reading {
  const grades = new Map<SifKey, Grade | null>();
  for (const row of tableRows(doc)) {
    const key = sifKey(row.label);
    if (key && !grades.has(key) && row.grade !== undefined) grades.set(key, row.grade);
  }
  const keys: SifKey[] = ['helpAndProtection', 'lookedAfter', 'adoption', 'careLeavers', 'leadership'];
  const head = headline(doc, HEADLINE_START);
  // Should the headline's layout defeat us, the same sentence opens the executive summary.
  const summary = sentenceWith(pageText(doc), /^(?:the overall judgement is|children'?s services (?:in (?:the )?[^.]{2,60} )?(?:are|is|require|requires)\b)/i);
  const overall = headlineGrade(doc) || (head && gradeEndingSentence(head.text)) || (summary && gradeEndingSentence(summary)) || null;
  const inName = head ? /children'?s services in (?:the )?(.+?) (?:are|is|require|requires)\b/i.exec(head.text) : null;
  const title = findLine(doc, SIF_TITLE, 0, 0) ?? findLine(doc, /^re-?\s?inspection of services/i, 0, 0);
  const reinspection = !!title && /^re-?\s?inspection/i.test(title.line.text);
  return {
    framework: 'sif',
    kind: 'inspection',
    subtype: reinspection ? 'sif re-inspection' : 'sif inspection',
    councilName: councilFromTitle(doc, [SIF_TITLE, LSCB_TITLE, /\band\s*$/i, DATES_LABEL]),
    otherNames: inName ? [tidyName(inName[1]!)] : [],
    ...inspectionDates(doc),
    leadInspector: leadInspector(doc),
    overall,
    judgements: {
      helpAndProtection: grades.get('helpAndProtection') ?? null,
      lookedAfter: grades.get('lookedAfter') ?? null,
      adoption: grades.get('adoption') ?? null,
      careLeavers: grades.get('careLeavers') ?? null,
      leadership: grades.get('leadership') ?? null,
    },
    priorityActions: [],
    dfeNotified: false,
    complete: overall !== null && keys.every((k) => grades.has(k)),
  };
}

/** A stand-alone review of a Local Safeguarding Children Board: one judgement, which is also the overall. */
export function readLscbReview(doc: ReportDocument): Reading {
  const head = headline(doc, /^the (?:local safeguarding children board|lscb|effectiveness of the local safeguarding)/i);
  const grade = head ? gradeEndingSentence(head.text) ?? null : null;
  return {
    framework: 'other',
    kind: 'inspection',
    subtype: 'review of the local safeguarding children board',
    councilName: boardCouncil(councilFromTitle(doc, [LSCB_TITLE])),
    otherNames: [],
    ...inspectionDates(doc),
    leadInspector: leadInspector(doc),
    overall: grade,
    judgements: { lscb: grade },
    priorityActions: [],
    dfeNotified: false,
  };
}

/** "Surrey Safeguarding Children Board" → "Surrey". */
function boardCouncil(name: string | null): string | null {
  if (!name) return null;
  const council = tidyName(name.replace(/\b(?:local\s+)?safeguarding\s+children(?:'s)?\s+(?:board|partnership)\b|\blscb\b/gi, ' '));
  return council || name;
}

export { LSCB_TITLE };
