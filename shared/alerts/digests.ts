/**
 * Daily digests: a digest subscription's event items wait (pending, due at the
 * first digest time after the event was detected). Once due, they are collected
 * into one digest item per subscription and digest day (the UK date of the last
 * digest time; created once, by conditional put), then marked
 * batched. A crash between the two is healed by the next run, which finds the
 * digest and batches the items it lists; items that missed a digest already
 * made move on to the next one.
 */
import type { RunContext } from './delivery-context.ts';
import { latestDigestAt, londonDate, nextDigestAt } from './digest-schedule.ts';
import type { OutboxItem } from './ports.ts';
import type { Subscription } from './subscription.ts';

export async function collectDigests(ctx: RunContext, sub: Subscription, due: readonly OutboxItem[]): Promise<void> {
  const { outbox } = ctx.deps.stores;
  const { logger } = ctx.deps;
  const items = due.filter((item) => item.type === 'event');
  if (items.length === 0) return;
  const day = londonDate(latestDigestAt(ctx.deps.now(), ctx.options.digestHour));
  let digest = await outbox.getDigest(sub.id, day);
  if (!digest) {
    const eventRefs = items.map((item) => item.eventRef!).filter(Boolean);
    await outbox.createDigestDelivery({ subscriptionId: sub.id, day, eventRefs, now: ctx.nowIso() });
    ctx.step('digest:after-create');
    digest = await outbox.getDigest(sub.id, day);
    if (!digest) throw new Error(`digest ${day} for ${sub.id} vanished after it was created`);
    logger.info('digest_created', { subscriptionId: sub.id, day, events: digest.eventRefs?.length ?? 0 });
  }
  const inDigest = new Set((digest.eventRefs ?? []).map((ref) => ref.sk));
  for (const item of items) {
    const now = ctx.nowIso();
    if (item.eventRef && inDigest.has(item.eventRef.sk)) {
      if (await outbox.batch(item, day, now)) ctx.summary.batched++;
      ctx.step('digest:after-batch');
    } else {
      const next = nextDigestAt(ctx.deps.now(), ctx.options.digestHour).toISOString();
      await outbox.postpone(item, next, now);
      logger.info('digest_item_moved_to_next', { subscriptionId: sub.id, eventId: item.eventId ?? null, dueAt: next });
    }
  }
}
