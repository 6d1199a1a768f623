/**
 * The scheduled Ofsted scan: find new publications for every council, record
 * them, detect downgrades and urgent actions. Safe to re-run after a crash at any
 * point: each publication is marked done only after its record and event are
 * written, every write is idempotent, and the cursor moves only when a whole run
 * succeeded.
 */
import { councilRef, type CouncilRef } from '../domain/council.ts';
import { councilByUrn, currentCouncils } from '../register/register.ts';
import { errorCode, isRetryable, SiteLayoutError, type ListedProvider, type ListedPublication, type OfstedSite } from './ports.ts';
import { markPublication, processPublication } from './publication.ts';
import { publicationMode, type OfstedScanDeps, type ScanRun, type ScanSummary } from './run.ts';
import {
  advanceCursor,
  getCouncilStates,
  getCursor,
  getPublication,
  putCouncilState,
  recordAnomaly,
  startWatch,
  type CouncilScanState,
  type ScanCursor,
} from './store.ts';

export type { Logger, OfstedScanDeps, ScanStep, ScanSummary } from './run.ts';

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function oldestFirst(a: ListedPublication, b: ListedPublication): number {
  return (a.published ?? '').localeCompare(b.published ?? '') || a.fileId.localeCompare(b.fileId);
}

/** Listing counts below this share of the register mean the listing is broken, not that councils vanished. */
const LISTING_MIN_SHARE = 0.9;

export async function runOfstedScan(deps: OfstedScanDeps): Promise<ScanSummary> {
  const { table, site, reader, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const step = deps.onStep ?? (() => undefined);
  const maxAttempts = deps.maxAttemptsPerFile ?? 3;
  const startedAt = now();
  const today = isoDay(startedAt);

  const cursor = await getCursor(table);
  const mode = cursor.baselineDone ? 'live' : 'baseline';
  const watchStartedOn = await startWatch(table, today);
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
    watchStartedOn,
  };
  const { anomaly, outOfTime } = run;

  logger.info('ofsted scan started', { mode, watchStartedOn });
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
    const outcome = await scanCouncil(run, councilRef(council), provider, state);
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
  state: CouncilScanState | undefined,
): Promise<'ok' | 'failed' | 'deferred'> {
  const knownPublications = state?.publicationCount ?? 0;
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
    // What was published before the watch began is history, whenever this council's page is first read.
    const mode = publicationMode(publication.published, run.watchStartedOn, state !== undefined, summary.mode);
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
