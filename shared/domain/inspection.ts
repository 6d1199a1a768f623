import type { CouncilRef } from './council.ts';
import type { Grade } from './grades.ts';

export type Framework = 'ilacs' | 'sif' | 'other';

export type ReportKind = 'inspection' | 'focused_visit' | 'monitoring_visit' | 'jtai' | 'send' | 'other';

/** ILACS keys: impactOfLeaders, helpAndProtection, inCare | inCareAndCareLeavers, careLeavers.
 *  SIF keys: helpAndProtection, lookedAfter, adoption, careLeavers, leadership.
 *  Other reports: e.g. lscb, capacityToImprove. */
export type Judgements = Record<string, Grade | null>;

/** What one Ofsted report PDF says, as extracted (no I/O, no store fields). */
export interface ReportFacts {
  framework: Framework;
  kind: ReportKind;
  /** Finer description, e.g. "ilacs standard", "sif re-inspection", "review of the lscb". */
  subtype: string;
  councilName: string | null;
  council: CouncilRef | null;
  inspectionStart: string | null;
  inspectionEnd: string | null;
  leadInspector: string | null;
  overall: Grade | null;
  judgements: Judgements;
  priorityActions: string[];
  /** The letter says Ofsted notified the Department for Education. */
  dfeNotified: boolean;
  pages: number;
}

/** An inspection record as stored: the report facts plus where they came from. */
export interface InspectionRecord extends ReportFacts {
  council: CouncilRef;
  /** Ofsted file id (the last path segment of the files.ofsted.gov.uk URL). */
  fileId: string;
  sourceUrl: string;
  providerUrl: string;
  /** Publication type text from the provider page, e.g. "Children's services inspection". */
  publicationType: string;
  published: string | null;
  contentSha256: string;
  parserVersion: string;
}

/** Full inspections of children's services: the only ones compared for downgrades. */
export function isComparableInspection(facts: Pick<ReportFacts, 'framework' | 'kind' | 'overall'>): boolean {
  return facts.kind === 'inspection' && (facts.framework === 'ilacs' || facts.framework === 'sif') && facts.overall !== null;
}
