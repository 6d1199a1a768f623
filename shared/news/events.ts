/**
 * An extracted news event as the shared CouncilEvent: deterministic id (council
 * URN + kind + article URL), sources naming the outlet, link, title and date so
 * the alert reads "reported by <outlet>". Pure.
 */
import { createHash } from 'node:crypto';
import { councilRef } from '../domain/council.ts';
import { EVENT_KINDS, type CouncilEvent, type EventKind } from '../domain/events.ts';
import type { ExtractedEvent } from './extract.ts';

export interface ArticleSource {
  outlet: string;
  url: string;
  title: string;
  /** ISO date-time the article was published, when known. */
  published: string | null;
}

/** The article URL as an identity: no fragment, no tracking parameters. */
export function canonicalArticleUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (/^(utm_|fbclid$|gclid$|mc_|cmpid$|ito$|ref$)/i.test(key)) parsed.searchParams.delete(key);
  }
  return parsed.toString();
}

export function newsEventId(urn: string, kind: string, articleUrl: string): string {
  const hash = createHash('sha256').update(`${urn}|${kind}|${canonicalArticleUrl(articleUrl)}`).digest('hex').slice(0, 24);
  return `news-${hash}`;
}

function asEventKind(kind: string): EventKind | null {
  return (EVENT_KINDS as readonly string[]).includes(kind) ? (kind as EventKind) : null;
}

export function toCouncilEvent(extracted: ExtractedEvent, source: ArticleSource, detectedAt: Date): CouncilEvent {
  const kind = asEventKind(extracted.kind) ?? 'mention';
  const url = canonicalArticleUrl(source.url);
  return {
    // A judgement and an intervention told in one article are two events: the intervention names itself in the id.
    id: newsEventId(extracted.council.urn, extracted.intervention ? `${kind}|${extracted.intervention}` : kind, url),
    kind,
    alsoKinds: extracted.alsoKinds.map(asEventKind).filter((k): k is EventKind => k !== null && k !== kind),
    council: councilRef(extracted.council),
    from: extracted.from,
    to: extracted.to,
    previous: null,
    inspection: null,
    priorityActions: [],
    judgementChanges: [],
    evidence: extracted.evidence,
    intervention: extracted.intervention,
    sources: [{ type: 'news', url, outlet: source.outlet, title: source.title, published: source.published }],
    detectedAt: detectedAt.toISOString(),
    occurredOn: (source.published ?? detectedAt.toISOString()).slice(0, 10),
  };
}
