/**
 * Fan-out's part in threads: when an event a bot channel was already alerted
 * to gains sources (press coverage merged into an Ofsted event, or the other
 * way round), one reply is queued for that alert's thread with the sources the
 * channel has not seen. Webhook channels cannot thread: they are left as they
 * were (one alert per event, never two). A job: it takes the outbox port.
 */
import type { CouncilEvent } from '../domain/events.ts';
import type { RunContext } from './delivery-context.ts';
import type { Subscription } from './subscription.ts';
import { sourcesKey, unpostedSources } from './thread-reply.ts';

/** Queues the reply for `event`'s new sources in the thread of its alert to `sub`, if that alert was posted by the bot. */
export async function queueThreadReply(ctx: RunContext, sub: Subscription, event: CouncilEvent): Promise<void> {
  if (sub.webhook.type !== 'channel' || sub.delivery !== 'instant') return;
  const { stores: { outbox }, logger } = ctx.deps;
  const parent = await outbox.get(sub.id, event.id);
  // Not posted yet: the alert is built from the event as stored when it is sent, new sources included.
  if (!parent || parent.state !== 'sent' || !parent.slackTs) return;
  const replies = await outbox.repliesTo(sub.id, parent.sk);
  const fresh = unpostedSources(event, [...(parent.postedSources ?? []), ...replies.flatMap((r) => r.replySources ?? [])]);
  if (fresh.length === 0) return;
  const now = ctx.nowIso();
  if (await outbox.createReplyDelivery({ subscriptionId: sub.id, event, parentSk: parent.sk, sources: fresh.map((s) => s.url), sourcesKey: sourcesKey(fresh), now })) {
    ctx.summary.fannedOut++;
    logger.info('thread_reply_created', { subscriptionId: sub.id, eventId: event.id, sources: fresh.length });
  }
}
