/**
 * How alerts read when judgements, not an overall grade, say what happened: the
 * 2026 framework (four judgements, no overall effectiveness), and the judgement
 * lists of every inspection alert. Pure; plain text (callers escape).
 */
import type { CouncilEvent, EventInspection } from '../domain/events.ts';
import { compareGrades, gradeLabel, type Grade } from '../domain/grades.ts';
import { earlierGrade } from '../domain/judgements.ts';
import { judgementLabel, listPhrase, plural } from './wording.ts';

/** Judgements as a headline names them, in the order it names them. */
const SHORT_NAMES: [string, string][] = [
  ['helpAndProtection', 'help and protection'],
  ['inCare', 'children in care'],
  ['inCareAndCareLeavers', 'children in care and care leavers'],
  ['lookedAfter', 'children looked after'],
  ['careLeavers', 'care leavers'],
  ['adoption', 'adoption'],
  ['impactOfLeaders', 'leadership'],
  ['leadership', 'leadership'],
];
const SHORT = new Map(SHORT_NAMES);
const HEADLINE_ORDER = SHORT_NAMES.map(([key]) => key);

function shortName(key: string): string {
  return SHORT.get(key) ?? judgementLabel(key).toLowerCase();
}

type Change = CouncilEvent['judgementChanges'][number];
type KnownChange = { key: string; from: Grade; to: Grade };

function known(changes: readonly Change[]): KnownChange[] {
  return changes.filter((c): c is KnownChange => c.from !== null && c.to !== null);
}

export function fallen(event: Pick<CouncilEvent, 'judgementChanges'>): KnownChange[] {
  return known(event.judgementChanges).filter((c) => compareGrades(c.from, c.to) < 0);
}

export function risen(event: Pick<CouncilEvent, 'judgementChanges'>): KnownChange[] {
  return known(event.judgementChanges).filter((c) => compareGrades(c.from, c.to) > 0);
}

/** The judgements an inspection graded inadequate, as a headline names them. */
export function inadequateNames(inspection: EventInspection | null, changes: readonly Change[]): string[] {
  const keys = inspection?.judgements
    ? Object.entries(inspection.judgements).filter(([, grade]) => grade === 'inadequate').map(([key]) => key)
    : changes.filter((c) => c.to === 'inadequate').map((c) => c.key);
  return [...new Set(orderForHeadline(keys).map(shortName))];
}

function orderForHeadline(keys: readonly string[]): string[] {
  const rank = (key: string) => (HEADLINE_ORDER.includes(key) ? HEADLINE_ORDER.indexOf(key) : HEADLINE_ORDER.length);
  return [...keys].sort((a, b) => rank(a) - rank(b));
}

/**
 * "help and protection, children in care and leadership downgraded to Requires improvement";
 * with different grades, worst (or best) first: "help and protection downgraded to Inadequate,
 * leadership to Requires improvement".
 */
export function movedPhrase(changes: readonly KnownChange[], verb: 'downgraded' | 'upgraded'): string {
  const byGrade = new Map<Grade, string[]>();
  for (const key of orderForHeadline(changes.map((c) => c.key))) {
    const to = changes.find((c) => c.key === key)!.to;
    const names = byGrade.get(to) ?? [];
    const name = shortName(key);
    if (!names.includes(name)) names.push(name);
    byGrade.set(to, names);
  }
  const grades = [...byGrade.keys()].sort((a, b) => (verb === 'downgraded' ? compareGrades(b, a) : compareGrades(a, b)));
  return grades.map((to, k) => `${listPhrase(byGrade.get(to)!)}${k === 0 ? ` ${verb}` : ''} to ${gradeLabel(to)}`).join(', ');
}

/** True when judgements, not an overall grade, decide this inspection event (the 2026 framework). */
export function judgedByJudgements(event: CouncilEvent): boolean {
  const inspection = event.inspection;
  if (!inspection || inspection.kind !== 'inspection') return false;
  if (inspection.gradedBy === 'judgements') return true;
  if (inspection.gradedBy === undefined && inspection.overall === null && Object.values(inspection.judgements ?? {}).some(Boolean)) return true;
  return (event.kind === 'downgrade' || event.kind === 'upgrade') && (event.from === null || event.to === null);
}

/** What happened, for the header: names what fell (or rose, or is inadequate). */
export function judgementsHeadline(event: CouncilEvent): string {
  const down = fallen(event);
  if (event.kind === 'downgrade' && down.length > 0) return movedPhrase(down, 'downgraded');
  const up = risen(event);
  if (event.kind === 'upgrade' && up.length > 0) return movedPhrase(up, 'upgraded');
  const inadequate = inadequateNames(event.inspection, event.judgementChanges);
  if (event.kind === 'urgent_action' && inadequate.length > 0) return `urgent action: ${listPhrase(inadequate)} judged Inadequate`;
  if (event.kind === 'first_record') return 'first inspection on record';
  return event.kind === 'downgrade' ? 'downgraded' : event.kind.replace(/_/g, ' ');
}

/** "3 judgements went down and 1 stayed the same since the previous inspection." */
export function movementSentence(event: CouncilEvent): string {
  const total = Object.values(event.inspection?.judgements ?? {}).filter(Boolean).length;
  const down = fallen(event).length;
  const up = risen(event).length;
  const parts = [down ? `${plural(down, 'judgement')} went down` : '', up ? `${down ? up : plural(up, 'judgement')} went up` : ''].filter(Boolean);
  const same = total - down - up;
  if (same > 0 && parts.length) parts.push(`${same} stayed the same`);
  return parts.length ? `${listPhrase(parts)} since the previous inspection.` : '';
}

/** How a Before/Now field states an inspection's grade: its overall grade, or how many judgements it gave. */
export function gradeSummary(inspection: EventInspection): string {
  if (inspection.overall) return `${gradeLabel(inspection.overall)} overall`;
  const count = Object.values(inspection.judgements ?? {}).filter(Boolean).length;
  return count ? `${plural(count, 'judgement')}, no overall grade` : 'No grades on record';
}

/**
 * One line per judgement the inspection graded, before and after:
 * "Children in care: Good → Requires improvement", "Care leavers: Good (no change)",
 * "Care leavers: Good" when there is nothing to compare with.
 */
export function judgementLines(event: CouncilEvent): string[] {
  const current = event.inspection?.judgements;
  if (!current) {
    return event.judgementChanges.filter((c) => c.to).map((c) => `${judgementLabel(c.key)}: ${c.from ? `${gradeLabel(c.from)} → ` : ''}${gradeLabel(c.to!)}`);
  }
  const previous = event.previous?.judgements ?? null;
  return Object.entries(current)
    .filter((entry): entry is [string, Grade] => entry[1] !== null)
    .map(([key, to]) => {
      const from = earlierGrade(previous, key);
      const change = from === null ? gradeLabel(to) : from === to ? `${gradeLabel(to)} (no change)` : `${gradeLabel(from)} → ${gradeLabel(to)}`;
      return `${judgementLabel(key)}: ${change}`;
    });
}
