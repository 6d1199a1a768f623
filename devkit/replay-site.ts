/**
 * A local replay of the Ofsted reports site: a real HTTP server (node:http) on
 * 127.0.0.1 generated from a data model (councils and publications). It serves:
 *
 * - `/search?…&start=N&rows=M` — the LA listing (by name, at most 100 rows a
 *   page, `latest_report_date_start`/`_end` filter on each council's latest
 *   publication date, UK day-first or ISO dates);
 * - `/provider/44/<URN>` — provider pages, newest publication first, in the
 *   newer `li.timeline__day` markup (default) or the older `span.nonvisual` one;
 * - `/v1/file/<id>` — report files: real PDF bytes, or the real "Report not
 *   found" page with status 200 for a dead link, as Ofsted does;
 * - `/robots.txt`.
 *
 * Report files live on another host in reality (files.ofsted.gov.uk). Here the
 * provider pages link them on the replay server's own origin
 * (`http://127.0.0.1:PORT/v1/file/<id>`), so an HTTP client whose allowlist is
 * just the replay host can crawl everything.
 *
 * Between runs, `publish()` adds a publication, and `setAsOf(day)` (or
 * `POST /_replay/as-of` with `{"asOf": "YYYY-MM-DD"}`, as `ofsted-watch invoke
 * --now` does) shows the site as it stood at the end of that day: only what was
 * published by then. `dateForms` says which ways of writing the listing's
 * filter dates it honours (it ignores the others, as a site might). `requestLog`
 * records every request but those to `/_replay/`. `inject()` adds faults by path or pattern: a status (429 with
 * Retry-After, 500 N times then success…), a hang, a connection reset, a
 * truncated body, HTML where a PDF should be, a changed provider-page layout,
 * a redirect.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { resolve as resolvePath } from 'node:path';
import { laListingUrl, LISTING_DATE_FORMS, providerPageUrl, type ListingDateForm, type ListingQuery } from '#shared/ofsted-site/urls.ts';
import { renderListingPage, renderNotFoundPage, renderProviderPage, type ProviderMarkup } from './replay/markup.ts';
import { asStoodOn, listingSlice, publicationsOf, type ReplayCouncil, type ReplayPublication, type ReplaySiteModel } from './replay/model.ts';
import { listenOnLoopback } from './listen.ts';
import { addFault, faultFor, matches, type FaultHandle, type FaultRule, type ReplayFault } from './replay/faults.ts';

export type { ProviderMarkup } from './replay/markup.ts';
export type { FaultHandle, ReplayFault } from './replay/faults.ts';
export type { ReplayCouncil, ReplayPublication, ReplaySiteModel } from './replay/model.ts';

/** The real page Ofsted's file server answers a dead report link with (status 200). */
export const REPORT_NOT_FOUND_PATH = new URL('../tests/fixtures/ofsted-site/report-not-found.html', import.meta.url);

export interface RequestLogEntry {
  method: string;
  /** Path and query, as requested. */
  path: string;
  /** When the request arrived, ms since the epoch. */
  time: number;
  userAgent: string | undefined;
  /** The fault applied, if any. */
  fault?: ReplayFault['kind'];
  /** Status sent (undefined for hangs and resets). */
  status?: number;
}

export interface ReplaySiteOptions {
  model: ReplaySiteModel;
  /** Default 0 (any free port). Always bound to 127.0.0.1. */
  port?: number;
  /** Provider page markup. Default 'timeline'. */
  markup?: ProviderMarkup;
  /** robots.txt body. Default allows everything. */
  robotsTxt?: string;
  /** Folder relative `pdfPath`s are resolved against. Default: the current directory. */
  baseDir?: string;
  /** Show the site as it stood at the end of this day (YYYY-MM-DD). Default: everything in the model. */
  asOf?: string | null;
  /** The listing filter's date forms it honours. Default: all three; [] ignores the filter. */
  dateForms?: readonly ListingDateForm[];
}

export interface ReplaySite {
  /** "http://127.0.0.1:PORT" — the base URL of everything, report files included. */
  readonly origin: string;
  /** "127.0.0.1:PORT" — the one host an HTTP client needs to allow. */
  readonly host: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requestLog: RequestLogEntry[];
  /** Requests whose path (with query) equals `path`, or starts with it when it ends in "*", or matches the RegExp. */
  requestsTo(match: string | RegExp): RequestLogEntry[];
  /** Adds (or replaces, by fileId) a publication; its council must exist or be added first. */
  publish(publication: ReplayPublication): void;
  addCouncil(council: ReplayCouncil): void;
  /** Faults apply to requests matching `match` (as in requestsTo), `times` times (default: always), newest rule first. */
  inject(match: string | RegExp, fault: ReplayFault, options?: { times?: number }): FaultHandle;
  clearFaults(): void;
  setMarkup(markup: ProviderMarkup): void;
  /** Shows the site as it stood at the end of `day` (YYYY-MM-DD), or everything (null). */
  setAsOf(day: string | null): void;
  asOf(): string | null;
  /** URL builders on this server's origin. */
  listingUrl(query?: Omit<ListingQuery, 'baseUrl'>): string;
  providerUrl(urn: string): string;
  fileUrl(fileId: string): string;
  close(): Promise<void>;
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const HTML = 'text/html; charset=utf-8';

/** A day (YYYY-MM-DD) or null; anything else is refused. */
function checkDay(day: unknown): string | null {
  if (day === null) return null;
  if (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day))) throw new Error(`asOf must be a day written YYYY-MM-DD, or null (got ${JSON.stringify(day)})`);
  return day;
}

export async function startReplaySite(options: ReplaySiteOptions): Promise<ReplaySite> {
  const model: ReplaySiteModel = { councils: [...options.model.councils], publications: [...options.model.publications] };
  const baseDir = options.baseDir ?? process.cwd();
  let markup: ProviderMarkup = options.markup ?? 'timeline';
  const robotsTxt = options.robotsTxt ?? 'User-agent: *\nAllow: /\n';
  const rules: FaultRule[] = [];
  const requestLog: RequestLogEntry[] = [];
  let notFoundPage: Buffer | undefined;
  let origin = '';
  let asOf = checkDay(options.asOf ?? null);
  const dateForms = options.dateForms ?? LISTING_DATE_FORMS;

  const reportNotFound = async (): Promise<Reply> => {
    notFoundPage ??= await readFile(REPORT_NOT_FOUND_PATH);
    return { status: 200, headers: { 'content-type': HTML }, body: notFoundPage };
  };
  const html = (status: number, text: string): Reply => ({ status, headers: { 'content-type': HTML }, body: Buffer.from(text, 'utf8') });
  const fileUrl = (fileId: string) => `${origin}/v1/file/${encodeURIComponent(fileId)}`;

  async function route(url: URL, pageMarkup: ProviderMarkup): Promise<Reply> {
    const shown = asStoodOn(model, asOf);
    if (url.pathname === '/robots.txt') return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(robotsTxt) };
    if (url.pathname === '/search') return html(200, renderListingPage(listingSlice(shown, url.searchParams, dateForms), url));
    const provider = /^\/provider\/44\/(\d+)\/?$/.exec(url.pathname);
    if (provider) {
      const council = model.councils.find((candidate) => candidate.urn === provider[1]);
      if (!council) return html(404, renderNotFoundPage(url.pathname));
      return html(200, renderProviderPage(council, publicationsOf(shown, council.urn), { markup: pageMarkup, origin, fileUrl }));
    }
    const file = /^\/v1\/file\/([^/]+)$/.exec(url.pathname);
    if (file) {
      const publication = shown.publications.find((candidate) => candidate.fileId === decodeURIComponent(file[1]!));
      let bytes: Buffer | undefined;
      if (publication?.bytes) bytes = Buffer.from(publication.bytes);
      else if (publication?.pdfPath) bytes = await readFile(resolvePath(baseDir, publication.pdfPath)).catch(() => undefined);
      if (!bytes) return reportNotFound();
      const isPdf = bytes.subarray(0, 5).toString('latin1') === '%PDF-';
      return { status: 200, headers: { 'content-type': isPdf ? 'application/pdf' : HTML }, body: bytes };
    }
    return html(404, renderNotFoundPage(url.pathname));
  }

  function send(res: ServerResponse, entry: RequestLogEntry, reply: Reply): void {
    entry.status = reply.status;
    res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
    res.end(reply.body);
  }

  /** `/_replay/as-of`: GET says the day shown, POST {"asOf": "YYYY-MM-DD" | null} sets it. */
  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path !== '/_replay/as-of') return json(404, { error: 'no such control' });
    if (req.method === 'POST') {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      try {
        asOf = checkDay((JSON.parse(Buffer.concat(chunks).toString('utf8')) as { asOf?: unknown }).asOf ?? null);
      } catch (error) {
        return json(400, { error: (error as Error).message });
      }
    }
    return json(200, { asOf, reports: asStoodOn(model, asOf).publications.length });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = req.url ?? '/';
    if (path.startsWith('/_replay/')) return control(req, res, path);
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path, time: Date.now(), userAgent: req.headers['user-agent'] };
    requestLog.push(entry);
    const url = new URL(path, origin);
    const fault = faultFor(rules, path);
    if (fault) entry.fault = fault.kind;

    switch (fault?.kind) {
      case 'hang':
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'status':
        return send(res, entry, {
          status: fault.status,
          headers: { 'content-type': 'text/plain; charset=utf-8', ...(fault.retryAfter === undefined ? {} : { 'retry-after': fault.retryAfter }) },
          body: Buffer.from(fault.body ?? `status ${fault.status}`),
        });
      case 'redirect':
        return send(res, entry, { status: fault.status ?? 302, headers: { location: fault.location }, body: Buffer.alloc(0) });
      case 'html_instead_of_pdf':
        return send(res, entry, await reportNotFound());
      case 'truncate': {
        const reply = await route(url, markup);
        const keep = Math.min(reply.body.length - 1, fault.keepBytes ?? Math.floor(reply.body.length / 2));
        entry.status = reply.status;
        res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
        res.write(reply.body.subarray(0, Math.max(0, keep)), () => req.socket.destroy());
        return;
      }
      case 'layout':
        return send(res, entry, await route(url, fault.markup));
      default:
        return send(res, entry, await route(url, markup));
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`replay site error: ${error instanceof Error ? error.message : String(error)}`);
      } else res.destroy();
    });
  });
  const { port } = await listenOnLoopback(server, options.port);
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    host: `127.0.0.1:${port}`,
    port,
    requestLog,
    requestsTo: (match) => requestLog.filter((entry) => matches(match, entry.path)),
    publish(publication) {
      if (!model.councils.some((council) => council.urn === publication.urn)) {
        throw new Error(`replay site: no council with URN ${publication.urn}; addCouncil first`);
      }
      const index = model.publications.findIndex((existing) => existing.fileId === publication.fileId);
      if (index >= 0) model.publications[index] = publication;
      else model.publications.push(publication);
    },
    addCouncil(council) {
      const index = model.councils.findIndex((existing) => existing.urn === council.urn);
      if (index >= 0) model.councils[index] = council;
      else model.councils.push(council);
    },
    inject: (match, fault, injectOptions = {}) => addFault(rules, match, fault, injectOptions.times),
    clearFaults: () => {
      rules.length = 0;
    },
    setMarkup: (next) => {
      markup = next;
    },
    setAsOf: (day) => {
      asOf = checkDay(day);
    },
    asOf: () => asOf,
    listingUrl: (query = {}) => laListingUrl({ ...query, baseUrl: origin }),
    providerUrl: (urn) => providerPageUrl(urn, origin),
    fileUrl,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
