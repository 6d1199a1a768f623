import type { ReportFacts } from '../domain/inspection.ts';

/** Fields only letters fill in; other readers leave them to their defaults (see `letterDefaults`). */
type LetterOnly = 'priorityActionsCarriedOver' | 'sendOutcome' | 'cqcLeadInspector';

/** What reading one report gave, before the council is looked up in the register. */
export interface Reading extends Omit<ReportFacts, 'council' | 'pages' | 'gradedBy' | LetterOnly>, Partial<Pick<ReportFacts, LetterOnly>> {
  /** Other ways the report names its council (headline, letter title), tried after councilName. */
  otherNames: string[];
  /** False when a graded report's grades were not all found on the pages read (more pages may help). */
  complete?: boolean;
}

export function emptyReading(): Reading {
  return {
    framework: 'other',
    kind: 'other',
    subtype: 'unrecognised document',
    councilName: null,
    otherNames: [],
    inspectionStart: null,
    inspectionEnd: null,
    leadInspector: null,
    overall: null,
    judgements: {},
    priorityActions: [],
    dfeNotified: false,
  };
}

/** The letter-only fields of a reading, with their defaults for every other kind of report. */
export function letterDefaults(reading: Reading): Pick<ReportFacts, LetterOnly> {
  return {
    priorityActionsCarriedOver: reading.priorityActionsCarriedOver ?? false,
    sendOutcome: reading.sendOutcome ?? null,
    cqcLeadInspector: reading.cqcLeadInspector ?? null,
  };
}
