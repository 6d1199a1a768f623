/**
 * Coverage that arrives after an alert: the press reporting an Ofsted alert a
 * channel already has (or Ofsted publishing what the press reported first)
 * becomes a reply in that alert's thread, never a second alert. Pure.
 */
import { createHash } from 'node:crypto';
import type { CouncilEvent, EventSource } from '../domain/events.ts';
import { SLACK_LIMITS, type SlackMessage } from './block-kit.ts';
import { escapeMrkdwn, link, truncate } from './mrkdwn.ts';
import { formatDate, listPhrase } from './wording.ts';

/** The event's sources not yet posted to the channel, in the event's order. */
export function unpostedSources(event: Pick<CouncilEvent, 'sources'>, posted: readonly string[]): EventSource[] {
  const seen = new Set(posted);
  return event.sources.filter((source) => !seen.has(source.url));
}

/** The same sources always give the same key, so a reply is queued once. */
export function sourcesKey(sources: readonly EventSource[]): string {
  return createHash('sha256').update(sources.map((s) => s.url).sort().join('\n')).digest('hex').slice(0, 16);
}

function sourceLine(source: EventSource): string {
  const published = formatDate(source.published ?? null);
  const title = source.title?.trim() || (source.type === 'ofsted' ? 'the report' : 'the article');
  return `• *${escapeMrkdwn(source.outlet)}*: ${link(source.url, title)}${published ? ` _(${published})_` : ''}`;
}

/** The thread reply naming the new coverage of `event`. */
export function buildCoverageReply(event: CouncilEvent, sources: readonly EventSource[]): SlackMessage {
  const outlets = [...new Set(sources.map((s) => s.outlet))];
  const intro = sources.every((s) => s.type === 'ofsted') ? 'Ofsted has now published this:' : `Also reported by ${listPhrase(outlets)}:`;
  const body = truncate(`${escapeMrkdwn(intro)}\n${sources.map(sourceLine).join('\n')}`, SLACK_LIMITS.sectionText);
  return {
    text: truncate(escapeMrkdwn(`${event.council.name}: ${intro} ${sources.map((s) => s.title ?? s.outlet).join('; ')}`), 600),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: body } }],
    unfurl_links: false,
    unfurl_media: false,
  };
}
