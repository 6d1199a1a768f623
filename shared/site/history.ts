/**
 * The national picture over time (pure): the events the site lists, and how
 * the grades of all councils moved year by year.
 */
import type { Council } from '../domain/council.ts';
import type { CouncilEvent, EventKind } from '../domain/events.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { byHistoryOrder, detectEvent, historyDate } from '../crawl/detect.ts';
import { allCouncils, predecessorsOf } from '../register/register.ts';
import { overallOn } from './standing.ts';

/** The kinds the site lists as events. */
export const LISTED_KINDS: readonly EventKind[] = ['downgrade', 'urgent_action', 'upgrade'];

export function isListed(event: Pick<CouncilEvent, 'kind' | 'alsoKinds'>): boolean {
  return [event.kind, ...event.alsoKinds].some((kind) => LISTED_KINDS.includes(kind));
}

function occurred(event: CouncilEvent): string {
  return event.occurredOn ?? event.inspection?.published ?? event.detectedAt.slice(0, 10);
}

/** Newest first; ties by id so the order never depends on arrival. */
export function newestFirst(a: CouncilEvent, b: CouncilEvent): number {
  return occurred(b).localeCompare(occurred(a)) || a.id.localeCompare(b.id);
}

/**
 * Every downgrade, urgent action and upgrade: the events the table holds
 * (with their press sources), and the same rule run over the history recorded
 * as a baseline, which raised no alerts but is part of the picture. The rule
 * gives an Ofsted event the same id either way, so nothing is listed twice.
 */
export function listedEvents(recordsByUrn: ReadonlyMap<string, readonly InspectionRecord[]>, stored: readonly CouncilEvent[]): CouncilEvent[] {
  const events = new Map<string, CouncilEvent>();
  for (const records of recordsByUrn.values()) {
    const history = [...records].sort(byHistoryOrder);
    history.forEach((record, index) => {
      const event = detectEvent({ record, history: history.slice(0, index), mode: 'live', now: `${historyDate(record)}T00:00:00.000Z` });
      if (event && isListed(event)) events.set(event.id, event);
    });
  }
  for (const event of stored) if (isListed(event)) events.set(event.id, event);
  return [...events.values()].sort(newestFirst);
}

export const DISTRIBUTION_BANDS = ['outstanding', 'good', 'requires_improvement', 'inadequate', 'judgements_only', 'not_graded'] as const;
export type DistributionBand = (typeof DISTRIBUTION_BANDS)[number];

export interface YearDistribution {
  year: number;
  /** The day the count is taken (31 December, or the build day in the current year). */
  day: string;
  counts: Record<DistributionBand, number>;
}

/** Whether a council ran children's services on a day: predecessors until their successors took over, successors from then. */
function existedOn(council: Council, day: string): boolean {
  if (!council.current) return council.succeededOn === undefined || day < council.succeededOn;
  return predecessorsOf(council).every((predecessor) => !predecessor.succeededOn || predecessor.succeededOn <= day || predecessor.urn === council.urn);
}

/**
 * For each year from the first full inspection on: how many councils' latest
 * full inspection had each overall grade at the year's end. "Requires
 * improvement" includes the few older "adequate" grades; a council whose
 * latest inspection gave only the four judgements (2026 framework) is counted
 * apart, as is one with no full inspection yet.
 */
export function yearlyDistribution(recordsByUrn: ReadonlyMap<string, readonly InspectionRecord[]>, builtOn: string): YearDistribution[] {
  const firstYear = Math.min(
    ...[...recordsByUrn.values()].flat().filter((record) => record.kind === 'inspection' && (record.framework === 'sif' || record.framework === 'ilacs')).map((record) => Number(historyDate(record).slice(0, 4))),
  );
  if (!Number.isFinite(firstYear)) return [];
  const lastYear = Number(builtOn.slice(0, 4));
  const years: YearDistribution[] = [];
  for (let year = Math.max(firstYear, 2000); year <= lastYear; year++) {
    const day = year === lastYear ? builtOn : `${year}-12-31`;
    const counts = Object.fromEntries(DISTRIBUTION_BANDS.map((band) => [band, 0])) as Record<DistributionBand, number>;
    for (const council of allCouncils()) {
      if (!existedOn(council, day)) continue;
      const { grade, graded } = overallOn(recordsByUrn.get(council.urn) ?? [], day);
      const band: DistributionBand = !graded ? 'not_graded' : grade === null ? 'judgements_only' : grade === 'adequate' ? 'requires_improvement' : grade;
      counts[band]++;
    }
    years.push({ year, day, counts });
  }
  return years;
}
