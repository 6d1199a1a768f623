/**
 * What one Ofsted scan run is given and shares between its steps, and which
 * publications it records as baseline rather than news.
 */
import type { TableRef } from '../store/client.ts';
import type { OfstedSite, ReportReader } from './ports.ts';
import type { Anomaly } from './store.ts';

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

/** What one run's steps share: the dependencies with defaults filled in, the summary and the anomaly recorder. */
export interface ScanRun {
  deps: OfstedScanDeps;
  now: () => Date;
  step: NonNullable<OfstedScanDeps['onStep']>;
  maxAttempts: number;
  summary: ScanSummary;
  anomaly(entry: Omit<Anomaly, 'at'>): Promise<void>;
  outOfTime(): boolean;
  /** The day the watch began (YYYY-MM-DD): what was published by then is baseline. */
  watchStartedOn: string;
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
