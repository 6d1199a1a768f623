/**
 * Change detection (pure): from a council's history of inspection records and a
 * newly found one, decide what happened. One publication gives at most one event;
 * its `kind` is the most severe thing it shows and `alsoKinds` the rest.
 */
import { compareGrades, type Grade } from '../domain/grades.ts';
import type { CouncilEvent, EventInspection, EventKind } from '../domain/events.ts';
import { compareSendOutcomes, isComparableInspection, type InspectionRecord } from '../domain/inspection.ts';

const SEVERITY: EventKind[] = ['downgrade', 'urgent_action', 'subjudgement_downgrade', 'upgrade', 'first_record'];

/**
 * Judgements that mean the same across frameworks, for sub-judgement comparison:
 * SIF's leadership and looked-after children map to ILACS's; the pre-2023 combined
 * "children in care and care leavers" judgement stands for both of its successors.
 */
const EQUIVALENT_KEYS: Record<string, string[]> = {
  leadership: ['impactOfLeaders'],
  lookedAfter: ['inCare'],
  inCareAndCareLeavers: ['inCare', 'careLeavers'],
};

function canonicalKeys(key: string): string[] {
  return EQUIVALENT_KEYS[key] ?? [key];
}

/** The date a record is placed at in a council's history. */
export function historyDate(record: Pick<InspectionRecord, 'published' | 'inspectionEnd' | 'inspectionStart'>): string {
  return record.published ?? record.inspectionEnd ?? record.inspectionStart ?? '0000-00-00';
}

/** Orders records oldest first; ties broken by file id so the order never depends on arrival. */
export function byHistoryOrder(a: InspectionRecord, b: InspectionRecord): number {
  return historyDate(a).localeCompare(historyDate(b)) || a.fileId.localeCompare(b.fileId);
}

export function eventInspection(record: InspectionRecord): EventInspection {
  return {
    framework: record.framework,
    kind: record.kind,
    publicationType: record.publicationType,
    start: record.inspectionStart,
    end: record.inspectionEnd,
    published: record.published,
    overall: record.overall,
    ...(record.framework === 'send' ? { sendOutcome: record.sendOutcome ?? null } : {}),
    reportUrl: record.sourceUrl,
    providerUrl: record.providerUrl,
    fileId: record.fileId,
  };
}

export function ofstedEventId(record: Pick<InspectionRecord, 'council' | 'fileId'>): string {
  return `ofsted-${record.council.urn}-${record.fileId}`;
}

function worseJudgements(previous: InspectionRecord, current: InspectionRecord) {
  const before = new Map(
    Object.entries(previous.judgements).flatMap(([key, grade]) => canonicalKeys(key).map((canonical) => [canonical, grade] as const)),
  );
  const changes: { key: string; from: Grade | null; to: Grade | null }[] = [];
  for (const [key, to] of Object.entries(current.judgements)) {
    const from = canonicalKeys(key)
      .map((canonical) => before.get(canonical))
      .find((grade) => grade);
    if (from && to && compareGrades(from, to) < 0) changes.push({ key, from, to });
  }
  return changes;
}

function inadequateJudgements(record: InspectionRecord) {
  return Object.entries(record.judgements)
    .filter(([, grade]) => grade === 'inadequate')
    .map(([key, grade]) => ({ key, from: null, to: grade }));
}

/** Full area SEND inspections, which give one of the three outcomes (monitoring inspections give none). */
function isComparableSend(record: InspectionRecord): boolean {
  return record.framework === 'send' && record.kind === 'send' && record.sendOutcome != null;
}

export interface DetectInput {
  record: InspectionRecord;
  /** The council's other records (any order; the record itself is ignored if present). */
  history: readonly InspectionRecord[];
  /** Baseline: a new deployment records history without events. */
  mode: 'baseline' | 'live';
  now: string;
}

export function detectEvent({ record, history, mode, now }: DetectInput): CouncilEvent | null {
  if (mode === 'baseline') return null;
  const others = history.filter((other) => other.fileId !== record.fileId);
  const earlier = others.filter((other) => byHistoryOrder(other, record) < 0).sort(byHistoryOrder);
  const later = others.filter((other) => byHistoryOrder(other, record) > 0);
  // An older report found after newer ones is history, not news.
  if (later.length > 0) return null;

  const kinds = new Set<EventKind>();
  let previous: InspectionRecord | undefined;
  let judgementChanges: { key: string; from: Grade | null; to: Grade | null }[] = [];
  const direction = (change: number) => {
    if (change < 0) kinds.add('downgrade');
    if (change > 0) kinds.add('upgrade');
  };

  if (earlier.length === 0) {
    kinds.add('first_record');
  } else if (isComparableInspection(record)) {
    previous = earlier.filter(isComparableInspection).at(-1);
    if (previous) {
      const change = compareGrades(previous.overall!, record.overall!);
      direction(change);
      judgementChanges = worseJudgements(previous, record);
      if (change === 0 && judgementChanges.length > 0) kinds.add('subjudgement_downgrade');
    }
  } else if (isComparableSend(record)) {
    // Area SEND outcomes are compared only with the area's previous SEND inspection.
    previous = earlier.filter(isComparableSend).at(-1);
    if (previous) direction(compareSendOutcomes(previous.sendOutcome!, record.sendOutcome!));
  }
  // Urgent (after the first record): areas for priority action, anything inadequate, or an area SEND
  // inspection's widespread and/or systemic failings.
  const inadequate = inadequateJudgements(record);
  const urgent = record.priorityActions.length > 0 || record.overall === 'inadequate' || inadequate.length > 0 || record.sendOutcome === 'systemic_failings';
  if (earlier.length > 0 && urgent) {
    kinds.add('urgent_action');
    if (judgementChanges.length === 0) judgementChanges = inadequate;
  }
  if (kinds.size === 0) return null;
  const [kind, ...alsoKinds] = SEVERITY.filter((candidate) => kinds.has(candidate)) as [EventKind, ...EventKind[]];
  return {
    id: ofstedEventId(record),
    kind,
    alsoKinds,
    council: record.council,
    from: previous?.overall ?? null,
    to: record.overall,
    previous: previous ? eventInspection(previous) : null,
    inspection: eventInspection(record),
    priorityActions: record.priorityActions,
    ...(record.priorityActionOwners ? { priorityActionOwners: record.priorityActionOwners } : {}),
    judgementChanges,
    evidence: null,
    sources: [{ type: 'ofsted', url: record.sourceUrl, outlet: 'Ofsted', title: record.publicationType, published: record.published }],
    detectedAt: now,
    occurredOn: historyDate(record),
  };
}
