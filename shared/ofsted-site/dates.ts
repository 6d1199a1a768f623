/** Dates as the Ofsted site writes them, to and from ISO `YYYY-MM-DD`. Pure. */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function iso(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || year < 1900 || year > 2999) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function monthNumber(name: string): number {
  const lower = name.toLowerCase();
  const index = MONTHS.findIndex((month) => month === lower || (lower.length >= 3 && month.startsWith(lower)));
  return index + 1;
}

/**
 * The first date in `text`, as ISO `YYYY-MM-DD`, or null. Understands
 * "01 August 2024", "1 Aug 2024", "2024-08-01" (also with a time), "01/08/2024"
 * and "01-08-2024" (day first, as in the UK).
 */
export function parseSiteDate(text: string | null | undefined): string | null {
  if (!text) return null;
  const value = text.replace(/\s+/g, ' ').trim();
  let match = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/.exec(value);
  if (match) return iso(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(value);
  if (match) {
    const month = monthNumber(match[2]!);
    if (month > 0) return iso(Number(match[3]), month, Number(match[1]));
  }
  match = /\b(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\b/.exec(value);
  if (match) return iso(Number(match[3]), Number(match[2]), Number(match[1]));
  return null;
}

/** "2024-08-01" → "01 August 2024", the form of the site's hidden link text. */
export function formatLongDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${day} ${MONTH_NAMES[Number(month) - 1]} ${year}`;
}

/** "2024-08-01" → "1 August 2024", the form of the site's visible dates. */
export function formatDisplayDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${Number(day)} ${MONTH_NAMES[Number(month) - 1]} ${year}`;
}
