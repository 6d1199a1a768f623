/**
 * One publication of a council's provider page: fetch the file, read it, store
 * the record, detect and store its event, then mark it done (last of all, so a
 * crash at any point redoes the whole publication and loses nothing).
 */
import { createHash } from 'node:crypto';
import type { CouncilRef } from '../domain/council.ts';
import { gradeMissing, type InspectionRecord } from '../domain/inspection.ts';
import { recordEvent } from '../events/store.ts';
import { detectEvent } from './detect.ts';
import { errorCode, isRetryable, type ListedPublication } from './ports.ts';
import type { ScanRun } from './run.ts';
import { listInspections, putInspection, putPublication, type PublicationSeen } from './store.ts';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * What becomes of a publication that failed: `dead` at once (Ofsted's "Report not found"
 * page, a file over the size cap), `retry_a_few_times` (a refused request, a damaged
 * file that may have been a bad transfer), or `retry` until it works (network, 429, 5xx, timeouts).
 */
export type FailureFate = 'dead' | 'retry_a_few_times' | 'retry';
export type PublicationResult = { state: 'done' } | { state: 'failed'; fate: FailureFate; error: { code: string; message: string } };

const DEAD_AT_ONCE = new Set(['not_pdf', 'too_large']);

/** Records what became of a publication; `done` is written last of all its writes. */
export function markPublication(
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

export async function processPublication(
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
  // The 2026 framework has no overall grade: only a report that should have one, or has no grades at all, is an anomaly.
  if (gradeMissing(record)) {
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
