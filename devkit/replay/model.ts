/** The data a replayed Ofsted site is generated from, and the site's queries over it. Pure. */
import { parseSiteDate } from '#shared/ofsted-site/dates.ts';

export interface ReplayCouncil {
  urn: string;
  /** Name as the site shows it, e.g. "Stockton-on-Tees Borough Council". */
  name: string;
  address?: string;
}

export interface ReplayPublication {
  urn: string;
  /** Ofsted file id: served at /v1/file/<fileId>. */
  fileId: string;
  /** Publication type text, e.g. "Children's services inspection". */
  type: string;
  /** Publication date, ISO (YYYY-MM-DD). */
  published: string;
  /** Inspection (event) date, ISO, when the page shows one. */
  eventDate?: string | null;
  /** The link's hidden text, when not "<type>, pdf - <published>" (older ones: "<type> as pdf - <date>"). */
  label?: string;
  /** File to serve (absolute, or relative to the server's baseDir). */
  pdfPath?: string;
  /** Bytes to serve (instead of pdfPath). With neither, the link is dead: "Report not found". */
  bytes?: Uint8Array;
}

export interface ReplaySiteModel {
  councils: ReplayCouncil[];
  publications: ReplayPublication[];
}

export interface ListedCouncil extends ReplayCouncil {
  /** Latest publication date, ISO, or null when the council has none. */
  latestReportDate: string | null;
}

export interface ListingSlice {
  total: number;
  start: number;
  rows: number;
  councils: ListedCouncil[];
}

/** Rows the search serves when none are asked for, and the most it serves. */
export const DEFAULT_ROWS = 10;
export const MAX_ROWS = 100;

export function latestReportDates(model: ReplaySiteModel): Map<string, string> {
  const latest = new Map<string, string>();
  for (const publication of model.publications) {
    const current = latest.get(publication.urn);
    if (!current || publication.published > current) latest.set(publication.urn, publication.published);
  }
  return latest;
}

/**
 * The LA listing for a search query: councils by name, filtered by their latest
 * report date (`latest_report_date_start`/`_end`, day-first UK dates or ISO),
 * paged by `start` and `rows` (at most 100).
 */
export function listingSlice(model: ReplaySiteModel, query: URLSearchParams): ListingSlice {
  const latest = latestReportDates(model);
  const from = parseSiteDate(query.get('latest_report_date_start'));
  const to = parseSiteDate(query.get('latest_report_date_end'));
  const matching = model.councils
    .map((council) => ({ ...council, latestReportDate: latest.get(council.urn) ?? null }))
    .filter((council) => {
      if (!from && !to) return true;
      if (!council.latestReportDate) return false;
      return (!from || council.latestReportDate >= from) && (!to || council.latestReportDate <= to);
    })
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB') || a.urn.localeCompare(b.urn));
  const start = Math.max(0, Number.parseInt(query.get('start') ?? '0', 10) || 0);
  const askedRows = Number.parseInt(query.get('rows') ?? '', 10);
  const rows = Math.min(MAX_ROWS, Math.max(1, Number.isNaN(askedRows) ? DEFAULT_ROWS : askedRows));
  return { total: matching.length, start, rows, councils: matching.slice(start, start + rows) };
}

/** A council's publications, newest first (as the site lists them). */
export function publicationsOf(model: ReplaySiteModel, urn: string): ReplayPublication[] {
  return model.publications
    .filter((publication) => publication.urn === urn)
    .sort((a, b) => b.published.localeCompare(a.published) || b.fileId.localeCompare(a.fileId));
}
