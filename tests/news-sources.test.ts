import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFromText, renderArticlePage, renderFeed, type PageShape, type SiteArticle } from '#devkit/news-site.ts';
import { NotAnArticleError, parseArticlePage } from '#shared/news/article.ts';
import { extractCouncilEvents } from '#shared/news/extract.ts';
import { NotAFeedError, parseFeed } from '#shared/news/feed.ts';
import { DEFAULT_NEWS_FEEDS, FeedsConfigError, parseFeedsConfig } from '#shared/news/feeds.ts';
import { isWorthFetching, newsKeywordsIn } from '#shared/news/prefilter.ts';

const NEWS = join(import.meta.dirname, 'fixtures/news');
const stoke = readFileSync(join(NEWS, 'communitycare-stoke-inadequate.txt'), 'utf8');

function article(slug: string, shape: PageShape = 'json-ld', published = '2024-03-01T08:00:00Z'): SiteArticle {
  return articleFromText(slug, stoke, { published, shape });
}

describe('feed parsing', () => {
  it('reads RSS 2.0 items: title (CDATA), link, guid, date, summary without HTML', () => {
    const feed = parseFeed(renderFeed({ id: 'n', format: 'rss', title: 'Care news' }, [article('stoke')], 'http://127.0.0.1:1', 'Care'));
    expect(feed).toMatchObject({ format: 'rss', title: 'Care news', truncated: false });
    expect(feed.items).toEqual([
      {
        id: 'http://127.0.0.1:1/news/stoke',
        title: 'Council where no social workers receive one-to-one case supervision branded ‘inadequate’',
        link: 'http://127.0.0.1:1/news/stoke',
        summary: expect.stringMatching(/^Cases being closed .*Stoke$/),
        published: '2024-03-01T08:00:00.000Z',
      },
    ]);
  });

  it('reads Atom entries, resolving relative links against the feed URL', () => {
    const xml = `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
      <entry><title type="html">Ofsted &lt;em&gt;rates&lt;/em&gt; Slough inadequate</title><link rel="enclosure" href="/img.jpg"/><link rel="alternate" href="/news/slough"/><id>tag:x,2024:1</id><updated>2024-05-02T10:00:00+01:00</updated><summary>Inspection</summary></entry></feed>`;
    const feed = parseFeed(xml, { baseUrl: 'https://outlet.example/feeds/atom.xml' });
    expect(feed.format).toBe('atom');
    expect(feed.items).toEqual([{ id: 'tag:x,2024:1', title: 'Ofsted rates Slough inadequate', link: 'https://outlet.example/news/slough', summary: 'Inspection', published: '2024-05-02T09:00:00.000Z' }]);
  });

  it('tolerates broken XML: unclosed tags, a bare ampersand, a cut-off end', () => {
    const xml = `<rss version="2.0"><channel><title>Broken & bold</title>
      <item><title>First & foremost: Ofsted visit</title><link>https://o.example/1</link><pubDate>not a date</pubDate></item>
      <item><title>Unclosed title<link>https://o.example/2</link></item>
      <item><title>Third</title><link>https://o.example/3</link><description>cut off here`;
    const feed = parseFeed(xml);
    expect(feed.items.map((i) => i.link)).toEqual(['https://o.example/1', 'https://o.example/2', 'https://o.example/3']);
    expect(feed.items[0]).toMatchObject({ title: 'First & foremost: Ofsted visit', published: null });
  });

  it('caps a huge feed by items and by bytes, and says it cut it', () => {
    const many = Array.from({ length: 5000 }, (_, i) => article(`a${i}`, 'json-ld', new Date(Date.UTC(2024, 0, 1) - i * 60_000).toISOString()));
    const xml = renderFeed({ id: 'n', format: 'rss' }, many, 'http://127.0.0.1:1', 'Care');
    expect(Buffer.byteLength(xml)).toBeGreaterThan(1_000_000);
    const byItems = parseFeed(xml, { maxItems: 50 });
    expect(byItems.items).toHaveLength(50);
    expect(byItems.truncated).toBe(true);
    const byBytes = parseFeed(xml, { maxBytes: 20_000 });
    expect(byBytes.truncated).toBe(true);
    expect(byBytes.items.length).toBeGreaterThan(5);
    expect(byBytes.items.length).toBeLessThan(100);
    expect(byBytes.items[0]!.link).toBe('http://127.0.0.1:1/news/a0');
  });

  it('refuses an HTML page served where a feed should be', () => {
    expect(() => parseFeed('<!doctype html><html><body><h1>Page not found</h1></body></html>')).toThrow(NotAFeedError);
    expect(() => parseFeed('')).toThrow(NotAFeedError);
  });
});

describe('article pages', () => {
  for (const shape of ['json-ld', 'opengraph', 'plain'] as const) {
    it(`reads the ${shape} page shape: headline, date, body, and none of the furniture`, () => {
      const html = renderArticlePage(article('stoke', shape), { outlet: 'Community Care', url: 'http://127.0.0.1:1/news/stoke' });
      const page = parseArticlePage(html);
      expect(page.via).toBe(shape === 'plain' ? 'html' : shape);
      expect(page.title).toBe('Council where no social workers receive one-to-one case supervision branded ‘inadequate’');
      expect(page.published).toBe('2024-03-01T08:00:00.000Z');
      expect(page.publisher).toBe(shape === 'plain' ? null : 'Community Care');
      expect(page.paragraphs[0]).toMatch(/^Cases being closed/);
      expect(page.paragraphs.join(' ')).toContain('Janine Bridges');
      // Navigation, the aside, related links, share bar and footer name other councils: none may be read.
      expect(page.paragraphs.join(' ')).not.toMatch(/Birmingham|Walsall|Sandwell|Sunderland|Share this|Home News/);
      const events = extractCouncilEvents(page);
      expect(events.map((e) => [e.council.name, e.kind])).toEqual([['Stoke-on-Trent', 'downgrade']]);
    });
  }

  it('takes NewsArticle JSON-LD over other JSON-LD, and skips a broken block', () => {
    const html = `<html><head>
      <script type="application/ld+json">{ broken json </script>
      <script type="application/ld+json">[{"@type":"BreadcrumbList","itemListElement":[]},{"@type":["NewsArticle"],"headline":"Walsall rated inadequate","datePublished":"2024-02-03","articleBody":"Walsall Council has been rated inadequate by Ofsted.","publisher":{"@type":"Organization","name":"Express & Star"}}]</script>
      </head><body><article><p>Something else entirely, long enough to be a body paragraph on its own page.</p></article></body></html>`;
    const page = parseArticlePage(html);
    expect(page).toMatchObject({ via: 'json-ld', title: 'Walsall rated inadequate', publisher: 'Express & Star', published: '2024-02-03T00:00:00.000Z' });
    expect(page.paragraphs).toEqual(['Walsall Council has been rated inadequate by Ofsted.']);
  });

  it('says a page with nothing to read is not an article', () => {
    expect(() => parseArticlePage('<html><body><nav>menu</nav></body></html>')).toThrow(NotAnArticleError);
  });
});

describe('feed item pre-filter', () => {
  it('fetches items about inspections and interventions, skips the rest', () => {
    expect(newsKeywordsIn({ title: 'Council rated inadequate by Ofsted', summary: '' })).toEqual(['ofsted', 'grade']);
    expect(isWorthFetching({ title: 'Stockton told to take urgent action', summary: 'Focused visit finds delays' })).toBe(true);
    expect(isWorthFetching({ title: 'Commissioner appointed at Sandwell', summary: '' })).toBe(true);
    expect(isWorthFetching({ title: 'Social worker pay rise agreed', summary: 'Unions welcome the deal' })).toBe(false);
  });
});

describe('feeds configuration', () => {
  it('ships defaults that allow each feed its own host', () => {
    for (const feed of DEFAULT_NEWS_FEEDS) expect(feed.allowedHosts).toContain(new URL(feed.url).host);
    expect(DEFAULT_NEWS_FEEDS.map((f) => f.outlet)).toEqual(['Community Care', 'Children & Young People Now', 'The Northern Echo']);
  });

  it('validates a configured list with messages that say what is wrong', () => {
    expect(parseFeedsConfig('[{"id":"echo","outlet":"The Echo","url":"https://echo.example/rss"}]')).toEqual([
      { id: 'echo', outlet: 'The Echo', url: 'https://echo.example/rss', allowedHosts: ['echo.example'] },
    ]);
    expect(() => parseFeedsConfig('nope')).toThrow(/not valid JSON/);
    expect(() => parseFeedsConfig([{ id: 'Bad Id', outlet: 'x', url: 'https://x.example' }])).toThrow(FeedsConfigError);
    expect(() => parseFeedsConfig([{ id: 'a', outlet: 'x', url: 'ftp://x.example' }])).toThrow(/http/);
    expect(() => parseFeedsConfig([{ id: 'a', outlet: 'x', url: 'https://x.example' }, { id: 'a', outlet: 'y', url: 'https://y.example' }])).toThrow(/twice/);
  });
});
