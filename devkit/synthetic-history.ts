/**
 * A made-up but plausible national history, for the site's tests and bench:
 * full inspections (SIF to 2017, ILACS after, the 2026 framework with no
 * overall grade) and letters (focused visits with or without areas for
 * priority action, JTAIs, area SEND inspections), spread over the 153
 * councils from 2013 on, and press events. Deterministic: the same counts
 * always give the same history.
 */
import type { CouncilEvent } from '#shared/domain/events.ts';
import { GRADES, type Grade } from '#shared/domain/grades.ts';
import { gradedByOf, SEND_OUTCOMES, type InspectionRecord, type ReportKind } from '#shared/domain/inspection.ts';
import { councilRef } from '#shared/domain/council.ts';
import { currentCouncils } from '#shared/register/register.ts';

/** A small linear congruential generator: reproducible, no dependency. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const ILACS_GRADES: readonly Grade[] = GRADES.filter((g) => g !== 'adequate');

function day(next: () => number, from: number, to: number): string {
  const start = Date.UTC(from, 0, 1);
  const end = Date.UTC(to, 11, 31);
  return new Date(start + Math.floor(next() * (end - start))).toISOString().slice(0, 10);
}

export interface SyntheticHistory {
  records: InspectionRecord[];
  events: CouncilEvent[];
}

export function syntheticHistory(options: { inspections: number; letters: number; pressEvents?: number; seed?: number }): SyntheticHistory {
  const next = random(options.seed ?? 2012);
  const councils = currentCouncils();
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  const records: InspectionRecord[] = [];
  const base = (i: number, kind: ReportKind, framework: InspectionRecord['framework'], published: string, urnIndex: number): InspectionRecord => {
    const council = councils[urnIndex % councils.length]!;
    return {
      framework, kind, subtype: kind, councilName: council.name, council: councilRef(council),
      inspectionStart: published, inspectionEnd: published, leadInspector: 'A Inspector',
      overall: null, judgements: {}, gradedBy: null, priorityActions: [], priorityActionsCarriedOver: false, dfeNotified: false,
      sendOutcome: null, cqcLeadInspector: null, pages: 20,
      fileId: String(40_000_000 + i), sourceUrl: `https://files.ofsted.gov.uk/v1/file/${40_000_000 + i}`,
      providerUrl: `https://reports.ofsted.gov.uk/provider/44/${council.urn}`,
      publicationType: kind === 'inspection' ? "Children's services inspection" : "Children's services focused visit",
      published, contentSha256: 'synthetic', parserVersion: 'synthetic',
    };
  };
  for (let i = 0; i < options.inspections; i++) {
    const published = day(next, 2013, 2026);
    const year = Number(published.slice(0, 4));
    const framework = year < 2018 ? 'sif' : 'ilacs';
    const record = base(i, 'inspection', framework, published, i);
    const grade = () => pick(ILACS_GRADES);
    if (framework === 'sif') {
      record.overall = grade();
      record.judgements = { helpAndProtection: grade(), lookedAfter: grade(), adoption: grade(), careLeavers: grade(), leadership: grade() };
    } else if (year < 2023) {
      record.overall = grade();
      record.judgements = { impactOfLeaders: grade(), helpAndProtection: grade(), inCareAndCareLeavers: grade() };
    } else {
      record.judgements = { impactOfLeaders: grade(), helpAndProtection: grade(), inCare: grade(), careLeavers: grade() };
      if (year < 2026) record.overall = grade();
    }
    record.gradedBy = gradedByOf(record);
    records.push(record);
  }
  for (let i = 0; i < options.letters; i++) {
    const published = day(next, 2014, 2026);
    const kind = pick(['focused_visit', 'focused_visit', 'monitoring_visit', 'jtai', 'send'] as const);
    const record = base(options.inspections + i, kind, kind === 'send' ? ('send' as InspectionRecord['framework']) : 'ilacs', published, Math.floor(next() * councils.length));
    if (kind !== 'monitoring_visit' && next() < 0.3) {
      record.priorityActions = Array.from({ length: 1 + Math.floor(next() * 3) }, (_, n) => `Area for priority action ${n + 1}: the timeliness and quality of help for children, in the council's "front door" & assessment service.`);
      record.dfeNotified = true;
    }
    if (kind === 'send') {
      record.publicationType = 'Area SEND full inspection';
      record.sendOutcome = pick(SEND_OUTCOMES);
      record.cqcLeadInspector = 'A CQC Inspector';
      record.priorityActionOwners = record.priorityActions.map(() => ['the council', 'the integrated care board']);
    }
    records.push(record);
  }
  const events: CouncilEvent[] = Array.from({ length: options.pressEvents ?? 0 }, (_, i) => {
    const council = pick(councils);
    const occurredOn = day(next, 2015, 2026);
    return {
      id: `news-synthetic-${i}`, kind: 'urgent_action', alsoKinds: [], council: councilRef(council), from: null, to: 'inadequate',
      previous: null, inspection: null, priorityActions: [], judgementChanges: [],
      evidence: `${council.name}'s children's services were rated <inadequate> by Ofsted, the paper reports.`,
      sources: [{ type: 'news', url: `https://news.example/${i}`, outlet: 'Local Paper', title: `${council.name} rated "inadequate"`, published: occurredOn }],
      detectedAt: `${occurredOn}T09:00:00.000Z`, occurredOn,
    };
  });
  return { records, events };
}
