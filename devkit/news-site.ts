/**
 * A local news site on 127.0.0.1 for tests and the demo: RSS and Atom feeds and
 * article pages in the shapes real outlets use (schema.org NewsArticle JSON-LD;
 * OpenGraph tags only; a plain page with the text in the body), each page with
 * the furniture the reader must ignore (navigation, an aside of related links
 * naming other councils, a footer). Articles can be added between runs.
 * The texts come from the real articles in tests/fixtures/news (loadArticleTexts).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { listenOnLoopback } from './listen.ts';

export type PageShape = 'json-ld' | 'opengraph' | 'plain';

export interface SiteArticle {
  slug: string;
  title: string;
  /** Paragraphs; the first is the standfirst. */
  paragraphs: string[];
  /** ISO date-time. */
  published: string;
  shape: PageShape;
  /** Feed summary; defaults to the standfirst. */
  summary?: string;
}

export interface SiteFeedConfig {
  id: string;
  format: 'rss' | 'atom';
  title?: string;
}

export interface NewsSiteOptions {
  port?: number;
  /** Outlet name used in pages (og:site_name, JSON-LD publisher). */
  outlet?: string;
  feeds?: SiteFeedConfig[];
  /** robots.txt body; default allows everything. */
  robotsTxt?: string;
}

export interface NewsSite {
  origin: string;
  /** host:port, for an HTTP client's allowlist. */
  host: string;
  feedUrl(feedId: string): string;
  articleUrl(slug: string): string;
  /** Adds an article to a feed (newest first in the feed); served at once. */
  addArticle(feedId: string, article: SiteArticle): void;
  /** Replaces a feed's document with this text (e.g. broken XML), or restores it with null. */
  setFeedOverride(feedId: string, body: string | null): void;
  /** Makes the next `count` requests for this path answer with `status`. */
  failNext(path: string, status: number, count?: number): void;
  /** Answers requests for `path` with a 302 to `location` (an article moved, or sent to another site). */
  redirect(path: string, location: string): void;
  /** Paths requested, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Plain article text (title on the first line) to a site article. */
export function articleFromText(slug: string, text: string, options: { published: string; shape: PageShape }): SiteArticle {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim()).filter(Boolean);
  const [title = slug, ...paragraphs] = lines;
  return { slug, title, paragraphs, published: options.published, shape: options.shape };
}

/** The plain-text articles in a folder (e.g. tests/fixtures/news), by file name without .txt. */
export function loadArticleTexts(dir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    texts.set(name.replace(/\.txt$/, ''), readFileSync(join(dir, name), 'utf8'));
  }
  return texts;
}

const FURNITURE_TOP = `<header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/children">Children's services</a></nav></header>`;
const FURNITURE_ASIDE = `<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/news/x">Birmingham children's services rated inadequate and told to take urgent action</a></li><li><a href="/news/y">Ofsted notified the Department for Education about Walsall</a></li></ul></aside>`;
const FURNITURE_BOTTOM = (outlet: string) => `<div class="related-articles"><h3>Related</h3><p>Sandwell issued with improvement notice by the Department for Education.</p></div><footer><p>More from ${escapeXml(outlet)}</p><p>Sunderland council praised in round-up.</p></footer>`;

function paragraphsHtml(article: SiteArticle): string {
  const [standfirst = '', ...body] = article.paragraphs;
  return `<p class="standfirst">${escapeXml(standfirst)}</p>\n${body.map((p) => `<p>${escapeXml(p)}</p>`).join('\n')}`;
}

export function renderArticlePage(article: SiteArticle, options: { outlet: string; url: string }): string {
  const title = escapeXml(article.title);
  const standfirst = article.paragraphs[0] ?? '';
  const head: string[] = [`<meta charset="utf-8">`, `<title>${title} | ${escapeXml(options.outlet)}</title>`];
  if (article.shape === 'json-ld') {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: options.outlet, url: new URL('/', options.url).toString() },
        {
          '@type': 'NewsArticle',
          headline: article.title,
          datePublished: article.published,
          description: standfirst,
          articleBody: article.paragraphs.join('\n\n'),
          url: options.url,
          publisher: { '@type': 'Organization', name: options.outlet },
        },
      ],
    };
    head.push(`<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, '\\u003c')}</script>`);
  }
  if (article.shape === 'json-ld' || article.shape === 'opengraph') {
    head.push(
      `<meta property="og:title" content="${title}">`,
      `<meta property="og:site_name" content="${escapeXml(options.outlet)}">`,
      `<meta property="og:url" content="${escapeXml(options.url)}">`,
      `<meta property="og:description" content="${escapeXml(standfirst)}">`,
      `<meta property="article:published_time" content="${escapeXml(article.published)}">`,
    );
  }
  const body =
    article.shape === 'plain'
      ? `<div class="page"><div class="content"><h1>${title}</h1><time datetime="${escapeXml(article.published)}">${escapeXml(article.published.slice(0, 10))}</time>\n${paragraphsHtml(article)}</div>${FURNITURE_ASIDE}</div>`
      : article.shape === 'opengraph'
        ? `<div class="page"><h1 class="headline">${title}</h1><div class="entry-content">\n${paragraphsHtml(article)}\n<div class="share-buttons"><p>Share this on social media: Stockton council rated inadequate?</p></div></div>${FURNITURE_ASIDE}</div>`
        : `<main><article><h1>${title}</h1><div itemprop="articleBody">\n${paragraphsHtml(article)}</div></article>${FURNITURE_ASIDE}</main>`;
  return `<!doctype html>\n<html lang="en-GB"><head>${head.join('\n')}</head><body>${FURNITURE_TOP}${body}${FURNITURE_BOTTOM(options.outlet)}</body></html>\n`;
}

export function renderFeed(feed: SiteFeedConfig, articles: readonly SiteArticle[], origin: string, outlet: string): string {
  const link = (a: SiteArticle) => `${origin}/news/${a.slug}`;
  const summary = (a: SiteArticle) => a.summary ?? a.paragraphs[0] ?? '';
  const title = escapeXml(feed.title ?? `${outlet}: ${feed.id}`);
  if (feed.format === 'atom') {
    const entries = articles
      .map((a) => `<entry><title>${escapeXml(a.title)}</title><link rel="alternate" href="${escapeXml(link(a))}"/><id>${escapeXml(link(a))}</id><published>${a.published}</published><updated>${a.published}</updated><summary type="html">${escapeXml(`<p>${escapeXml(summary(a))}</p>`)}</summary></entry>`)
      .join('\n');
    return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>${title}</title><id>${origin}/feeds/${feed.id}</id><updated>${articles[0]?.published ?? '1970-01-01T00:00:00Z'}</updated>\n${entries}\n</feed>\n`;
  }
  const items = articles
    .map((a) => `<item><title><![CDATA[${a.title}]]></title><link>${escapeXml(link(a))}</link><guid isPermaLink="true">${escapeXml(link(a))}</guid><pubDate>${new Date(a.published).toUTCString()}</pubDate><description>${escapeXml(`<p>${escapeXml(summary(a))}</p>`)}</description></item>`)
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>${origin}/</link><description>${title}</description>\n${items}\n</channel></rss>\n`;
}

export async function startNewsSite(options: NewsSiteOptions = {}): Promise<NewsSite> {
  const outlet = options.outlet ?? 'Local Care News';
  const feeds = new Map<string, { config: SiteFeedConfig; articles: SiteArticle[]; override: string | null }>();
  for (const config of options.feeds ?? [{ id: 'news', format: 'rss' }]) feeds.set(config.id, { config, articles: [], override: null });
  const articles = new Map<string, SiteArticle>();
  const failures = new Map<string, { status: number; count: number }>();
  const redirects = new Map<string, string>();
  const requests: string[] = [];
  let origin = '';

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    requests.push(path);
    const failure = failures.get(path);
    if (failure && failure.count > 0) {
      failure.count--;
      return send(res, failure.status, 'text/plain', `injected ${failure.status}`);
    }
    const location = redirects.get(path);
    if (location) {
      res.writeHead(302, { location, 'content-length': 0 });
      return res.end();
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain', 'method not allowed');
    if (path === '/robots.txt') return send(res, 200, 'text/plain', options.robotsTxt ?? 'User-agent: *\nAllow: /\n');
    const feedMatch = /^\/feeds\/([a-z0-9-]+)\.xml$/.exec(path);
    if (feedMatch) {
      const feed = feeds.get(feedMatch[1]!);
      if (!feed) return send(res, 404, 'text/plain', 'no such feed');
      const body = feed.override ?? renderFeed(feed.config, feed.articles, origin, outlet);
      return send(res, 200, feed.config.format === 'atom' ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8', body);
    }
    const articleMatch = /^\/news\/([a-z0-9-]+)$/.exec(path);
    const article = articleMatch ? articles.get(articleMatch[1]!) : undefined;
    if (article) return send(res, 200, 'text/html; charset=utf-8', renderArticlePage(article, { outlet, url: `${origin}${path}` }));
    return send(res, 404, 'text/html; charset=utf-8', '<!doctype html><html><head><title>Page not found</title></head><body><h1>Page not found</h1></body></html>');
  });
  const { port } = await listenOnLoopback(server, options.port);
  origin = `http://127.0.0.1:${port}`;

  return {
    origin,
    host: `127.0.0.1:${port}`,
    feedUrl: (feedId) => `${origin}/feeds/${feedId}.xml`,
    articleUrl: (slug) => `${origin}/news/${slug}`,
    addArticle(feedId, article) {
      const feed = feeds.get(feedId);
      if (!feed) throw new Error(`news site: no feed "${feedId}"`);
      if (!/^[a-z0-9-]+$/.test(article.slug)) throw new Error(`news site: slug "${article.slug}" must be lower-case letters, digits and hyphens`);
      articles.set(article.slug, article);
      feed.articles = [article, ...feed.articles.filter((a) => a.slug !== article.slug)].sort((a, b) => b.published.localeCompare(a.published));
    },
    setFeedOverride(feedId, body) {
      const feed = feeds.get(feedId);
      if (!feed) throw new Error(`news site: no feed "${feedId}"`);
      feed.override = body;
    },
    failNext(path, status, count = 1) {
      failures.set(path, { status, count });
    },
    redirect(path, location) {
      redirects.set(path, location);
    },
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
