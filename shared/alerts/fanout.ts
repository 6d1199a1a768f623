/**
 * Fan-out: every event newer than the fan-out cursor becomes one outbox item
 * per subscription that wants it. Items are conditional puts, so re-reading an
 * event (a rerun after a crash, the overlap window, an event rewritten with more
 * sources under the same id) never creates a second delivery. The cursor moves
 * only after a page's items are written. Events that show up in the index late
 * (it is eventually consistent) behind the cursor are caught by re-reading an
 * overlap window; the cursor remembers which events in that window it handled.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { applied } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import { EVENTS_INDEX_PK } from '../events/store.ts';
import { TABLE_SCHEMA } from '../store/schema.ts';
import type { TableRef } from '../store/client.ts';
import type { RunContext } from './delivery-context.ts';
import { nextDigestAt } from './digest-schedule.ts';
import { createEventDelivery } from './outbox.ts';
import { queueThreadReply } from './thread-replies.ts';
import { subscriptionWants, webhookIdentity, type Subscription } from './subscription.ts';

export const FANOUT_CURSOR_KEY = { pk: 'SCAN#alerts-fanout', sk: 'CURSOR' } as const;

/**
 * Where fan-out got to: the index position of the newest event handled, and the
 * positions handled within the overlap window behind it (so re-reading that
 * window skips them, and only late arrivals are fanned out).
 */
export interface FanoutCursor {
  position: string | null;
  recent: string[];
}

export async function readFanoutCursor(table: TableRef): Promise<FanoutCursor> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: FANOUT_CURSOR_KEY, ConsistentRead: true }));
  return { position: typeof Item?.position === 'string' ? Item.position : null, recent: Array.isArray(Item?.recent) ? (Item.recent as string[]) : [] };
}

/** Moves the cursor forward only (a slower concurrent run cannot move it back). */
async function saveCursor(table: TableRef, cursor: FanoutCursor & { position: string }, now: string): Promise<void> {
  await applied(() =>
    table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: { ...FANOUT_CURSOR_KEY, position: cursor.position, recent: cursor.recent, updatedAt: now },
        ConditionExpression: 'attribute_not_exists(#position) OR #position <= :position',
        ExpressionAttributeNames: { '#position': 'position' },
        ExpressionAttributeValues: { ':position': cursor.position },
      }),
    ),
  );
}

/** The index position `overlapMs` before the cursor (positions are `<detectedAt ISO>#<eventId>`). */
function rewind(cursor: string | null, overlapMs: number): string {
  if (!cursor) return '';
  const at = Date.parse(cursor.split('#')[0] ?? '');
  return Number.isNaN(at) ? '' : new Date(at - overlapMs).toISOString();
}

function looksLikeEvent(value: unknown): value is CouncilEvent {
  const e = value as Partial<CouncilEvent> | null;
  return !!e && typeof e.id === 'string' && typeof e.kind === 'string' && typeof e.council?.urn === 'string' && Array.isArray(e.sources);
}

/**
 * The subscriptions an event goes to: those that want it, one per channel
 * (webhook). Among several for one channel the oldest wins, so the choice stays
 * the same when the event is read again after a newer subscription appeared.
 */
export function recipients(subs: readonly Subscription[], event: CouncilEvent, regionOf: (urn: string) => string | undefined, at?: string): Subscription[] {
  const byChannel = new Map<string, Subscription>();
  const ordered = [...subs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  for (const sub of ordered) {
    if (!subscriptionWants(sub, event, regionOf, at)) continue;
    const channel = webhookIdentity(sub.webhook);
    if (!byChannel.has(channel)) byChannel.set(channel, sub);
  }
  return [...byChannel.values()];
}

export async function fanOut(ctx: RunContext, subs: readonly Subscription[], regionOf: (urn: string) => string | undefined): Promise<void> {
  const { table, logger } = ctx.deps;
  let cursor = await readFanoutCursor(table);
  const from = rewind(cursor.position, ctx.options.fanoutOverlapMs);
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.doc.send(
      new QueryCommand({
        TableName: table.tableName,
        IndexName: TABLE_SCHEMA.gsi1.indexName,
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk > :from',
        ExpressionAttributeValues: { ':pk': EVENTS_INDEX_PK, ':from': from },
        ExclusiveStartKey: start,
      }),
    );
    const handled: string[] = [];
    const seen = new Set(cursor.recent);
    for (const item of page.Items ?? []) {
      const position = String(item.gsi1sk);
      if (cursor.position !== null && position <= cursor.position && seen.has(position)) continue;
      handled.push(position);
      ctx.summary.eventsScanned++;
      if (!looksLikeEvent(item.event)) {
        logger.warn('event_malformed', { pk: String(item.pk), sk: String(item.sk) });
        continue;
      }
      const event = item.event;
      // Merging new sources into an event moves it in the index. Read again after fan-out had handled it at
      // its first place, it only brings thread replies (channels already alerted get the new coverage in the
      // alert's thread; nobody gets an old event as news); read for the first time, it is fanned out as usual.
      const firstPlace = `${event.detectedAt}#${event.id}`;
      const handledBefore = position !== firstPlace && (cursor.recent.includes(firstPlace) || (cursor.position !== null && firstPlace <= from));
      for (const sub of recipients(subs, event, regionOf, ctx.nowIso())) {
        if (handledBefore) {
          await queueThreadReply(ctx, sub, event);
          continue;
        }
        const now = ctx.deps.now();
        // A digest takes the events detected before its hour, even when fan-out runs a little after it.
        const detected = Math.min(Date.parse(event.detectedAt) || now.getTime(), now.getTime());
        const dueAt = sub.delivery === 'daily' ? nextDigestAt(new Date(detected), ctx.options.digestHour).toISOString() : now.toISOString();
        if (await createEventDelivery(table, { subscriptionId: sub.id, event, dueAt, now: now.toISOString() })) {
          ctx.summary.fannedOut++;
          logger.info('delivery_created', { subscriptionId: sub.id, eventId: event.id, kind: event.kind, council: event.council.name, dueAt });
        }
        ctx.step('fanout:after-create');
      }
    }
    if (handled.length > 0) {
      const position = [cursor.position ?? '', ...handled].sort().at(-1)!;
      const keepFrom = rewind(position, ctx.options.fanoutOverlapMs);
      const recent = [...new Set([...cursor.recent, ...handled])].filter((p) => p > keepFrom).sort();
      ctx.step('fanout:before-cursor');
      await saveCursor(table, { position, recent }, ctx.nowIso());
      ctx.step('fanout:after-cursor');
      cursor = { position, recent };
    }
    start = page.LastEvaluatedKey;
  } while (start);
}
