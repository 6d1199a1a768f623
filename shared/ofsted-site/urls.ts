/**
 * URLs of the Ofsted reports site (domain.md, "Where the reports are"), against a
 * configurable base URL so local runs can point at the replay server. Pure.
 */

export const OFSTED_SITE_URL = 'https://reports.ofsted.gov.uk';
/** Hosts report files are served from, newest first. */
export const OFSTED_FILE_HOSTS = ['files.ofsted.gov.uk', 'files.api.ofsted.gov.uk', 'files.ofstednet.gov.uk'] as const;
/** Provider type of LA children's services in provider URLs (/provider/44/<URN>). */
export const LA_PROVIDER_TYPE = '44';
/** The most rows the search serves per page. */
export const LISTING_MAX_ROWS = 100;

/** Hosts an HTTP client crawling the real site must allow. */
export function ofstedAllowedHosts(): string[] {
  return [new URL(OFSTED_SITE_URL).hostname, ...OFSTED_FILE_HOSTS];
}

function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * How the listing's `latest_report_date_start`/`_end` parameters write a date.
 * The form the site accepts is confirmed nowhere: the one public scraper that
 * fills them writes "01-09-2009", so that is what we send. No poll depends on
 * the filter (the scan reads the whole listing); it is kept for ad hoc queries.
 * The replay server accepts this, "01/09/2009" and ISO dates.
 */
export function formatListingDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  if (!year || !month || !day) throw new Error(`not an ISO date: ${isoDate}`);
  return `${day}-${month}-${year}`;
}

export interface ListingQuery {
  baseUrl?: string;
  /** Offset of the first result (0-based). */
  start?: number;
  /** Results per page, at most 100. */
  rows?: number;
  /** Only providers whose latest report is on or after this ISO date. */
  latestReportFrom?: string | null;
  /** Only providers whose latest report is on or before this ISO date. */
  latestReportTo?: string | null;
}

/**
 * The LA children's services search:
 * `/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12[&latest_report_date_start=…&latest_report_date_end=…]&start=N&rows=100`.
 */
export function laListingUrl(query: ListingQuery = {}): string {
  const start = query.start ?? 0;
  const rows = query.rows ?? LISTING_MAX_ROWS;
  if (!Number.isInteger(start) || start < 0) throw new Error(`start must be a non-negative integer, got ${start}`);
  if (!Number.isInteger(rows) || rows < 1 || rows > LISTING_MAX_ROWS) throw new Error(`rows must be 1..${LISTING_MAX_ROWS}, got ${rows}`);
  let url = `${trimBase(query.baseUrl ?? OFSTED_SITE_URL)}/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12`;
  if (query.latestReportFrom || query.latestReportTo) {
    url += `&latest_report_date_start=${query.latestReportFrom ? encodeURIComponent(formatListingDate(query.latestReportFrom)) : ''}`;
    url += `&latest_report_date_end=${query.latestReportTo ? encodeURIComponent(formatListingDate(query.latestReportTo)) : ''}`;
  }
  return `${url}&start=${start}&rows=${rows}`;
}

/** `/provider/44/<URN>` on the base URL. */
export function providerPageUrl(urn: string, baseUrl: string = OFSTED_SITE_URL): string {
  if (!/^\d+$/.test(urn)) throw new Error(`not a URN: ${urn}`);
  return `${trimBase(baseUrl)}/provider/${LA_PROVIDER_TYPE}/${urn}`;
}

/** `{type, urn}` of a provider page URL or path (`/provider/<type>/<urn>`), or null. */
export function providerFromUrl(url: string, baseUrl: string = OFSTED_SITE_URL): { type: string; urn: string } | null {
  let pathname: string;
  try {
    pathname = new URL(url, baseUrl).pathname;
  } catch {
    return null;
  }
  const match = /^\/provider\/(\d+)\/(\d+)\/?$/.exec(pathname);
  return match ? { type: match[1]!, urn: match[2]! } : null;
}

/**
 * The Ofsted file id of a report link, or null when the URL is not a report file:
 * `https://files.ofsted.gov.uk/v1/file/<id>` (any host with that path, so the
 * replay server's own origin works too), and the older
 * `/provider/files/<id>/urn/<urn>.pdf` form.
 */
export function fileIdFromUrl(url: string, baseUrl: string = OFSTED_SITE_URL): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url, baseUrl);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  const match = /^\/v1\/file\/(\d+)\/?$/.exec(parsed.pathname) ?? /^\/provider\/files\/(\d+)\/urn\/\d+\.pdf$/i.exec(parsed.pathname);
  return match ? match[1]! : null;
}

/** Whether a URL is on one of Ofsted's report file hosts. */
export function isOfstedFileHost(url: string): boolean {
  try {
    return (OFSTED_FILE_HOSTS as readonly string[]).includes(new URL(url).hostname);
  } catch {
    return false;
  }
}
