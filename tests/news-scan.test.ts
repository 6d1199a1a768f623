import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDelivery } from '#shared/alerts/deliver.ts';
import { dynamoDeliveryStores } from '#shared/alerts/dynamo-stores.ts';
import { silentLogger } from '#shared/runtime/log.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import { createSubscription } from '#shared/alerts/subscription-store.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';
import { listCouncilEvents, recordEvent } from '#shared/events/store.ts';
import { createHttpClient, type HttpClient } from '#shared/http/client.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { articleFromText, startNewsSite, type NewsSite, type PageShape, type SiteArticle } from '#devkit/news-site.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';
import type { NewsFeed } from '#shared/news/feeds.ts';
import { newsEventId } from '#shared/news/events.ts';
import { newsAllowedHosts, runNewsScan, type NewsScanDeps } from '#shared/news/scan.ts';
import { dynamoNewsStores, getArticleState } from '#shared/news/store.ts';
import { lookupCouncil } from '#shared/register/register.ts';

const NEWS = join(import.meta.dirname, 'fixtures/news');

function councilUrn(name: string): string {
  const found = lookupCouncil(name);
  if (found.status !== 'found') throw new Error(`no council ${name}`);
  return found.council.urn;
}
const STOKE_URN = '80564';
const STOCKTON_URN = '80563';
const TAMESIDE_URN = '80569';

function fixture(name: string, slug: string, published: string, shape: PageShape): SiteArticle {
  return articleFromText(slug, readFileSync(join(NEWS, `${name}.txt`), 'utf8'), { published, shape });
}

const offTopic: SiteArticle = {
  slug: 'pay-deal',
  title: 'Social worker pay deal agreed',
  paragraphs: ['Unions welcomed the agreement reached with employers on Tuesday after months of talks', 'Birmingham City Council staff will get the rise from April.'],
  published: '2024-03-04T09:00:00Z',
  shape: 'plain',
};

interface Logged {
  level: string;
  message: string;
  fields: Record<string, unknown>;
}

let db: LocalDynamo;
let site: NewsSite;
let http: HttpClient;
let logs: Logged[];
const now = new Date('2024-03-05T12:00:00Z');

const logger = {
  debug: (message: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'debug', message, fields }),
  info: (message: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'info', message, fields }),
  warn: (message: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'warn', message, fields }),
  error: (message: string, fields: Record<string, unknown> = {}) => void logs.push({ level: 'error', message, fields }),
};

function feeds(): NewsFeed[] {
  return [
    { id: 'cc', outlet: 'Community Care', url: site.feedUrl('cc'), allowedHosts: [site.host] },
    { id: 'echo', outlet: 'The Northern Echo', url: site.feedUrl('echo'), allowedHosts: [site.host] },
  ];
}

function deps(extra: Partial<NewsScanDeps> & { table?: LocalDynamo } = {}): NewsScanDeps {
  const { table = db, ...rest } = extra;
  return { ...dynamoNewsStores(table), http, feeds: feeds(), logger, clock: () => now, ...rest };
}

function articleRequests(): string[] {
  return site.requests.filter((path) => path.startsWith('/news/'));
}

beforeEach(async () => {
  // A fresh table for every test: two tests' news about the same council would otherwise merge into one story.
  db = await startLocalDynamo();
  logs = [];
  site = await startNewsSite({ outlet: 'Community Care', feeds: [{ id: 'cc', format: 'rss' }, { id: 'echo', format: 'atom' }] });
  http = createHttpClient({
    version: '0.0.0-test',
    contactUrl: 'https://example.org/ofsted-watch',
    allowedHosts: newsAllowedHosts(feeds()),
    perHostIntervalMs: 0,
    retry: { maxAttempts: 1 },
    logger: silentLogger,
  });
});
afterEach(async () => {
  await http.close();
  await site.close();
  await db.close();
});

async function eventsOf(urn: string): Promise<CouncilEvent[]> {
  return (await listCouncilEvents(db, urn)).map((stored) => stored.event);
}

describe('news scan over the local site', () => {
  it('fetches only new inspection news, writes its events once, and remembers what it read', async () => {
    site.addArticle('cc', fixture('communitycare-stoke-inadequate', 'stoke-inadequate', '2024-03-04T08:00:00Z', 'json-ld'));
    site.addArticle('cc', offTopic);
    site.addArticle('cc', { ...fixture('communitycare-stockton-focused-visit', 'stockton-old', '2023-11-01T08:00:00Z', 'plain') });
    site.addArticle('echo', fixture('communitycare-tameside-focused-visit', 'tameside-visit', '2024-03-03T08:00:00Z', 'opengraph'));

    const first = await runNewsScan(deps());
    expect(first.feeds.map((f) => [f.feedId, f.status, f.items, f.filteredOut, f.tooOld, f.fetched])).toEqual([
      ['cc', 'ok', 3, 1, 1, 1],
      ['echo', 'ok', 1, 0, 0, 1],
    ]);
    expect(articleRequests().sort()).toEqual(['/news/stoke-inadequate', '/news/tameside-visit']);

    const stokeUrl = site.articleUrl('stoke-inadequate');
    const [stoke] = (await eventsOf(STOKE_URN)).filter((e) => e.sources.some((s) => s.url === stokeUrl));
    expect(stoke).toMatchObject({
      id: newsEventId(STOKE_URN, 'downgrade', stokeUrl),
      kind: 'downgrade',
      alsoKinds: expect.arrayContaining(['urgent_action']),
      council: { urn: STOKE_URN, name: 'Stoke-on-Trent', onsCode: 'E06000021' },
      from: 'requires_improvement',
      to: 'inadequate',
      inspection: null,
      occurredOn: '2024-03-04',
      detectedAt: now.toISOString(),
      sources: [{ type: 'news', outlet: 'Community Care', url: stokeUrl, title: expect.stringMatching(/branded ‘inadequate’/), published: '2024-03-04T08:00:00.000Z' }],
    });
    const tameside = (await eventsOf(TAMESIDE_URN)).find((e) => e.sources.some((s) => s.url === site.articleUrl('tameside-visit')));
    expect(tameside?.kind).toBe('concern');
    expect(tameside?.sources[0]?.outlet).toBe('The Northern Echo');
    expect(await getArticleState(db, 'cc', stokeUrl)).toMatchObject({ status: 'done', eventIds: [stoke!.id] });

    // Second run: nothing new is fetched or written.
    const before = articleRequests().length;
    const second = await runNewsScan(deps());
    expect(articleRequests().length).toBe(before);
    expect(second.events).toEqual({ created: 0, merged: 0, exists: 0 });
    expect(second.feeds.map((f) => f.alreadySeen)).toEqual([1, 1]);

    // A new item between runs is fetched on its own.
    site.addArticle('cc', fixture('communitycare-stockton-focused-visit', 'stockton-visit', '2024-03-05T07:00:00Z', 'plain'));
    const third = await runNewsScan(deps());
    expect(articleRequests().slice(before)).toEqual(['/news/stockton-visit']);
    expect(third.events.created).toBe(1);
    const stockton = (await eventsOf(STOCKTON_URN)).find((e) => e.sources.some((s) => s.url === site.articleUrl('stockton-visit')));
    expect(stockton).toMatchObject({ kind: 'urgent_action', evidence: expect.stringMatching(/urgent action/) });
  });

  it('writes nothing twice when it crashes after writing events and before marking the article read', async () => {
    site.addArticle('cc', fixture('communitycare-stoke-inadequate', 'stoke-crash', '2024-03-04T10:00:00Z', 'opengraph'));
    await expect(
      runNewsScan(
        deps({
          onArticleEventsWritten: () => {
            throw new Error('crash');
          },
        }),
      ),
    ).rejects.toThrow('crash');
    const url = site.articleUrl('stoke-crash');
    expect(await getArticleState(db, 'cc', url)).toBeUndefined();
    const again = await runNewsScan(deps());
    expect(again.events).toEqual({ created: 0, merged: 0, exists: 1 });
    expect((await eventsOf(STOKE_URN)).filter((e) => e.sources.some((s) => s.url === url))).toHaveLength(1);
    expect(await getArticleState(db, 'cc', url)).toMatchObject({ status: 'done' });
  });

  it('merges a news event into the Ofsted record of the same story', async () => {
    const ofsted: CouncilEvent = {
      id: 'ofsted-stockton-visit-test',
      kind: 'urgent_action',
      alsoKinds: [],
      council: { urn: STOCKTON_URN, onsCode: 'E06000004', name: 'Stockton-on-Tees' },
      from: null,
      to: null,
      previous: null,
      inspection: null,
      priorityActions: ['The identification and screening of risk and need.'],
      judgementChanges: [],
      evidence: null,
      sources: [{ type: 'ofsted', url: 'https://files.ofsted.gov.uk/v1/file/50199702', outlet: 'Ofsted', published: '2025-06-01' }],
      detectedAt: '2025-06-01T10:00:00.000Z',
      occurredOn: '2025-06-01',
    };
    await recordEvent(db, ofsted);
    site.addArticle('cc', fixture('communitycare-stockton-focused-visit', 'stockton-merge', '2025-06-03T08:00:00Z', 'json-ld'));
    const summary = await runNewsScan(deps({ clock: () => new Date('2025-06-04T08:00:00Z') }));
    expect(summary.events.merged).toBe(1);
    const merged = (await eventsOf(STOCKTON_URN)).find((e) => e.id === ofsted.id)!;
    expect(merged.sources.map((s) => s.outlet)).toEqual(['Ofsted', 'Community Care']);
  });

  it('keeps going when a feed is broken or an article fails, and retries only what may heal', async () => {
    site.addArticle('cc', fixture('communitycare-stoke-inadequate', 'stoke-gone', '2024-03-04T11:00:00Z', 'plain'));
    site.addArticle('cc', fixture('communitycare-tameside-focused-visit', 'tameside-busy', '2024-03-04T12:00:00Z', 'plain'));
    site.failNext('/news/stoke-gone', 404, 5);
    site.failNext('/news/tameside-busy', 503, 1);
    site.setFeedOverride('echo', '<!doctype html><html><body><h1>Down for maintenance</h1></body></html>');

    const first = await runNewsScan(deps());
    expect(first.feeds[1]).toMatchObject({ feedId: 'echo', status: 'failed', error: { code: 'not_a_feed' } });
    expect(first.feeds[0]).toMatchObject({ status: 'ok', skippedArticles: 1, failedArticles: 1 });
    expect(await getArticleState(db, 'cc', site.articleUrl('stoke-gone'))).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^http_status/) });
    expect(await getArticleState(db, 'cc', site.articleUrl('tameside-busy'))).toMatchObject({ status: 'failed', attempts: 1 });
    expect(logs.some((l) => l.level === 'warn' && l.message === 'news_feed_failed' && l.fields.code === 'not_a_feed')).toBe(true);

    site.setFeedOverride('echo', null);
    const second = await runNewsScan(deps());
    expect(second.feeds[0]).toMatchObject({ fetched: 1, alreadySeen: 1 });
    expect(await getArticleState(db, 'cc', site.articleUrl('tameside-busy'))).toMatchObject({ status: 'done', attempts: 2 });
  });

  it("reads each article against its page's date: history quoted in December is no event, a commissioner is one of its own", async () => {
    const december = new Date('2024-12-07T12:00:00Z');
    site.addArticle('cc', fixture('hitsradio-suffolk-plans-after-downgrade', 'suffolk-plans', '2024-12-06T08:00:00Z', 'opengraph'));
    site.addArticle('echo', fixture('communitycare-torbay-commissioner', 'torbay-commissioner', '2024-12-05T08:00:00Z', 'json-ld'));
    await runNewsScan(deps({ clock: () => december }));
    const suffolk = await eventsOf(councilUrn('Suffolk'));
    expect(suffolk.filter((e) => e.kind === 'downgrade' || e.kind === 'urgent_action')).toEqual([]);
    const torbay = await eventsOf(councilUrn('Torbay'));
    expect(torbay.map((e) => [e.kind, e.intervention, e.occurredOn])).toEqual([['urgent_action', 'commissioner', '2024-12-05']]);
  });

  it('never fetches an item whose link leaves the feed\'s allowed hosts', async () => {
    site.addArticle('cc', { ...offTopic, slug: 'elsewhere', title: 'Ofsted rates council inadequate' });
    const elsewhere = feeds().map((feed) => (feed.id === 'cc' ? { ...feed, allowedHosts: ['news.example'] } : feed));
    const summary = await runNewsScan(deps({ feeds: elsewhere }));
    expect(summary.feeds[0]!.notAllowed).toBeGreaterThan(0);
    expect(articleRequests()).toEqual([]);
  });
});

describe('each feed on its own hosts', () => {
  it('never follows an article of one feed to another feed\'s site, nor credits that site\'s page to the first outlet', async () => {
    const other = await startNewsSite({ outlet: 'The Other Paper', feeds: [{ id: 'other', format: 'rss' }] });
    const client = createHttpClient({ version: 't', contactUrl: 'https://example.org/c', allowedHosts: [site.host, other.host], perHostIntervalMs: 0, retry: { maxAttempts: 1 }, logger: silentLogger });
    try {
      const story = fixture('communitycare-stoke-inadequate', 'stoke-elsewhere', '2024-03-04T09:00:00Z', 'json-ld');
      other.addArticle('other', story);
      // Feed A's item moves to feed B's host.
      site.addArticle('cc', { ...story, slug: 'moved' });
      site.redirect('/news/moved', other.articleUrl('stoke-elsewhere'));
      const both: NewsFeed[] = [
        { id: 'cc', outlet: 'Community Care', url: site.feedUrl('cc'), allowedHosts: [site.host] },
        { id: 'other', outlet: 'The Other Paper', url: other.feedUrl('other'), allowedHosts: [other.host] },
      ];
      const first = await runNewsScan(deps({ feeds: both.slice(0, 1), http: client }));
      expect(first.feeds[0]).toMatchObject({ feedId: 'cc', fetched: 1, skippedArticles: 1 });
      expect(other.requests.filter((path) => path.startsWith('/news/'))).toEqual([]);
      expect(await eventsOf(STOKE_URN)).toEqual([]);
      expect(logs).toContainEqual(expect.objectContaining({ level: 'warn', message: 'news_article_failed', fields: expect.objectContaining({ feed: 'cc', code: 'redirect_not_allowed' }) }));
      // Read through its own feed, the page is that outlet's.
      await runNewsScan(deps({ feeds: both.slice(1), http: client }));
      expect((await eventsOf(STOKE_URN)).flatMap((event) => event.sources.map((source) => source.outlet))).toEqual(['The Other Paper']);
    } finally {
      await client.close();
      await other.close();
    }
  });
});

describe('from a new feed item to a Slack message', () => {
  let receiver: SlackReceiver;
  let table: LocalDynamo;
  beforeEach(async () => {
    receiver = await startSlackReceiver({ minIntervalMs: 0 });
    table = await startLocalDynamo();
  });
  afterEach(async () => {
    await receiver.close();
    await table.close();
  });

  it('alerts a subscriber of the council once, "reported by" the outlet with the link', async () => {
    const webhook = receiver.newWebhook();
    const at = '2026-01-10T08:00:00.000Z';
    await createSubscription(table, {
      id: 'sub_news_e2e',
      target: { type: 'councils', councils: [{ urn: STOKE_URN, onsCode: 'E06000021', name: 'Stoke-on-Trent' }] },
      events: ['downgrade', 'urgent_action'],
      delivery: 'instant',
      webhook: { type: 'url', url: webhook },
      status: 'active',
      broken: null,
      createdAt: at,
      updatedAt: at,
    });
    const clock = () => new Date('2026-01-10T09:00:00.000Z');
    site.addArticle('cc', fixture('communitycare-stoke-inadequate', 'stoke-e2e', '2026-01-10T07:30:00Z', 'json-ld'));
    site.addArticle('echo', fixture('communitycare-tameside-focused-visit', 'tameside-e2e', '2026-01-10T07:00:00Z', 'opengraph'));
    await runNewsScan(deps({ clock, table }));

    const deliver = () => runDelivery({ stores: dynamoDeliveryStores(table), now: clock, sleep: async () => {}, senders: slackWebhookSenders({ baseUrl: receiver.baseUrl }), logger: silentLogger });
    await deliver();
    const messages = receiver.messages(webhook);
    expect(messages).toHaveLength(1);
    const text = JSON.stringify(messages[0]!.payload);
    expect(text).toContain('Stoke-on-Trent');
    expect(text).toMatch(/reported by Community Care/);
    expect(text).toContain(site.articleUrl('stoke-e2e'));

    // Re-running the scan and the delivery sends nothing more.
    await runNewsScan(deps({ clock, table }));
    await deliver();
    expect(receiver.messages(webhook)).toHaveLength(1);
  });
});
