import { describe, expect, it } from 'vitest';
import { FUNCTIONS, functionSpec, scheduleTrigger } from '#shared/runtime/registry.ts';
import { firings, parseScheduleExpression, ScheduleExpressionError, wallClock } from '../infra/schedule-expression.ts';

const LONDON = 'Europe/London';
const ofstedScan = scheduleTrigger(functionSpec('ofsted-scan'))!.expressions;

/** Local London "HH:MM" of each firing, grouped by local date (YYYY-MM-DD). */
function byLocalDay(instants: Date[]): Map<string, string[]> {
  const days = new Map<string, string[]>();
  for (const instant of instants) {
    const c = wallClock(instant, LONDON);
    const day = `${c.year}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
    const time = `${String(c.hour).padStart(2, '0')}:${String(c.minute).padStart(2, '0')}`;
    days.set(day, [...(days.get(day) ?? []), time]);
  }
  return days;
}

function times(fromHour: number, toHour: number, everyMinutes: number): string[] {
  const out: string[] = [];
  for (let m = fromHour * 60; m <= toHour * 60; m += everyMinutes) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  }
  return out;
}

const hourly = (from: number, to: number) => times(from, to, 60);

describe('Ofsted scan schedule (Europe/London)', () => {
  // Monday 2 June 2025 00:00 BST is Sunday 1 June 23:00 UTC; a whole summer week.
  const summerWeek = firings(ofstedScan, LONDON, new Date('2025-06-01T23:00:00Z'), new Date('2025-06-08T23:00:00Z'));
  const days = byLocalDay(summerWeek);

  it('runs every 15 minutes from 07:00 to 20:00 on a weekday, hourly before and after, never twice in a minute', () => {
    const monday = days.get('2025-06-02');
    expect(monday).toEqual([...hourly(0, 6), ...times(7, 20, 15), ...hourly(21, 23)]);
    expect(monday).toContain('07:00');
    expect(monday).toContain('19:45');
    expect(monday).toContain('20:00');
    expect(monday).not.toContain('20:15');
    expect(monday).not.toContain('06:45');
    expect(new Set(summerWeek.map((d) => d.getTime())).size).toBe(summerWeek.length);
  });

  it('runs hourly all day at the weekend and on Friday evening', () => {
    expect(days.get('2025-06-07')).toEqual(hourly(0, 23));
    expect(days.get('2025-06-08')).toEqual(hourly(0, 23));
    expect(days.get('2025-06-06')?.slice(-4)).toEqual(['20:00', '21:00', '22:00', '23:00']);
  });

  it('has 7 (00:00-06:00) + 52 (07:00-19:45) + 1 (20:00) + 3 (21:00-23:00) = 63 runs a weekday and 24 a weekend day: 363 a week', () => {
    for (const day of ['2025-06-02', '2025-06-03', '2025-06-04', '2025-06-05', '2025-06-06']) expect(days.get(day)).toHaveLength(63);
    expect(summerWeek).toHaveLength(5 * 63 + 2 * 24);
  });

  it('follows London local time in winter too (GMT), not UTC', () => {
    const winter = byLocalDay(firings(ofstedScan, LONDON, new Date('2025-01-06T00:00:00Z'), new Date('2025-01-07T00:00:00Z')));
    expect(winter.get('2025-01-06')).toEqual([...hourly(0, 6), ...times(7, 20, 15), ...hourly(21, 23)]);
    // In summer the 07:00 London run is 06:00 UTC.
    const first15 = summerWeek.find((d) => wallClock(d, LONDON).hour === 7 && wallClock(d, LONDON).day === 2);
    expect(first15?.toISOString()).toBe('2025-06-02T06:00:00.000Z');
  });

  it('never leaves more than an hour between runs across the spring clock change', () => {
    const spring = firings(ofstedScan, LONDON, new Date('2025-03-29T00:00:00Z'), new Date('2025-03-31T00:00:00Z'));
    const gaps = spring.slice(1).map((d, i) => (d.getTime() - spring[i]!.getTime()) / 60_000);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(60);
  });
});

describe('the other default schedules', () => {
  it('news every 30 minutes and the delivery sweep every 5 minutes', () => {
    const day = [new Date('2025-06-02T00:00:00Z'), new Date('2025-06-03T00:00:00Z')] as const;
    expect(firings(scheduleTrigger(functionSpec('news-scan'))!.expressions, LONDON, ...day)).toHaveLength(48);
    expect(firings(scheduleTrigger(functionSpec('deliver-alerts'))!.expressions, LONDON, ...day)).toHaveLength(288);
  });

  it('every default expression in the registry is valid', () => {
    for (const spec of FUNCTIONS) {
      for (const expression of scheduleTrigger(spec)?.expressions ?? []) expect(() => parseScheduleExpression(expression)).not.toThrow();
    }
  });
});

describe('schedule expression validation', () => {
  it.each([
    ['cron(0/15 7-19 ? * MON-FRI)', /6: minutes hours/],
    ['cron(0 7 * * MON-FRI *)', /exactly one of day-of-month and day-of-week must be "\?"/],
    ['cron(0 7 ? * ? *)', /exactly one of day-of-month and day-of-week/],
    ['cron(60 7 ? * MON *)', /minutes field "60" has 60, outside 0-59/],
    ['cron(0 20-6 ? * MON-FRI *)', /running backwards; list both parts instead \(e\.g\. 20-23,0-6\)/],
    ['cron(0 7 ? * FUNDAY *)', /not a number or a name/],
    ['cron(0 7 L * ? *)', /L, W or #/],
    ['cron(? 7 ? * MON *)', /minutes field "\?" cannot be "\?"/],
    ['rate(1 minutes)', /unit is singular/],
    ['rate(5 minute)', /unit is plural/],
    ['rate(0 minutes)', /at least 1/],
    ['rate(5 weeks)', /minute\(s\), hour\(s\) or day\(s\)/],
    ['at(2025-06-01T10:00:00)', /one-time/],
    ['every 5 minutes', /not a schedule expression/],
  ])('rejects %s', (expression, message) => {
    expect(() => parseScheduleExpression(expression)).toThrow(ScheduleExpressionError);
    expect(() => parseScheduleExpression(expression)).toThrow(message);
  });

  it('accepts names, lists, ranges and steps', () => {
    const cron = parseScheduleExpression('cron(5,35 */2 ? JAN-MAR,DEC sun,SAT 2025-2030)');
    expect(cron.type).toBe('cron');
    if (cron.type !== 'cron') return;
    expect([...cron.minutes!]).toEqual([5, 35]);
    expect([...cron.hours!]).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22]);
    expect([...cron.months!]).toEqual([1, 2, 3, 12]);
    expect([...cron.daysOfWeek!]).toEqual([1, 7]);
    expect(cron.daysOfMonth).toBeNull();
    expect(parseScheduleExpression('rate(2 hours)')).toMatchObject({ type: 'rate', minutes: 120 });
  });
});
