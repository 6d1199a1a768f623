/**
 * Fan-out's part in threads: when an event a bot channel was already alerted
 * to gains sources (press coverage merged into an Ofsted event, or the other
 * way round), one reply is queued for that alert's thread with the sources the
 * channel has not seen. Webhook channels cannot thread: they are left as they
 * were (one alert per event, never two).
 */
import { queryAll } from '../store/dynamo.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { RunContext } from './delivery-context.ts';
import { createReplyDelivery, getOutboxItem, outboxPk, REPLY_INFIX, type OutboxItem } from './outbox.ts';
import type { Subscription } from './subscription.ts';
import { sourcesKey, unpostedSources } from './thread-reply.ts';

/** The replies already queued in the thread of one alert. */
function repliesTo(ctx: RunContext, subscriptionId: string, eventId: string): Promise<OutboxItem[]> {
  return queryAll<OutboxItem>(ctx.deps.table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': outboxPk(subscriptionId), ':prefix': `${eventId}${REPLY_INFIX}` },
    ConsistentRead: true,
  });
}

/** Queues the reply for `event`'s new sources in the thread of its alert to `sub`, if that alert was posted by the bot. */
export async function queueThreadReply(ctx: RunContext, sub: Subscription, event: CouncilEvent): Promise<void> {
  if (sub.webhook.type !== 'channel' || sub.delivery !== 'instant') return;
  const { table, logger } = ctx.deps;
  const parent = await getOutboxItem(table, { pk: outboxPk(sub.id), sk: event.id });
  // Not posted yet: the alert is built from the event as stored when it is sent, new sources included.
  if (!parent || parent.state !== 'sent' || !parent.slackTs) return;
  const replies = await repliesTo(ctx, sub.id, event.id);
  const fresh = unpostedSources(event, [...(parent.postedSources ?? []), ...replies.flatMap((r) => r.replySources ?? [])]);
  if (fresh.length === 0) return;
  const now = ctx.nowIso();
  if (await createReplyDelivery(table, { subscriptionId: sub.id, event, parentSk: parent.sk, sources: fresh.map((s) => s.url), sourcesKey: sourcesKey(fresh), now })) {
    ctx.summary.fannedOut++;
    logger.info('thread_reply_created', { subscriptionId: sub.id, eventId: event.id, sources: fresh.length });
  }
}
