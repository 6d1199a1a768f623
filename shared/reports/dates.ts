/**
 * Inspection dates as reports print them: "11 to 15 September 2023",
 * "11 – 22 July 2022", "25 October 2021 to 5 November 2021",
 * "19 November-11 December 2013 and 28 – 30 January 2014", "1/06/2015 – 25/06/2015",
 * "20 and 21 September 2022". A day without month or year takes them from the
 * next date that has them; the range runs from the first date to the last.
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

const TOKEN = /(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})|(\d{4})|(\d{1,2})(?:st|nd|rd|th)?\b|([a-z]+)/gi;

/** Every full date a piece of text gives, in order, after filling in months and years. */
export function datesIn(text: string): string[] {
  const parts: Partial[] = [];
  for (const m of text.matchAll(TOKEN)) {
    if (m[1]) {
      parts.push({ day: Number(m[1]), month: Number(m[2]), year: fullYear(Number(m[3])) });
    } else if (m[4]) {
      const last = parts.at(-1);
      if (last && last.year === undefined && (last.month !== undefined || last.day !== undefined)) last.year = Number(m[4]);
    } else if (m[5]) {
      parts.push({ day: Number(m[5]) });
    } else if (m[6]) {
      const month = MONTHS[m[6].toLowerCase()];
      if (month === undefined) continue;
      const last = parts.at(-1);
      if (last && last.month === undefined && last.year === undefined) last.month = month;
      else parts.push({ month });
    }
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

/** First and last date of a dates text; a single date gives start = end. Null when none. */
export function dateRange(text: string): DateRange | null {
  const dates = datesIn(text);
  if (!dates.length) return null;
  return { start: dates[0]!, end: dates.at(-1)! };
}
