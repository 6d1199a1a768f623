/**
 * RSS 2.0 / RSS 1.0 (RDF) / Atom feeds to items, with cheerio in XML mode
 * (htmlparser2: tolerant of broken XML, unclosed tags, stray entities). A huge
 * feed is capped by bytes (the text is cut before parsing) and by items. Pure.
 */
import * as cheerio from 'cheerio';
import { normaliseDate } from './article.ts';
import { WatchError } from '../domain/errors.ts';

export interface FeedItem {
  /** The item's guid/id, else its link. */
  id: string;
  title: string;
  /** Absolute URL of the article. */
  link: string;
  /** Summary as plain text (HTML in descriptions stripped). */
  summary: string;
  /** ISO date-time, or null when the feed gives none that parses. */
  published: string | null;
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf';
  title: string | null;
  items: FeedItem[];
  /** True when the byte or item cap cut the feed short. */
  truncated: boolean;
}

export interface FeedLimits {
  /** Most items read from one feed (newest are first in feeds). Default 200. */
  maxItems?: number;
  /** Most bytes of feed text parsed. Default 5 MB. */
  maxBytes?: number;
  /** Base for relative links: the feed's own URL. */
  baseUrl?: string;
}

/** The document is not a feed (an HTML error page, empty body, something else). */
export class NotAFeedError extends WatchError<'not_a_feed'> {
  override name = 'NotAFeedError';
  constructor(message: string) {
    super('not_a_feed', message);
  }
}

export const DEFAULT_MAX_FEED_ITEMS = 200;
export const DEFAULT_MAX_FEED_BYTES = 5 * 1024 * 1024;

function clean(value: string | undefined): string {
  return (value ?? '').replace(/\s+/g, ' ').trim();
}

/** Feed descriptions often hold escaped HTML: read it as text. */
function htmlToText(value: string): string {
  if (!/[<&]/.test(value)) return clean(value);
  return clean(cheerio.load(`<div>${value}</div>`)('div').first().text());
}

function absolute(link: string, base: string | undefined): string | null {
  try {
    return new URL(link, base).toString();
  } catch {
    return null;
  }
}

function cutToBytes(text: string, maxBytes: number): { text: string; cut: boolean } {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes <= maxBytes) return { text, cut: false };
  return { text: Buffer.from(text, 'utf8').subarray(0, maxBytes).toString('utf8'), cut: true };
}

export function parseFeed(input: string | Buffer, limits: FeedLimits = {}): ParsedFeed {
  const maxItems = limits.maxItems ?? DEFAULT_MAX_FEED_ITEMS;
  const raw = typeof input === 'string' ? input : input.toString('utf8');
  const { text, cut } = cutToBytes(raw, limits.maxBytes ?? DEFAULT_MAX_FEED_BYTES);
  const $ = cheerio.load(text, { xml: { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true } });
  const root = $.root().children().first();
  const rootName = (root.prop('tagName') ?? '').toLowerCase();
  const isAtom = rootName === 'feed' || (!$('rss, channel').length && $('entry').length > 0);
  const isRdf = rootName === 'rdf:rdf';
  const isRss = rootName === 'rss' || $('channel').length > 0;
  if (!isAtom && !isRss && !isRdf) throw new NotAFeedError(`not an RSS or Atom feed (root element <${rootName || 'none'}>)`);

  const nodes = (isAtom ? $('entry') : $('item')).toArray();
  const items: FeedItem[] = [];
  for (const node of nodes.slice(0, maxItems)) {
    const item = isAtom ? atomItem($, $(node), limits.baseUrl) : rssItem($, $(node), limits.baseUrl);
    if (item) items.push(item);
  }
  const title = clean((isAtom ? $('feed > title') : $('channel > title')).first().text()) || null;
  return { format: isAtom ? 'atom' : isRdf ? 'rdf' : 'rss', title, items, truncated: cut || nodes.length > maxItems };
}

function child($: cheerio.CheerioAPI, node: cheerio.Cheerio<any>, ...names: string[]): string {
  for (const name of names) {
    const found = node.children().filter((_, el) => (el as { tagName?: string }).tagName?.toLowerCase() === name);
    const value = clean(found.first().text());
    if (value) return value;
  }
  return '';
}

function rssItem($: cheerio.CheerioAPI, node: cheerio.Cheerio<any>, base: string | undefined): FeedItem | null {
  const guid = node.children('guid').first();
  const guidText = clean(guid.text());
  const guidIsLink = guidText && guid.attr('isPermaLink') !== 'false' && /^https?:/i.test(guidText);
  const linkText = child($, node, 'link') || clean(node.find('link').first().text()) || node.attr('rdf:about') || (guidIsLink ? guidText : '');
  const link = linkText ? absolute(linkText, base) : null;
  if (!link) return null;
  return {
    id: guidText || link,
    title: htmlToText(child($, node, 'title')),
    link,
    summary: htmlToText(child($, node, 'description', 'content:encoded', 'summary')),
    published: normaliseDate(child($, node, 'pubdate', 'dc:date', 'published', 'updated') || null),
  };
}

function atomItem($: cheerio.CheerioAPI, node: cheerio.Cheerio<any>, base: string | undefined): FeedItem | null {
  // A broken entry (an unclosed <title>) may hold its <link> deeper down.
  const direct = node.children('link').toArray();
  const links = (direct.length ? direct : node.find('link').toArray()).map((el) => $(el));
  const alternate = links.find((l) => (l.attr('rel') ?? 'alternate') === 'alternate' && l.attr('href')) ?? links.find((l) => l.attr('href'));
  const link = alternate ? absolute(alternate.attr('href')!, base) : null;
  if (!link) return null;
  return {
    id: child($, node, 'id') || link,
    title: htmlToText(child($, node, 'title')),
    link,
    summary: htmlToText(child($, node, 'summary', 'content')),
    published: normaliseDate(child($, node, 'published', 'updated', 'issued') || null),
  };
}
