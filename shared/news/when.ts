/**
 * When the things an article tells happened, against its publication date.
 * Written dates ("30 September 2015", "Tuesday, February 19, 2019", "6th Dec 2024")
 * and relative ones chrono-node reads well ("last week", "last month", "two months
 * ago", "yesterday") come from chrono-node; what it reads wrongly for news is done
 * here: a month without a year is the latest one before publication ("in August"
 * in a December article, never next August), "last October", "January this year",
 * bare years ("in 2019"), "early 2023", seasons, "earlier this year", and periods
 * ("over the past year"). Pure.
 */
import * as chrono from 'chrono-node';

/** The date the article is read against, and where it came from. */
export interface TimeAnchor {
  /** YYYY-MM-DD, or null when neither the caller nor the article gives one. */
  date: string | null;
  source: 'published' | 'dateline' | null;
}

export interface DateMention {
  start: number;
  end: number;
  text: string;
  /** Earliest and latest day it can mean (YYYY-MM-DD). */
  from: string;
  to: string;
  /**
   * absolute: the year is written ("in 2019", "30 September 2015");
   * offset: a distance back from the anchor, known even without it ("last month", "two weeks ago");
   * calendar: a month or season without a year ("in August", "last October", "January this year"),
   * which means nothing until the anchor is known.
   */
  reading: 'absolute' | 'offset' | 'calendar';
  /** A span of time the news is not one point of ("over the past year"). */
  period: boolean;
  /** "earlier this year": explicitly before the news. */
  earlier: boolean;
  /** The rule that read it. */
  rule: string;
}

/** How long after something happened the press still reports it as news. */
export const NEWS_WINDOW_DAYS = 42;

const DAY_MS = 86_400_000;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = `(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const SEASONS: Record<string, [number, number]> = { spring: [3, 5], summer: [6, 8], autumn: [9, 11], fall: [9, 11], winter: [12, 14] };

function monthNumber(word: string): number {
  return MONTHS.findIndex((m) => m.startsWith(word.toLowerCase().slice(0, 3))) + 1;
}

function iso(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function monthSpan(year: number, month: number): { from: string; to: string } {
  return { from: iso(year, month, 1), to: iso(year, month, lastDay(year, month)) };
}

export function daysBetween(earlier: string, later: string): number {
  return (Date.parse(later) - Date.parse(earlier)) / DAY_MS;
}

/** Where no anchor is known, offsets are read against this stand-in and only their distance counts. */
const STAND_IN = '2000-06-15';

interface Anchor {
  year: number;
  month: number;
  day: string;
}

function anchorOf(date: string | null): Anchor {
  const day = date ?? STAND_IN;
  return { year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)), day };
}

/** A month with no year: the latest one not after the anchor, or the next one when the words look forward. */
function monthWithoutYear(month: number, anchor: Anchor, forward: boolean, last: boolean): number {
  if (forward) return month >= anchor.month ? anchor.year : anchor.year + 1;
  if (last) return month < anchor.month - 1 ? anchor.year : anchor.year - 1;
  return month <= anchor.month ? anchor.year : anchor.year - 1;
}

/** Words before a month that look forward: "will report in March", "by September". */
export const LOOKS_FORWARD = /\b(?:will|next|due|expected|plans?|planned|scheduled|deadline)\b[^.;]{0,25}$|\b(?:by|until)\s+(?:the (?:end|start|middle) of\s+)?$/i;

/** Numbers written as words in "over the past nine months". */
const COUNT_WORDS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, eighteen: 18, twenty: 20, few: 3, several: 4, couple: 2,
};

type Rule = { name: string; re: RegExp; read: (m: RegExpExecArray, anchor: Anchor, before: string) => Omit<DateMention, 'start' | 'end' | 'text' | 'rule'> | null };

type Reading = DateMention['reading'];
const fixed = (span: { from: string; to: string }, reading: Reading = 'absolute', period = false, earlier = false) => ({ ...span, reading, period, earlier });

/** Phrases read here rather than by chrono-node (tried first; chrono-node reads what is left). */
const RULES: Rule[] = [
  {
    name: 'month-this-or-last-year',
    re: new RegExp(`\\b(?:in |on |at the (?:start|end) of )?${MONTH}(?: of)? (this|last) year\\b`, 'gi'),
    // "August last year" is months back whenever it is read; "January this year" needs the publication date.
    read: (m, a) => fixed(monthSpan(m[2]!.toLowerCase() === 'this' ? a.year : a.year - 1, monthNumber(m[1]!)), m[2]!.toLowerCase() === 'this' ? 'calendar' : 'offset'),
  },
  { name: 'last-month-name', re: new RegExp(`\\blast ${MONTH}\\b`, 'gi'), read: (m, a) => fixed(monthSpan(monthWithoutYear(monthNumber(m[1]!), a, false, true), monthNumber(m[1]!)), 'calendar') },
  {
    name: 'earlier-this',
    re: /\bearlier (?:this|in the) (year|month)\b/gi,
    read: (m, a) => (m[1]!.toLowerCase() === 'year' ? fixed({ from: iso(a.year, 1, 1), to: a.day }, 'calendar', false, true) : fixed({ from: iso(a.year, a.month, 1), to: a.day }, 'offset')),
  },
  {
    name: 'past-period',
    re: /\b(?:over|in|during|within|for) the (?:past|last|previous) (?:(\w+) )?(years?|months?|weeks?|decade)\b|\bin recent (years|months)\b/gi,
    read: (m, a) => {
      const unit = (m[2] ?? m[3] ?? 'year').toLowerCase().replace(/s$/, '');
      const count = m[1] ? (Number(m[1]) || COUNT_WORDS[m[1].toLowerCase()] || 1) : m[3] ? 3 : 1;
      const days = { year: 365, month: 30, week: 7, decade: 3650 }[unit] ?? 365;
      return fixed({ from: new Date(Date.parse(a.day) - count * days * DAY_MS).toISOString().slice(0, 10), to: a.day }, 'offset', true);
    },
  },
  {
    name: 'season',
    re: /\b(?:(last|this) )?(spring|summer|autumn|fall|winter)(?: (?:of )?((?:19|20)\d\d))?\b/gi,
    read: (m, a) => {
      const [first, end] = SEASONS[m[2]!.toLowerCase()]!;
      if (!m[1] && !m[3]) return null;
      const year = m[3] ? Number(m[3]) : m[1]!.toLowerCase() === 'this' ? a.year : first <= a.month - 1 ? a.year : a.year - 1;
      const endYear = end > 12 ? year + 1 : year;
      return fixed({ from: iso(year, first, 1), to: iso(endYear, end > 12 ? end - 12 : end, lastDay(endYear, end > 12 ? end - 12 : end)) }, m[3] ? 'absolute' : 'calendar');
    },
  },
  {
    name: 'part-of-year',
    re: /\b(early|mid|late|the (?:start|beginning|middle|end) of)[ -]((?:19|20)\d\d)\b/gi,
    read: (m) => {
      const year = Number(m[2]);
      const part = m[1]!.toLowerCase();
      const [from, to] = /early|start|beginning/.test(part) ? [1, 4] : /mid|middle/.test(part) ? [5, 8] : [9, 12];
      return fixed({ from: iso(year, from, 1), to: iso(year, to, lastDay(year, to)) });
    },
  },
  { name: 'year', re: /(?<![\d£$€.,/-])((?:19|20)\d\d)(?![\d%]|\/| per| children| staff| social| pupils)(?:s\b)?/g, read: (m) => fixed({ from: iso(Number(m[1]), 1, 1), to: iso(Number(m[1]), 12, 31) }) },
];

/** chrono-node's reading, with the year of a month-only date chosen for news (the latest not after the anchor). */
function chronoMentions(sentence: string, anchor: Anchor): DateMention[] {
  const found: DateMention[] = [];
  const ref = new Date(`${anchor.day}T12:00:00Z`);
  for (const result of chrono.en.GB.parse(sentence, { instant: ref, timezone: 0 })) {
    let start = result.start;
    const text = result.text.replace(/[\s,.;:]+$/, '');
    // "July 30" read by the British parser as July 2030: read it again the American way.
    if (start.isCertain('year') && !/\d{4}|\b(?:ago|last|next|this|year|month|week|yesterday|today)\b/i.test(text)) {
      const again = chrono.en.casual.parse(text, { instant: ref, timezone: 0 })[0];
      if (!again) continue;
      start = again.start;
    }
    // "four years after", "three years later": counted from another event, not from the article's date.
    if (/\b(?:after|later|before|earlier|since)\b/i.test(text)) continue;
    if (/^(?:right )?now$/i.test(text.trim())) continue;
    const offset = result.tags().has('result/relativeDate') || (!/\d{4}/.test(text) && /\b(?:ago|last|next|this|yesterday|today|tomorrow|week|month|year)\b/i.test(text));
    const month = start.get('month');
    if (!month || (!start.isCertain('month') && !offset && !start.isCertain('weekday'))) continue;
    if (start.isCertain('weekday') && !start.isCertain('day')) {
      const weekBefore = new Date(Date.parse(anchor.day) - 7 * DAY_MS).toISOString().slice(0, 10);
      found.push({ start: result.index, end: result.index + text.length, text, from: weekBefore, to: anchor.day, reading: 'offset', period: false, earlier: false, rule: 'chrono:weekday' });
      continue;
    }
    const year = start.isCertain('year') ? start.get('year')! : monthWithoutYear(month, anchor, LOOKS_FORWARD.test(sentence.slice(0, result.index)), false);
    const span = start.isCertain('day') ? { from: iso(year, month, start.get('day')!), to: iso(year, month, start.get('day')!) } : start.isCertain('month') ? monthSpan(year, month) : { from: iso(year, 1, 1), to: iso(year, 12, 31) };
    const reading: Reading = offset ? 'offset' : start.isCertain('year') ? 'absolute' : 'calendar';
    found.push({ start: result.index, end: result.index + text.length, text, ...span, reading, period: false, earlier: false, rule: 'chrono' });
  }
  return found;
}

/** Every date a sentence names, in order, read against the anchor (YYYY-MM-DD or null). */
export function datesIn(sentence: string, anchorDate: string | null): DateMention[] {
  const anchor = anchorOf(anchorDate);
  const found: DateMention[] = [];
  const free = (start: number, end: number) => !found.some((d) => start < d.end && end > d.start);
  for (const rule of RULES) {
    rule.re.lastIndex = 0;
    for (const m of sentence.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      if (!free(start, end)) continue;
      const read = rule.read(m as unknown as RegExpExecArray, anchor, sentence.slice(0, start));
      if (read) found.push({ start, end, text: m[0], ...read, rule: rule.name });
    }
  }
  for (const mention of chronoMentions(sentence, anchor)) {
    // chrono-node's "November 2015" inside an already read "late November 2015" adds nothing; "November 2015" beside a bare "2015" replaces it.
    const overlapping = found.filter((d) => mention.start < d.end && mention.end > d.start);
    if (overlapping.every((d) => d.rule === 'year' && mention.end - mention.start > d.end - d.start)) {
      for (const d of overlapping) found.splice(found.indexOf(d), 1);
      found.push(mention);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** How many days before the anchor a date ended (negative: after it). Without an anchor only offsets have a distance. */
export function daysBeforeAnchor(mention: DateMention, anchorDate: string | null): number | null {
  if (!anchorDate && mention.reading !== 'offset') return null;
  return daysBetween(mention.to, anchorDate ?? STAND_IN);
}

/** A line that only dates the article: "Tuesday, February 19, 2019", "Published 6th Dec 2024", "By A Writer, 3 March 2021". */
export function datelineDate(paragraphs: readonly string[]): string | null {
  for (const line of paragraphs.slice(0, 6)) {
    if (line.length > 100) continue;
    const [result] = chrono.en.GB.parse(line, { instant: new Date('2000-01-01T12:00:00Z'), timezone: 0 });
    // A written year: "Updated 3 hours ago" is no dateline.
    if (!result || !/\d{4}/.test(result.text) || !result.start.isCertain('year') || !result.start.isCertain('month') || !result.start.isCertain('day')) continue;
    const rest = (line.slice(0, result.index) + line.slice(result.index + result.text.length)).trim();
    const datedOnly = /^[\W\d]*(?:(?:first |last )?(?:published|updated|posted|date)[:\s]*)?[\W]*$/i.test(rest);
    const byline = /^(?:by |author:)/i.test(rest) || /\b(?:published|updated|posted)\b\W*$/i.test(rest);
    if (datedOnly || byline) return iso(result.start.get('year')!, result.start.get('month')!, result.start.get('day')!);
  }
  return null;
}

/** The article's anchor: the date given (feed, page metadata, --published), else its dateline. */
export function timeAnchor(published: string | null | undefined, paragraphs: readonly string[]): TimeAnchor {
  const given = published && !Number.isNaN(Date.parse(published)) ? new Date(Date.parse(published)).toISOString().slice(0, 10) : null;
  if (given) return { date: given, source: 'published' };
  const dateline = datelineDate(paragraphs);
  return dateline ? { date: dateline, source: 'dateline' } : { date: null, source: null };
}
