import { isAlertable, type CouncilEvent, type EventSource } from '../domain/events.ts';

/** A news report and an Ofsted record within this many days are one story. */
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
 * Two events tell the same story when they are about the same council, are both
 * alertable (or of the same kind) and happened within the merge window: a news
 * report and the Ofsted record it reports on, or two outlets covering the same
 * news. Two Ofsted publications are never merged: each is its own event.
 */
export function isSameStory(a: CouncilEvent, b: CouncilEvent, windowDays = MERGE_WINDOW_DAYS): boolean {
  if (a.council.urn !== b.council.urn) return false;
  if (sourceTypes(a).has('ofsted') && sourceTypes(b).has('ofsted')) return false;
  const compatible = a.kind === b.kind || (isAlertable(a) && isAlertable(b));
  return compatible && daysApart(a.occurredOn, b.occurredOn) <= windowDays;
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
