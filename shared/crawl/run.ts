/** What one Ofsted scan run is given, and what its steps share. */
import type { Logger } from '../runtime/log.ts';
import type { RunLease } from '../store/lease.ts';
import type { EventStore } from '../events/ports.ts';
import type { CrawlStore, OfstedSite, ReportReader } from './ports.ts';
import type { AnomalyDraft } from './plan.ts';

/** Named points between steps, for tests that crash the scan there and re-run it. */
export type ScanStep = 'after-listing' | 'after-provider-page' | 'after-file' | 'after-record' | 'after-event' | 'after-publication' | 'before-cursor';

export interface OfstedScanDeps {
  /** The scan's own state (dynamoScanStores in production). */
  crawl: CrawlStore;
  events: EventStore;
  site: OfstedSite;
  reader: ReportReader;
  logger: Logger;
  /** One run at a time (dynamoScanStores gives the table's); default: none. */
  lease?: RunLease;
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
  /** Another run held the scan: this one did nothing. */
  skipped: boolean;
}

/** What one run's steps share: the dependencies with defaults filled in, the summary and the anomaly recorder. */
export interface ScanRun {
  deps: OfstedScanDeps;
  now: () => Date;
  step: NonNullable<OfstedScanDeps['onStep']>;
  maxAttempts: number;
  summary: ScanSummary;
  anomaly(entry: AnomalyDraft): Promise<void>;
  outOfTime(): boolean;
  /** The day the watch began (YYYY-MM-DD): what was published by then is baseline. */
  watchStartedOn: string;
}
