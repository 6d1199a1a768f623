/**
 * Every key of the one table, defined once. The DynamoDB stores build their
 * keys here, the stack's stream filter and IAM conditions read the prefixes
 * here, and the schema's comment (schema.ts) describes the same layout. Pure.
 *
 *   COUNCIL#<urn> / META | PUB#<fileId> | INSPECTION#<date>#<fileId> | EVENT#<eventId>
 *   ANOMALY#<yyyy-mm-dd> / <kind>#<subject>
 *   SCAN#<name> / CURSOR | WATCH
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

export function scanCursorKey(scan: string): ItemKey {
  return { pk: `${PK.scan}${scan}`, sk: SK.cursor };
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

/**
 * The partition keys (table and GSI1) each kind of work reads and writes, as
 * prefixes: the stack turns them into `dynamodb:LeadingKeys` conditions, so a
 * function can touch only its own items.
 */
export const PARTITIONS = {
  /** The Ofsted scan: council records, anomalies, its cursor. */
  crawl: [PK.council, PK.anomaly, PK.scan],
  /** The news scan: articles read, council events. */
  news: [PK.news, PK.council],
  /** Delivery: subscriptions, the outbox (by subscription and by state), events (read, and by index), the fan-out cursor. */
  delivery: [PK.subscription, PK.outbox, PK.council, PK.scan, GSI1_PK.events],
  /** The national site: every council's records and events, read only. */
  site: [PK.council],
  /** The /ofsted commands: subscriptions, and a council's records and events (read). */
  slackCommands: [PK.subscription, PK.council],
  /** Subscriptions alone: all the /ofsted commands write. */
  subscriptions: [PK.subscription],
} as const;
export type PartitionSet = keyof typeof PARTITIONS;
