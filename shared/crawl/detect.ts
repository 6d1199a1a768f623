/**
 * Change detection (pure): from a council's history of inspection records and a
 * newly found one, decide what happened. One publication gives at most one event;
 * its `kind` is the most severe thing it shows and `alsoKinds` the rest.
 */
import { compareGrades } from '../domain/grades.ts';
import type { CouncilEvent, EventInspection, EventKind } from '../domain/events.ts';
import { compareSendOutcomes, gradedByOf, isComparableInspection, isFullInspection, type InspectionRecord } from '../domain/inspection.ts';
import { better, changedJudgements, worse, type JudgementChange } from '../domain/judgements.ts';

const SEVERITY: EventKind[] = ['downgrade', 'urgent_action', 'subjudgement_downgrade', 'upgrade', 'first_record'];

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
    judgements: record.judgements,
    gradedBy: gradedByOf(record),
    ...(record.framework === 'send' ? { sendOutcome: record.sendOutcome ?? null } : {}),
    reportUrl: record.sourceUrl,
    providerUrl: record.providerUrl,
    fileId: record.fileId,
  };
}

export function ofstedEventId(record: Pick<InspectionRecord, 'council' | 'fileId'>): string {
  return `ofsted-${record.council.urn}-${record.fileId}`;
}

/**
 * How a full inspection compares with the previous one. By overall effectiveness
 * when both have it; otherwise (the 2026 framework has none) by judgement: worse
 * when any judgement is worse than the same judgement before, better when at
 * least one is better and none is worse.
 */
function comparison(previous: InspectionRecord, record: InspectionRecord, changes: readonly JudgementChange[]): Set<EventKind> {
  const kinds = new Set<EventKind>();
  const fell = worse(changes).length > 0;
  if (previous.overall !== null && record.overall !== null) {
    const change = compareGrades(previous.overall, record.overall);
    if (change < 0) kinds.add('downgrade');
    if (change > 0) kinds.add('upgrade');
    if (change === 0 && fell) kinds.add('subjudgement_downgrade');
  } else if (fell) {
    kinds.add('downgrade');
  } else if (better(changes).length > 0) {
    kinds.add('upgrade');
  }
  return kinds;
}

/**
 * Area SEND inspections are compared only with the area's previous full SEND
 * inspection (never with children's services grades): a worse outcome is a
 * downgrade, a better one an upgrade.
 */
function sendComparison(previous: InspectionRecord, record: InspectionRecord): Set<EventKind> {
  const change = compareSendOutcomes(previous.sendOutcome!, record.sendOutcome!);
  return new Set<EventKind>(change < 0 ? ['downgrade'] : change > 0 ? ['upgrade'] : []);
}

/** Full area SEND inspections, which give one of the three outcomes (monitoring inspections give none). */
function isComparableSend(record: InspectionRecord): boolean {
  return record.framework === 'send' && record.kind === 'send' && record.sendOutcome != null;
}

/**
 * Two reports of one inspection (a report republished, say corrected, under a new
 * file id): the same dates, or the very same file (whose dates could not be read).
 */
function sameInspection(a: InspectionRecord, b: InspectionRecord): boolean {
  if (a.contentSha256 && a.contentSha256 === b.contentSha256) return true;
  return a.kind === b.kind && a.framework === b.framework && a.inspectionStart !== null && a.inspectionStart === b.inspectionStart && a.inspectionEnd === b.inspectionEnd;
}

function sameFindings(a: InspectionRecord, b: InspectionRecord): boolean {
  return (
    a.overall === b.overall &&
    (a.sendOutcome ?? null) === (b.sendOutcome ?? null) &&
    JSON.stringify(a.judgements) === JSON.stringify(b.judgements) &&
    JSON.stringify(a.priorityActions) === JSON.stringify(b.priorityActions)
  );
}

function hasInadequate(record: InspectionRecord): boolean {
  return record.overall === 'inadequate' || Object.values(record.judgements).includes('inadequate');
}

/**
 * The inspection a record is compared with: for a full inspection of children's
 * services, the council's last full inspection before it, only if its grades were
 * read (one whose grades could not be read leaves nothing to compare with: the
 * record is judged like a first report, never against an older inspection);
 * for area SEND, the last full SEND inspection.
 */
function previousOf(record: InspectionRecord, earlier: readonly InspectionRecord[], comparable: (r: InspectionRecord) => boolean): InspectionRecord | undefined {
  const before = earlier.filter((other) => !sameInspection(other, record));
  if (comparable !== isComparableInspection) return before.filter(comparable).at(-1);
  const last = before.filter(isFullInspection).at(-1);
  return last && comparable(last) ? last : undefined;
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
  // The same inspection published again with the same findings was news once, not twice.
  if (earlier.some((other) => sameInspection(other, record) && sameFindings(other, record))) return null;

  // A council's first report, or the first since its earlier ones could not be read, is compared with nothing:
  // it is still an urgent action when it judges anything inadequate.
  const comparable = isComparableInspection(record) ? isComparableInspection : isComparableSend(record) ? isComparableSend : null;
  const previous = comparable ? previousOf(record, earlier, comparable) : undefined;
  const judgementChanges = changedJudgements(previous?.judgements ?? null, record.judgements);
  const kinds = !previous ? new Set<EventKind>() : comparable === isComparableSend ? sendComparison(previous, record) : comparison(previous, record, judgementChanges);
  if (earlier.length === 0) kinds.add('first_record');
  // Urgent: areas for priority action, anything inadequate, or an area SEND inspection's widespread and/or systemic failings.
  if (record.priorityActions.length > 0 || hasInadequate(record) || record.sendOutcome === 'systemic_failings') kinds.add('urgent_action');
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
