/**
 * Lines from positioned text: items whose baselines agree are one line, ordered
 * left to right, with spaces put back where pdf.js left a gap instead of a space.
 */
import type { PageText, TextItem } from './pdf.ts';
import { cleanText, displayText } from './text.ts';

export interface Line {
  page: number;
  /** Baseline, PDF points from the page bottom. */
  y: number;
  /** Left edge of the first item, right edge of the last. */
  x: number;
  xEnd: number;
  size: number;
  items: TextItem[];
  /** Cleaned text (see text.ts): what rules match against. */
  text: string;
  /** The text as printed (quotes and dashes kept): what is shown to people. */
  display: string;
}

/** Joins items left to right, adding a space where the gap between two is wider than a space's share. */
export function joinItems(items: readonly TextItem[], clean: (text: string) => string = cleanText): string {
  let out = '';
  let lastEnd = -Infinity;
  for (const item of items) {
    const gap = item.x - lastEnd;
    if (out && gap > item.size * 0.12 && !out.endsWith(' ') && !item.str.startsWith(' ')) out += ' ';
    out += item.str;
    lastEnd = Math.max(lastEnd, item.x + item.width);
  }
  return clean(out).trim();
}

export function makeLine(page: number, items: TextItem[]): Line {
  const sorted = [...items].sort((a, b) => a.x - b.x);
  const first = sorted[0]!;
  const size = Math.max(...sorted.map((i) => i.size));
  // The baseline of the biggest run: superscripts and small marks do not move it.
  const main = sorted.reduce((best, i) => (i.size > best.size ? i : best), first);
  return {
    page,
    y: main.y,
    x: first.x,
    xEnd: Math.max(...sorted.map((i) => i.x + i.width)),
    size,
    items: sorted,
    text: joinItems(sorted),
    display: joinItems(sorted, displayText),
  };
}

/** Groups a page's items into lines, top to bottom. */
export function pageLines(page: PageText): Line[] {
  const items = [...page.items].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextItem[][] = [];
  let current: TextItem[] = [];
  let currentY = Number.NaN;
  for (const item of items) {
    const tolerance = Math.max(1.5, Math.min(3, item.size * 0.2));
    if (current.length && Math.abs(item.y - currentY) <= tolerance) {
      current.push(item);
    } else {
      if (current.length) groups.push(current);
      current = [item];
      currentY = item.y;
    }
  }
  if (current.length) groups.push(current);
  return groups.map((g) => makeLine(page.number, g)).filter((l) => l.text.length > 0);
}

/** Items of a line inside [from, to) on the x axis, as a line of their own (null when none). */
export function sliceLine(line: Line, from: number, to: number): Line | null {
  const items = line.items.filter((i) => i.x >= from && i.x < to);
  return items.length ? makeLine(line.page, items) : null;
}

/** Lines joined into one string (for sentence-level rules). */
export function joinLines(lines: readonly Line[]): string {
  return lines
    .map((l) => l.text)
    .join(' ')
    .replace(/(\w)- (\w)/g, (m, a: string, b: string) => (/[a-z]/.test(b) ? `${a}-${b}` : m))
    .replace(/\s+/g, ' ')
    .trim();
}
