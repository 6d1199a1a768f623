import { isAlertable, type CouncilEvent, type EventSource } from '../domain/events.ts';

/**
 * A news report and an Ofsted record within this many days are one story; anything reported
 * later is news of its own. The same six weeks the extractor calls news (shared/news/when.ts).
 */
export const MERGE_WINDOW_DAYS = 42;

const DAY_MS = 86_400_000;

function daysApart(a: string | null, b: string | null): number {
  if (!a || !b) return Number.POSITIVE_INFINITY;
  return Math.abs(Date.parse(a) - Date.parse(b)) / DAY_MS;
}

function sourceTypes(event: CouncilEvent): Set<EventSource['type']> {
  return new Set(event.sources.map((source) => source.type));
}

/**
 * Why two events tell the same story, or null when they do not. Same council, within
 * the merge window, and:
 *  - never two Ofsted publications (each is its own event);
 *  - a government intervention (commissioner, improvement notice…) only with another report
 *    of the same intervention, never with a judgement's event, however close in time;
 *  - otherwise both alertable (or of the same kind): a news report and the Ofsted record it
 *    reports on, or two outlets covering the same news.
 */
export function sameStoryReason(a: CouncilEvent, b: CouncilEvent, windowDays = MERGE_WINDOW_DAYS): string | null {
  if (a.council.urn !== b.council.urn) return null;
  if (sourceTypes(a).has('ofsted') && sourceTypes(b).has('ofsted')) return null;
  if (daysApart(a.occurredOn, b.occurredOn) > windowDays) return null;
  if (a.intervention || b.intervention) return a.intervention === b.intervention ? `same intervention (${a.intervention})` : null;
  if (a.kind === b.kind || (isAlertable(a) && isAlertable(b))) return sourceTypes(a).has('ofsted') || sourceTypes(b).has('ofsted') ? 'press report of the Ofsted publication' : 'same news';
  return null;
}

export function isSameStory(a: CouncilEvent, b: CouncilEvent): boolean {
  return sameStoryReason(a, b) !== null;
}

/** The existing event that `incoming` belongs to, if any (the closest in time). */
export function findSameStory(existing: readonly CouncilEvent[], incoming: CouncilEvent): CouncilEvent | undefined {
  return existing
    .filter((candidate) => candidate.id !== incoming.id && isSameStory(candidate, incoming))
    .sort((x, y) => daysApart(x.occurredOn, incoming.occurredOn) - daysApart(y.occurredOn, incoming.occurredOn))[0];
}

/**
 * `base` with what `incoming` adds: its sources, and, when `incoming` comes from
 * Ofsted and `base` was news-only, the inspection facts (Ofsted's word is the better record).
 * The id, kind and detection time of `base` stay, so a sent alert is never sent again.
 */
export function mergeInto(base: CouncilEvent, incoming: CouncilEvent): CouncilEvent {
  const seen = new Set(base.sources.map((source) => source.url));
  const sources = [...base.sources, ...incoming.sources.filter((source) => !seen.has(source.url))];
  const ofstedFacts = !base.inspection && incoming.inspection;
  return {
    ...base,
    sources,
    ...(ofstedFacts
      ? {
          inspection: incoming.inspection,
          previous: incoming.previous,
          from: incoming.from ?? base.from,
          // A report without an overall grade (the 2026 framework) has none, whatever the press called it.
          to: incoming.inspection?.gradedBy === 'judgements' ? null : (incoming.to ?? base.to),
          priorityActions: incoming.priorityActions.length ? incoming.priorityActions : base.priorityActions,
          judgementChanges: incoming.judgementChanges,
        }
      : {}),
    alsoKinds: [...new Set([...base.alsoKinds, ...[incoming.kind, ...incoming.alsoKinds].filter((kind) => kind !== base.kind)])],
  };
}
