/**
 * Every key of the one table, defined once. The DynamoDB stores build their
 * keys here, the stack's stream filter and IAM conditions read the prefixes
 * here, and the schema's comment (schema.ts) describes the same layout. Pure.
 *
 *   COUNCIL#<urn> / META | PUB#<fileId> | INSPECTION#<date>#<fileId> | EVENT#<eventId>
 *   ANOMALY#<yyyy-mm-dd> / <kind>#<subject>
 *   SCAN#<name> / CURSOR | WATCH | LEASE        (names: SCANS)
 *   NEWS#<feedId> / ARTICLE#<hash>
 *   SUBSCRIPTION / <subscriptionId>
 *   OUTBOX#<subscriptionId> / <eventId> | <eventId>#REPLY#<sourcesKey> | DIGEST#<yyyy-mm-dd>
 * GSI1: EVENTS / <detectedAt>#<eventId>;  OUTBOX#<state> / <at>#<subscriptionId>#<sk>
 */

/** Partition key prefixes (or whole values, for SUBSCRIPTION). */
export const PK = {
  council: 'COUNCIL#',
  anomaly: 'ANOMALY#',
  scan: 'SCAN#',
  news: 'NEWS#',
  subscription: 'SUBSCRIPTION',
  outbox: 'OUTBOX#',
} as const;

/** Sort key prefixes (or whole values, for META and CURSOR). */
export const SK = {
  councilState: 'META',
  publication: 'PUB#',
  inspection: 'INSPECTION#',
  event: 'EVENT#',
  cursor: 'CURSOR',
  /** The day the watch began, beside the Ofsted scan's cursor. */
  watch: 'WATCH',
  /** The run of a scan that holds it, and until when. */
  lease: 'LEASE',
  article: 'ARTICLE#',
  digest: 'DIGEST#',
} as const;

/** GSI1 partition values: every event in detection order, and outbox items by state. */
export const GSI1_PK = {
  events: 'EVENTS',
  outboxState: 'OUTBOX#',
} as const;

export interface ItemKey {
  pk: string;
  sk: string;
}

export function councilPk(urn: string): string {
  return `${PK.council}${urn}`;
}

export function councilStateKey(urn: string): ItemKey {
  return { pk: councilPk(urn), sk: SK.councilState };
}

export function publicationKey(urn: string, fileId: string): ItemKey {
  return { pk: councilPk(urn), sk: `${SK.publication}${fileId}` };
}

/** `date` is the day the record sorts under in a council's history. */
export function inspectionKey(urn: string, date: string, fileId: string): ItemKey {
  return { pk: councilPk(urn), sk: `${SK.inspection}${date}#${fileId}` };
}

export function eventKey(urn: string, eventId: string): ItemKey {
  return { pk: councilPk(urn), sk: `${SK.event}${eventId}` };
}

/** The council and event an event key names (outbox items keep the key of their event). */
export function eventOfKey(key: ItemKey): { urn: string; eventId: string } | null {
  if (!key.pk.startsWith(PK.council) || !key.sk.startsWith(SK.event)) return null;
  return { urn: key.pk.slice(PK.council.length), eventId: key.sk.slice(SK.event.length) };
}

export function anomalyPk(day: string): string {
  return `${PK.anomaly}${day}`;
}

/** The jobs that keep a cursor or a run lease under SCAN#<name>. */
export const SCANS = {
  ofsted: 'ofsted',
  news: 'news',
  fanout: 'alerts-fanout',
} as const;
export type ScanName = (typeof SCANS)[keyof typeof SCANS];

export function scanPk(scan: ScanName): string {
  return `${PK.scan}${scan}`;
}

export function scanCursorKey(scan: ScanName): ItemKey {
  return { pk: scanPk(scan), sk: SK.cursor };
}

/** The one run of a scan at a time holds this item (shared/store/lease.ts). */
export function scanLeaseKey(scan: ScanName): ItemKey {
  return { pk: scanPk(scan), sk: SK.lease };
}

export function articleKey(feedId: string, urlHash: string): ItemKey {
  return { pk: `${PK.news}${feedId}`, sk: `${SK.article}${urlHash}` };
}

export function subscriptionKey(id: string): ItemKey {
  return { pk: PK.subscription, sk: id };
}

export function outboxPk(subscriptionId: string): string {
  return `${PK.outbox}${subscriptionId}`;
}

export function digestSk(day: string): string {
  return `${SK.digest}${day}`;
}

/** Between an alert's event id and a thread reply's sources key: a bot channel's replies to that alert sort after it. */
export const REPLY_INFIX = '#REPLY#';

/** The sort key of a reply in the thread of the alert whose sort key is `parentSk`, posting the sources `sourcesKey` names. */
export function replySk(parentSk: string, sourcesKey: string): string {
  return `${parentSk}${REPLY_INFIX}${sourcesKey}`;
}

/** The prefix of every reply in the thread of the alert `parentSk`. */
export function repliesPrefix(parentSk: string): string {
  return `${parentSk}${REPLY_INFIX}`;
}

export function outboxStatePk(state: string): string {
  return `${GSI1_PK.outboxState}${state}`;
}

/** GSI1 sort key of an event: detection time, then id. */
export function eventPosition(detectedAt: string, eventId: string): string {
  return `${detectedAt}#${eventId}`;
}
