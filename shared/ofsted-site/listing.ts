/**
 * Parser of the search listing (LA children's services), pure.
 *
 * Finds providers by their links (`/provider/<type>/<URN>`), not by one CSS
 * path: the real page wraps each in `li.search-result > h3.search-result__title > a`
 * with "Latest report: <strong><time>…</time></strong>" beside it, a
 * `strong.results-count` total and `a.pagination__next`; any markup with the
 * same links and words parses the same. A page that shows no provider links
 * and does not say it has no results is reported as `layout_changed`.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { parseSiteDate } from './dates.ts';
import { cleanText, itemContainer } from './dom.ts';
import { providerFromUrl } from './urls.ts';

export interface ListingProvider {
  urn: string;
  name: string;
  /** Absolute provider page URL, as linked. */
  providerUrl: string;
  /** Provider type in the URL ("44" for LA children's services). */
  providerType: string;
  /** Latest report date shown for the provider (YYYY-MM-DD), or null. */
  latestReportDate: string | null;
}

export type ListingPage =
  | {
      ok: true;
      providers: ListingProvider[];
      /** Total results the page reports, or null when it does not say. */
      total: number | null;
      /** Absolute URL of the next page, when the page links one. */
      nextPageUrl: string | null;
    }
  | { ok: false; problem: 'layout_changed'; detail: string };

const NO_RESULTS = /\b(no results|0 results|did not match any|no providers? (were )?found)\b/i;

export function parseListingPage(html: string, pageUrl: string): ListingPage {
  const $ = cheerio.load(html);
  const keyOf = (link: Element): string | null => providerFromUrl($(link).attr('href') ?? '', pageUrl)?.urn ?? null;

  const providers: ListingProvider[] = [];
  const seen = new Set<string>();
  for (const link of $('a[href]').toArray()) {
    const provider = providerFromUrl($(link).attr('href') ?? '', pageUrl);
    if (!provider || seen.has(provider.urn)) continue;
    const name = cleanText($(link).text()) || cleanText($(link).attr('aria-label')) || cleanText($(link).attr('title'));
    if (!name) continue; // an icon or "view" link; the named one comes elsewhere
    seen.add(provider.urn);
    const container = itemContainer($, link, provider.urn, keyOf);
    providers.push({
      urn: provider.urn,
      name,
      providerUrl: new URL($(link).attr('href')!, pageUrl).href,
      providerType: provider.type,
      latestReportDate: latestReportDate($, container),
    });
  }

  const total = resultCount($);
  const nextPageUrl = nextPage($, pageUrl);
  const bodyText = cleanText($('body').text());

  if (providers.length === 0) {
    if (total === 0 || NO_RESULTS.test(bodyText)) return { ok: true, providers, total: total ?? 0, nextPageUrl: null };
    return {
      ok: false,
      problem: 'layout_changed',
      detail: total === null ? 'no provider links and no result count on the listing page' : `the page reports ${total} results but shows no provider links`,
    };
  }
  return { ok: true, providers, total, nextPageUrl };
}

function latestReportDate($: cheerio.CheerioAPI, container: Element): string | null {
  // The element whose own words say "Latest report", then the date in or right after it.
  const labelled = $(container)
    .find('*')
    .toArray()
    .filter((element) => /latest report/i.test(cleanText($(element).text())))
    .pop(); // the innermost element carrying the label
  if (labelled) {
    const inLabel = $(labelled).find('time').attr('datetime') ?? $(labelled).find('time').text();
    const date = parseSiteDate(inLabel) ?? parseSiteDate(cleanText($(labelled).text()).replace(/^.*latest report:?/i, ''));
    if (date) return date;
    const next = $(labelled).next();
    const after = parseSiteDate(next.find('time').attr('datetime') ?? next.text());
    if (after) return after;
  }
  const times = $(container).find('time');
  if (times.length === 1) return parseSiteDate(times.attr('datetime')) ?? parseSiteDate(times.text());
  return null;
}

function resultCount($: cheerio.CheerioAPI): number | null {
  const counted = cleanText($('.results-count, [class*="results-count"], [class*="result-count"]').first().text());
  const fromCount = /^(\d[\d,]*)/.exec(counted);
  if (fromCount) return Number(fromCount[1]!.replace(/,/g, ''));
  const text = cleanText($('main').text() || $('body').text());
  const match = /\b(\d[\d,]*)\s+(?:results?|providers?)\b/i.exec(text) ?? /\bresults?:?\s+(\d[\d,]*)\b/i.exec(text);
  return match ? Number(match[1]!.replace(/,/g, '')) : null;
}

function nextPage($: cheerio.CheerioAPI, pageUrl: string): string | null {
  const candidates = [
    ...$('a.pagination__next, a[rel="next"], li.next a, [class*="pagination"] [class*="next"] a, a[class*="next"]').toArray(),
    ...$('a[href]')
      .toArray()
      .filter((link) => /^next\b/i.test(cleanText($(link).text())) && /[?&]start=\d+/.test($(link).attr('href') ?? '')),
  ];
  for (const link of candidates) {
    const href = $(link).attr('href');
    if (href) return new URL(href, pageUrl).href;
  }
  return null;
}
