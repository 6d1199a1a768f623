/**
 * Fan-out: every event newer than the fan-out cursor becomes one outbox item
 * per subscription that wants it. Items are conditional puts, so re-reading an
 * event (a rerun after a crash, the overlap window, an event rewritten with more
 * sources under the same id) never creates a second delivery. The cursor moves
 * only after a page's items are written. Events that show up in the index late
 * (it is eventually consistent) behind the cursor are caught by re-reading an
 * overlap window; the cursor remembers which events in that window it handled.
 */
import type { CouncilEvent } from '../domain/events.ts';
import { eventPosition } from '../store/keys.ts';
import type { RunContext } from './delivery-context.ts';
import { deliveryDueAt } from './digest-schedule.ts';
import { queueThreadReply } from './thread-replies.ts';
import { subscriptionWants, webhookIdentity, type Subscription } from './subscription.ts';

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
  const { stores, logger } = ctx.deps;
  let cursor = await stores.fanoutCursor.read();
  const from = rewind(cursor.position, ctx.options.fanoutOverlapMs);
  for await (const page of stores.events.after(from)) {
    const handled: string[] = [];
    const seen = new Set(cursor.recent);
    for (const item of page) {
      if (cursor.position !== null && item.position <= cursor.position && seen.has(item.position)) continue;
      handled.push(item.position);
      ctx.summary.eventsScanned++;
      if (!looksLikeEvent(item.event)) {
        logger.warn('event_malformed', { ...item.key });
        continue;
      }
      const event = item.event;
      // Merging new sources into an event moves it in the index. Read again after fan-out had handled it at
      // its first place, it only brings thread replies (channels already alerted get the new coverage in the
      // alert's thread; nobody gets an old event as news); read for the first time, it is fanned out as usual.
      const firstPlace = eventPosition(event.detectedAt, event.id);
      const handledBefore = item.position !== firstPlace && (cursor.recent.includes(firstPlace) || (cursor.position !== null && firstPlace <= from));
      for (const sub of recipients(subs, event, regionOf, ctx.nowIso())) {
        if (handledBefore) {
          await queueThreadReply(ctx, sub, event);
          continue;
        }
        const now = ctx.deps.now();
        const dueAt = deliveryDueAt(sub.delivery, event.detectedAt, now, ctx.options.digestHour).toISOString();
        if (await stores.outbox.createEventDelivery({ subscriptionId: sub.id, event, dueAt, now: now.toISOString() })) {
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
      await stores.fanoutCursor.save({ position, recent }, ctx.nowIso());
      ctx.step('fanout:after-cursor');
      cursor = { position, recent };
    }
  }
}
