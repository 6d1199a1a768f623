/**
 * The Ofsted scan's decisions, pure functions of plain data: which councils a
 * run reads, when a listing is too short to trust, what becomes of a
 * publication whose file failed, which anomalies to raise, and when the cursor
 * moves. scan.ts and publication.ts apply them; tests/crawl-plan.test.ts
 * checks them as tables of cases.
 */
import type { CouncilRef } from '../domain/council.ts';
import type { FailureKind } from '../domain/errors.ts';
import { gradeMissing, type InspectionRecord, type ReportFacts } from '../domain/inspection.ts';
import type { Anomaly, CouncilScanState, ListedProvider, ListedPublication, PublicationSeen, ScanCursor } from './ports.ts';

/** An anomaly as a rule raises it; the job stamps the time. */
export type AnomalyDraft = Omit<Anomaly, 'at'>;

/** Listing counts below this share of the register mean the listing is broken, not that councils vanished. */
export const LISTING_MIN_SHARE = 0.9;

/** A run records the history as a baseline (no alerts) until a first run has got through everything. */
export function scanMode(cursor: ScanCursor): 'baseline' | 'live' {
  return cursor.baselineDone ? 'live' : 'baseline';
}

export interface ScanPlan {
  /** Councils whose provider page must be read, in listing order (`index` in the listing), with what was known of them. */
  visits: { index: number; urn: string; provider: ListedProvider; state: CouncilScanState | undefined }[];
  /** Anomalies the listing itself shows: too short to trust, or naming providers the register does not know. */
  anomalies: AnomalyDraft[];
  /** Whether the listing is too short: the run must not move the cursor. */
  listingShort: boolean;
}

/**
 * What a run reads, given the listing, the register and what earlier runs
 * recorded: every council whose listing entry changed, or that was never read.
 */
export function planScan(input: {
  providers: readonly ListedProvider[];
  states: ReadonlyMap<string, CouncilScanState>;
  /** The register's URN for a listed provider, or null when it is not a council we know. */
  councilUrn: (urn: string) => string | null;
  registerSize: number;
}): ScanPlan {
  const anomalies: AnomalyDraft[] = [];
  const listed = input.providers.length;
  const listingShort = listed < input.registerSize * LISTING_MIN_SHARE;
  if (listingShort) anomalies.push({ kind: 'listing_short', message: `the listing shows ${listed} councils; the register has ${input.registerSize}` });
  const visits: ScanPlan['visits'] = [];
  input.providers.forEach((provider, index) => {
    const urn = input.councilUrn(provider.urn);
    if (urn === null) {
      anomalies.push({ kind: 'unknown_provider', message: `listing names provider ${provider.urn} (${provider.name}), which is not in the register`, urn: provider.urn });
      return;
    }
    const state = input.states.get(urn);
    if (!state || !unchangedSince(state, provider)) visits.push({ index, urn, provider, state });
  });
  return { visits, anomalies, listingShort };
}

/**
 * Nothing new on a provider page since we last read it: the listing shows the same
 * latest report date, or still shows none for a council that had no publications.
 * (A listing that shows no dates at all makes every council be re-read.)
 */
export function unchangedSince(state: CouncilScanState, provider: ListedProvider): boolean {
  return provider.latestReportDate
    ? state.latestReportDate === provider.latestReportDate
    : state.latestReportDate === null && state.publicationCount === 0;
}

/** A provider page that lists nothing for a council that had publications is broken, never "nothing new". */
export function emptyPageAnomaly(council: CouncilRef, page: { providerUrl: string; publications: readonly unknown[] }, knownPublications: number): AnomalyDraft | null {
  if (page.publications.length > 0 || knownPublications === 0) return null;
  return { kind: 'provider_empty', message: `${council.name}: provider page lists no publications, but had ${knownPublications}`, urn: council.urn, url: page.providerUrl };
}

/** Oldest first, so a council's history is recorded in the order it happened. */
export function oldestFirst(a: ListedPublication, b: ListedPublication): number {
  return (a.published ?? '').localeCompare(b.published ?? '') || a.fileId.localeCompare(b.fileId);
}

/** Whether a listed publication still needs work: not done, and not given up (a dead file is left to the anomaly log). */
export function needsWork(seen: Pick<PublicationSeen, 'state'> | undefined): boolean {
  return seen?.state !== 'done' && seen?.state !== 'dead';
}

/**
 * Baseline (recorded, never an alert) or live (news) for one publication. What
 * was published by the day the watch began is baseline, even when a council's
 * page is first read later (a new council, a page that failed, a backfill spread
 * over runs); what was published since is news, a council's first report included.
 * An undated publication is news only on a council already read after the baseline.
 */
export function publicationMode(published: string | null, watchStartedOn: string, councilKnown: boolean, runMode: 'baseline' | 'live'): 'baseline' | 'live' {
  if (published) return published > watchStartedOn ? 'live' : 'baseline';
  return councilKnown && runMode === 'live' ? 'live' : 'baseline';
}

/**
 * What becomes of a publication that failed: `dead` at once, `retry_a_few_times`,
 * or `retry` until it works.
 */
export type FailureFate = 'dead' | 'retry_a_few_times' | 'retry';

/** A failed download: retried until it works when it may heal (network, 429, 5xx, timeouts), else a few times (a refused request). */
export function downloadFailureFate(kind: FailureKind): FailureFate {
  return kind === 'retryable' ? 'retry' : 'retry_a_few_times';
}

/** Files that will never read: Ofsted's "Report not found" page served for a PDF, a file over the size cap. */
const DEAD_AT_ONCE = new Set(['not_pdf', 'too_large']);

/** A file that could not be read: dead at once, a timeout retried, anything else (a damaged file may be a bad transfer) a few times. */
export function readFailureFate(code: string): FailureFate {
  if (DEAD_AT_ONCE.has(code)) return 'dead';
  return code === 'timeout' ? 'retry' : 'retry_a_few_times';
}

/** What is stored after a failure on the `attempts`-th run: `dead` is left alone; `failed` is tried again and holds the cursor. */
export function stateAfterFailure(fate: FailureFate, attempts: number, maxAttempts: number): 'dead' | 'failed' {
  return fate === 'dead' || (fate === 'retry_a_few_times' && attempts >= maxAttempts) ? 'dead' : 'failed';
}

/** The anomaly for a report file that could not be read. */
export function unreadableFileAnomaly(council: CouncilRef, publication: ListedPublication, failure: { code: string; message: string }): AnomalyDraft {
  return {
    kind: failure.code === 'not_pdf' ? 'file_not_pdf' : 'report_unreadable',
    message: `${council.name}: ${publication.type} (${publication.published ?? 'undated'}) could not be read: ${failure.message}`,
    urn: council.urn,
    url: publication.url,
  };
}

/** Anomalies a read report raises: it names another council, or a full inspection has no grade to compare by. */
export function recordAnomalies(council: CouncilRef, facts: Pick<ReportFacts, 'council' | 'councilName'>, record: InspectionRecord): AnomalyDraft[] {
  const anomalies: AnomalyDraft[] = [];
  if (facts.council && facts.council.urn !== council.urn) {
    anomalies.push({
      kind: 'council_mismatch',
      message: `${council.name}: report names ${facts.councilName} (${facts.council.name}); recorded under the provider page's council`,
      urn: council.urn,
      url: record.sourceUrl,
    });
  }
  // The 2026 framework has no overall grade: only a report that should have one, or has no grades at all, is an anomaly.
  if (gradeMissing(record)) {
    anomalies.push({
      kind: 'missing_grade',
      message: `${council.name}: ${record.framework.toUpperCase()} inspection published ${record.published ?? '?'} parsed to no overall grade`,
      urn: council.urn,
      url: record.sourceUrl,
    });
  }
  return anomalies;
}

/** The cursor moves only when a run got through everything: nothing failed, nothing left for later. */
export function nextCursor(outcome: { failures: number; deferred: number }, startedAt: string): Omit<ScanCursor, 'version'> | null {
  return outcome.failures === 0 && outcome.deferred === 0 ? { baselineDone: true, lastSuccessAt: startedAt } : null;
}
