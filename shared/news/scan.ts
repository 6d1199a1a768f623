/**
 * The scheduled news scan: for each feed, fetch it, keep the items that look
 * like inspection news, fetch the articles not read before, extract council
 * events and write them with the shared event writer (which merges a news event
 * with the Ofsted record of the same story).
 *
 * Safe to re-run after a crash at any point: an article is marked read only
 * after its events are written, event ids are deterministic (council + kind +
 * article URL) and the event store's record is idempotent, so a re-run writes nothing new.
 */
import type { RecordEventResult } from '../events/ports.ts';
import type { HttpResponse } from '../http/client.ts';
import type { Logger } from '../runtime/log.ts';
import { noLease, underLease } from '../store/lease.ts';
import { parseArticlePage } from './article.ts';
import { ARTICLE_MAX_BYTES, decodeText } from './decode.ts';
import { toCouncilEvent, canonicalArticleUrl } from './events.ts';
import { extractCouncilEvents, type NewsEventKind } from './extract.ts';
import { parseFeed, type FeedItem } from './feed.ts';
import { articleStatusAfter, describeFailure, type NewsFailure } from './failures.ts';
import type { NewsFeed } from './feeds.ts';
import { isWorthFetching } from './prefilter.ts';
import type { ArticleState, NewsStores } from './ports.ts';

/** The one thing the scan needs from the HTTP client (shared/http's HttpClient fits). */
export interface NewsHttp {
  get(url: string, options?: { headers?: Record<string, string>; maxBodyBytes?: number; allowedHosts?: readonly string[] }): Promise<HttpResponse>;
}

export interface NewsScanDeps extends NewsStores {
  http: NewsHttp;
  feeds: readonly NewsFeed[];
  logger: Logger;
  clock?: () => Date;
  /** Epoch ms (on `clock`) by which the run must have finished: how long it holds the lease. */
  deadline?: number | null;
  /** Kinds written as events. Default: every kind but `mention`. */
  recordKinds?: readonly NewsEventKind[];
  /** Items older than this are not fetched (a first run must not alert on last year's news). Default 30. */
  maxAgeDays?: number;
  /** Most articles fetched per feed per run; the rest wait for the next run. Default 25. */
  maxArticlesPerFeed?: number;
  /** Most items read from one feed. Default 200. */
  maxItemsPerFeed?: number;
  /** Most bytes read of one feed or article. Default 5 MB (ARTICLE_MAX_BYTES). */
  maxBytes?: number;
  /** A failing article is tried on this many runs before it is left alone. Default 3. */
  maxAttemptsPerArticle?: number;
  /** Test hook: called after an article's events are written and before it is marked read (throw to simulate a crash). */
  onArticleEventsWritten?: (url: string) => void | Promise<void>;
}

export interface FeedScanSummary {
  feedId: string;
  status: 'ok' | 'failed';
  error?: NewsFailure;
  items: number;
  filteredOut: number;
  alreadySeen: number;
  tooOld: number;
  notAllowed: number;
  fetched: number;
  deferred: number;
  failedArticles: number;
  skippedArticles: number;
}

export interface NewsScanSummary {
  feeds: FeedScanSummary[];
  events: { created: number; merged: number; exists: number };
  /** Ids of the events created or merged into this run, for logs and tests. */
  eventIds: string[];
  /** Another run held the news scan: this one did nothing. */
  skipped: boolean;
}

const DAY_MS = 86_400_000;
const DEFAULT_RECORD_KINDS: readonly NewsEventKind[] = ['downgrade', 'urgent_action', 'upgrade', 'concern', 'positive'];
const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

function hostOf(url: string): string | null {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** How long a run without a deadline of its own holds the news scan (a Lambda's is 5 minutes). */
const LEASE_WITHOUT_DEADLINE_MS = 6 * 60_000;

export async function runNewsScan(deps: NewsScanDeps): Promise<NewsScanSummary> {
  const now = deps.clock ?? (() => new Date());
  const summary: NewsScanSummary = { feeds: [], events: { created: 0, merged: 0, exists: 0 }, eventIds: [], skipped: false };
  const until = new Date((deps.deadline ?? now().getTime() + LEASE_WITHOUT_DEADLINE_MS) + 60_000);
  const onHeld = (held: { since: string; until: string }) =>
    deps.logger.info('news_scan_skipped', { message: `another news-scan run is reading the feeds (since ${held.since}; until ${held.until} at the latest): this run leaves them to it` });
  const ran = await underLease(deps.lease ?? noLease, { now, until, onHeld }, async () => {
    for (const feed of deps.feeds) summary.feeds.push(await scanFeed(deps, feed, summary));
    deps.logger.debug('news_scan_finished', { feeds: summary.feeds.length, events: summary.events });
    return summary;
  });
  return ran ?? { ...summary, skipped: true };
}

async function scanFeed(deps: NewsScanDeps, feed: NewsFeed, summary: NewsScanSummary): Promise<FeedScanSummary> {
  const result: FeedScanSummary = {
    feedId: feed.id, status: 'ok', items: 0, filteredOut: 0, alreadySeen: 0, tooOld: 0, notAllowed: 0, fetched: 0, deferred: 0, failedArticles: 0, skippedArticles: 0,
  };
  const now = (deps.clock ?? (() => new Date()))();
  let items: FeedItem[];
  try {
    // A feed and its articles are fetched, redirects included, only from that feed's hosts.
    const response = await deps.http.get(feed.url, { headers: { accept: FEED_ACCEPT }, maxBodyBytes: deps.maxBytes ?? ARTICLE_MAX_BYTES, allowedHosts: feedHosts(feed) });
    const parsed = parseFeed(response.body, { baseUrl: response.url, maxItems: deps.maxItemsPerFeed, maxBytes: deps.maxBytes ?? ARTICLE_MAX_BYTES });
    if (parsed.truncated) deps.logger.warn('news_feed_truncated', { feed: feed.id, items: parsed.items.length });
    items = parsed.items;
  } catch (error) {
    const failure = describeFailure(error);
    const { code, message } = failure;
    deps.logger.warn('news_feed_failed', { feed: feed.id, url: feed.url, code, message });
    return { ...result, status: 'failed', error: failure };
  }
  result.items = items.length;
  const maxAge = (deps.maxAgeDays ?? 30) * DAY_MS;
  const allowed = new Set(feed.allowedHosts);
  for (const item of items) {
    const host = hostOf(item.link);
    if (!host || !allowed.has(host)) {
      result.notAllowed++;
      continue;
    }
    if (!feed.fetchAll && !isWorthFetching(item)) {
      result.filteredOut++;
      continue;
    }
    if (item.published && now.getTime() - Date.parse(item.published) > maxAge) {
      result.tooOld++;
      continue;
    }
    const url = canonicalArticleUrl(item.link);
    const state = await deps.articles.get(feed.id, url);
    if (state && state.status !== 'failed') {
      result.alreadySeen++;
      continue;
    }
    if (result.fetched >= (deps.maxArticlesPerFeed ?? 25)) {
      result.deferred++;
      continue;
    }
    result.fetched++;
    const outcome = await readArticle(deps, feed, item, url, state, now, summary);
    if (outcome === 'failed') result.failedArticles++;
    if (outcome === 'skipped') result.skippedArticles++;
  }
  deps.logger.info('news_feed_finished', { ...result });
  return result;
}

async function readArticle(
  deps: NewsScanDeps,
  feed: NewsFeed,
  item: FeedItem,
  url: string,
  previous: ArticleState | undefined,
  now: Date,
  summary: NewsScanSummary,
): Promise<'done' | 'failed' | 'skipped'> {
  const base: ArticleState = {
    feedId: feed.id, url, status: 'done', attempts: (previous?.attempts ?? 0) + 1, title: item.title || null, eventIds: [], reason: null, updatedAt: now.toISOString(),
  };
  let page;
  try {
    const response = await deps.http.get(url, { headers: { accept: PAGE_ACCEPT }, maxBodyBytes: deps.maxBytes ?? ARTICLE_MAX_BYTES, allowedHosts: feedHosts(feed) });
    page = parseArticlePage(decodeText(response.body));
  } catch (error) {
    const failure = describeFailure(error);
    const { code, message } = failure;
    const status = articleStatusAfter(failure, base.attempts, deps.maxAttemptsPerArticle ?? 3);
    deps.logger.warn('news_article_failed', { feed: feed.id, url, code, message, status, attempts: base.attempts });
    await deps.articles.put({ ...base, status, reason: `${code}: ${message}` });
    return status === 'skipped' ? 'skipped' : 'failed';
  }
  const published = page.published ?? item.published;
  const article = { ...page, title: page.title || item.title, published };
  const kinds = deps.recordKinds ?? DEFAULT_RECORD_KINDS;
  const extracted = extractCouncilEvents(article).filter((event) => kinds.includes(event.kind));
  const eventIds: string[] = [];
  for (const found of extracted) {
    const event = toCouncilEvent(found, { outlet: feed.outlet, url, title: article.title, published }, now);
    const written: RecordEventResult = await deps.events.record(event);
    summary.events[written.status]++;
    if (written.status !== 'exists') summary.eventIds.push(written.eventId);
    eventIds.push(written.eventId);
    deps.logger.info('news_event_recorded', { feed: feed.id, url, council: event.council.name, kind: event.kind, status: written.status, eventId: written.eventId });
  }
  await deps.onArticleEventsWritten?.(url);
  await deps.articles.put({ ...base, status: 'done', title: article.title, eventIds });
  return 'done';
}

/** The hosts one feed and its articles may be fetched from: its own, and those it names. */
export function feedHosts(feed: NewsFeed): string[] {
  return [...new Set([hostOf(feed.url), ...feed.allowedHosts].filter((h): h is string => !!h))];
}

/** Every host the feeds may be fetched from, for the HTTP client's allowlist. */
export function newsAllowedHosts(feeds: readonly NewsFeed[]): string[] {
  return [...new Set(feeds.flatMap(feedHosts))];
}
