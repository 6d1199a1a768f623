import type { CouncilRef } from './council.ts';
import type { Grade } from './grades.ts';
import type { Framework, GradedBy, Judgements, ReportKind, SendOutcome } from './inspection.ts';

export const EVENT_KINDS = [
  'downgrade',
  'urgent_action',
  'upgrade',
  'first_record',
  'subjudgement_downgrade',
  'concern',
  'positive',
  'mention',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Kinds a subscription gets unless it opts into others. */
export const DEFAULT_ALERT_KINDS: readonly EventKind[] = ['downgrade', 'urgent_action'];

export interface EventSource {
  type: 'ofsted' | 'news';
  url: string;
  /** "Ofsted" or the outlet's name, e.g. "Community Care". */
  outlet: string;
  title?: string;
  published?: string | null;
}

/** The inspection an event is about (absent for news-only events). */
export interface EventInspection {
  framework: Framework;
  kind: ReportKind;
  publicationType: string;
  start: string | null;
  end: string | null;
  published: string | null;
  overall: Grade | null;
  /** Its judgements, as the report names them (absent on events stored before they were kept). */
  judgements?: Judgements;
  /** Which rule compares it (absent on events stored before it was kept). */
  gradedBy?: GradedBy;
  /** Area SEND inspections: the outcome (absent on events stored before it was read). */
  sendOutcome?: SendOutcome | null;
  reportUrl: string;
  providerUrl: string;
  fileId: string;
}

export interface CouncilEvent {
  /** Deterministic: the same facts always give the same id, so writes are idempotent. */
  id: string;
  /** The primary kind (the most severe): downgrade > urgent_action > subjudgement_downgrade > upgrade > first_record.
   *  For an area SEND inspection, a downgrade is an outcome worse than the area's previous SEND inspection
   *  (`previous.sendOutcome` → `inspection.sendOutcome`; `from`/`to` stay null: SEND outcomes are not grades). */
  kind: EventKind;
  /** Other kinds the same event also is, e.g. a downgrade to inadequate is also an urgent_action.
   *  A subscription matches an event when it wants `kind` or any of `alsoKinds`. One event, one alert. */
  alsoKinds: EventKind[];
  council: CouncilRef;
  from: Grade | null;
  to: Grade | null;
  /** The previous graded inspection, for downgrades and upgrades. */
  previous: EventInspection | null;
  inspection: EventInspection | null;
  priorityActions: string[];
  /** Area SEND: for each priority action, the responsible bodies named beside it. */
  priorityActionOwners?: string[][];
  /**
   * Every judgement whose grade differs from the same judgement at the council's
   * previous full inspection (`from` null where that gave none, or where there is
   * none), better or worse, keyed as the newer report names it.
   */
  judgementChanges: { key: string; from: Grade | null; to: Grade | null }[];
  /** For news events: the sentence that shows it. */
  evidence: string | null;
  sources: EventSource[];
  detectedAt: string;
  /** The date the event is about (publication date of the report or article), for ordering and news merge. */
  occurredOn: string | null;
}

/** Kinds that trigger an alert by default; also what news merge treats as "the same story". */
export function isAlertable(event: Pick<CouncilEvent, 'kind' | 'alsoKinds'>): boolean {
  return [event.kind, ...event.alsoKinds].some((kind) => DEFAULT_ALERT_KINDS.includes(kind));
}

/**
 * What an event is about, for subscriptions that want only part of it: the
 * council's children's services (inspections, visits, JTAIs), or the area SEND
 * arrangements of the local area partnership (Ofsted and CQC).
 */
export const INSPECTION_AREAS = ['childrens_services', 'send'] as const;
export type InspectionArea = (typeof INSPECTION_AREAS)[number];

/** Press words that put a news-only event under area SEND. */
const SEND_WORDS = /\bSEND\b|special educational needs|local area partnership/;

export function eventArea(event: Pick<CouncilEvent, 'inspection' | 'evidence'>): InspectionArea {
  if (event.inspection) return event.inspection.framework === 'send' || event.inspection.kind === 'send' ? 'send' : 'childrens_services';
  return event.evidence && SEND_WORDS.test(event.evidence) ? 'send' : 'childrens_services';
}
