/**
 * A report as lines, page by page, with the small look-ups every reading rule
 * needs: a labelled field ("Inspection dates: …"), the title block, a sentence.
 */
import type { Line } from './layout.ts';
import { joinLines } from './layout.ts';
import { matchable } from './text.ts';

export interface ReportDocument {
  /** Lines of the pages read so far, one array per page (pages[0] is page 1). */
  pages: Line[][];
  /** Pages in the whole document. */
  numPages: number;
}

export interface Found {
  page: number;
  index: number;
  line: Line;
}

/** First line (from page `fromPage`, up to `toPage`) whose cleaned text matches. */
export function findLine(doc: ReportDocument, pattern: RegExp, fromPage = 0, toPage = doc.pages.length - 1): Found | undefined {
  for (let p = fromPage; p <= Math.min(toPage, doc.pages.length - 1); p++) {
    const index = doc.pages[p]!.findIndex((l) => pattern.test(l.text));
    if (index >= 0) return { page: p, index, line: doc.pages[p]![index]! };
  }
  return undefined;
}

const FIELD_LABEL = /^(inspection dates?|dates? of (the )?(inspection|visit)|lead inspectors?|reporting inspectors?|report published|published|publication date|age group|inspection number|reference)\b/i;

/**
 * The value of a labelled field such as "Inspection dates:" or "Lead inspector:",
 * with the lines that continue it (wrapped values), up to the next label or a gap.
 */
export function fieldValue(
  doc: ReportDocument,
  label: RegExp,
  maxExtraLines = 2,
  page = 0,
  /** Whether the value read so far goes on to the next line (default: any close line of the same size does). */
  continues: (value: string) => boolean = () => true,
): { value: string; lines: Line[] } | undefined {
  const found = findLine(doc, label, page, page);
  if (!found) return undefined;
  const lines = doc.pages[found.page]!;
  const first = found.line;
  const m = label.exec(first.text)!;
  const valueStart = first.text.slice(m.index + m[0].length).replace(/^\s*[:\-]?\s*/, '');
  const parts = [valueStart];
  const used = [first];
  let previous = first;
  for (let k = found.index + 1; k < lines.length && used.length <= maxExtraLines; k++) {
    const line = lines[k]!;
    if (!continues(parts.join(' ').trim())) break;
    if (FIELD_LABEL.test(line.text)) break;
    if (previous.y - line.y > Math.max(previous.size, line.size) * 1.6) break;
    if (Math.abs(line.size - first.size) > 1.5) break;
    parts.push(line.text);
    used.push(line);
    previous = line;
  }
  return { value: parts.join(' ').replace(/\s+/g, ' ').trim(), lines: used };
}

/** The sentence of a text that matches `pattern`, or undefined. */
export function sentenceWith(text: string, pattern: RegExp): string | undefined {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
  return sentences.find((s) => pattern.test(s));
}

/** Page text as one string (for sentence rules that do not depend on layout). */
export function pageText(doc: ReportDocument, from = 0, to = doc.pages.length - 1): string {
  return doc.pages
    .slice(from, to + 1)
    .map((lines) => joinLines(lines))
    .join(' ');
}

/** Lines above the first line that matches `stop` on page 1: the title block. */
export function titleBlock(doc: ReportDocument, stop: RegExp): Line[] {
  const lines = doc.pages[0] ?? [];
  const end = lines.findIndex((l) => stop.test(l.text));
  return lines.slice(0, end >= 0 ? end : Math.min(lines.length, 8)).filter((l) => !/^\d{1,2}$/.test(l.text));
}

export { matchable };

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** The size of most of the text: the body's type size. */
export function bodySize(doc: ReportDocument): number {
  return median(doc.pages.flat().map((l) => l.size)) ?? 11;
}

/**
 * The pages' running text, page after page, without their furniture: page
 * numbers ("2", "Page 2 of 6"), small print (footnotes, letterheads), and running
 * headers and footers (a line printed at the same height on two or more pages,
 * such as "Inspection report: Bury Local Area Partnership" and its dates).
 */
export function bodyLines(doc: ReportDocument): Line[] {
  const size = bodySize(doc);
  const shape = (line: Line) => line.text.toLowerCase().replace(/\d+/g, '#');
  const byShape = new Map<string, Line[]>();
  for (const line of doc.pages.flat()) byShape.set(shape(line), [...(byShape.get(shape(line)) ?? []), line]);
  const running = (line: Line) => byShape.get(shape(line))!.some((other) => other.page !== line.page && Math.abs(other.y - line.y) <= 3);
  return doc.pages
    .flat()
    .filter((line) => !/^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$/i.test(line.text) && line.size >= size * 0.8 && !running(line));
}
