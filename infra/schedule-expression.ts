/**
 * EventBridge Scheduler expressions: validation (with messages a person can act
 * on) and evaluation of cron expressions against a wall clock, so the schedule
 * boundaries can be checked and the invocations per month counted for the cost
 * estimate. Pure: no CDK, no I/O.
 *
 *   cron(minutes hours day-of-month month day-of-week year)
 *   rate(value minute|minutes|hour|hours|day|days)
 *
 * Supported cron syntax: numbers, names (JAN-DEC, SUN-SAT), `*`, `?`, ranges `a-b`,
 * lists `a,b`, steps `a/n` and `a-b/n`. `L`, `W` and `#` are valid in AWS but not
 * needed by ofsted-watch's schedules; they are rejected with a clear message
 * rather than evaluated wrongly.
 */
import { WatchError } from '#shared/domain/errors.ts';

export class ScheduleExpressionError extends WatchError<'invalid_schedule'> {
  override name = 'ScheduleExpressionError';
  constructor(message: string) {
    super('invalid_schedule', message);
  }
}

export interface CronSchedule {
  type: 'cron';
  expression: string;
  /** Each field: the values it allows, or null for `*` / `?` (no restriction). */
  minutes: ReadonlySet<number> | null;
  hours: ReadonlySet<number> | null;
  daysOfMonth: ReadonlySet<number> | null;
  months: ReadonlySet<number> | null;
  /** 1 = Sunday … 7 = Saturday, as in AWS cron. */
  daysOfWeek: ReadonlySet<number> | null;
  years: ReadonlySet<number> | null;
}

export interface RateSchedule {
  type: 'rate';
  expression: string;
  minutes: number;
}

export type ParsedSchedule = CronSchedule | RateSchedule;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldSpec {
  label: string;
  min: number;
  max: number;
  names?: string[];
  /** Whether `?` is allowed (day-of-month and day-of-week only). */
  question?: boolean;
}

const FIELDS: FieldSpec[] = [
  { label: 'minutes', min: 0, max: 59 },
  { label: 'hours', min: 0, max: 23 },
  { label: 'day-of-month', min: 1, max: 31, question: true },
  { label: 'month', min: 1, max: 12, names: MONTHS },
  { label: 'day-of-week', min: 1, max: 7, names: DAYS, question: true },
  { label: 'year', min: 1970, max: 2199 },
];

const RATE_UNITS: Record<string, number> = { minute: 1, minutes: 1, hour: 60, hours: 60, day: 1440, days: 1440 };

/** Parses and validates an EventBridge Scheduler cron() or rate() expression. */
export function parseScheduleExpression(expression: string): ParsedSchedule {
  const text = expression.trim();
  const rate = /^rate\((.*)\)$/.exec(text);
  if (rate) return parseRate(text, rate[1] ?? '');
  const cron = /^cron\((.*)\)$/.exec(text);
  if (cron) return parseCron(text, cron[1] ?? '');
  if (/^at\(/.test(text)) {
    throw new ScheduleExpressionError(`"${expression}" is a one-time at() schedule; recurring schedules need cron(...) or rate(...)`);
  }
  throw new ScheduleExpressionError(
    `"${expression}" is not a schedule expression: write cron(minutes hours day-of-month month day-of-week year), e.g. cron(0/15 7-19 ? * MON-FRI *), or rate(value unit), e.g. rate(30 minutes)`,
  );
}

function parseRate(expression: string, body: string): RateSchedule {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  if (!match) throw new ScheduleExpressionError(`"${expression}": a rate is "rate(value unit)", e.g. rate(30 minutes)`);
  const value = Number(match[1]);
  const unit = match[2] ?? '';
  const perUnit = RATE_UNITS[unit];
  if (perUnit === undefined) {
    throw new ScheduleExpressionError(`"${expression}": unit "${unit}" must be minute(s), hour(s) or day(s)`);
  }
  if (value < 1) throw new ScheduleExpressionError(`"${expression}": the value must be a whole number of at least 1`);
  const singular = !unit.endsWith('s');
  if (value === 1 && !singular) throw new ScheduleExpressionError(`"${expression}": with a value of 1 the unit is singular, e.g. rate(1 ${unit.slice(0, -1)})`);
  if (value > 1 && singular) throw new ScheduleExpressionError(`"${expression}": with a value above 1 the unit is plural, e.g. rate(${value} ${unit}s)`);
  return { type: 'rate', expression, minutes: value * perUnit };
}

function parseCron(expression: string, body: string): CronSchedule {
  const parts = body.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new ScheduleExpressionError(
      `"${expression}" has ${parts.length} fields; AWS cron has 6: minutes hours day-of-month month day-of-week year (e.g. cron(0 * ? * SAT,SUN *))`,
    );
  }
  const [minutes, hours, dom, month, dow, year] = parts.map((part, i) => parseField(expression, part, FIELDS[i] as FieldSpec));
  const domText = parts[2];
  const dowText = parts[4];
  if ((domText === '?') === (dowText === '?')) {
    throw new ScheduleExpressionError(
      `"${expression}": exactly one of day-of-month and day-of-week must be "?" (e.g. "? * MON-FRI" or "* * ?")`,
    );
  }
  return { type: 'cron', expression, minutes, hours, daysOfMonth: dom, months: month, daysOfWeek: dow, years: year } as CronSchedule;
}

/** Returns the allowed values, or null for `*` / `?` (no restriction). */
function parseField(expression: string, original: string, spec: FieldSpec): Set<number> | null {
  const fail = (why: string) => new ScheduleExpressionError(`"${expression}": ${spec.label} field "${original}" ${why}`);
  const text = original.toUpperCase();
  if (text === '?') {
    if (!spec.question) throw fail('cannot be "?" (only day-of-month and day-of-week can)');
    return null;
  }
  if (text === '*') return null;
  if (/[LW#]/.test(text.replace(/[A-Z]{3}/g, (name) => (spec.names?.includes(name) ? '' : name)))) {
    throw fail('uses L, W or #, which ofsted-watch does not support; use ranges and lists instead');
  }
  const values = new Set<number>();
  for (const item of text.split(',')) {
    const [base = '', stepText] = item.split('/');
    let step = 1;
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) < 1) throw fail(`has step "${stepText}", which must be a whole number of at least 1`);
      step = Number(stepText);
    }
    let from: number;
    let to: number;
    if (base === '*') {
      from = spec.min;
      to = spec.max;
    } else if (base.includes('-')) {
      const [a = '', b = ''] = base.split('-');
      from = value(a);
      to = value(b);
      if (from > to) throw fail(`has range ${a}-${b} running backwards; list both parts instead (e.g. 20-23,0-6)`);
    } else {
      from = value(base);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return values;

  function value(token: string): number {
    const named = spec.names?.indexOf(token) ?? -1;
    const n = named >= 0 ? named + 1 : /^\d+$/.test(token) ? Number(token) : Number.NaN;
    if (Number.isNaN(n)) throw fail(`has "${token}", which is not a number${spec.names ? ` or a name (${spec.names.join(' ')})` : ''}`);
    if (n < spec.min || n > spec.max) throw fail(`has ${token}, outside ${spec.min}-${spec.max}`);
    return n;
  }
}

/** A local wall-clock minute. `dayOfWeek` is 1 = Sunday … 7 = Saturday, as in AWS cron. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  dayOfWeek: number;
}

/** Whether a cron schedule fires at this local minute. */
export function cronMatches(cron: CronSchedule, at: WallClock): boolean {
  const allows = (field: ReadonlySet<number> | null, value: number) => field === null || field.has(value);
  return (
    allows(cron.minutes, at.minute) && allows(cron.hours, at.hour) && allows(cron.daysOfMonth, at.day) &&
    allows(cron.months, at.month) && allows(cron.daysOfWeek, at.dayOfWeek) && allows(cron.years, at.year)
  );
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at an instant. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year), month: Number(parts.month), day: Number(parts.day),
    hour: Number(parts.hour), minute: Number(parts.minute),
    dayOfWeek: DAYS.indexOf(String(parts.weekday).toUpperCase()) + 1,
  };
}

/** Whether `timeZone` is an IANA zone this Node knows (EventBridge Scheduler takes IANA names). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * The instants in [from, to) at which a set of schedules fires, one entry per
 * schedule firing (so two schedules firing the same minute appear twice).
 * Rate schedules fire every `minutes` from `from` (Scheduler starts them at creation).
 */
export function firings(expressions: readonly string[], timeZone: string, from: Date, to: Date): Date[] {
  const schedules = expressions.map(parseScheduleExpression);
  const out: Date[] = [];
  const start = Math.ceil(from.getTime() / 60_000) * 60_000;
  for (let t = start; t < to.getTime(); t += 60_000) {
    const instant = new Date(t);
    const minutesIn = (t - start) / 60_000;
    const clock = schedules.some((s) => s.type === 'cron') ? wallClock(instant, timeZone) : null;
    for (const schedule of schedules) {
      const fires = schedule.type === 'rate' ? minutesIn % schedule.minutes === 0 : cronMatches(schedule, clock as WallClock);
      if (fires) out.push(instant);
    }
  }
  return out;
}
