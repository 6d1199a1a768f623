/**
 * Where a council stands, from its records (pure): its latest full inspection
 * with the four judgements as the 2026 framework names them, its latest area
 * SEND outcome, and the areas for priority action still open.
 *
 * Records are read defensively: fields added over time (gradedBy,
 * sendOutcome, priorityActionsCarriedOver, …) are absent on records stored before.
 */
import type { Council } from '../domain/council.ts';
import type { Grade } from '../domain/grades.ts';
import { gradesByJudgement, ILACS_JUDGEMENTS, type IlacsJudgement } from '../domain/judgements.ts';
import { gradedByOf, SEND_OUTCOMES, type InspectionRecord, type SendOutcome } from '../domain/inspection.ts';
import { byHistoryOrder, historyDate } from '../crawl/detect.ts';

export type Judgement = IlacsJudgement;

/**
 * The four judgements of a report by their 2023 names, older frameworks mapped
 * as the detection rule maps them (shared/domain/judgements.ts): SIF leadership is
 * the impact of leaders, SIF looked-after children are children in care, and the
 * 2018-2022 combined judgement stands for both children in care and care leavers.
 */
export function fourJudgements(record: Pick<InspectionRecord, 'judgements'>): Record<Judgement, Grade | null> {
  const grades = gradesByJudgement(record.judgements ?? {});
  return Object.fromEntries(ILACS_JUDGEMENTS.map((judgement) => [judgement, grades.get(judgement) ?? null])) as Record<Judgement, Grade | null>;
}

export type { SendOutcome } from '../domain/inspection.ts';

/** An area SEND inspection's outcome (undefined on records stored before it was read). */
export function sendOutcomeOf(record: InspectionRecord): SendOutcome | null {
  const value: unknown = record.sendOutcome;
  return (SEND_OUTCOMES as readonly unknown[]).includes(value) ? (value as SendOutcome) : null;
}

export function isSendInspection(record: InspectionRecord): boolean {
  return record.kind === 'send' || record.framework === 'send' || sendOutcomeOf(record) !== null;
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
 * The area SEND inspections whose priority actions are open: the latest, and
 * while a report says earlier ones remain (carried over, none new), the one before.
 */
function openSendReports(history: readonly InspectionRecord[]): InspectionRecord[] {
  const send = history.filter(isSendInspection);
  const open: InspectionRecord[] = [];
  for (let i = send.length - 1; i >= 0; i--) {
    const report = send[i]!;
    open.unshift(report);
    if (!(report.priorityActionsCarriedOver && (report.priorityActions ?? []).length === 0)) break;
  }
  return open;
}

/**
 * Areas for priority action still open: those named by the latest full
 * inspection or by any letter published since (a new full inspection judges
 * everything afresh and closes them); for the area SEND partnership, those
 * of its latest area SEND inspection (or of the one before, when the latest
 * says they remain).
 */
function openPriorityActions(history: readonly InspectionRecord[], latest: InspectionRecord | null): OpenPriorityAction[] {
  const since = latest ? history.slice(history.indexOf(latest)) : history;
  const childrens = since.filter((record) => !isSendInspection(record));
  const open: OpenPriorityAction[] = [];
  const seen = new Set<string>();
  for (const record of [...childrens, ...openSendReports(history)]) {
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
  // The area's outcome is its latest full SEND inspection's: a monitoring revisit gives none.
  const send = history.filter((record) => sendOutcomeOf(record) !== null).at(-1) ?? null;
  return {
    council,
    latest,
    overall: latest?.overall ?? null,
    judgements: latest ? fourJudgements(latest) : { impactOfLeaders: null, helpAndProtection: null, inCare: null, careLeavers: null },
    send,
    sendOutcome: send ? sendOutcomeOf(send) : null,
    openPriorityActions: openPriorityActions(history, latest),
  };
}

/** The latest overall grade of a council's full inspections published on or before `day`. */
export function overallOn(records: readonly InspectionRecord[], day: string): { grade: Grade | null; graded: boolean } {
  const upTo = records.filter((record) => isFullInspection(record) && historyDate(record) <= day).sort(byHistoryOrder).at(-1);
  return { grade: upTo?.overall ?? null, graded: upTo !== undefined };
}
