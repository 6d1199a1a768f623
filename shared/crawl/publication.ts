/**
 * One publication of a council's provider page: fetch the file, read it, store
 * the record, detect and store its event, then mark it done (last of all, so a
 * crash at any point redoes the whole publication and loses nothing).
 */
import { createHash } from 'node:crypto';
import type { CouncilRef } from '../domain/council.ts';
import { errorCode, errorMessage, failureKind } from '../domain/errors.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { detectEvent } from './detect.ts';
import { downloadFailureFate, readFailureFate, recordAnomalies, unreadableFileAnomaly, type FailureFate } from './plan.ts';
import type { ListedPublication, PublicationSeen } from './ports.ts';
import type { ScanRun } from './run.ts';

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export type PublicationResult = { state: 'done' } | { state: 'failed'; fate: FailureFate; error: { code: string; message: string } };

/** Records what became of a publication; `done` is written last of all its writes. */
export function markPublication(
  run: ScanRun,
  council: CouncilRef,
  publication: ListedPublication,
  mode: 'baseline' | 'live',
  outcome: Pick<PublicationSeen, 'state' | 'attempts' | 'lastError'>,
): Promise<void> {
  return run.deps.crawl.putPublication({
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
  const { crawl, events, site, reader, logger } = run.deps;
  let bytes: Uint8Array;
  try {
    bytes = await site.fetchFile(publication.url);
  } catch (error) {
    logger.warn('report_download_failed', { council: council.name, urn: council.urn, url: publication.url, error: errorCode(error) });
    return { state: 'failed', fate: downloadFailureFate(failureKind(error)), error: { code: errorCode(error), message: errorMessage(error) } };
  }
  await run.step('after-file', publication.fileId);
  let facts;
  try {
    facts = await reader.read(bytes);
  } catch (error) {
    const failure = { code: errorCode(error), message: errorMessage(error) };
    await run.anomaly(unreadableFileAnomaly(council, publication, failure));
    return { state: 'failed', fate: readFailureFate(failure.code), error: failure };
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
  for (const anomaly of recordAnomalies(council, facts, record)) await run.anomaly(anomaly);
  await crawl.putInspection(record);
  run.summary.recordsWritten++;
  await run.step('after-record', publication.fileId);

  const event = detectEvent({ record, history: await crawl.listInspections(council.urn), mode, now: run.now().toISOString() });
  if (event) {
    const result = await events.record(event);
    run.summary.events[result.status]++;
    logger.info('event_recorded', { council: council.name, urn: council.urn, kind: event.kind, from: event.from, to: event.to, event: event.id, status: result.status });
  }
  await run.step('after-event', publication.fileId);
  await markPublication(run, council, publication, mode, { state: 'done', attempts: 0, lastError: null });
  await run.step('after-publication', publication.fileId);
  return { state: 'done' };
}
