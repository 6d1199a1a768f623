/**
 * Reads a front-page judgement table by geometry: a label column on the left, a
 * grade column on the right. Label cells wrap over lines; grade cells wrap too
 * ("Requires improvement" / "to be good", or three lines), and a grade may print
 * beside, above or below its label, or split above and below it. So rows are
 * found in the label column, grades are read as phrases down the grade column,
 * and the two are paired by position — never by text order.
 */
import type { Line } from './layout.ts';
import { sliceLine } from './layout.ts';
import { GRADE_WORDS, readGrades, words, type GradeOrNotJudged, type PlacedGrade, type PlacedWord } from './grades.ts';

export interface TableRow {
  label: string;
  /** undefined when no grade could be paired with the row. */
  grade: GradeOrNotJudged | undefined;
}

export interface TableOptions {
  /** A label line that starts a new row (others continue the row above). */
  rowStart: RegExp;
  /** x of the grade column when a header gave it. */
  gradeX?: number;
  /** Called with the rows read so far when a page ends: true to look for the table's continuation on the next page. */
  wantsMore?: (rows: TableRow[]) => boolean;
}

interface Block {
  lines: Line[];
  top: number;
  bottom: number;
}

/** Position down the document: grows from the top of page 1 to the bottom of the last page. */
export function down(line: Line): number {
  return line.page * 10_000 - line.y;
}

const GRADE_START = /^(requires?|outstanding|good|inadequate|adequate|not)\b/i;

/**
 * Left edge of the grade column: where most runs starting with a grade word begin,
 * well right of the labels (a stray "inadequate" in the paragraph after the table
 * stands alone; a column's grades line up). Ties go to the leftmost.
 */
function findGradeX(lines: readonly Line[], labelX: number): number | undefined {
  const xs: number[] = [];
  for (const line of lines) {
    for (const item of line.items) {
      if (item.x >= labelX + 120 && GRADE_START.test(item.str.trim())) xs.push(item.x);
    }
  }
  let best: { x: number; count: number } | undefined;
  for (const x of xs) {
    const count = xs.filter((other) => Math.abs(other - x) <= 3).length;
    if (!best || count > best.count || (count === best.count && x < best.x)) best = { x, count };
  }
  return best && Math.min(...xs.filter((x) => Math.abs(x - best.x) <= 3));
}

/**
 * A line of running text: it starts in the label column and runs on into the grade
 * column, as one run across the boundary or as runs with only a word space between
 * them there (a table row leaves a clear gap between label and grade).
 */
function crossesColumns(line: Line, gradeX: number): boolean {
  if (line.items.some((i) => i.x < gradeX - 4 && i.x + i.width > gradeX + 12)) return true;
  const left = line.items.filter((i) => i.x < gradeX - 4);
  const right = line.items.filter((i) => i.x >= gradeX - 4);
  if (!left.length || !right.length) return false;
  const gap = Math.min(...right.map((i) => i.x)) - Math.max(...left.map((i) => i.x + i.width));
  return gap < Math.max(6, line.size * 0.6);
}

/** Page furniture: page numbers and running headers/footers in small print. */
function isFurniture(line: Line, tableSize: number): boolean {
  return /^\d{1,3}$/.test(line.text) || line.size < tableSize * 0.75;
}

/**
 * Reads the table that starts at `pages[p][i]` (the first row's label line, or the
 * header line, which is skipped). `pages` are the document's lines, one array per page.
 */
export function readTable(pages: readonly (readonly Line[])[], p: number, i: number, options: TableOptions): TableRow[] {
  const first = pages[p]![i]!;
  const labelX = first.x;
  const tableSize = first.size;
  const ahead = pages[p]!.slice(i, i + 30);
  // A header's "Grade" may be centred over grades printed further left: then the grades' own column wins.
  const found = findGradeX(ahead, labelX);
  const gradeX =
    options.gradeX === undefined ? found : found !== undefined && found < options.gradeX && found > options.gradeX - 150 ? found : options.gradeX;
  if (gradeX === undefined) return [];

  const labelLines: Line[] = [];
  const gradeLines: Line[] = [];
  // A first grade may print above its row ("Requires" over "1. Children who need help…"): take grade-only lines just above.
  const above: Line[] = [];
  for (let k = i - 1; k >= 0; k--) {
    const line = pages[p]![k]!;
    if (!line.items.every((item) => item.x >= gradeX - 4) || line.y - first.y > first.size * 2.5) break;
    above.unshift(line);
  }
  gradeLines.push(...above);
  let page = p;
  let index = options.rowStart.test(first.text) ? i : i + 1;
  let rows: TableRow[] = [];
  for (;;) {
    const lines = pages[page]!;
    for (; index < lines.length; index++) {
      const line = lines[index]!;
      if (isFurniture(line, tableSize)) continue;
      if (crossesColumns(line, gradeX)) {
        break;
      }
      const label = sliceLine(line, -Infinity, gradeX - 4);
      const grade = sliceLine(line, gradeX - 4, Infinity);
      if (label) {
        if (label.x < labelX - 30) {
          break;
        }
        labelLines.push(label);
      }
      if (grade) gradeLines.push(grade);
    }
    rows = pair(labelLines, gradeLines, options.rowStart);
    const next = pages[page + 1];
    if (!next || !options.wantsMore?.(rows)) break;
    // The table may run on at the top of the next page: look there for a row start in the label column.
    const at = next.slice(0, 6).findIndex((l) => options.rowStart.test(l.text) && l.x > labelX - 12 && l.x < labelX + 90 && !crossesColumns(l, gradeX));
    if (at < 0) break;
    page += 1;
    index = at;
  }
  return rows;
}

function blocksOf(labelLines: readonly Line[], rowStart: RegExp): Block[] {
  const blocks: Block[] = [];
  let previous: Line | undefined;
  for (const line of labelLines) {
    const gap = previous ? down(line) - down(previous) : Infinity;
    const startsRow = rowStart.test(line.text) || (gap > line.size * 2.2 && /^[A-Z0-9]/.test(line.text));
    const current = blocks.at(-1);
    if (!current || startsRow) {
      blocks.push({ lines: [line], top: down(line), bottom: down(line) });
    } else {
      current.lines.push(line);
      current.bottom = down(line);
    }
    previous = line;
  }
  return blocks;
}

function gradesOf(gradeLines: readonly Line[]): PlacedGrade[] {
  const stream: PlacedWord[] = [];
  for (const line of gradeLines) {
    for (const word of words(line.text)) {
      if (GRADE_WORDS.has(word)) stream.push({ word, at: down(line) });
    }
  }
  return readGrades(stream);
}

function pair(labelLines: readonly Line[], gradeLines: readonly Line[], rowStart: RegExp): TableRow[] {
  const blocks = blocksOf(labelLines, rowStart);
  const grades = gradesOf(gradeLines);
  const label = (b: Block) => b.lines.map((l) => l.text).join(' ').replace(/\s+/g, ' ').trim();
  if (grades.length === blocks.length) {
    return blocks.map((b, k) => ({ label: label(b), grade: grades[k]!.grade }));
  }
  // Counts differ: pair each grade with the row whose middle is nearest its own, each row once.
  const centre = (top: number, bottom: number) => (top + bottom) / 2;
  const candidates = grades.flatMap((g, gi) =>
    blocks.map((b, bi) => ({ gi, bi, distance: Math.abs(centre(g.top, g.bottom) - centre(b.top, b.bottom)) })),
  );
  candidates.sort((a, b) => a.distance - b.distance);
  const byBlock = new Map<number, GradeOrNotJudged>();
  const usedGrades = new Set<number>();
  for (const c of candidates) {
    if (byBlock.has(c.bi) || usedGrades.has(c.gi)) continue;
    const b = blocks[c.bi]!;
    // A grade further than two lines from its row belongs to no row.
    if (c.distance > (b.bottom - b.top) / 2 + b.lines[0]!.size * 2.5) continue;
    byBlock.set(c.bi, grades[c.gi]!.grade);
    usedGrades.add(c.gi);
  }
  return blocks.map((b, bi) => ({ label: label(b), grade: byBlock.has(bi) ? byBlock.get(bi)! : undefined }));
}
