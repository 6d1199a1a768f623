import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient, type HttpClientOptions } from '#shared/http/client.ts';
import { HttpError } from '#shared/http/errors.ts';
import { fixtureFileId, fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { startReplaySite, type ReplaySite, type ReplaySiteModel, type ReplaySiteOptions } from '#devkit/replay-site.ts';
import { parseListingPage, type ListingProvider } from '#shared/ofsted-site/listing.ts';
import { parseProviderPage } from '#shared/ofsted-site/provider-page.ts';

const REPORTS = new URL('./fixtures/ofsted-reports/', import.meta.url);
const STOCKTON_2016 = 'tests/fixtures/ofsted-reports/80563_stockton-on-tees/2016-08-05_sif.pdf';
const STOCKTON_2019 = 'tests/fixtures/ofsted-reports/80563_stockton-on-tees/2019-07-01_ilacs.pdf';
const NOT_FOUND_HTML = readFileSync(new URL('./fixtures/ofsted-site/report-not-found.html', import.meta.url));

function smallModel(): ReplaySiteModel {
  return {
    councils: [
      { urn: '80563', name: 'Stockton-on-Tees Borough Council' },
      { urn: '80564', name: 'Stoke-on-Trent City Council' },
      { urn: '80569', name: 'Tameside Metropolitan Borough Council' },
    ],
    publications: [
      { urn: '80563', fileId: '2598741', type: "Children's services inspection", published: '2016-08-05', eventDate: '2016-06-06', pdfPath: STOCKTON_2016 },
      { urn: '80564', fileId: '50000001', type: "Children's services inspection", published: '2015-09-10', eventDate: null },
      { urn: '80564', fileId: '50000002', type: "Children's services focused visit", published: '2023-02-01', eventDate: '2022-12-06', bytes: Buffer.from('%PDF-1.4 tiny') },
    ],
  };
}

const sites: ReplaySite[] = [];
const clients: HttpClient[] = [];

async function site(options: Partial<ReplaySiteOptions> = {}): Promise<ReplaySite> {
  const started = await startReplaySite({ model: smallModel(), ...options });
  sites.push(started);
  return started;
}

function clientFor(replay: ReplaySite, options: Partial<HttpClientOptions> = {}): HttpClient {
  const http = createHttpClient({
    version: '0.1.0',
    contactUrl: 'https://example.org/ofsted-watch',
    allowedHosts: [replay.host],
    perHostIntervalMs: 0,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    logger: () => undefined,
    ...options,
  });
  clients.push(http);
  return http;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((http) => http.close()));
  await Promise.all(sites.splice(0).map((replay) => replay.close()));
});

async function listAll(http: HttpClient, firstUrl: string): Promise<{ providers: ListingProvider[]; pages: number; total: number | null }> {
  const providers: ListingProvider[] = [];
  let url: string | null = firstUrl;
  let pages = 0;
  let total: number | null = null;
  while (url) {
    const page = parseListingPage((await http.get(url)).text(), url);
    if (!page.ok) throw new Error(page.detail);
    providers.push(...page.providers);
    total = page.total;
    url = page.nextPageUrl;
    pages += 1;
  }
  return { providers, pages, total };
}

describe('replay site: listing', () => {
  it('pages the 153 fixture councils 100 at a time, as the real search does', async () => {
    const replay = await site({ model: fixtureSiteModel() });
    const http = clientFor(replay);
    const { providers, pages, total } = await listAll(http, replay.listingUrl());
    expect(total).toBeGreaterThanOrEqual(153);
    expect(pages).toBe(2);
    expect(providers).toHaveLength(total!);
    expect(new Set(providers.map((provider) => provider.urn)).size).toBe(total);
    const stockton = providers.find((provider) => provider.urn === '80563');
    expect(stockton).toMatchObject({ name: 'Stockton-on-Tees', latestReportDate: '2023-05-09', providerUrl: `${replay.origin}/provider/44/80563` });
    expect(replay.requestsTo('/search')).toHaveLength(2);

    const capped = parseListingPage((await http.get(replay.listingUrl().replace('rows=100', 'rows=500'))).text(), replay.origin);
    expect(capped.ok && capped.providers.length).toBe(100);
  });

  it('filters by latest report date, and a publication moves a council into the filter', async () => {
    const replay = await site();
    const http = clientFor(replay);
    const since2020 = replay.listingUrl({ latestReportFrom: '2020-01-01' });
    expect(since2020).toContain('latest_report_date_start=01-01-2020');
    let page = parseListingPage((await http.get(since2020)).text(), since2020);
    expect(page.ok && page.providers.map((provider) => [provider.urn, provider.latestReportDate])).toEqual([['80564', '2023-02-01']]);

    replay.publish({ urn: '80563', fileId: '50095123', type: "Children's services inspection", published: '2019-07-01', pdfPath: STOCKTON_2019 });
    replay.publish({ urn: '80569', fileId: '50300000', type: "Children's services focused visit", published: '2024-03-27', bytes: Buffer.from('%PDF-1.7') });
    page = parseListingPage((await http.get(since2020)).text(), since2020);
    expect(page.ok && page.providers.map((provider) => provider.urn)).toEqual(['80564', '80569']);

    for (const form of ['2019-01-01', '01/01/2019', '01-01-2019']) {
      const filter = `${replay.origin}/search?latest_report_date_start=${encodeURIComponent(form)}&latest_report_date_end=31-12-2019&rows=100`;
      page = parseListingPage((await http.get(filter)).text(), filter);
      expect(page.ok && page.providers.map((provider) => provider.urn)).toEqual(['80563']);
    }

    const none = replay.listingUrl({ latestReportFrom: '2030-01-01' });
    expect(parseListingPage((await http.get(none)).text(), none)).toEqual({ ok: true, providers: [], total: 0, nextPageUrl: null });
  });
});

describe('replay site: provider pages and files', () => {
  it('draws provider pages in the newer timeline markup, newest first', async () => {
    const replay = await site();
    const http = clientFor(replay);
    const page = parseProviderPage((await http.get(replay.providerUrl('80564'))).text(), replay.providerUrl('80564'));
    expect(page).toMatchObject({ ok: true, urn: '80564', name: 'Stoke-on-Trent City Council', layout: 'timeline' });
    expect(page.ok && page.publications).toEqual([
      { fileId: '50000002', url: replay.fileUrl('50000002'), type: "Children's services focused visit", published: '2023-02-01', eventDate: '2022-12-06' },
      { fileId: '50000001', url: replay.fileUrl('50000001'), type: "Children's services inspection", published: '2015-09-10', eventDate: null },
    ]);
  });

  it('keeps the older nonvisual markup as an option, and the drifted markup parses the same', async () => {
    const replay = await site({ markup: 'nonvisual' });
    const http = clientFor(replay);
    const url = replay.providerUrl('80564');
    const older = parseProviderPage((await http.get(url)).text(), url);
    expect(older).toMatchObject({ ok: true, layout: 'nonvisual' });
    expect(older.ok && older.publications.map((publication) => [publication.fileId, publication.type, publication.published, publication.eventDate])).toEqual([
      ['50000002', "Children's services focused visit", '2023-02-01', null],
      ['50000001', "Children's services inspection", '2015-09-10', null],
    ]);

    replay.setMarkup('drifted');
    const drifted = parseProviderPage((await http.get(url)).text(), url);
    expect(drifted).toMatchObject({ ok: true, layout: 'links' });
    expect(drifted.ok && drifted.publications.map((publication) => [publication.fileId, publication.type, publication.published, publication.eventDate])).toEqual([
      ['50000002', "Children's services focused visit", '2023-02-01', '2022-12-06'],
      ['50000001', "Children's services inspection", '2015-09-10', null],
    ]);
  });

  it('detects a changed layout injected on one provider page', async () => {
    const replay = await site();
    const http = clientFor(replay);
    const handle = replay.inject('/provider/44/80564', { kind: 'layout', markup: 'broken' }, { times: 1 });
    const url = replay.providerUrl('80564');
    expect(parseProviderPage((await http.get(url)).text(), url)).toMatchObject({ ok: false, problem: 'layout_changed', urn: '80564' });
    expect(handle.remaining()).toBe(0);
    expect(parseProviderPage((await http.get(url)).text(), url)).toMatchObject({ ok: true });
  });

  it('serves real PDF bytes, the real "Report not found" page for a dead link, and HTML instead of a PDF on demand', async () => {
    const replay = await site();
    const http = clientFor(replay);
    const pdf = await http.get(replay.fileUrl('2598741'));
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.body.equals(readFileSync(new URL('80563_stockton-on-tees/2016-08-05_sif.pdf', REPORTS)))).toBe(true);

    const dead = await http.get(replay.fileUrl('50000001')); // a publication with no file
    expect(dead.status).toBe(200);
    expect(dead.body.equals(NOT_FOUND_HTML)).toBe(true);
    expect((await http.get(replay.fileUrl('99999999'))).body.equals(NOT_FOUND_HTML)).toBe(true);

    replay.inject('/v1/file/2598741', { kind: 'html_instead_of_pdf' }, { times: 1 });
    const html = await http.get(replay.fileUrl('2598741'));
    expect(html.status).toBe(200);
    expect(html.body.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect(html.text()).toContain('Report not found');
  });

  it('adds a publication between runs (Stockton-on-Tees: 2019 over 2016)', async () => {
    const replay = await site({ model: fixtureSiteModel({ until: '2019-01-01' }) });
    const http = clientFor(replay);
    const url = replay.providerUrl('80563');
    const before = parseProviderPage((await http.get(url)).text(), url);
    expect(before.ok && before.publications.map((publication) => publication.published)).toEqual(['2016-08-05']);
    const fileId = fixtureFileId('80563_stockton-on-tees/2019-07-01_ilacs.pdf');
    replay.publish({ urn: '80563', fileId, type: "Children's services inspection", published: '2019-07-01', eventDate: '2019-05-20', pdfPath: STOCKTON_2019 });
    const after = parseProviderPage((await http.get(url)).text(), url);
    expect(after.ok && after.publications.map((publication) => [publication.fileId, publication.published])).toEqual([
      [fileId, '2019-07-01'],
      [fixtureFileId('80563_stockton-on-tees/2016-08-05_sif.pdf'), '2016-08-05'],
    ]);
    expect((await http.get(replay.fileUrl(fileId))).body.subarray(0, 5).toString()).toBe('%PDF-');
    expect(() => replay.publish({ urn: '1', fileId: '1', type: 'x', published: '2020-01-01' })).toThrow(/no council/);
  });

  it('logs every request with its path and time', async () => {
    const replay = await site();
    const http = clientFor(replay);
    const before = Date.now();
    await http.get(replay.providerUrl('80563'));
    await http.get(replay.providerUrl('80563'));
    expect(replay.requestLog.map((entry) => entry.path)).toEqual(['/robots.txt', '/provider/44/80563', '/provider/44/80563']);
    expect(replay.requestLog.every((entry) => entry.time >= before && entry.status === 200 && entry.userAgent === http.userAgent)).toBe(true);
    expect(replay.requestsTo('/provider/*')).toHaveLength(2);
    expect(replay.requestsTo(/robots/)).toHaveLength(1);
  });
});

describe('replay site: faults through the HTTP client', () => {
  it('429 with Retry-After is honoured', async () => {
    const replay = await site();
    const waits: number[] = [];
    let clock = Date.now();
    const http = clientFor(replay, {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms; // a fake sleep moves the fake clock
      },
    });
    replay.inject('/provider/44/80563', { kind: 'status', status: 429, retryAfter: '7' }, { times: 1 });
    const response = await http.get(replay.providerUrl('80563'));
    expect(response.attempts).toBe(2);
    expect(waits).toContain(7000);
    expect(replay.requestsTo('/provider/44/80563').map((entry) => entry.status)).toEqual([429, 200]);
  });

  it('500 N times then success', async () => {
    const replay = await site();
    const http = clientFor(replay);
    replay.inject('/search', { kind: 'status', status: 500 }, { times: 3 });
    const response = await http.get(replay.listingUrl());
    expect(response.attempts).toBe(4);
    expect(replay.requestsTo('/search').map((entry) => entry.fault ?? 'none')).toEqual(['status', 'status', 'status', 'none']);
  });

  it('a hang times out', async () => {
    const replay = await site();
    const http = clientFor(replay, { headersTimeoutMs: 200, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    replay.inject('/provider/44/80563', { kind: 'hang' });
    await expect(http.get(replay.providerUrl('80563'))).rejects.toMatchObject({ code: 'timeout', retryable: true, attempts: 2 });
  });

  it('a connection reset is retried', async () => {
    const replay = await site();
    const http = clientFor(replay);
    replay.inject('/v1/file/2598741', { kind: 'reset' }, { times: 1 });
    const response = await http.get(replay.fileUrl('2598741'));
    expect(response.attempts).toBe(2);
    expect(response.body.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('a truncated PDF is detected, retryable, and retried to the whole file', async () => {
    const replay = await site();
    const http = clientFor(replay, { retry: { maxAttempts: 1 } });
    replay.inject('/v1/file/2598741', { kind: 'truncate' }, { times: 1 });
    await expect(http.get(replay.fileUrl('2598741'))).rejects.toMatchObject({ code: 'truncated', retryable: true, status: 200 });

    const patient = clientFor(replay);
    replay.inject('/v1/file/2598741', { kind: 'truncate', keepBytes: 1000 }, { times: 1 });
    const whole = await patient.get(replay.fileUrl('2598741'));
    expect(whole.attempts).toBe(2);
    expect(whole.body.equals(readFileSync(new URL('80563_stockton-on-tees/2016-08-05_sif.pdf', REPORTS)))).toBe(true);
  });

  it('a body over the cap is refused', async () => {
    const replay = await site();
    const http = clientFor(replay, { maxBodyBytes: 10_000 });
    await expect(http.get(replay.fileUrl('2598741'))).rejects.toMatchObject({ code: 'body_too_large', retryable: false });
  });

  it('a redirect to a host outside the allowlist is refused and that host never hit', async () => {
    const replay = await site();
    const elsewhere = await site();
    const http = clientFor(replay);
    replay.inject('/v1/file/2598741', { kind: 'redirect', location: elsewhere.fileUrl('2598741') });
    await expect(http.get(replay.fileUrl('2598741'))).rejects.toMatchObject({ code: 'redirect_not_allowed', location: elsewhere.fileUrl('2598741') });
    expect(elsewhere.requestLog).toHaveLength(0);
  });

  it('a path robots.txt disallows is refused and never requested', async () => {
    const replay = await site({ robotsTxt: 'User-agent: *\nDisallow: /search\n' });
    const http = clientFor(replay);
    await expect(http.get(replay.listingUrl())).rejects.toMatchObject({ code: 'robots_disallowed' });
    expect(replay.requestsTo('/search')).toHaveLength(0);
    expect((await http.get(replay.providerUrl('80563'))).status).toBe(200);
  });

  it('closes cleanly with a request still hanging', async () => {
    const replay = await startReplaySite({ model: smallModel() });
    const http = clientFor(replay, { headersTimeoutMs: 5_000, retry: { maxAttempts: 1 } });
    replay.inject('/provider/*', { kind: 'hang' });
    const pending = http.get(replay.providerUrl('80563'));
    pending.catch(() => undefined);
    while (replay.requestsTo('/provider/*').length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    await replay.close();
    await expect(pending).rejects.toBeInstanceOf(HttpError);
    await expect(pending).rejects.toMatchObject({ retryable: true });
  });
});
