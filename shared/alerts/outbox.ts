/**
 * The outbox: one item per (subscription, event), or per (subscription, digest
 * day), moved through its states only by conditional writes:
 *
 *   pending ──claim──▶ sending ──post──▶ sent
 *      ▲                  │ ├─ retryable answer ──▶ pending (later dueAt)
 *      │                  │ ├─ gave up / refused ──▶ failed
 *      └── lease expired, │ └─ lease expired after the POST began ──▶ unknown
 *          no POST begun ─┘
 *   pending ──▶ batched (into a digest)   pending ──▶ cancelled (subscription deleted)
 *
 * Keys: pk=OUTBOX#<subscriptionId>, sk=<eventId> | DIGEST#<yyyy-mm-dd>.
 * GSI1 (sparse): gsi1pk=OUTBOX#<state>, gsi1sk=<dueAt|leaseUntil>#<subscriptionId>#<sk>
 * for the states delivery looks for (pending, sending, unknown, failed).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { TableRef } from '../store/client.ts';
import { TABLE_SCHEMA } from '../store/schema.ts';
import { eventKey } from '../events/store.ts';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'batched', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/** States kept in the index, so delivery and operators can find them. */
const INDEXED: ReadonlySet<OutboxState> = new Set(['pending', 'sending', 'unknown', 'failed']);

/** Delivered, batched and cancelled items are kept this long: long enough that a rewritten event is never alerted again. */
const KEEP_DONE_SECONDS = 400 * 24 * 3600;

export const DIGEST_PREFIX = 'DIGEST#';

export interface ItemKey {
  pk: string;
  sk: string;
}

export interface OutboxItem extends ItemKey {
  /** event: one alert; digest: a day's alerts; reply: coverage posted in the thread of a sent alert (bot channels). */
  type: 'event' | 'digest' | 'reply';
  subscriptionId: string;
  state: OutboxState;
  dueAt: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** type event: the event's id, key and a snapshot (the stored event is re-read at send time). */
  eventId?: string;
  eventRef?: ItemKey;
  event?: CouncilEvent;
  /** type digest: the UK day and the events it collects. */
  day?: string;
  eventRefs?: ItemKey[];
  /** pending items batched into a digest: which day. */
  digestDay?: string;
  attemptId?: string;
  leaseUntil?: string;
  /** Set, under the claim, just before the POST: a crash after it leaves the outcome unknown. */
  postStartedAt?: string;
  sentAt?: string;
  lastError?: { status: number | null; code: string } | null;
  /** Sent to a channel through the bot: the message's ts (a thread's parent), and the source URLs it showed. */
  slackTs?: string;
  postedSources?: string[];
  /** type reply: the alert (its sk) whose thread it goes in, and the source URLs it posts. */
  parentSk?: string;
  replySources?: string[];
}

/** The sort key of a thread reply: the alert's event id, then the key of the sources it posts. */
export function replySk(eventId: string, sourcesKey: string): string {
  return `${eventId}${REPLY_INFIX}${sourcesKey}`;
}
export const REPLY_INFIX = '#REPLY#';

/** Queues a reply in the thread of a sent alert, once per set of sources: false when it exists. */
export function createReplyDelivery(table: TableRef, options: { subscriptionId: string; event: CouncilEvent; parentSk: string; sources: string[]; sourcesKey: string; now: string }): Promise<boolean> {
  const { event } = options;
  return createPending(table, { ...options, sk: replySk(options.parentSk, options.sourcesKey), type: 'reply', dueAt: options.now }, {
    eventId: event.id,
    eventRef: eventKey(event.council.urn, event.id),
    parentSk: options.parentSk,
    replySources: options.sources,
  });
}

/** Creates a pending item once (attribute_not_exists): false when it already exists, in any state. */
function createPending(table: TableRef, base: { subscriptionId: string; sk: string; type: OutboxItem['type']; dueAt: string; now: string }, fields: Partial<OutboxItem>): Promise<boolean> {
  const item: OutboxItem = {
    pk: outboxPk(base.subscriptionId), sk: base.sk, type: base.type, subscriptionId: base.subscriptionId,
    state: 'pending', dueAt: base.dueAt, attempts: 0, createdAt: base.now, updatedAt: base.now, ...fields,
  };
  return conditionalPut(table, { ...item, gsi1pk: 'OUTBOX#pending', gsi1sk: indexSortKey(base.dueAt, base.subscriptionId, item.sk) });
}

export function outboxPk(subscriptionId: string): string {
  return `OUTBOX#${subscriptionId}`;
}

export function digestSk(day: string): string {
  return `${DIGEST_PREFIX}${day}`;
}

function indexSortKey(at: string, subscriptionId: string, sk: string): string {
  return `${at}#${subscriptionId}#${sk}`;
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function conditionalPut(table: TableRef, item: Record<string, unknown>): Promise<boolean> {
  return applied(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
}

/** Creates the delivery of one event to one subscription, once: false when it already exists (in any state). */
export function createEventDelivery(table: TableRef, options: { subscriptionId: string; event: CouncilEvent; dueAt: string; now: string }): Promise<boolean> {
  const { event } = options;
  return createPending(table, { ...options, sk: event.id, type: 'event' }, { eventId: event.id, eventRef: eventKey(event.council.urn, event.id), event });
}

/** Creates one day's digest for a subscription, once: false when that day's digest already exists. */
export function createDigestDelivery(table: TableRef, options: { subscriptionId: string; day: string; eventRefs: ItemKey[]; now: string }): Promise<boolean> {
  return createPending(table, { ...options, sk: digestSk(options.day), type: 'digest', dueAt: options.now }, { day: options.day, eventRefs: options.eventRefs });
}

export async function getOutboxItem(table: TableRef, key: ItemKey): Promise<OutboxItem | null> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: { pk: key.pk, sk: key.sk }, ConsistentRead: true }));
  return (Item as OutboxItem | undefined) ?? null;
}

/** Items in a state, by index order; `until` bounds the index sort key (dueAt or leaseUntil). */
export async function outboxByState(table: TableRef, state: OutboxState, until?: string): Promise<OutboxItem[]> {
  const items = await queryAll<OutboxItem>(table, {
    IndexName: TABLE_SCHEMA.gsi1.indexName,
    KeyConditionExpression: until ? 'gsi1pk = :pk AND gsi1sk <= :until' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': `OUTBOX#${state}`, ...(until ? { ':until': `${until}#\uffff` } : {}) },
  });
  // The index is eventually consistent: keep only items that really are in this state.
  return items.filter((item) => item.state === state);
}

/** Every outbox item of one subscription (for listings and tests). */
export function outboxOfSubscription(table: TableRef, subscriptionId: string): Promise<OutboxItem[]> {
  return queryAll<OutboxItem>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': outboxPk(subscriptionId) }, ConsistentRead: true });
}

interface Transition {
  from: OutboxState;
  to: OutboxState;
  /** Only when the item is held by this attempt. */
  attemptId?: string;
  /** Extra condition, e.g. 'dueAt <= :now'. Values go in `values`. */
  condition?: string;
  set?: Record<string, unknown>;
  remove?: string[];
  /** Raw SET clauses, e.g. a counter. */
  expressions?: string[];
  values?: Record<string, unknown>;
  /** Index sort time for the new state (dueAt or leaseUntil). */
  indexAt?: string;
  now: string;
}

/**
 * Moves an item from one state to another in one conditional write; false when
 * the item was not in `from` (or not held by `attemptId`): someone else moved it.
 */
export async function transition(table: TableRef, key: ItemKey, subscriptionId: string, t: Transition): Promise<OutboxItem | null> {
  const names: Record<string, string> = { '#state': 'state' };
  const values: Record<string, unknown> = { ':from': t.from, ':to': t.to, ':now': t.now, ...t.values };
  const sets = ['#state = :to', 'updatedAt = :now'];
  sets.push(...(t.expressions ?? []));
  const removes = [...(t.remove ?? [])];
  for (const [name, value] of Object.entries(t.set ?? {})) {
    names[`#${name}`] = name;
    values[`:set_${name}`] = value;
    sets.push(`#${name} = :set_${name}`);
  }
  if (INDEXED.has(t.to)) {
    sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
    values[':gsi1pk'] = `OUTBOX#${t.to}`;
    values[':gsi1sk'] = indexSortKey(t.indexAt ?? t.now, subscriptionId, key.sk);
  } else {
    removes.push('gsi1pk', 'gsi1sk');
    sets.push('expiresAt = :expires');
    values[':expires'] = epochSeconds(t.now) + KEEP_DONE_SECONDS;
  }
  const conditions = ['#state = :from'];
  if (t.attemptId !== undefined) {
    conditions.push('attemptId = :attempt');
    values[':attempt'] = t.attemptId;
  }
  if (t.condition) conditions.push(t.condition);
  try {
    const { Attributes } = await table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: { pk: key.pk, sk: key.sk },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return (Attributes as OutboxItem | undefined) ?? null;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return null;
    throw error;
  }
}

/** pending → sending, with a lease; the attempt counter goes up. Null when it is not pending or not yet due. */
export async function claimDelivery(table: TableRef, item: OutboxItem, options: { attemptId: string; now: string; leaseUntil: string }): Promise<OutboxItem | null> {
  const claimed = await transition(table, item, item.subscriptionId, {
    from: 'pending',
    to: 'sending',
    condition: 'dueAt <= :now',
    set: { attemptId: options.attemptId, leaseUntil: options.leaseUntil },
    expressions: ['attempts = if_not_exists(attempts, :zero) + :one'],
    values: { ':zero': 0, ':one': 1 },
    remove: ['postStartedAt'],
    indexAt: options.leaseUntil,
    now: options.now,
  });
  return claimed;
}

/** Records, under the claim, that the POST is about to begin. False when the claim was lost. */
export async function markPostStarted(table: TableRef, item: OutboxItem, attemptId: string, now: string): Promise<boolean> {
  const updated = await transition(table, item, item.subscriptionId, {
    from: 'sending',
    to: 'sending',
    attemptId,
    condition: 'leaseUntil > :now',
    set: { postStartedAt: now },
    indexAt: item.leaseUntil ?? now,
    now,
  });
  return updated !== null;
}

/**
 * Operator action: puts a subscription's `unknown` (and `failed`) items back to
 * pending, to be sent by the next run. For an `unknown` item this may repeat an
 * alert the channel already got: check the channel first.
 */
export async function requeueDeliveries(table: TableRef, subscriptionId: string, now: string, states: readonly OutboxState[] = ['unknown', 'failed']): Promise<number> {
  let count = 0;
  for (const item of await outboxOfSubscription(table, subscriptionId)) {
    if (!states.includes(item.state)) continue;
    const moved = await transition(table, item, subscriptionId, {
      from: item.state,
      to: 'pending',
      set: { dueAt: now, attempts: 0, lastError: null },
      remove: ['attemptId', 'leaseUntil', 'postStartedAt'],
      indexAt: now,
      now,
    });
    if (moved) count++;
  }
  return count;
}
