import { createHttpClient, type HttpClient } from '#shared/http/index.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { startReplaySite, type ReplaySite } from '#devkit/replay-site.ts';
import { fixtureCouncils, fixturePublications } from '#devkit/replay/fixture-model.ts';
import type { ReplayPublication } from '#devkit/replay/model.ts';
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { runOfstedScan, type Logger, type OfstedScanDeps, type ScanSummary } from '#shared/crawl/scan.ts';
import { httpOfstedSite } from '#shared/crawl/site.ts';

/** Fixture publications of the given council URNs (all of them when none given). */
export function publicationsOf(...urns: string[]): ReplayPublication[] {
  return fixturePublications().filter((publication) => urns.length === 0 || urns.includes(publication.urn));
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields?: Record<string, unknown>;
}

export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message, fields) => void lines.push({ level: 'info', message, fields }),
    warn: (message, fields) => void lines.push({ level: 'warn', message, fields }),
    error: (message, fields) => void lines.push({ level: 'error', message, fields }),
  };
}

export interface ScanHarness {
  db: LocalDynamo;
  site: ReplaySite;
  client: HttpClient;
  logger: ReturnType<typeof captureLogger>;
  scan(overrides?: Partial<OfstedScanDeps>): Promise<ScanSummary>;
  close(): Promise<void>;
}

/**
 * dynalite + the replay site (every current council, the given publications) +
 * the real HTTP client (no spacing, short retries) + the in-process report reader.
 */
export async function startScanHarness(
  publications: ReplayPublication[],
  options: { now?: () => Date; councils?: (urn: string) => boolean } = {},
): Promise<ScanHarness> {
  const db = await startLocalDynamo();
  const councils = fixtureCouncils(fixturePublications()).filter((council) => options.councils?.(council.urn) ?? true);
  const site = await startReplaySite({ model: { councils, publications } });
  const client = createHttpClient({
    version: 'test',
    contactUrl: 'https://example.org/ofsted-watch',
    allowedHosts: [site.host],
    perHostIntervalMs: 0,
    headersTimeoutMs: 300,
    bodyTimeoutMs: 1_000,
    retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20, maxTotalWaitMs: 5_000 },
    logger: () => undefined,
  });
  const logger = captureLogger();
  const reader = inProcessReportReader();
  return {
    db,
    site,
    client,
    logger,
    scan: (overrides = {}) =>
      runOfstedScan({ table: db, site: httpOfstedSite(client, site.origin), reader, logger, ...(options.now ? { now: options.now } : {}), ...overrides }),
    close: async () => {
      await client.close();
      await site.close();
      await db.close();
    },
  };
}

/** A clock tests move by hand: `clock.set('2019-07-02')`. */
export function manualClock(start: string) {
  let current = new Date(`${start}T09:00:00Z`);
  return {
    now: () => current,
    set: (day: string) => {
      current = new Date(`${day}T09:00:00Z`);
    },
  };
}
