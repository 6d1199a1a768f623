/**
 * ILACS (2018 on), standard and short inspections. Page 1: title, "Inspection
 * dates:", "Lead inspector:", then a Judgement/Grade table. Before 2023 children
 * in care and care leavers were one judgement (key inCareAndCareLeavers, with
 * careLeavers null); from 2023 they are two (inCare, careLeavers).
 */
import type { Grade } from '../domain/grades.ts';
import { findLine, pageText, sentenceWith, type ReportDocument } from './document.ts';
import { joinLines } from './layout.ts';
import { councilFromTitle, inspectionDates, leadInspector } from './front.ts';
import { GRADE_PATTERN, gradeOf } from './grades.ts';
import type { Reading } from './reading.ts';
import { down, readTable, type TableRow } from './table.ts';
import { matchable } from './text.ts';

export const ILACS_TITLE = /inspection of (?:(?:[\w ,'&().-]+ )?local authority children'?s services|children'?s social care services)/i;

type IlacsKey = 'overall' | 'impactOfLeaders' | 'helpAndProtection' | 'inCareAndCareLeavers' | 'inCare' | 'careLeavers';

export function ilacsKey(label: string): IlacsKey | undefined {
  const l = matchable(label);
  if (/overall effectiveness/.test(l)) return 'overall';
  if (/impact of leaders|leadership/.test(l)) return 'impactOfLeaders';
  if (/help and protection/.test(l)) return 'helpAndProtection';
  if (/(children in care|looked after|in care) and care leavers/.test(l)) return 'inCareAndCareLeavers';
  if (/children in care|looked after/.test(l)) return 'inCare';
  if (/care leavers/.test(l)) return 'careLeavers';
  return undefined;
}

const HEADER = /^judgements?\b.*\bgrades?$/i;
const ROW_START = /^(?:the\s|overall\b|\d+(?:\.\d+)*\.?\s)/i;

function tableRows(doc: ReportDocument): TableRow[] {
  const complete = (rows: TableRow[]) => rows.some((r) => ilacsKey(r.label) === 'overall');
  const header = findLine(doc, HEADER, 0, 1);
  if (header) {
    const gradeItem = header.line.items.find((i) => /^grades?$/i.test(i.str.trim())) ?? header.line.items.at(-1)!;
    return readTable(doc.pages, header.page, header.index, { rowStart: ROW_START, gradeX: gradeItem.x, wantsMore: (r) => !complete(r) });
  }
  const first = findLine(doc, /^the impact of leaders/i, 0, 1);
  if (!first) return [];
  return readTable(doc.pages, first.page, first.index, { rowStart: ROW_START, wantsMore: (r) => !complete(r) });
}

/** "Overall effectiveness" as a label with its grade on the same line or the next line(s), and nothing else. */
function overallBesideLabel(doc: ReportDocument): Grade | null {
  const label = findLine(doc, /^overall effectiveness\b/i, 0, 1);
  if (!label) return null;
  const lines = doc.pages[label.page]!;
  const rest = label.line.text.replace(/^overall effectiveness\s*[:\-]?\s*/i, '');
  const candidates = [rest, ...lines.slice(label.index + 1, label.index + 3).filter((l) => down(l) - down(label.line) < 40).map((l) => l.text)];
  let joined = '';
  for (const text of candidates) {
    joined = `${joined} ${text}`.trim();
    const grade = gradeOf(joined);
    if (grade !== undefined) return grade;
  }
  return null;
}

/**
 * A sentence that opens with this report's overall effectiveness, in the present
 * tense ("The overall effectiveness of children's services in X is good"). Prose
 * about an earlier inspection ("since the inspection in 2023, when overall
 * effectiveness was judged to be inadequate") is history, never this report's grade.
 */
const OVERALL_SENTENCE = new RegExp(`^(?:the )?overall effectiveness(?: of [^.]{0,120}?)? is (?:judged )?(?:to be )?${GRADE_PATTERN}`);

function overallSentence(doc: ReportDocument): Grade | null {
  // The sentence opens a line, or follows another sentence in the running text.
  const candidates = doc.pages.slice(0, 2).flatMap((lines) =>
    lines.flatMap((line, k) => (/^(?:the )?overall effectiveness\b/i.test(line.text) ? [joinLines(lines.slice(k, k + 3)).split(/(?<=\.)\s/)[0]!] : [])),
  );
  const inText = sentenceWith(pageText(doc, 0, 1), /^(?:the )?overall effectiveness\b/i);
  for (const sentence of [...candidates, ...(inText ? [inText] : [])]) {
    const m = OVERALL_SENTENCE.exec(matchable(sentence));
    const grade = m && gradeOf(m[1]!);
    if (grade) return grade;
  }
  return null;
}

/**
 * Overall effectiveness when the judgement table gave none. A table read without
 * an overall row is the 2026 framework's (four judgements, no overall grade)
 * unless an "Overall effectiveness" label stands with its grade outside it; only
 * a report with no table at all may give its grade in a sentence.
 */
function overallOutsideTable(doc: ReportDocument, tableFound: boolean): Grade | null {
  return overallBesideLabel(doc) ?? (tableFound ? null : overallSentence(doc));
}

export function readIlacs(doc: ReportDocument): Reading {
  const rows = tableRows(doc);
  const grades = new Map<IlacsKey, Grade | null>();
  for (const row of rows) {
    const key = ilacsKey(row.label);
    if (key && !grades.has(key) && row.grade !== undefined) grades.set(key, row.grade);
  }
  const combined = grades.has('inCareAndCareLeavers');
  const judgements: Record<string, Grade | null> = combined
    ? {
        impactOfLeaders: grades.get('impactOfLeaders') ?? null,
        helpAndProtection: grades.get('helpAndProtection') ?? null,
        inCareAndCareLeavers: grades.get('inCareAndCareLeavers') ?? null,
        careLeavers: null,
      }
    : {
        impactOfLeaders: grades.get('impactOfLeaders') ?? null,
        helpAndProtection: grades.get('helpAndProtection') ?? null,
        inCare: grades.get('inCare') ?? null,
        careLeavers: grades.get('careLeavers') ?? null,
      };
  const tableFound = rows.some((row) => ilacsKey(row.label) !== undefined);
  const overall = grades.get('overall') ?? overallOutsideTable(doc, tableFound);
  const needed: IlacsKey[] = combined ? ['impactOfLeaders', 'helpAndProtection', 'inCareAndCareLeavers'] : ['impactOfLeaders', 'helpAndProtection', 'inCare', 'careLeavers'];
  const short = /\bshort inspection\b/i.test(pageText(doc, 0, 0));
  return {
    framework: 'ilacs',
    kind: 'inspection',
    subtype: short ? 'ilacs short inspection' : 'ilacs inspection',
    councilName: councilFromTitle(doc, [ILACS_TITLE, /inspection of local authority children'?s services/i]),
    otherNames: [],
    ...inspectionDates(doc),
    leadInspector: leadInspector(doc),
    overall,
    judgements,
    priorityActions: [],
    dfeNotified: false,
    complete: overall !== null && needed.every((k) => grades.has(k)),
  };
}
