import type { ReportFacts } from '../domain/inspection.ts';

/** What reading one report gave, before the council is looked up in the register. */
export interface Reading extends Omit<ReportFacts, 'council' | 'pages' | 'gradedBy'> {
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
