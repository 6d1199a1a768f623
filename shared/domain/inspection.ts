import type { CouncilRef } from './council.ts';
import type { Grade } from './grades.ts';

/** 'send': area SEND inspections by Ofsted and CQC of the local area partnership (2023 framework and earlier). */
export type Framework = 'ilacs' | 'sif' | 'send' | 'other';

export type ReportKind = 'inspection' | 'focused_visit' | 'monitoring_visit' | 'jtai' | 'send' | 'other';

/** The three outcomes of an area SEND inspection (2023 framework), best first. */
export const SEND_OUTCOMES = ['positive', 'inconsistent', 'systemic_failings'] as const;
export type SendOutcome = (typeof SEND_OUTCOMES)[number];

/** Each outcome as the report words it. */
export const SEND_OUTCOME_WORDS: Record<SendOutcome, string> = {
  positive: 'arrangements typically lead to positive experiences and outcomes',
  inconsistent: 'arrangements lead to inconsistent experiences and outcomes',
  systemic_failings: 'widespread and/or systemic failings leading to significant concerns',
};

/** Negative when `to` is a worse SEND outcome than `from`. */
export function compareSendOutcomes(from: SendOutcome, to: SendOutcome): number {
  return SEND_OUTCOMES.indexOf(from) - SEND_OUTCOMES.indexOf(to);
}

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
  /** The areas for priority action a letter names, each item's own text ([] when none). */
  priorityActions: string[];
  /** The letter says earlier areas for priority action remain, and names no new ones. */
  priorityActionsCarriedOver: boolean;
  /** Area SEND: for each priority action, the responsible bodies named beside it. */
  priorityActionOwners?: string[][];
  /** The letter says Ofsted notified the Department for Education. */
  dfeNotified: boolean;
  /** Area SEND: the inspection's outcome; null for every other kind. */
  sendOutcome: SendOutcome | null;
  /** Area SEND: the CQC lead inspector (the Ofsted lead is leadInspector). */
  cqcLeadInspector: string | null;
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
