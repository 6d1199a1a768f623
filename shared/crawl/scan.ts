/**
 * The scheduled Ofsted scan: find new publications for every council, record
 * them, detect downgrades and urgent actions. Safe to re-run after a crash at any
 * point: each publication is marked done only after its record and event are
 * written, every write is idempotent, and the cursor moves only when a whole run
 * succeeded.
 */
import { createHash } from 'node:crypto';
import { councilRef, type CouncilRef } from '../domain/council.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { recordEvent } from '../events/store.ts';
import { councilByUrn, currentCouncils } from '../register/register.ts';
import type { TableRef } from '../store/client.ts';
import { detectEvent } from './detect.ts';
import { errorCode, isRetryable, SiteLayoutError, type ListedProvider, type ListedPublication, type OfstedSite, type ReportReader } from './ports.ts';
import {
  advanceCursor,
  getCouncilStates,
  getCursor,
  getPublication,
  listInspections,
  putCouncilState,
  putInspection,
  putPublication,
  recordAnomaly,
  type Anomaly,
  type CouncilScanState,
  type PublicationSeen,
  type ScanCursor,
} from './store.ts';

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Named points between steps, for tests that crash the scan there and re-run it. */
export type ScanStep = 'after-listing' | 'after-provider-page' | 'after-file' | 'after-record' | 'after-event' | 'after-publication' | 'before-cursor';

export interface OfstedScanDeps {
  table: TableRef;
  site: OfstedSite;
  reader: ReportReader;
  logger: Logger;
  now?: () => Date;
  /** A dead file link is retried on this many runs before it is left alone. */
  maxAttemptsPerFile?: number;
  /**
   * Epoch ms by which the run must stop taking new work (a Lambda's deadline less a margin).
   * A first deployment's backfill (thousands of reports at one request a second) spreads
   * over several runs this way: finished councils are not read again, and the cursor
   * stays until a run gets through everything.
   */
  deadline?: number | null;
  /** Test hook: called at each step boundary (throw to simulate a crash). */
  onStep?: (step: ScanStep, detail: string) => void | Promise<void>;
}

export interface ScanSummary {
  mode: 'baseline' | 'live';
  providersListed: number;
  providersVisited: number;
  publicationsNew: number;
  recordsWritten: number;
  events: { created: number; merged: number; exists: number };
  anomalies: number;
  failures: number;
  /** Councils left for the next run because the time budget ran out. */
  deferred: number;
  cursorAdvanced: boolean;
}

function oldestFirst(a: ListedPublication, b: ListedPublication): number {
  return (a.published ?? '').localeCompare(b.published ?? '') || a.fileId.localeCompare(b.fileId);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** What one run's steps share: the dependencies with defaults filled in, the summary and the anomaly recorder. */
interface ScanRun {
  deps: OfstedScanDeps;
  now: () => Date;
  step: NonNullable<OfstedScanDeps['onStep']>;
  maxAttempts: number;
  summary: ScanSummary;
  anomaly(entry: Omit<Anomaly, 'at'>): Promise<void>;
  outOfTime(): boolean;
}

/** Listing counts below this share of the register mean the listing is broken, not that councils vanished. */
const LISTING_MIN_SHARE = 0.9;

export async function runOfstedScan(deps: OfstedScanDeps): Promise<ScanSummary> {
  const { table, site, reader, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const step = deps.onStep ?? (() => undefined);
  const maxAttempts = deps.maxAttemptsPerFile ?? 3;
  const startedAt = now();

  const cursor = await getCursor(table);
  const mode = cursor.baselineDone ? 'live' : 'baseline';
  const summary: ScanSummary = {
    mode,
    providersListed: 0,
    providersVisited: 0,
    publicationsNew: 0,
    recordsWritten: 0,
    events: { created: 0, merged: 0, exists: 0 },
    anomalies: 0,
    failures: 0,
    deferred: 0,
    cursorAdvanced: false,
  };
  const run: ScanRun = {
    deps,
    now,
    step,
    maxAttempts,
    summary,
    async anomaly(entry) {
      summary.anomalies++;
      logger.warn(`anomaly: ${entry.message}`, { anomaly: entry.kind, urn: entry.urn, url: entry.url });
      await recordAnomaly(table, { ...entry, at: now().toISOString() });
    },
    outOfTime: () => deps.deadline != null && now().getTime() >= deps.deadline,
  };
  const { anomaly, outOfTime } = run;

  logger.info('ofsted scan started', { mode });
  // Every poll reads the whole listing (two pages of 100): the site's latest-report-date filter
  // is confirmed nowhere, and an empty filtered listing would look just like "nothing new".
  let providers: ListedProvider[];
  try {
    providers = await site.listProviders();
  } catch (error) {
    if (error instanceof SiteLayoutError) {
      await anomaly({ kind: 'listing_layout', message: error.message, url: error.url });
    }
    logger.error('listing could not be read; nothing else done this run', { error: errorCode(error), message: (error as Error).message });
    throw error;
  }
  summary.providersListed = providers.length;
  await step('after-listing', String(providers.length));
  const expected = currentCouncils().length;
  if (providers.length < expected * LISTING_MIN_SHARE) {
    await anomaly({
      kind: 'listing_short',
      message: `the listing shows ${providers.length} councils; the register has ${expected}`,
    });
    summary.failures++;
  }

  const states = await getCouncilStates(
    table,
    providers.map((provider) => provider.urn),
  );
  for (const [index, provider] of providers.entries()) {
    const council = councilByUrn(provider.urn);
    if (!council) {
      await anomaly({ kind: 'unknown_provider', message: `listing names provider ${provider.urn} (${provider.name}), which is not in the register`, urn: provider.urn });
      continue;
    }
    const state = states.get(council.urn);
    if (state && unchangedSince(state, provider)) continue;
    if (outOfTime()) {
      summary.deferred++;
      continue;
    }
    logger.info(`council ${index + 1}/${providers.length}: ${council.name}`, { urn: council.urn });
    // A council read for the first time has its history recorded as a baseline, without events:
    // a new deployment does not alert on ten years of reports, whatever run it first completes in.
    const councilMode = state ? 'live' : 'baseline';
    const outcome = await scanCouncil(run, councilRef(council), provider, state?.publicationCount ?? 0, councilMode);
    summary.providersVisited++;
    if (outcome === 'failed') summary.failures++;
    if (outcome === 'deferred') summary.deferred++;
  }

  await step('before-cursor', '');
  if (summary.deferred > 0) logger.warn(`time budget reached: ${summary.deferred} councils left for the next run`, { deferred: summary.deferred });
  if (summary.failures === 0 && summary.deferred === 0) {
    const next: Omit<ScanCursor, 'version'> = { baselineDone: true, lastSuccessAt: startedAt.toISOString() };
    await advanceCursor(table, cursor, next);
    summary.cursorAdvanced = true;
  } else {
    logger.warn('cursor not moved: some work failed and will be retried next run', { failures: summary.failures });
  }
  logger.info('ofsted scan finished', { ...summary });
  return summary;
}

/**
 * Nothing new on a provider page since we last read it: the listing shows the same
 * latest report date, or still shows none for a council that had no publications.
 * (A listing that shows no dates at all makes every council be re-read.)
 */
function unchangedSince(state: CouncilScanState, provider: ListedProvider): boolean {
  return provider.latestReportDate
    ? state.latestReportDate === provider.latestReportDate
    : state.latestReportDate === null && state.publicationCount === 0;
}

/** Processes one council's provider page: `failed` when something must be retried on a later run. */
async function scanCouncil(
  run: ScanRun,
  council: CouncilRef,
  provider: ListedProvider,
  knownPublications: number,
  mode: 'baseline' | 'live',
): Promise<'ok' | 'failed' | 'deferred'> {
  const { deps, summary, anomaly, step, maxAttempts, now } = run;
  const { table, site, logger } = deps;
  let page: Awaited<ReturnType<OfstedSite['listPublications']>>;
  try {
    page = await site.listPublications(council.urn);
  } catch (error) {
    if (error instanceof SiteLayoutError) {
      await anomaly({ kind: 'provider_layout', message: `${council.name}: ${error.message}`, urn: council.urn, url: error.url });
      return 'failed';
    }
    logger.warn(`${council.name}: provider page failed`, { urn: council.urn, error: errorCode(error), retryable: isRetryable(error) });
    return 'failed';
  }
  await step('after-provider-page', council.urn);
  if (page.publications.length === 0 && knownPublications > 0) {
    await anomaly({
      kind: 'provider_empty',
      message: `${council.name}: provider page lists no publications, but had ${knownPublications}`,
      urn: council.urn,
      url: page.providerUrl,
    });
    return 'failed';
  }

  let ok = true;
  for (const publication of [...page.publications].sort(oldestFirst)) {
    // Council state not written: the rest of its publications are read next run.
    if (run.outOfTime()) return 'deferred';
    const seen = await getPublication(table, council.urn, publication.fileId);
    if (seen?.state === 'done') continue;
    if (seen?.state === 'dead') continue; // failed permanently too often: left to the anomaly log
    summary.publicationsNew++;
    const result = await processPublication(run, council, page.providerUrl, publication, mode);
    if (result.state === 'done') continue;
    const attempts = (seen?.attempts ?? 0) + 1;
    const dead = result.fate === 'dead' || (result.fate === 'retry_a_few_times' && attempts >= maxAttempts);
    await markPublication(run, council, publication, mode, { state: dead ? 'dead' : 'failed', attempts, lastError: result.error });
    // A dead file is left to the anomaly log; anything that may heal holds the cursor until it does.
    if (!dead) ok = false;
  }
  if (ok) {
    await putCouncilState(table, {
      urn: council.urn,
      publicationCount: page.publications.length,
      latestReportDate: provider.latestReportDate,
      lastVisitedAt: now().toISOString(),
    });
  }
  return ok ? 'ok' : 'failed';
}

/**
 * What becomes of a publication that failed: `dead` at once (Ofsted's "Report not found"
 * page, a file over the size cap), `retry_a_few_times` (a refused request, a damaged
 * file that may have been a bad transfer), or `retry` until it works (network, 429, 5xx, timeouts).
 */
type FailureFate = 'dead' | 'retry_a_few_times' | 'retry';
type PublicationResult = { state: 'done' } | { state: 'failed'; fate: FailureFate; error: { code: string; message: string } };

const DEAD_AT_ONCE = new Set(['not_pdf', 'too_large']);

/** Records what became of a publication; `done` is written last of all its writes. */
function markPublication(
  run: ScanRun,
  council: CouncilRef,
  publication: ListedPublication,
  mode: 'baseline' | 'live',
  outcome: Pick<PublicationSeen, 'state' | 'attempts' | 'lastError'>,
): Promise<void> {
  return putPublication(run.deps.table, {
    urn: council.urn,
    fileId: publication.fileId,
    url: publication.url,
    publicationType: publication.type,
    published: publication.published,
    ...outcome,
    baseline: mode === 'baseline',
    updatedAt: run.now().toISOString(),
  });
}

async function processPublication(
  run: ScanRun,
  council: CouncilRef,
  providerUrl: string,
  publication: ListedPublication,
  mode: 'baseline' | 'live',
): Promise<PublicationResult> {
  const { deps, summary, anomaly, step, now } = run;
  const { table, site, reader, logger } = deps;
  let bytes: Uint8Array;
  try {
    bytes = await site.fetchFile(publication.url);
  } catch (error) {
    logger.warn(`${council.name}: report download failed`, { urn: council.urn, url: publication.url, error: errorCode(error) });
    return { state: 'failed', fate: isRetryable(error) ? 'retry' : 'retry_a_few_times', error: { code: errorCode(error), message: (error as Error).message } };
  }
  await step('after-file', publication.fileId);
  let facts;
  try {
    facts = await reader.read(bytes);
  } catch (error) {
    const code = errorCode(error);
    const message = (error as Error).message;
    await anomaly({
      kind: code === 'not_pdf' ? 'file_not_pdf' : 'report_unreadable',
      message: `${council.name}: ${publication.type} (${publication.published ?? 'undated'}) could not be read: ${message}`,
      urn: council.urn,
      url: publication.url,
    });
    const fate: FailureFate = DEAD_AT_ONCE.has(code) ? 'dead' : code === 'timeout' ? 'retry' : 'retry_a_few_times';
    return { state: 'failed', fate, error: { code, message } };
  }
  if (facts.council && facts.council.urn !== council.urn) {
    await anomaly({
      kind: 'council_mismatch',
      message: `${council.name}: report names ${facts.councilName} (${facts.council.name}); recorded under the provider page's council`,
      urn: council.urn,
      url: publication.url,
    });
  }
  const record: InspectionRecord = {
    ...facts,
    council,
    fileId: publication.fileId,
    sourceUrl: publication.url,
    providerUrl,
    publicationType: publication.type,
    published: publication.published,
    contentSha256: sha256(bytes),
    parserVersion: reader.version,
  };
  if (record.kind === 'inspection' && record.framework !== 'other' && record.overall === null) {
    await anomaly({
      kind: 'missing_grade',
      message: `${council.name}: ${record.framework.toUpperCase()} inspection published ${record.published ?? '?'} parsed to no overall grade`,
      urn: council.urn,
      url: publication.url,
    });
  }
  await putInspection(table, record);
  summary.recordsWritten++;
  await step('after-record', publication.fileId);

  const history = await listInspections(table, council.urn);
  const event = detectEvent({ record, history, mode, now: now().toISOString() });
  if (event) {
    const result = await recordEvent(table, event);
    summary.events[result.status]++;
    logger.info(`${council.name}: ${event.kind}${event.from ? ` ${event.from} → ${event.to}` : ''}`, { urn: council.urn, event: event.id, status: result.status });
  }
  await step('after-event', publication.fileId);
  await markPublication(run, council, publication, mode, { state: 'done', attempts: 0, lastError: null });
  await step('after-publication', publication.fileId);
  return { state: 'done' };
}
