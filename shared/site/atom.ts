/**
 * Atom feeds of alerts (pure): every alert, and one council's, so people
 * outside Slack can follow a council in any feed reader. A feed changes only
 * when its entries do (its `updated` is its newest entry's), so a rebuild
 * uploads only the feeds that gained something.
 */
import { createHash } from 'node:crypto';
import type { CouncilEvent } from '../domain/events.ts';
import { eventDate, eventSummary, kindsLabel } from './event-view.ts';
import { escapeHtml } from './html.ts';
import { councilPagePath } from './map.ts';

const EMPTY_FEED_UPDATED = '2012-01-01T00:00:00Z';
export const FEED_ENTRIES = 100;

export interface FeedOptions {
  /** Path of the feed from the site root, e.g. "feed.atom". */
  path: string;
  title: string;
  /** The site's public URL, for absolute links; relative links without it. */
  baseUrl?: string;
}

/** A stable id, whatever host serves the site: a name-based UUID (RFC 4122 version 5 layout) of the name. */
export function stableId(name: string): string {
  const hex = createHash('sha1').update(`ofsted-watch:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function href(options: FeedOptions, path: string): string {
  if (options.baseUrl) return `${options.baseUrl.replace(/\/+$/, '')}/${path}`;
  const depth = options.path.split('/').length - 1;
  return `${'../'.repeat(depth)}${path}`;
}

function entry(event: CouncilEvent, options: FeedOptions): string {
  const kinds = kindsLabel(event);
  const summary = [eventSummary(event), event.evidence ? `“${event.evidence}”` : ''].filter(Boolean).join(' ');
  const links = event.sources.map((s) => `<link rel="related" href="${escapeHtml(s.url)}" title="${escapeHtml(s.type === 'ofsted' ? 'Ofsted report' : s.outlet)}"/>`);
  return `<entry>
<id>${stableId(`event/${event.id}`)}</id>
<title>${escapeHtml(`${event.council.name}: ${kinds}`)}</title>
<updated>${escapeHtml(event.detectedAt)}</updated>
<published>${escapeHtml(`${eventDate(event)}T00:00:00Z`)}</published>
<link rel="alternate" type="text/html" href="${escapeHtml(href(options, councilPagePath(event.council.onsCode)))}"/>
${links.join('\n')}
<category term="${escapeHtml(event.kind)}"/>
<summary type="text">${escapeHtml(summary || kinds)}</summary>
</entry>`;
}

/** A feed of the given events, newest detected first (at most FEED_ENTRIES). */
export function atomFeed(events: readonly CouncilEvent[], options: FeedOptions): string {
  const newest = [...events].sort((a, b) => b.detectedAt.localeCompare(a.detectedAt) || a.id.localeCompare(b.id)).slice(0, FEED_ENTRIES);
  const updated = newest[0]?.detectedAt ?? EMPTY_FEED_UPDATED;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<id>${stableId(`feed/${options.path}`)}</id>
<title>${escapeHtml(options.title)}</title>
<updated>${escapeHtml(updated)}</updated>
<author><name>ofsted-watch</name></author>
<link rel="self" type="application/atom+xml" href="${escapeHtml(href(options, options.path))}"/>
<link rel="alternate" type="text/html" href="${escapeHtml(href(options, 'index.html'))}"/>
<rights>Facts from Ofsted reports: Crown copyright, Open Government Licence v3.0</rights>
${newest.map((event) => entry(event, options)).join('\n')}
</feed>
`;
}
