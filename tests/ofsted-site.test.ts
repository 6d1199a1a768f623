import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLongDate, parseSiteDate } from '#shared/ofsted-site/dates.ts';
import { parseListingPage } from '#shared/ofsted-site/listing.ts';
import { parseProviderPage } from '#shared/ofsted-site/provider-page.ts';
import {
  fileIdFromUrl,
  formatListingDate,
  laListingUrl,
  ofstedAllowedHosts,
  providerFromUrl,
  providerPageUrl,
} from '#shared/ofsted-site/urls.ts';

const BASE = 'https://reports.ofsted.gov.uk';
const STOCKTON = `${BASE}/provider/44/80563`;

/** A provider page in the older markup: links with hidden "<type>, PDF - <date>" text. */
const OLDER_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Stockton-on-Tees Borough Council - Ofsted</title></head><body>
<main id="main"><div class="container">
  <h1 class="heading--title title-block__heading">Stockton-on-Tees Borough Council</h1>
  <ul class="info-list"><li>URN: <strong>80563</strong></li><li>Local Authority Children's Services</li></ul>
  <div class="event-list">
    <ul>
      <li><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50208765" target="_blank">
        Children's services focused visit <span class="nonvisual">Children's services focused visit, PDF - 01 November 2022</span></a></li>
      <li><a class="publication-link" href="https://files.api.ofsted.gov.uk/v1/file/50095123" target="_blank">
        Children's services inspection <span class="nonvisual">Children's services inspection, PDF - 01 July 2019</span></a></li>
      <li><a class="publication-link" href="https://files.ofstednet.gov.uk/v1/file/2598741" target="_blank">
        Children's services inspection <span class="nonvisual">children's services inspection,  pdf - 05 august 2016</span></a></li>
    </ul>
  </div>
</div></main></body></html>`;

/** The newer markup: timeline days with <time> elements for the event and publication dates. */
const TIMELINE_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Stockton-on-Tees Borough Council - Ofsted</title></head><body>
<main id="main">
  <h1 class="heading--title">Stockton-on-Tees Borough Council</h1>
  <p>URN: 80563</p>
  <ol class="timeline">
    <li class="timeline__day">
      <p class="timeline__date"><time datetime="2022-11-01">1 November 2022</time></p>
      <div class="event">
        <h3 class="event__title">Children's services focused visit</h3>
        <p class="event__date">Inspection date: <time datetime="2022-09-20">20 September 2022</time></p>
        <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50208765" target="_blank">Children's services focused visit <span class="nonvisual">Children's services focused visit, PDF - 01 November 2022</span></a>
      </div>
    </li>
    <li class="timeline__day">
      <p class="timeline__date"><time>01 July 2019</time></p>
      <div class="event">
        <h3 class="event__title">Children's services inspection</h3>
        <p><time>20 May 2019</time></p>
        <a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50095123" target="_blank">Children's services inspection <span class="nonvisual">Children's services inspection, PDF - 01 July 2019</span></a>
      </div>
    </li>
  </ol>
</main></body></html>`;

/**
 * The markup the site serves today, as public scrapers read it: a timeline day
 * (p.timeline__date, the inspection's day) holding one or more publications, each
 * a span.event__title around the link and its div.event__metadata with
 * <time pubdate> (the publication date). The hidden text writes "pdf" in lower
 * case, and some older ones have no comma before it.
 */
const REAL_TIMELINE_PAGE = `<!DOCTYPE html><html lang="en"><head><title>Stockton-on-Tees Borough Council - Ofsted</title></head><body>
<main id="main">
  <h1 class="heading--title">Stockton-on-Tees Borough Council</h1>
  <p>URN: 80563</p>
  <ol class="timeline">
    <li class="timeline__day">
      <p class="timeline__date"><time datetime="2024-03-15">15 March 2024</time></p>
      <div class="event">
        <span class="event__title heading--sub"><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50252283" target="_blank">Area SEND full inspection <span class="nonvisual">Area SEND full inspection, pdf - 15 May 2024</span></a>
          <div class="event__metadata">Published <time pubdate>15 May 2024</time></div></span>
        <span class="event__title heading--sub"><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/50252240" target="_blank">Joint area child protection inspection <span class="nonvisual">Joint area child protection inspection, pdf - 30 April 2024</span></a>
          <div class="event__metadata">Published <time pubdate>30 April 2024</time></div></span>
      </div>
    </li>
    <li class="timeline__day">
      <p class="timeline__date"><time>21 November 2014</time></p>
      <div class="event">
        <span class="event__title heading--sub"><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/2412345" target="_blank">Single inspection of LA children's services <span class="nonvisual">Single inspection of LA children's services as pdf - 10 February 2015</span></a>
          <div class="event__metadata"><time pubdate="pubdate">10 February 2015</time></div></span>
      </div>
    </li>
  </ol>
</main></body></html>`;

/** Drift: new class names and wrappers, no hidden span, but the same links, words and dates. */
const DRIFTED_PAGE = `<!DOCTYPE html><html><head><title>Provider</title></head><body>
<div class="app-main"><h1 class="govuk-heading-xl">Stockton-on-Tees Borough Council</h1>
<dl><dt>Unique reference number</dt><dd>URN: 80563</dd></dl>
<section class="reports-v2">
  <article class="report-card">
    <div class="report-card__meta"><span>Published</span> <time datetime="2022-11-01T09:30:00Z">1 Nov 2022</time></div>
    <div class="report-card__meta"><span>Inspected</span> <time datetime="2022-09-20">20 Sep 2022</time></div>
    <a class="govuk-link" href="https://files.ofsted.gov.uk/v1/file/50208765" aria-label="Children's services focused visit, PDF - 01 November 2022">Download</a>
  </article>
  <article class="report-card">
    <h2 class="report-card__heading">Children's services inspection</h2>
    <div class="report-card__meta">Published <time>1 July 2019</time></div>
    <a class="govuk-link" href="https://files.ofsted.gov.uk/v1/file/50095123">View report</a>
  </article>
</section></div></body></html>`;

/** Broken: the provider page is there but the reports are behind script buttons. */
const BROKEN_PAGE = `<!DOCTYPE html><html><head><title>Stockton-on-Tees Borough Council - Ofsted</title></head><body>
<main><h1>Stockton-on-Tees Borough Council</h1><p>URN: 80563</p>
<div id="reports-app" data-endpoint="/api/reports/80563"><button data-file="50208765">Children's services focused visit</button></div>
</main></body></html>`;

/** A listing page in the real site's markup. */
function listingPage(items: { urn: string; name: string; latest?: string }[], total: number, next?: string): string {
  const results = items
    .map(
      (item) => `<li class="search-result">
      <h3 class="search-result__title heading--sub"><a href="/provider/44/${item.urn}">${item.name}</a></h3>
      <ul class="search-result__provider-info">
        <li>Category: <strong>Local Authority Children's Services</strong></li>
        <li>URN: <strong>${item.urn}</strong></li>
        ${item.latest ? `<li>Latest report: <strong><time datetime="${item.latest}">${formatLongDate(item.latest)}</time></strong></li>` : ''}
      </ul>
      <address class="search-result__address">Town Hall</address>
    </li>`,
    )
    .join('\n');
  return `<!DOCTYPE html><html><head><title>Search - Ofsted</title></head><body><main>
    <p class="search-results__summary"><strong class="results-count">${total}</strong> results</p>
    <ul class="results-list">${results}</ul>
    ${next ? `<ul class="pagination"><li class="pagination__item next"><a class="pagination__next" href="${next}">Next</a></li></ul>` : ''}
  </main></body></html>`;
}

describe('Ofsted site URLs', () => {
  it('builds the LA listing search as the real site spells it', () => {
    expect(laListingUrl()).toBe(`${BASE}/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=0&rows=100`);
    expect(laListingUrl({ baseUrl: 'http://127.0.0.1:4000/', start: 100, latestReportFrom: '2024-08-01' })).toBe(
      'http://127.0.0.1:4000/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&latest_report_date_start=01-08-2024&latest_report_date_end=&start=100&rows=100',
    );
    expect(() => laListingUrl({ rows: 101 })).toThrow(/rows/);
    expect(formatListingDate('2019-07-01')).toBe('01-07-2019'); // the only form a public scraper is seen sending
  });

  it('builds and reads provider and file URLs', () => {
    expect(providerPageUrl('80563')).toBe(STOCKTON);
    expect(providerPageUrl('80563', 'http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/provider/44/80563');
    expect(() => providerPageUrl('../x')).toThrow();
    expect(providerFromUrl('/provider/44/80563', BASE)).toEqual({ type: '44', urn: '80563' });
    expect(providerFromUrl('/search?q=', BASE)).toBeNull();
    expect(fileIdFromUrl('https://files.ofsted.gov.uk/v1/file/50208765')).toBe('50208765');
    expect(fileIdFromUrl('https://files.api.ofsted.gov.uk/v1/file/2598741')).toBe('2598741');
    expect(fileIdFromUrl('http://127.0.0.1:4000/v1/file/42')).toBe('42');
    expect(fileIdFromUrl('https://reports.ofsted.gov.uk/provider/files/2631211/urn/103980.pdf')).toBe('2631211');
    expect(fileIdFromUrl('https://reports.ofsted.gov.uk/provider/44/80563')).toBeNull();
    expect(ofstedAllowedHosts()).toEqual(['reports.ofsted.gov.uk', 'files.ofsted.gov.uk', 'files.api.ofsted.gov.uk', 'files.ofstednet.gov.uk']);
  });

  it('reads the dates the site writes', () => {
    expect(parseSiteDate('01 August 2024')).toBe('2024-08-01');
    expect(parseSiteDate('1 Aug 2024')).toBe('2024-08-01');
    expect(parseSiteDate('2024-08-01T09:30:00Z')).toBe('2024-08-01');
    expect(parseSiteDate('01/08/2024')).toBe('2024-08-01');
    expect(parseSiteDate('31 February 2024')).toBeNull();
    expect(parseSiteDate('soon')).toBeNull();
  });
});

describe('listing parser', () => {
  it('reads providers, latest report dates, the total and the next page', () => {
    const html = listingPage(
      [
        { urn: '80563', name: 'Stockton-on-Tees Borough Council', latest: '2023-05-09' },
        { urn: '80564', name: 'Stoke-on-Trent City Council' },
      ],
      153,
      '/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=100&rows=100',
    );
    const page = parseListingPage(html, laListingUrl());
    expect(page).toEqual({
      ok: true,
      total: 153,
      nextPageUrl: `${BASE}/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=100&rows=100`,
      providers: [
        { urn: '80563', name: 'Stockton-on-Tees Borough Council', providerUrl: STOCKTON, providerType: '44', latestReportDate: '2023-05-09' },
        { urn: '80564', name: 'Stoke-on-Trent City Council', providerUrl: `${BASE}/provider/44/80564`, providerType: '44', latestReportDate: null },
      ],
    });
  });

  it('survives other class names when the links and words are the same', () => {
    const html = `<html><body><div class="results">Showing 2 providers
      <div class="card"><a class="card__link" href="/provider/44/80569"><span>Tameside Metropolitan Borough Council</span></a><p>Latest report 27 March 2024</p></div>
      <div class="card"><a class="card__link" href="/provider/44/80429">Birmingham City Council</a><p>Latest report <time>13 June 2023</time></p></div>
      <nav><a href="/search?start=100&amp;rows=100">Next page</a></nav></div></body></html>`;
    const page = parseListingPage(html, `${BASE}/search?start=0&rows=100`);
    expect(page.ok).toBe(true);
    if (!page.ok) return;
    expect(page.total).toBe(2);
    expect(page.nextPageUrl).toBe(`${BASE}/search?start=100&rows=100`);
    expect(page.providers.map((provider) => [provider.urn, provider.name, provider.latestReportDate])).toEqual([
      ['80569', 'Tameside Metropolitan Borough Council', '2024-03-27'],
      ['80429', 'Birmingham City Council', '2023-06-13'],
    ]);
  });

  it('accepts an honest empty result and flags a page that lost its links', () => {
    expect(parseListingPage(listingPage([], 0), laListingUrl())).toEqual({ ok: true, providers: [], total: 0, nextPageUrl: null });
    const lost = parseListingPage(listingPage([], 153).replace('<ul class="results-list"></ul>', '<div id="app"></div>'), laListingUrl());
    expect(lost).toEqual({ ok: false, problem: 'layout_changed', detail: 'the page reports 153 results but shows no provider links' });
    expect(parseListingPage('<html><body><h1>Service unavailable</h1></body></html>', laListingUrl())).toMatchObject({ ok: false, problem: 'layout_changed' });
  });
});

describe('provider page parser', () => {
  const expected = [
    { fileId: '50208765', type: "Children's services focused visit", published: '2022-11-01' },
    { fileId: '50095123', type: "Children's services inspection", published: '2019-07-01' },
  ];

  it('reads the older markup from the hidden link text, on all three file hosts', () => {
    const page = parseProviderPage(OLDER_PAGE, STOCKTON);
    expect(page).toMatchObject({ ok: true, urn: '80563', name: 'Stockton-on-Tees Borough Council', layout: 'nonvisual' });
    if (!page.ok) return;
    expect(page.publications).toEqual([
      { ...expected[0], url: 'https://files.ofsted.gov.uk/v1/file/50208765', eventDate: null },
      { ...expected[1], url: 'https://files.api.ofsted.gov.uk/v1/file/50095123', eventDate: null },
      { fileId: '2598741', url: 'https://files.ofstednet.gov.uk/v1/file/2598741', type: "children's services inspection", published: '2016-08-05', eventDate: null },
    ]);
  });

  it('reads the newer timeline markup with event and publication dates', () => {
    const page = parseProviderPage(TIMELINE_PAGE, STOCKTON);
    expect(page).toMatchObject({ ok: true, layout: 'timeline', warnings: [] });
    if (!page.ok) return;
    expect(page.publications).toEqual([
      { ...expected[0], url: 'https://files.ofsted.gov.uk/v1/file/50208765', eventDate: '2022-09-20' },
      { ...expected[1], url: 'https://files.ofsted.gov.uk/v1/file/50095123', eventDate: '2019-05-20' },
    ]);
  });

  it('reads the timeline the site serves today: the day is the inspection, <time pubdate> the publication', () => {
    const page = parseProviderPage(REAL_TIMELINE_PAGE, STOCKTON);
    expect(page).toMatchObject({ ok: true, layout: 'timeline', warnings: [] });
    if (!page.ok) return;
    expect(page.publications).toEqual([
      { fileId: '50252283', url: 'https://files.ofsted.gov.uk/v1/file/50252283', type: 'Area SEND full inspection', published: '2024-05-15', eventDate: '2024-03-15' },
      { fileId: '50252240', url: 'https://files.ofsted.gov.uk/v1/file/50252240', type: 'Joint area child protection inspection', published: '2024-04-30', eventDate: '2024-03-15' },
      { fileId: '2412345', url: 'https://files.ofsted.gov.uk/v1/file/2412345', type: "Single inspection of LA children's services", published: '2015-02-10', eventDate: '2014-11-21' },
    ]);
  });

  it('reads hidden labels with and without a comma before "pdf"', () => {
    for (const label of ["Single inspection of LA children's services as pdf - 10 February 2015", "Single inspection of LA children's services pdf - 10 February 2015", "Single inspection of LA children's services, PDF – 10 February 2015"]) {
      const html = `<html><body><h1>Stockton-on-Tees Borough Council</h1><p>URN: 80563</p><a class="publication-link" href="https://files.ofsted.gov.uk/v1/file/7"><span class="nonvisual">${label}</span></a></body></html>`;
      const page = parseProviderPage(html, STOCKTON);
      expect(page.ok && page.publications).toEqual([{ fileId: '7', url: 'https://files.ofsted.gov.uk/v1/file/7', type: "Single inspection of LA children's services", published: '2015-02-10', eventDate: null }]);
    }
  });

  it('survives drifted markup with the same links and words', () => {
    const page = parseProviderPage(DRIFTED_PAGE, STOCKTON);
    expect(page).toMatchObject({ ok: true, urn: '80563', layout: 'links' });
    if (!page.ok) return;
    expect(page.publications).toEqual([
      { ...expected[0], url: 'https://files.ofsted.gov.uk/v1/file/50208765', eventDate: '2022-09-20' },
      { ...expected[1], url: 'https://files.ofsted.gov.uk/v1/file/50095123', eventDate: null },
    ]);
  });

  it('says so when a provider page has lost its report links, never an empty list', () => {
    expect(parseProviderPage(BROKEN_PAGE, STOCKTON)).toEqual({
      ok: false,
      problem: 'layout_changed',
      detail: 'a provider page with no report file links',
      urn: '80563',
      name: 'Stockton-on-Tees Borough Council',
    });
  });

  it('flags report links that carry no publication type', () => {
    const html = `<html><body><h1>Stockton-on-Tees Borough Council</h1><p>URN: 80563</p>
      <p><a href="https://files.ofsted.gov.uk/v1/file/1">Download</a> <a href="https://files.ofsted.gov.uk/v1/file/2">PDF</a></p></body></html>`;
    expect(parseProviderPage(html, STOCKTON)).toMatchObject({ ok: false, problem: 'layout_changed', detail: expect.stringContaining('file 1, 2') });
  });

  it('accepts a provider page that says it has no reports yet', () => {
    const html = `<html><body><h1>Cumberland Council</h1><p>URN: 2733690</p><p>There are no published reports for this provider.</p></body></html>`;
    expect(parseProviderPage(html, `${BASE}/provider/44/2733690`)).toEqual({
      ok: true,
      urn: '2733690',
      name: 'Cumberland Council',
      layout: 'links',
      publications: [],
      warnings: [],
    });
  });

  it('does not mistake the real "Report not found" page for a provider page', () => {
    const html = readFileSync(new URL('./fixtures/ofsted-site/report-not-found.html', import.meta.url), 'utf8');
    expect(parseProviderPage(html, 'https://files.ofsted.gov.uk/v1/file/123')).toMatchObject({ ok: false, problem: 'not_a_provider_page' });
  });
});
