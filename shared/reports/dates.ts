/**
 * Inspection dates as reports print them: "11 to 15 September 2023",
 * "11 – 22 July 2022", "25 October 2021 to 5 November 2021",
 * "19 November-11 December 2013 and 28 – 30 January 2014", "1/06/2015 – 25/06/2015",
 * "20 and 21 September 2022". A day without month or year takes them from the
 * next date that has them; the range runs from the first date to the last.
 * Letters sometimes give no year at all ("on 13 and 14 July"): then the year is
 * the letter's own (`DateContext.year`), or the one before for a date that
 * would fall after the letter was written.
 */

const MONTHS: Record<string, number> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

interface Partial {
  day?: number;
  month?: number;
  year?: number;
}

export interface DateRange {
  start: string;
  end: string;
}

function fullYear(y: number): number {
  return y < 100 ? 2000 + y : y;
}

function iso(p: Required<Partial>): string | null {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day));
  if (d.getUTCFullYear() !== p.year || d.getUTCMonth() !== p.month - 1 || d.getUTCDate() !== p.day) return null;
  if (p.year < 1990 || p.year > 2100) return null;
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

const TOKEN = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b|\b(\d{4})\b|\b(\d{1,2})(?:st|nd|rd|th)?\b|([a-z]+)/gi;
/** UK postcodes ("SN15 1ER", "BA14 8JN"): an address block run into a sentence must not give days. */
const POSTCODE = /\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b/g;

/** What the text around a date says about it: the letter's own date, for dates printed without a year. */
export interface DateContext {
  /** ISO date of the letter; a date with no year takes this year (or the one before, if it would fall after). */
  written?: string;
}

/** Every full date a piece of text gives, in order, after filling in months and years. */
export function datesIn(text: string, context: DateContext = {}): string[] {
  const parts: Partial[] = [];
  for (const m of text.replace(POSTCODE, ' ').matchAll(TOKEN)) {
    if (m[1]) {
      parts.push({ day: Number(m[1]), month: Number(m[2]), year: fullYear(Number(m[3])) });
    } else if (m[4]) {
      const last = parts.at(-1);
      if (last && last.year === undefined && (last.month !== undefined || last.day !== undefined)) last.year = Number(m[4]);
    } else if (m[5]) {
      parts.push({ day: Number(m[5]) });
    } else if (m[6]) {
      // Month names are capitalised: "may" and "march" in lower case are verbs.
      const month = /^[A-Z]/.test(m[6]) ? MONTHS[m[6].toLowerCase()] : undefined;
      if (month === undefined) continue;
      const last = parts.at(-1);
      if (last && last.month === undefined && last.year === undefined) last.month = month;
      else parts.push({ month });
    }
  }
  // No year anywhere: the last date with a month takes the letter's year (the year before if it would follow the letter).
  const lastDated = parts.findLastIndex((p) => p.month !== undefined);
  if (context.written && lastDated >= 0 && parts.every((p) => p.year === undefined)) {
    const last = parts[lastDated]!;
    const year = Number(context.written.slice(0, 4));
    const sameYear = iso({ day: last.day ?? 1, month: last.month!, year });
    last.year = sameYear && sameYear > context.written ? year - 1 : year;
  }
  // Fill missing months and years from the next date that has them.
  for (let i = parts.length - 2; i >= 0; i--) {
    const next = parts[i + 1]!;
    const p = parts[i]!;
    if (p.month === undefined && next.month !== undefined && p.year === undefined) p.month = next.month;
    if (p.year === undefined && next.year !== undefined) {
      // "28 December to 3 January 2015": the earlier month belongs to the year before.
      p.year = p.month !== undefined && next.month !== undefined && p.month > next.month ? next.year - 1 : next.year;
    }
  }
  const out: string[] = [];
  for (const p of parts) {
    if (p.day === undefined || p.month === undefined || p.year === undefined) continue;
    const date = iso(p as Required<Partial>);
    if (date) out.push(date);
  }
  return out;
}

/** First and last date of a dates text; a single date gives start = end. Null when none. Never ends before it starts. */
export function dateRange(text: string, context: DateContext = {}): DateRange | null {
  const dates = datesIn(text, context);
  if (!dates.length) return null;
  const [start, end] = [dates[0]!, dates.at(-1)!];
  return start <= end ? { start, end } : { start: end, end: start };
}

const DAY_MS = 86_400_000;

export function daysBetween(start: string, end: string): number {
  return Math.round((Date.parse(end) - Date.parse(start)) / DAY_MS);
}

/**
 * A visit lasts days or weeks, not a year: a range over `maxDays` whose start,
 * moved into the end's year, falls a short while before the end is a misprinted
 * year ("24 October 2022 to 25 October 2023" for a two-day visit).
 */
export function plausibleVisit(range: DateRange, maxDays: number): DateRange {
  if (daysBetween(range.start, range.end) <= maxDays) return range;
  const moved = `${range.end.slice(0, 4)}${range.start.slice(4)}`;
  const days = daysBetween(moved, range.end);
  return days >= 0 && days <= maxDays ? { start: moved, end: range.end } : range;
}
