/**
 * Parser of a provider page (`/provider/44/<URN>`), pure.
 *
 * Publications are found by their report file links (`/v1/file/<id>` on
 * files.ofsted.gov.uk, files.api.ofsted.gov.uk, files.ofstednet.gov.uk or the
 * page's own origin, and the older `/provider/files/<id>/urn/<urn>.pdf`), and
 * read from the link's accessible text and the dates around it, not from one
 * CSS path:
 *
 * - older pages: `<a class="publication-link" href="…/v1/file/50252437">Area SEND full
 *   inspection <span class="nonvisual">Area SEND full inspection, PDF - 15 July 2024</span></a>`;
 *   the date in the hidden text is the publication date;
 * - newer pages (as the site serves them today) wrap each day in `li.timeline__day`:
 *   `<p class="timeline__date"><time>` (the day of the event: the inspection), then
 *   for each publication `<span class="event__title">` around the link and
 *   `<div class="event__metadata"><time pubdate>` (the publication date);
 * - other `<time>` elements are told apart by their labels ("Inspection date",
 *   "Published") or, failing labels, by order in time.
 *
 * Hidden texts read "<type>, pdf - <date>", or on some older publications
 * "<type> as pdf - <date>" or "<type> pdf - <date>" (no comma).
 *
 * A page that looks like a provider page but yields no publications (and does
 * not say it has none), or whose report links carry no publication type, is
 * `layout_changed`; a page without a provider page's marks is
 * `not_a_provider_page`. Never a silent empty list.
 */
import * as cheerio from 'cheerio';
import type { Element } from 'domhandler';
import { parseSiteDate } from './dates.ts';
import { cleanText, datesIn, itemContainer, type LabelledDate } from './dom.ts';
import { fileIdFromUrl, providerFromUrl } from './urls.ts';

export interface SitePublication {
  /** Ofsted file id (last path segment of the file URL). */
  fileId: string;
  /** Absolute report file URL, as linked. */
  url: string;
  /** Publication type text, e.g. "Children's services focused visit". */
  type: string;
  /** Publication date (YYYY-MM-DD), or null when the page does not show it. */
  published: string | null;
  /** Inspection (event) date (YYYY-MM-DD), or null when the page does not show it. */
  eventDate: string | null;
}

export type ProviderPageLayout = 'timeline' | 'nonvisual' | 'links';

export type ProviderPage =
  | {
      ok: true;
      /** URN from the page URL or the page's "URN:" text. */
      urn: string | null;
      /** The page heading, e.g. "Stockton-on-Tees Borough Council". */
      name: string | null;
      layout: ProviderPageLayout;
      /** In page order (the site lists newest first). */
      publications: SitePublication[];
      /** Things worth logging that do not stop the crawl (a publication without dates…). */
      warnings: string[];
    }
  | { ok: false; problem: 'layout_changed' | 'not_a_provider_page'; detail: string; urn: string | null; name: string | null };

/** "Children's services focused visit, PDF - 01 August 2024", "Single inspection of LA children's services as pdf - 10 February 2015" (any case, any dash, extra spaces). */
const HIDDEN_TEXT = /^(.*?)(?:,\s*|\s+as\s+|\s+)pdf\s*[-–—]\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})\s*$/i;
const NO_REPORTS = /\bno (published |inspection )*reports?\b|\bno reports? (have|has) been published\b|\bthere are no (published )?(inspection )?reports\b/i;
const PUBLISHED_LABEL = /publi/i;
const EVENT_LABEL = /inspect|event|visit|carried out|date of/i;

export function parseProviderPage(html: string, pageUrl: string): ProviderPage {
  const $ = cheerio.load(html);
  const urn = providerFromUrl(pageUrl, pageUrl)?.urn ?? /\bURN:?\s*(\d{4,})\b/.exec(cleanText($('body').text()))?.[1] ?? null;
  const name = cleanText($('h1').first().text()) || null;
  const pageDocument = pageUrl.replace(/#.*$/, '');
  const keyOf = (link: Element): string | null => {
    const href = $(link).attr('href') ?? '';
    if (href.startsWith('#')) return null; // same-page links
    const fileId = fileIdFromUrl(href, pageUrl);
    return fileId !== null && new URL(href, pageUrl).href.replace(/#.*$/, '') === pageDocument ? null : fileId;
  };

  const links: { link: Element; fileId: string }[] = [];
  const seen = new Set<string>();
  for (const link of $('a[href]').toArray()) {
    const fileId = keyOf(link);
    if (!fileId || seen.has(fileId)) continue;
    seen.add(fileId);
    links.push({ link, fileId });
  }

  if (links.length === 0) {
    const text = cleanText($('body').text());
    const looksLikeProviderPage = looksLikeProvider($, text, pageUrl);
    if (!looksLikeProviderPage) {
      return { ok: false, problem: 'not_a_provider_page', detail: `no provider page marks (heading "${name ?? ''}")`, urn, name };
    }
    if (NO_REPORTS.test(text)) return { ok: true, urn, name, layout: 'links', publications: [], warnings: [] };
    return { ok: false, problem: 'layout_changed', detail: 'a provider page with no report file links', urn, name };
  }

  const publications: SitePublication[] = [];
  const warnings: string[] = [];
  const untyped: string[] = [];
  let sawTimeline = false;
  let sawHidden = false;
  for (const { link, fileId } of links) {
    const container = itemContainer($, link, fileId, keyOf);
    if ($(link).closest('[class*="timeline"]').length > 0) sawTimeline = true;
    const hidden = hiddenDescription($, link);
    if (hidden?.inElement) sawHidden = true;
    const type = hidden?.type || visibleType($, link) || headingType($, container);
    if (!type) {
      untyped.push(fileId);
      continue;
    }
    const { published, eventDate } = assignDates([...datesIn($, container), ...timelineDay($, link, container)], hidden?.date ?? null);
    if (!published) warnings.push(`file ${fileId}: no publication date on the page`);
    publications.push({ fileId, url: new URL($(link).attr('href')!, pageUrl).href, type, published, eventDate });
  }
  if (untyped.length > 0) {
    return {
      ok: false,
      problem: 'layout_changed',
      detail: `report links without a publication type: file ${untyped.join(', ')}`,
      urn,
      name,
    };
  }
  return { ok: true, urn, name, layout: sawTimeline ? 'timeline' : sawHidden ? 'nonvisual' : 'links', publications, warnings };
}

function looksLikeProvider($: cheerio.CheerioAPI, text: string, pageUrl: string): boolean {
  if (/\bURN:?\s*\d{4,}\b/.test(text)) return true;
  const identifiers = [
    $('link[rel="canonical"]').attr('href'),
    $('meta[property="og:url"]').attr('content'),
    $('meta[name="dc.identifier"]').attr('content'),
  ];
  if (identifiers.some((value) => value && providerFromUrl(value, pageUrl))) return true;
  return providerFromUrl(pageUrl, pageUrl) !== null && $('h1').length > 0 && !/report not found|page not found/i.test($('title').text());
}

/** The "<type>, PDF - <date>" text a link carries for screen readers, wherever it sits. */
function hiddenDescription($: cheerio.CheerioAPI, link: Element): { type: string; date: string | null; inElement: boolean } | null {
  const candidates = [
    ...$(link)
      .find('*')
      .toArray()
      .map((element) => ({ text: cleanText($(element).text()), inElement: true })),
    { text: cleanText($(link).attr('aria-label')), inElement: false },
    { text: cleanText($(link).attr('title')), inElement: false },
  ];
  for (const candidate of candidates) {
    const match = HIDDEN_TEXT.exec(candidate.text);
    if (match && cleanText(match[1])) return { type: cleanText(match[1]), date: parseSiteDate(match[2]), inElement: candidate.inElement };
  }
  // All the link's text in one: "Focused visit Focused visit, PDF - 01 August 2024" → the part before the repeat.
  const whole = HIDDEN_TEXT.exec(cleanText($(link).text()));
  if (whole) {
    const words = cleanText(whole[1]);
    const half = words.slice(0, Math.floor(words.length / 2)).trim();
    const type = half && words === `${half} ${half}` ? half : words;
    return { type, date: parseSiteDate(whole[2]), inElement: false };
  }
  return null;
}

/** The link's visible words (its own text nodes), when they name the publication. */
function visibleType($: cheerio.CheerioAPI, link: Element): string | null {
  const own = cleanText(
    $(link)
      .contents()
      .toArray()
      .filter((node) => node.type === 'text')
      .map((node) => $(node).text())
      .join(' '),
  );
  if (!own || /^(download|view|open|pdf|report|read( the)? report)\b/i.test(own)) return null;
  return own.replace(/(?:,|\s+as)?\s*pdf\b.*$/i, '').trim() || null;
}

/** A heading near the link inside its card. */
function headingType($: cheerio.CheerioAPI, container: Element): string | null {
  const heading = cleanText($(container).find('h2, h3, h4, h5, [class*="title"]').first().text());
  return heading || null;
}

const TIMELINE_DAY = 'timeline day';

/**
 * The date of the `li.timeline__day` a link sits in (`p.timeline__date > time`),
 * when its card does not already hold it: a day with several publications
 * prints its date once, above them all.
 */
function timelineDay($: cheerio.CheerioAPI, link: Element, container: Element): LabelledDate[] {
  const time = $(link).closest('[class*="timeline__day"]').find('[class*="timeline__date"] time').first();
  if (!time.length || $(container).find(time).length > 0 || time.closest(container).length > 0) return [];
  const date = parseSiteDate(time.attr('datetime')) ?? parseSiteDate(time.text());
  return date ? [{ date, label: TIMELINE_DAY }] : [];
}

function assignDates(dates: LabelledDate[], hiddenDate: string | null): { published: string | null; eventDate: string | null } {
  let published: string | null = null;
  let eventDate: string | null = null;
  let day: string | null = null;
  const unlabelled: string[] = [];
  for (const { date, label } of dates) {
    if (PUBLISHED_LABEL.test(label)) published ??= date;
    else if (label === TIMELINE_DAY || /timeline__date/.test(label)) day ??= date;
    else if (EVENT_LABEL.test(label)) eventDate ??= date;
    else unlabelled.push(date);
  }
  published ??= hiddenDate;
  // The timeline's day is the event's; on pages that date each day by publication it is the publication date again.
  if (day && day !== published) {
    if (published && day < published) eventDate ??= day;
    else if (!published) unlabelled.push(day);
  }
  const rest = [...new Set(unlabelled)].filter((date) => date !== published && date !== eventDate).sort();
  if (!published && rest.length > 0) published = rest.pop()!; // a publication follows its inspection
  if (!eventDate && rest.length > 0) eventDate = rest[0]!;
  return { published, eventDate };
}
