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

/**
 * Which rule compares a report with the council's previous full inspection:
 * `overall` (overall effectiveness, every framework until 2026), `judgements`
 * (each judgement against the same one before: the 2026 framework, which has no
 * overall grade), or null (not compared: letters, LSCB reviews, pre-2013
 * inspections, or a full inspection whose grades could not be read).
 */
export type GradedBy = 'overall' | 'judgements' | null;

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
  /** Which rule compares this report (see GradedBy); gradedByOf(facts) derives it. */
  gradedBy: GradedBy;
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

type GradeFacts = Pick<ReportFacts, 'framework' | 'kind' | 'overall' | 'judgements' | 'inspectionStart' | 'inspectionEnd'>;

/** A full inspection of children's services (SIF or ILACS): the only reports compared for downgrades. */
export function isFullInspection(facts: Pick<ReportFacts, 'framework' | 'kind'>): boolean {
  return facts.kind === 'inspection' && (facts.framework === 'ilacs' || facts.framework === 'sif');
}

/**
 * Ofsted dropped overall effectiveness for inspections from about April 2026
 * (announced 27 November 2025). An ILACS inspection from 2026 on may have none; one
 * that started before 2026 without an overall grade was not read right.
 */
export const NO_OVERALL_FROM = '2026-01-01';

/**
 * The rule that compares a report: by overall effectiveness when it has one; by
 * judgements for an ILACS inspection of the 2026 framework (graded judgements, no
 * overall grade, not inspected before 2026); none for anything else, including a
 * full inspection whose overall grade could not be read (an anomaly, never guessed
 * at). Derived from the facts, so records stored before the field existed agree.
 */
export function gradedByOf(facts: GradeFacts): GradedBy {
  if (!isFullInspection(facts)) return null;
  if (facts.overall !== null) return 'overall';
  const graded = Object.values(facts.judgements).some((grade) => grade !== null);
  const started = facts.inspectionStart ?? facts.inspectionEnd;
  return facts.framework === 'ilacs' && graded && (started === null || started >= NO_OVERALL_FROM) ? 'judgements' : null;
}

/** Full inspections with grades to compare. */
export function isComparableInspection(facts: GradeFacts): boolean {
  return gradedByOf(facts) !== null;
}

/** A full inspection with no grade to compare by: an operator should look at it. */
export function gradeMissing(facts: GradeFacts): boolean {
  return isFullInspection(facts) && gradedByOf(facts) === null;
}
