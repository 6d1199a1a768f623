/**
 * An article page (HTML) to the article text the extractor reads. Tries, in
 * order: schema.org NewsArticle JSON-LD (headline, datePublished, articleBody,
 * publisher), then OpenGraph meta tags, then the page's article body (`article`,
 * `main`, `[itemprop=articleBody]`, else the largest block of paragraphs), with
 * navigation, asides, related links, share bars and comments stripped. Pure.
 */
import * as cheerio from 'cheerio';
import type { ArticleText } from './text.ts';
import { WatchError } from '../domain/errors.ts';

export interface ArticlePage extends ArticleText {
  publisher: string | null;
  /** Canonical URL when the page gives one. */
  url: string | null;
  /** Where the headline came from. */
  via: 'json-ld' | 'opengraph' | 'html';
}

/** The page had no article text to read. */
export class NotAnArticleError extends WatchError<'not_an_article'> {
  override name = 'NotAnArticleError';
  constructor(message: string) {
    super('not_an_article', message);
  }
}

const ARTICLE_TYPES = new Set(['newsarticle', 'article', 'reportagenewsarticle', 'analysisnewsarticle', 'blogposting', 'webpage', 'opinionnewsarticle', 'backgroundnewsarticle']);

interface LdArticle {
  headline?: string;
  datePublished?: string;
  articleBody?: string;
  description?: string;
  publisher?: string;
  url?: string;
  rank: number;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (Array.isArray(value)) return text(value[0]);
  if (value && typeof value === 'object' && 'name' in value) return text((value as { name: unknown }).name);
  return undefined;
}

function typesOf(node: Record<string, unknown>): string[] {
  const type = node['@type'];
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase());
}

/** Every JSON-LD node of an article type, NewsArticle first. Broken JSON is skipped. */
function jsonLdArticles($: cheerio.CheerioAPI): LdArticle[] {
  const found: LdArticle[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 6 || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const item of node) visit(item, depth + 1);
      return;
    }
    const record = node as Record<string, unknown>;
    const types = typesOf(record);
    const articleType = types.find((t) => ARTICLE_TYPES.has(t));
    if (articleType && (record.headline || record.articleBody)) {
      found.push({
        headline: text(record.headline) ?? text(record.name),
        datePublished: text(record.datePublished) ?? text(record.dateCreated),
        articleBody: text(record.articleBody),
        description: text(record.description),
        publisher: text(record.publisher),
        url: text(record.url) ?? text(record.mainEntityOfPage && (record.mainEntityOfPage as Record<string, unknown>)['@id']),
        rank: articleType === 'newsarticle' || articleType.endsWith('newsarticle') ? 0 : articleType === 'webpage' ? 2 : 1,
      });
    }
    for (const key of ['@graph', 'mainEntity', 'itemListElement']) if (key in record) visit(record[key], depth + 1);
  };
  $('script[type="application/ld+json"]').each((_, element) => {
    const raw = $(element).text();
    try {
      visit(JSON.parse(raw), 0);
    } catch {
      // A broken JSON-LD block is common; the page's other sources still count.
    }
  });
  return found.sort((a, b) => a.rank - b.rank);
}

function meta($: cheerio.CheerioAPI, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = $(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`).first().attr('content');
    if (value?.trim()) return value.trim();
  }
  return undefined;
}

/** Furniture removed before reading the body. */
const NOT_BODY = [
  'script', 'style', 'noscript', 'template', 'svg', 'iframe', 'form', 'button', 'nav', 'aside', 'header', 'footer', 'figure',
  '[role="navigation"]', '[role="complementary"]', '[role="banner"]', '[role="contentinfo"]', '[aria-hidden="true"]',
  '[class*="related"]', '[class*="share"]', '[class*="social-links"]', '[class*="comments"]', '[id*="comments"]', '.comment', '#respond', '[class*="newsletter"]',
  '[class*="promo"]', '[class*="advert"]', '[class*="cookie"]', '[class*="breadcrumb"]', '[class*="subscribe"]', '[class*="more-from"]',
  '[class*="sidebar"]', '[class*="tags"]', '[class*="author-bio"]', '[class*="byline"]',
].join(', ');

const BLOCKS = 'p, h2, h3, h4, li, blockquote';

function normalise(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** The element holding the article: a marked body, `article`, `main`, else the parent with the most paragraph text. */
function bodyContainer($: cheerio.CheerioAPI): cheerio.Cheerio<any> | null {
  for (const selector of ['[itemprop="articleBody"]', '.article-body', '.entry-content', '.article__body', '.story-body', 'article', 'main', '[role="main"]']) {
    const candidates = $(selector).toArray().map((element) => $(element));
    const best = candidates.sort((a, b) => paragraphText($, b) - paragraphText($, a))[0];
    if (best && paragraphText($, best) > 200) return best;
  }
  const scores = new Map<any, number>();
  $('p').each((_, p) => {
    const parent = (p as { parent?: unknown }).parent;
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + normalise($(p).text()).length);
  });
  const [best] = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  return best ? $(best[0]) : null;
}

function paragraphText($: cheerio.CheerioAPI, element: cheerio.Cheerio<any>): number {
  return element
    .find('p')
    .toArray()
    .reduce((sum, p) => sum + normalise($(p).text()).length, 0);
}

/** Paragraph texts of the body, list items inside paragraphs not counted twice. */
function bodyParagraphs($: cheerio.CheerioAPI): string[] {
  const container = bodyContainer($);
  if (!container) return [];
  const paragraphs: string[] = [];
  container.find(BLOCKS).each((_, element) => {
    const node = $(element);
    if (node.parents(BLOCKS).length > 0) return;
    const value = normalise(node.text());
    if (value) paragraphs.push(value);
  });
  return paragraphs;
}

function bodyFromText(articleBody: string): string[] {
  const lines = articleBody.split(/\n+/).map(normalise).filter(Boolean);
  return lines;
}

/** Reads an article page. Throws NotAnArticleError when no headline and no body text can be found. */
export function parseArticlePage(html: string): ArticlePage {
  const $ = cheerio.load(html);
  const [ld] = jsonLdArticles($);
  const ogTitle = meta($, 'og:title', 'twitter:title');
  const h1 = normalise($('h1').first().text()) || undefined;
  const titleTag = normalise($('title').first().text()) || undefined;
  $(NOT_BODY).remove();
  const title = ld?.headline ?? ogTitle ?? h1 ?? titleTag ?? '';
  const via: ArticlePage['via'] = ld?.headline ? 'json-ld' : ogTitle ? 'opengraph' : 'html';
  const published = ld?.datePublished ?? meta($, 'article:published_time', 'datePublished', 'date', 'dc.date', 'pubdate') ?? $('time[datetime]').first().attr('datetime') ?? null;
  const publisher = ld?.publisher ?? meta($, 'og:site_name', 'application-name') ?? null;
  const url = ld?.url ?? meta($, 'og:url') ?? $('link[rel="canonical"]').attr('href') ?? null;
  const standfirst = ld?.description ?? meta($, 'og:description', 'description', 'twitter:description');
  let paragraphs = ld?.articleBody ? bodyFromText(ld.articleBody) : bodyParagraphs($);
  paragraphs = paragraphs.filter((p) => normalise(p) !== normalise(title));
  if (standfirst && !paragraphs.some((p) => p.includes(normalise(standfirst).slice(0, 60)))) paragraphs.unshift(normalise(standfirst));
  if (!title && paragraphs.length === 0) throw new NotAnArticleError('the page has no headline and no article text');
  return { title: normalise(title), paragraphs, published: normaliseDate(published), publisher, url, via };
}

/** An ISO date-time, or null when the page's date cannot be read. */
export function normaliseDate(value: string | null | undefined): string | null {
  if (!value) return null;
  const time = Date.parse(value.trim());
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}
