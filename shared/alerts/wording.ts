/** How events, grades, judgements and dates read in alerts: pure functions, no I/O. */
import type { EventKind } from '../domain/events.ts';
import { gradeLabel, type Grade } from '../domain/grades.ts';
import type { Framework } from '../domain/inspection.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function parts(iso: string): { y: number; m: number; d: number } | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return m >= 1 && m <= 12 && d >= 1 && d <= 31 ? { y, m, d } : null;
}

/** "2019-05-20" → "20 May 2019" (dates are read as written, with no time-zone shift). */
export function formatDate(iso: string | null | undefined): string | null {
  const p = iso ? parts(iso) : null;
  return p ? `${p.d} ${MONTHS[p.m - 1]} ${p.y}` : null;
}

/** "20–24 May 2019", "23 May – 16 June 2016", "30 December 2019 – 3 January 2020". */
export function formatDateRange(start: string | null | undefined, end: string | null | undefined): string | null {
  const a = start ? parts(start) : null;
  const b = end ? parts(end) : null;
  if (!a || !b) return formatDate(start) ?? formatDate(end);
  if (a.y === b.y && a.m === b.m) return a.d === b.d ? formatDate(start) : `${a.d}–${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
  if (a.y === b.y) return `${a.d} ${MONTHS[a.m - 1]} – ${b.d} ${MONTHS[b.m - 1]} ${b.y}`;
  return `${formatDate(start)} – ${formatDate(end)}`;
}

export function grade(value: Grade | null | undefined): string {
  return value ? gradeLabel(value) : 'not graded';
}

const FRAMEWORKS: Record<Framework, string> = { ilacs: 'ILACS', sif: 'SIF', send: 'area SEND', other: '' };

export function frameworkLabel(framework: Framework): string {
  return FRAMEWORKS[framework];
}

const JUDGEMENTS: Record<string, string> = {
  overall: 'Overall effectiveness',
  impactOfLeaders: 'Impact of leaders on social work practice',
  helpAndProtection: 'Children who need help and protection',
  inCare: 'Children in care',
  inCareAndCareLeavers: 'Children in care and care leavers',
  careLeavers: 'Care leavers',
  lookedAfter: 'Children looked after and achieving permanence',
  adoption: 'Adoption performance',
  leadership: 'Leadership, management and governance',
  lscb: 'Review of the Local Safeguarding Children Board',
  capacityToImprove: 'Capacity to improve',
};

/** Judgement keys (camelCase or snake_case) as a report names them. */
export function judgementLabel(key: string): string {
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  const known = JUDGEMENTS[camel];
  if (known) return known;
  const words = camel.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Plural noun phrase for a kind, as used in "alerts for downgrades and urgent action". */
const KIND_PHRASES: Record<EventKind, string> = {
  downgrade: 'downgrades',
  urgent_action: 'urgent action',
  upgrade: 'upgrades',
  first_record: 'first inspections on record',
  subjudgement_downgrade: 'lower sub-judgements',
  concern: 'concerns in the news',
  positive: 'good news',
  mention: 'news mentions',
};

export function kindPhrase(kind: EventKind): string {
  return KIND_PHRASES[kind];
}

/** "a, b and c". */
export function listPhrase(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
