/** When daily digests are due: a fixed hour of the UK day (Europe/London, with summer time). Pure. */

const LONDON = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function londonParts(instant: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number> {
  const out = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of LONDON.formatToParts(instant)) {
    if (part.type in out) out[part.type as keyof typeof out] = Number(part.value);
  }
  return out;
}

/** Minutes London is ahead of UTC at this instant (0 or 60). */
function londonOffsetMs(instant: Date): number {
  const p = londonParts(instant);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The UK calendar date of an instant, yyyy-mm-dd. */
export function londonDate(instant: Date): string {
  const p = londonParts(instant);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant at which the UK clock shows `hour`:00 on the UK date `day`. */
export function londonTime(day: string, hour: number): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d, hour);
  const first = guess - londonOffsetMs(new Date(guess));
  return new Date(guess - londonOffsetMs(new Date(first)));
}

function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first digest time strictly after `instant`. */
export function nextDigestAt(instant: Date, hour: number): Date {
  const today = londonTime(londonDate(instant), hour);
  return today.getTime() > instant.getTime() ? today : londonTime(addDays(londonDate(instant), 1), hour);
}

/** The last digest time at or before `instant`: the digest a run at `instant` is sending. */
export function latestDigestAt(instant: Date, hour: number): Date {
  const today = londonTime(londonDate(instant), hour);
  return today.getTime() <= instant.getTime() ? today : londonTime(addDays(londonDate(instant), -1), hour);
}

/**
 * When an event's delivery to a subscription is due: at once for `instant`; for
 * `daily`, at the first digest time after the event was detected. A digest
 * takes the events detected before its hour, even when fan-out runs a little
 * after it; a detection time in the future (a skewed clock) counts as now.
 */
export function deliveryDueAt(delivery: 'instant' | 'daily', detectedAt: string, now: Date, hour: number): Date {
  if (delivery === 'instant') return now;
  const detected = Math.min(Date.parse(detectedAt) || now.getTime(), now.getTime());
  return nextDigestAt(new Date(detected), hour);
}
