/**
 * Where a council stands, from its records (pure): its latest full inspection
 * with the four judgements as the 2026 framework names them, its latest area
 * SEND outcome, and the areas for priority action still open.
 *
 * Records are read defensively: fields other helpers add (gradedBy,
 * sendOutcome, priorityActionOwners, …) may be absent on older records.
 */
import type { Council } from '../domain/council.ts';
import { isGrade, type Grade } from '../domain/grades.ts';
import { gradedByOf, type InspectionRecord } from '../domain/inspection.ts';
import { byHistoryOrder, historyDate } from '../crawl/detect.ts';

export const JUDGEMENTS = ['impactOfLeaders', 'helpAndProtection', 'inCare', 'careLeavers'] as const;
export type Judgement = (typeof JUDGEMENTS)[number];

/**
 * Where each of the four judgements is found in older frameworks, as the
 * detection rule maps them (domain.md): SIF leadership is the impact of
 * leaders, SIF looked-after children and the pre-2023 combined judgement are
 * children in care, and the combined judgement also stands for care leavers.
 */
const JUDGEMENT_SOURCES: Record<Judgement, readonly string[]> = {
  impactOfLeaders: ['impactOfLeaders', 'leadership'],
  helpAndProtection: ['helpAndProtection'],
  inCare: ['inCare', 'inCareAndCareLeavers', 'lookedAfter'],
  careLeavers: ['careLeavers', 'inCareAndCareLeavers'],
};

export const SEND_OUTCOMES = ['positive', 'inconsistent', 'systemic_failings'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

export function fourJudgements(record: Pick<InspectionRecord, 'judgements'>): Record<Judgement, Grade | null> {
  const judgements = record.judgements ?? {};
  const pick = (judgement: Judgement) => JUDGEMENT_SOURCES[judgement].map((key) => judgements[key]).find(isGrade) ?? null;
  return { impactOfLeaders: pick('impactOfLeaders'), helpAndProtection: pick('helpAndProtection'), inCare: pick('inCare'), careLeavers: pick('careLeavers') };
}

/** Optional fields other parts of the product add to records over time. */
interface LaterRecordFields {
  sendOutcome?: string | null;
  priorityActionOwners?: unknown;
  cqcLeadInspector?: string | null;
}

function later(record: InspectionRecord): LaterRecordFields {
  return record as InspectionRecord & LaterRecordFields;
}

export function sendOutcomeOf(record: InspectionRecord): SendOutcome | null {
  const value = later(record).sendOutcome;
  return (SEND_OUTCOMES as readonly string[]).includes(value ?? '') ? (value as SendOutcome) : null;
}

export function isSendInspection(record: InspectionRecord): boolean {
  return (record.kind as string) === 'send' || (record.framework as string) === 'send' || sendOutcomeOf(record) !== null;
}

/** The rule that compares a record, as stored, or derived for records stored before the field existed. */
function gradedBy(record: InspectionRecord) {
  return record.gradedBy === undefined ? gradedByOf(record) : record.gradedBy;
}

/**
 * A graded full inspection of children's services (SIF or ILACS): one the
 * detection rule compares, by its overall grade or (2026 framework) its judgements.
 * A full inspection whose grades could not be read does not stand for the council.
 */
export function isFullInspection(record: InspectionRecord): boolean {
  return gradedBy(record) !== null;
}

/** The framework gives no overall grade (ILACS from 2026): the four judgements are the verdict. */
export function gradedByJudgementsOnly(record: InspectionRecord): boolean {
  return gradedBy(record) === 'judgements';
}

export interface OpenPriorityAction {
  text: string;
  record: InspectionRecord;
}

export interface CouncilStanding {
  council: Council;
  /** The latest full inspection, if any. */
  latest: InspectionRecord | null;
  overall: Grade | null;
  judgements: Record<Judgement, Grade | null>;
  send: InspectionRecord | null;
  sendOutcome: SendOutcome | null;
  openPriorityActions: OpenPriorityAction[];
}

/**
 * Areas for priority action still open: those named by the latest full
 * inspection or by any letter published since (a new full inspection judges
 * everything afresh and closes them); for the area SEND partnership, those
 * of its latest area SEND inspection.
 */
function openPriorityActions(history: readonly InspectionRecord[], latest: InspectionRecord | null, send: InspectionRecord | null): OpenPriorityAction[] {
  const since = latest ? history.slice(history.indexOf(latest)) : history;
  const childrens = since.filter((record) => !isSendInspection(record));
  const open: OpenPriorityAction[] = [];
  const seen = new Set<string>();
  for (const record of [...childrens, ...(send ? [send] : [])]) {
    for (const text of record.priorityActions ?? []) {
      const key = text.trim().toLowerCase();
      if (!key || seen.has(key)) continue;
      seen.add(key);
      open.push({ text: text.trim(), record });
    }
  }
  return open;
}

/** A council's standing from its own records (any order). */
export function councilStanding(council: Council, records: readonly InspectionRecord[]): CouncilStanding {
  const history = [...records].sort(byHistoryOrder);
  const latest = history.filter(isFullInspection).at(-1) ?? null;
  const send = history.filter(isSendInspection).at(-1) ?? null;
  return {
    council,
    latest,
    overall: latest?.overall ?? null,
    judgements: latest ? fourJudgements(latest) : { impactOfLeaders: null, helpAndProtection: null, inCare: null, careLeavers: null },
    send,
    sendOutcome: send ? sendOutcomeOf(send) : null,
    openPriorityActions: openPriorityActions(history, latest, send),
  };
}

/** The latest overall grade of a council's full inspections published on or before `day`. */
export function overallOn(records: readonly InspectionRecord[], day: string): { grade: Grade | null; graded: boolean } {
  const upTo = records.filter((record) => isFullInspection(record) && historyDate(record) <= day).sort(byHistoryOrder).at(-1);
  return { grade: upTo?.overall ?? null, graded: upTo !== undefined };
}
