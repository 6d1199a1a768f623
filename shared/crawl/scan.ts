/**
 * The scheduled Ofsted scan: find new publications for every council, record
 * them, detect downgrades and urgent actions. Orchestration only: the decisions
 * are plan.ts's, the state is the CrawlStore's and the EventStore's. Safe to
 * re-run after a crash at any point: each publication is marked done only after
 * its record and event are written, every write is idempotent, and the cursor
 * moves only when a whole run succeeded.
 */
import { councilRef, type CouncilRef } from '../domain/council.ts';
import { errorCode, errorMessage, failureKind } from '../domain/errors.ts';
import { councilByUrn, currentCouncils } from '../register/register.ts';
import { emptyPageAnomaly, needsWork, nextCursor, oldestFirst, planScan, publicationMode, scanMode, stateAfterFailure } from './plan.ts';
import { SiteLayoutError, type CouncilScanState, type ListedProvider } from './ports.ts';
import { markPublication, processPublication } from './publication.ts';
import type { OfstedScanDeps, ScanRun, ScanSummary } from './run.ts';
import { noLease, underLease } from '../store/lease.ts';

export type { OfstedScanDeps, ScanStep, ScanSummary } from './run.ts';

/** A progress line every this many councils read (a first scan reads all 153). */
const PROGRESS_EVERY = 50;

/** How long a run holds the scan when it has no deadline of its own (a Lambda's is 14 minutes). */
const LEASE_WITHOUT_DEADLINE_MS = 15 * 60_000;

/** The scan, one run at a time: a run that finds another holding the lease says so and does nothing. */
export async function runOfstedScan(deps: OfstedScanDeps): Promise<ScanSummary> {
  const now = deps.now ?? (() => new Date());
  const until = new Date((deps.deadline ?? now().getTime() + LEASE_WITHOUT_DEADLINE_MS) + 60_000);
  const onHeld = (held: { since: string; until: string }) =>
    deps.logger.info('scan_skipped', { message: `another ofsted-scan run is scanning (since ${held.since}; it holds the scan until ${held.until} at the latest): this run leaves the work to it` });
  const done = await underLease(deps.lease ?? noLease, { now, until, onHeld }, () => scan(deps, now));
  return done ?? { ...emptySummary('live'), skipped: true };
}

function emptySummary(mode: ScanSummary['mode']): ScanSummary {
  return {
    mode, providersListed: 0, providersVisited: 0, publicationsNew: 0, recordsWritten: 0,
    events: { created: 0, merged: 0, exists: 0 }, anomalies: 0, failures: 0, deferred: 0, cursorAdvanced: false, skipped: false,
  };
}

async function scan(deps: OfstedScanDeps, now: () => Date): Promise<ScanSummary> {
  const { crawl, site, logger } = deps;
  const startedAt = now();
  const cursor = await crawl.getCursor();
  const mode = scanMode(cursor);
  const watchStartedOn = await crawl.startWatch(startedAt.toISOString().slice(0, 10));
  const summary = emptySummary(mode);
  const run: ScanRun = {
    deps,
    now,
    step: deps.onStep ?? (() => undefined),
    maxAttempts: deps.maxAttemptsPerFile ?? 3,
    summary,
    async anomaly(entry) {
      summary.anomalies++;
      logger.warn('anomaly', { anomaly: entry.kind, message: entry.message, urn: entry.urn, url: entry.url });
      await crawl.recordAnomaly({ ...entry, at: now().toISOString() });
    },
    outOfTime: () => deps.deadline != null && now().getTime() >= deps.deadline,
    watchStartedOn,
  };

  logger.info('scan_started', { mode, watchStartedOn });
  // Every poll reads the whole listing (two pages of 100): the site's latest-report-date filter
  // is confirmed nowhere, and an empty filtered listing would look just like "nothing new".
  let providers: ListedProvider[];
  try {
    providers = await site.listProviders();
  } catch (error) {
    if (error instanceof SiteLayoutError) await run.anomaly({ kind: 'listing_layout', message: error.message, url: error.url });
    logger.error('listing_unreadable', { error: errorCode(error), message: errorMessage(error), action: 'nothing else done this run' });
    throw error;
  }
  summary.providersListed = providers.length;
  await run.step('after-listing', String(providers.length));

  const states = await crawl.councilStates(providers.map((provider) => provider.urn));
  const plan = planScan({ providers, states, councilUrn: (urn) => councilByUrn(urn)?.urn ?? null, registerSize: currentCouncils().length });
  for (const anomaly of plan.anomalies) await run.anomaly(anomaly);
  if (plan.listingShort) summary.failures++;
  for (const visit of plan.visits) {
    if (run.outOfTime()) {
      summary.deferred++;
      continue;
    }
    const council = councilRef(councilByUrn(visit.urn)!);
    logger.debug('council_scan', { council: council.name, urn: council.urn, index: visit.index + 1, of: providers.length });
    if (summary.providersVisited > 0 && summary.providersVisited % PROGRESS_EVERY === 0) {
      logger.info('scan_progress', { message: `${summary.providersVisited} of ${plan.visits.length} councils read`, recordsWritten: summary.recordsWritten });
    }
    const outcome = await scanCouncil(run, council, visit.provider, visit.state);
    summary.providersVisited++;
    if (outcome === 'failed') summary.failures++;
    if (outcome === 'deferred') summary.deferred++;
  }

  await run.step('before-cursor', '');
  if (summary.deferred > 0) logger.warn('time_budget_reached', { deferred: summary.deferred, message: `${summary.deferred} councils left for the next run` });
  const next = nextCursor(summary, startedAt.toISOString());
  if (next) {
    summary.cursorAdvanced = await crawl.advanceCursor(cursor, next);
    if (!summary.cursorAdvanced) logger.info('cursor_moved_by_another_run', { message: 'another run moved the scan cursor meanwhile; nothing is lost, the next run carries on from there' });
  } else {
    logger.warn('cursor_held', { failures: summary.failures, message: 'some work failed and will be retried next run' });
  }
  logger.debug('scan_finished', { ...summary });
  return summary;
}

/** Processes one council's provider page: `failed` when something must be retried on a later run. */
async function scanCouncil(run: ScanRun, council: CouncilRef, provider: ListedProvider, state: CouncilScanState | undefined): Promise<'ok' | 'failed' | 'deferred'> {
  const { crawl, site, logger } = run.deps;
  let page: Awaited<ReturnType<typeof site.listPublications>>;
  try {
    page = await site.listPublications(council.urn);
  } catch (error) {
    if (error instanceof SiteLayoutError) await run.anomaly({ kind: 'provider_layout', message: `${council.name}: ${error.message}`, urn: council.urn, url: error.url });
    else logger.warn('provider_page_failed', { council: council.name, urn: council.urn, error: errorCode(error), retryable: failureKind(error) === 'retryable' });
    return 'failed';
  }
  await run.step('after-provider-page', council.urn);
  const empty = emptyPageAnomaly(council, page, state?.publicationCount ?? 0);
  if (empty) {
    await run.anomaly(empty);
    return 'failed';
  }

  let ok = true;
  for (const publication of [...page.publications].sort(oldestFirst)) {
    // Council state not written: the rest of its publications are read next run.
    if (run.outOfTime()) return 'deferred';
    const seen = await crawl.getPublication(council.urn, publication.fileId);
    if (!needsWork(seen)) continue;
    run.summary.publicationsNew++;
    // What was published before the watch began is history, whenever this council's page is first read.
    const mode = publicationMode(publication.published, run.watchStartedOn, state !== undefined, run.summary.mode);
    const result = await processPublication(run, council, page.providerUrl, publication, mode);
    if (result.state === 'done') continue;
    const attempts = (seen?.attempts ?? 0) + 1;
    const after = stateAfterFailure(result.fate, attempts, run.maxAttempts);
    await markPublication(run, council, publication, mode, { state: after, attempts, lastError: result.error });
    // A dead file is left to the anomaly log; anything that may heal holds the cursor until it does.
    if (after === 'failed') ok = false;
  }
  if (ok) {
    await crawl.putCouncilState({ urn: council.urn, publicationCount: page.publications.length, latestReportDate: provider.latestReportDate, lastVisitedAt: run.now().toISOString() });
  }
  return ok ? 'ok' : 'failed';
}
