/**
 * The outbox in the table (DynamoDB): the OutboxStore delivery takes (its
 * states and moves are described in ports.ts).
 *
 * Keys (store/keys.ts): pk=OUTBOX#<subscriptionId>, sk=<eventId> | <eventId>#REPLY#<sourcesKey> | DIGEST#<yyyy-mm-dd>.
 * GSI1 (sparse): gsi1pk=OUTBOX#<state>, gsi1sk=<dueAt|leaseUntil>#<subscriptionId>#<sk>
 * for the states delivery looks for (pending, sending, unknown, failed).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { TableRef } from '../store/client.ts';
import { digestSk, eventKey, outboxPk, outboxStatePk, repliesPrefix, replySk, type ItemKey } from '../store/keys.ts';
import { TABLE_SCHEMA } from '../store/schema.ts';
import type { OutboxItem, OutboxState, OutboxStore } from './ports.ts';

/** States kept in the index, so delivery and operators can find them. */
const INDEXED: ReadonlySet<OutboxState> = new Set(['pending', 'sending', 'unknown', 'failed']);

/** Delivered, batched and cancelled items are kept this long: long enough that a rewritten event is never alerted again. */
const KEEP_DONE_SECONDS = 400 * 24 * 3600;

function indexSortKey(at: string, subscriptionId: string, sk: string): string {
  return `${at}#${subscriptionId}#${sk}`;
}

function epochSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000);
}

function conditionalPut(table: TableRef, item: Record<string, unknown>): Promise<boolean> {
  return applied(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
}

/** Creates a pending item once (attribute_not_exists): false when it already exists, in any state. */
function createPending(table: TableRef, base: { subscriptionId: string; sk: string; type: OutboxItem['type']; dueAt: string; now: string }, fields: Partial<OutboxItem>): Promise<boolean> {
  const item: OutboxItem = {
    pk: outboxPk(base.subscriptionId), sk: base.sk, type: base.type, subscriptionId: base.subscriptionId,
    state: 'pending', dueAt: base.dueAt, attempts: 0, createdAt: base.now, updatedAt: base.now, ...fields,
  };
  return conditionalPut(table, { ...item, gsi1pk: outboxStatePk('pending'), gsi1sk: indexSortKey(base.dueAt, base.subscriptionId, item.sk) });
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

/** The replies queued in the thread of one alert (its sort key), in any state. */
export function repliesTo(table: TableRef, subscriptionId: string, parentSk: string): Promise<OutboxItem[]> {
  return queryAll<OutboxItem>(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': outboxPk(subscriptionId), ':prefix': repliesPrefix(parentSk) },
    ConsistentRead: true,
  });
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
    ExpressionAttributeValues: { ':pk': outboxStatePk(state), ...(until ? { ':until': `${until}#\uffff` } : {}) },
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
    values[':gsi1pk'] = outboxStatePk(t.to);
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

/** The outbox over the table: each move of the state machine as one conditional transition. */
export function dynamoOutbox(table: TableRef): OutboxStore {
  const moved = async (result: Promise<OutboxItem | null>) => (await result) !== null;
  const released = ['leaseUntil', 'attemptId', 'postStartedAt'];
  return {
    createEventDelivery: (options) => createEventDelivery(table, options),
    createDigestDelivery: (options) => createDigestDelivery(table, options),
    createReplyDelivery: (options) => createReplyDelivery(table, options),
    get: (subscriptionId, sk) => getOutboxItem(table, { pk: outboxPk(subscriptionId), sk }),
    getDigest: (subscriptionId, day) => getOutboxItem(table, { pk: outboxPk(subscriptionId), sk: digestSk(day) }),
    repliesTo: (subscriptionId, parentSk) => repliesTo(table, subscriptionId, parentSk),
    byState: (state, until) => outboxByState(table, state, until),
    ofSubscription: (subscriptionId) => outboxOfSubscription(table, subscriptionId),
    claim: (item, options) => claimDelivery(table, item, options),
    markPostStarted: (item, attemptId, now) => markPostStarted(table, item, attemptId, now),
    markSent: (item, attemptId, { now, textOnly, posted }) =>
      moved(transition(table, item, item.subscriptionId, { from: 'sending', to: 'sent', attemptId, set: { sentAt: now, textOnly, ...posted }, now })),
    release: (item, attemptId, { dueAt, lastError, refundAttempt, now }) =>
      moved(transition(table, item, item.subscriptionId, {
        from: 'sending',
        to: 'pending',
        attemptId,
        set: { dueAt, lastError },
        remove: released,
        ...(refundAttempt ? { expressions: ['attempts = attempts - :one'], values: { ':one': 1 } } : {}),
        indexAt: dueAt,
        now,
      })),
    fail: (item, attemptId, { lastError, now }) =>
      moved(transition(table, item, item.subscriptionId, { from: 'sending', to: 'failed', attemptId, set: { lastError }, now })),
    releaseStaleClaim: (item, now) =>
      moved(transition(table, item, item.subscriptionId, {
        from: 'sending',
        to: 'pending',
        ...(item.attemptId === undefined ? {} : { attemptId: item.attemptId }),
        condition: 'attribute_not_exists(postStartedAt) AND leaseUntil <= :now',
        set: { dueAt: now },
        remove: ['leaseUntil', 'attemptId'],
        now,
      })),
    markOutcomeUnknown: (item, now) =>
      moved(transition(table, item, item.subscriptionId, {
        from: 'sending',
        to: 'unknown',
        ...(item.attemptId === undefined ? {} : { attemptId: item.attemptId }),
        condition: 'leaseUntil <= :now',
        set: { lastError: { status: null, code: 'outcome_unknown' } },
        now,
      })),
    cancel: (item, now) => moved(transition(table, item, item.subscriptionId, { from: 'pending', to: 'cancelled', now })),
    batch: (item, day, now) => moved(transition(table, item, item.subscriptionId, { from: 'pending', to: 'batched', set: { digestDay: day }, now })),
    postpone: (item, dueAt, now) => moved(transition(table, item, item.subscriptionId, { from: 'pending', to: 'pending', set: { dueAt }, indexAt: dueAt, now })),
  };
}
