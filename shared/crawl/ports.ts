/**
 * What the Ofsted scan needs from the outside world: the site (over HTTP:
 * site.ts; tests use the local replay site through the same shell), the report
 * reader (reader.ts) and its crawl state (DynamoDB: store.ts, dynamoScanStores).
 * The scan takes these interfaces, never the table.
 */
import type { InspectionRecord, ReportFacts } from '../domain/inspection.ts';
import { WatchError } from '../domain/errors.ts';

export interface ListedProvider {
  urn: string;
  name: string;
  /** Latest report date the listing shows for this provider (YYYY-MM-DD), if it shows one. */
  latestReportDate: string | null;
}

export interface ListedPublication {
  fileId: string;
  url: string;
  /** Publication type text, e.g. "Children's services focused visit". */
  type: string;
  published: string | null;
  eventDate: string | null;
}

export interface OfstedSite {
  /** Every LA children's services provider in the listing (unfiltered), following pagination. */
  listProviders(): Promise<ListedProvider[]>;
  /** The publications on a provider page, and the page's URL. */
  listPublications(urn: string): Promise<{ providerUrl: string; publications: ListedPublication[] }>;
  /** A report file's bytes (whatever they are: the caller checks they are a PDF). */
  fetchFile(url: string): Promise<Uint8Array>;
}

export interface ReportReader {
  /** Bytes in, facts out; throws an error with a `code` (not_pdf, damaged_pdf, too_large, timeout) when it cannot. */
  read(bytes: Uint8Array): Promise<ReportFacts>;
  /** Changes whenever extraction rules change, so records can be re-derived. */
  version: string;
}

/** A page that no longer looks like the page we know: an anomaly, never "nothing new". */
export class SiteLayoutError extends WatchError<'site_layout'> {
  override name = 'SiteLayoutError';
  readonly url: string;
  constructor(message: string, url: string) {
    super('site_layout', message);
    this.url = url;
  }
}

// ---- crawl state ---------------------------------------------------------------

export type PublicationState = 'done' | 'failed' | 'dead';

export interface PublicationSeen {
  urn: string;
  fileId: string;
  url: string;
  publicationType: string;
  published: string | null;
  state: PublicationState;
  attempts: number;
  lastError: { code: string; message: string } | null;
  /** Whether it was recorded as part of the baseline (no events). */
  baseline: boolean;
  updatedAt: string;
}

export interface CouncilScanState {
  urn: string;
  /** Publications found on the provider page at the last successful visit. */
  publicationCount: number;
  /** The latest report date the listing showed when the provider page was last processed. */
  latestReportDate: string | null;
  lastVisitedAt: string;
}

export type AnomalyKind =
  | 'listing_short'
  | 'listing_layout'
  | 'provider_layout'
  | 'provider_empty'
  | 'unknown_provider'
  | 'file_not_pdf'
  | 'report_unreadable'
  | 'missing_grade'
  | 'council_mismatch';

export interface Anomaly {
  kind: AnomalyKind;
  message: string;
  urn?: string;
  url?: string;
  at: string;
}

export interface ScanCursor {
  /** False until the first complete scan has recorded the history as a baseline. */
  baselineDone: boolean;
  lastSuccessAt: string | null;
  version: number;
}

/** The scan's own state. Every write is idempotent. */
export interface CrawlStore {
  getCursor(): Promise<ScanCursor>;
  /** Moves the cursor; false (nothing written) when another run moved it meanwhile (optimistic lock). */
  advanceCursor(from: ScanCursor, to: Omit<ScanCursor, 'version'>): Promise<boolean>;
  /** The day the watch began: recorded by the first scan, never changed; returns the stored day. */
  startWatch(today: string): Promise<string>;
  /** Scan state of many councils at once, by URN. */
  councilStates(urns: readonly string[]): Promise<Map<string, CouncilScanState>>;
  putCouncilState(state: CouncilScanState): Promise<void>;
  getPublication(urn: string, fileId: string): Promise<PublicationSeen | undefined>;
  putPublication(publication: PublicationSeen): Promise<void>;
  /** Stores an inspection record (the same report again replaces it). */
  putInspection(record: InspectionRecord): Promise<void>;
  listInspections(urn: string): Promise<InspectionRecord[]>;
  /** Records an anomaly once per kind and subject per day; true when it was new today. */
  recordAnomaly(anomaly: Anomaly): Promise<boolean>;
}
