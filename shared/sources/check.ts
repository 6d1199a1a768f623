/**
 * A check of the real sources, through the same adapters and parsers the scans
 * use: the Ofsted listing in full, then filtered by date in each candidate
 * form (which does the site honour?), one provider page (the council with the
 * newest report), that report, and each configured news feed with its newest
 * article. Reads only; writes nothing anywhere. `ofsted-watch doctor` runs it
 * from any machine, the check-sources function weekly in AWS.
 */
import { errorCode, errorMessage } from '../domain/errors.ts';
import type { HttpClient } from '../http/index.ts';
import type { ReportReader } from '../crawl/ports.ts';
import { readListing } from '../crawl/site.ts';
import { parseArticlePage } from '../news/article.ts';
import { decodeText } from '../news/decode.ts';
import { parseFeed } from '../news/feed.ts';
import type { NewsFeed } from '../news/feeds.ts';
import { feedHosts } from '../news/scan.ts';
import { laListingUrl, LISTING_DATE_FORMS, parseProviderPage, providerPageUrl } from '../ofsted-site/index.ts';
import { councilByUrn, currentCouncils } from '../register/register.ts';
import type { Logger } from '../runtime/log.ts';
import { filterDate, judgeDateFilter, judgeFeed, judgeListing, judgeProviderPage, judgeReport, type FeedReading, type FilterAnswer, type SourceCheck } from './verdicts.ts';

export interface SourceCheckDeps {
  /** The crawler's HTTP client: its User-Agent, politeness, robots.txt, allowlist. */
  http: Pick<HttpClient, 'get'>;
  ofstedBaseUrl: string;
  feeds: readonly NewsFeed[];
  reader: ReportReader;
  logger: Logger;
  /** Told of each check as it finishes (progress for a person). */
  onCheck?: (check: SourceCheck) => void;
}

const failure = (error: unknown) => `${errorCode(error)}: ${errorMessage(error)}`;

export async function checkSources(deps: SourceCheckDeps): Promise<SourceCheck[]> {
  const checks: SourceCheck[] = [];
  const note = (check: SourceCheck) => {
    checks.push(check);
    deps.logger[check.held ? 'info' : 'warn']('source_check', { check: check.name, held: check.held, message: `${check.name}: ${check.detail}` });
    deps.onCheck?.(check);
  };
  await checkOfsted(deps, note);
  for (const feed of deps.feeds) note(judgeFeed(feed, await readFeed(deps, feed)));
  return checks;
}

async function checkOfsted(deps: SourceCheckDeps, note: (check: SourceCheck) => void): Promise<void> {
  let listing: Awaited<ReturnType<typeof readListing>>;
  try {
    listing = await readListing(deps.http, laListingUrl({ baseUrl: deps.ofstedBaseUrl }));
  } catch (error) {
    note({ name: 'Ofsted listing', held: false, detail: `could not be read: ${failure(error)}` });
    return;
  }
  note(judgeListing(listing, { size: currentCouncils().length, knows: (urn) => councilByUrn(urn) !== undefined }));

  const from = filterDate(listing.providers);
  const answers: FilterAnswer[] = [];
  for (const form of from ? LISTING_DATE_FORMS : []) {
    try {
      const filtered = await readListing(deps.http, laListingUrl({ baseUrl: deps.ofstedBaseUrl, latestReportFrom: from, dateForm: form }), 5);
      answers.push({ form, providers: filtered.providers });
    } catch (error) {
      answers.push({ form, error: failure(error) });
    }
  }
  note(judgeDateFilter(from, listing.providers, answers));

  // The council whose latest report is newest: its page shows the markup of today's publications.
  const newest = [...listing.providers].filter((p) => councilByUrn(p.urn)).sort((a, b) => (b.latestReportDate ?? '').localeCompare(a.latestReportDate ?? ''))[0];
  if (!newest) return;
  const council = { urn: newest.urn, name: councilByUrn(newest.urn)!.name };
  const url = providerPageUrl(newest.urn, deps.ofstedBaseUrl);
  let page: ReturnType<typeof parseProviderPage>;
  try {
    const response = await deps.http.get(url);
    page = parseProviderPage(response.text(), response.url);
  } catch (error) {
    note({ name: 'provider page', held: false, detail: `${council.name} (${url}) could not be read: ${failure(error)}` });
    return;
  }
  note(judgeProviderPage(council.name, url, page));
  const publication = page.ok ? page.publications[0] : undefined;
  if (!publication) return;
  try {
    const file = await deps.http.get(publication.url);
    const facts = await deps.reader.read(new Uint8Array(file.body.buffer, file.body.byteOffset, file.body.byteLength));
    note(judgeReport(council, publication, { facts }));
  } catch (error) {
    note(judgeReport(council, publication, { error: failure(error) }));
  }
}

async function readFeed(deps: SourceCheckDeps, feed: NewsFeed): Promise<FeedReading> {
  const allowedHosts = feedHosts(feed);
  let items;
  try {
    const response = await deps.http.get(feed.url, { allowedHosts });
    items = parseFeed(response.body, { baseUrl: response.url }).items;
  } catch (error) {
    return { error: failure(error) };
  }
  const byDate = [...items].sort((a, b) => (b.published ?? '').localeCompare(a.published ?? ''));
  const newest = byDate[0];
  const own = byDate.find((item) => URL.canParse(item.link) && allowedHosts.includes(new URL(item.link).host));
  if (!own) return { items: items.length, newest: newest?.published ?? null, article: null };
  try {
    const page = parseArticlePage(decodeText((await deps.http.get(own.link, { allowedHosts })).body));
    return { items: items.length, newest: newest?.published ?? null, article: { title: page.title || own.title } };
  } catch (error) {
    return { items: items.length, newest: newest?.published ?? null, article: { error: failure(error) } };
  }
}
