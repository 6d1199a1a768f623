/**
 * What the Ofsted scan needs from the outside world. The shell (shared/crawl/site.ts)
 * implements these over HTTP; tests can use the local replay site through the same shell.
 */
import type { ReportFacts } from '../domain/inspection.ts';

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
export class SiteLayoutError extends Error {
  override name = 'SiteLayoutError';
  readonly url: string;
  constructor(message: string, url: string) {
    super(message);
    this.url = url;
  }
}

/** Whether an error from a port is worth retrying on a later run (network, 429, 5xx, timeouts). */
export function isRetryable(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === true;
}

export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  return typeof code === 'string' ? code : error instanceof Error ? error.name : 'unknown';
}
