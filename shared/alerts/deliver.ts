/**
 * runDelivery: one pass of the alert pipeline (Lambda and local runs alike): fan
 * out new events, heal crashed claims, collect due digests, then send what is due,
 * in order per channel (a webhook, or a channel the bot posts to; at most one
 * message a second), several channels at once. Delivery guarantee (neither
 * webhooks nor chat.postMessage take an idempotency key; shared/alerts/README.md):
 *  - every claim is recorded before a POST, and `postStartedAt` is written
 *    under the claim immediately before it;
 *  - a claim whose lease ran out with no POST begun is safely retried;
 *  - a claim whose lease ran out after its POST began is NOT resent: the item
 *    goes to `unknown` and an operator warning names it (requeue by hand).
 * So a crash anywhere never sends an alert twice; a crash in the window between
 * `postStartedAt` and the `sent` write leaves the alert "unknown" (reported,
 * not silently dropped). Everywhere else an alert is delivered exactly once.
 */
import { randomUUID } from 'node:crypto';
import { councilByUrn } from '../register/register.ts';
import type { SlackMessage } from './block-kit.ts';
import { createRunContext, RunAborted, type DeliveryDeps, type DeliverySummary, type RunContext } from './delivery-context.ts';
import { collectDigests } from './digests.ts';
import { fanOut } from './fanout.ts';
import { outgoingFor, senderFor } from './delivery-message.ts';
import { claimDelivery, markPostStarted, outboxByState, outboxOfSubscription, transition, type OutboxItem } from './outbox.ts';
import type { SendResult, WebhookSender } from './sender.ts';
import { webhookIdentity, type Subscription } from './subscription.ts';
import { listSubscriptions, markSubscriptionBroken } from './subscription-store.ts';

export type { DeliveryDeps, DeliveryOptions, DeliveryStep, DeliverySummary } from './delivery-context.ts';
export { DEFAULT_DELIVERY_OPTIONS, DELIVERY_STEPS } from './delivery-context.ts';

export async function runDelivery(deps: DeliveryDeps): Promise<DeliverySummary> {
  const ctx = createRunContext(deps);
  const regionOf = deps.regionOf ?? ((urn: string) => councilByUrn(urn)?.region);
  const subs = await listSubscriptions(deps.table);
  await fanOut(ctx, subs, regionOf);
  await recoverStaleClaims(ctx);

  const byId = new Map(subs.map((sub) => [sub.id, sub]));
  const due = await outboxByState(deps.table, 'pending', ctx.nowIso());
  const bySubscription = groupBy(due, (item) => item.subscriptionId);
  const channels = new Map<string, { sub: Subscription; items: OutboxItem[] }[]>();
  for (const [subId, items] of bySubscription) {
    const sub = byId.get(subId);
    if (!sub) {
      await cancelAll(ctx, items);
      continue;
    }
    if (sub.status === 'broken') {
      ctx.summary.heldForBroken += items.length;
      continue;
    }
    let sendable = items;
    if (sub.delivery === 'daily') {
      await collectDigests(ctx, sub, items);
      const now = ctx.nowIso();
      sendable = (await outboxOfSubscription(deps.table, sub.id)).filter((item) => item.type === 'digest' && item.state === 'pending' && item.dueAt <= now);
    }
    if (sendable.length === 0) continue;
    const channel = webhookIdentity(sub.webhook);
    channels.set(channel, [...(channels.get(channel) ?? []), { sub, items: sendable }]);
  }
  await runWorkers(ctx, [...channels.values()].map((work) => () => serveChannel(ctx, work)));
  deps.logger.info('delivery_run_finished', { ...ctx.summary, brokenSubscriptions: ctx.summary.brokenSubscriptions });
  return ctx.summary;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Runs tasks with bounded concurrency; the first failure stops the others at their next step and is rethrown. */
async function runWorkers(ctx: RunContext, tasks: (() => Promise<void>)[]): Promise<void> {
  const queue = [...tasks];
  let failure: unknown = null;
  const worker = async () => {
    for (let task = queue.shift(); task && failure === null; task = queue.shift()) {
      try {
        await task();
      } catch (error) {
        if (failure === null && !(error instanceof RunAborted)) failure = error;
        ctx.abort();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.options.concurrency, tasks.length)) }, worker));
  if (failure !== null) throw failure;
}

async function cancelAll(ctx: RunContext, items: readonly OutboxItem[]): Promise<void> {
  for (const item of items) {
    if (await transition(ctx.deps.table, item, item.subscriptionId, { from: 'pending', to: 'cancelled', now: ctx.nowIso() })) ctx.summary.cancelled++;
  }
  if (items.length) ctx.deps.logger.info('deliveries_cancelled', { subscriptionId: items[0]!.subscriptionId, reason: 'subscription deleted', count: items.length });
}

/** Claims left by a crashed run: retry them if no POST began, otherwise report them as unknown. */
async function recoverStaleClaims(ctx: RunContext): Promise<void> {
  const { table, logger } = ctx.deps;
  for (const item of await outboxByState(table, 'sending', ctx.nowIso())) {
    const now = ctx.nowIso();
    if (!item.leaseUntil || item.leaseUntil > now) continue;
    if (item.postStartedAt) {
      const moved = await transition(table, item, item.subscriptionId, {
        from: 'sending',
        to: 'unknown',
        attemptId: item.attemptId,
        condition: 'leaseUntil <= :now',
        set: { lastError: { status: null, code: 'outcome_unknown' } },
        now,
      });
      if (moved) {
        ctx.summary.unknown++;
        logger.warn('delivery_outcome_unknown', {
          subscriptionId: item.subscriptionId,
          item: item.sk,
          postStartedAt: item.postStartedAt,
          action: `a run stopped while posting this alert; it is not resent automatically. If the channel did not get it: ofsted-watch subscriptions --requeue ${item.subscriptionId}`,
        });
      }
    } else {
      const moved = await transition(table, item, item.subscriptionId, {
        from: 'sending',
        to: 'pending',
        attemptId: item.attemptId,
        condition: 'attribute_not_exists(postStartedAt) AND leaseUntil <= :now',
        set: { dueAt: now },
        remove: ['leaseUntil', 'attemptId'],
        now,
      });
      if (moved) {
        logger.info('claim_recovered', { subscriptionId: item.subscriptionId, item: item.sk });
        ctx.step('recover:after-release');
      }
    }
  }
}

type Attempt = { next: 'done' } | { next: 'wait'; until: number } | { next: 'stop' };

/** One channel's items, in order, one message at a time. */
async function serveChannel(ctx: RunContext, work: { sub: Subscription; items: OutboxItem[] }[]): Promise<void> {
  const sender = await senderFor(ctx, work[0]!.sub);
  if (!sender) {
    ctx.summary.deferred += work.reduce((n, w) => n + w.items.length, 0);
    return;
  }
  const pace = { lastPostAt: Number.NEGATIVE_INFINITY };
  for (const { sub, items } of work) {
    const ordered = [...items].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    for (let i = 0; i < ordered.length; i++) {
      const item = ordered[i]!;
      let attempt: Attempt;
      for (;;) {
        if (pastDeadline(ctx)) {
          ctx.summary.deferred += ordered.length - i;
          return;
        }
        attempt = await attemptDelivery(ctx, sub, item, sender, pace);
        if (attempt.next !== 'wait') break;
        const wait = attempt.until - ctx.nowMs();
        if (wait > ctx.options.maxInlineWaitMs || (ctx.options.deadline !== null && attempt.until > ctx.options.deadline - ctx.options.leaseMs / 4)) {
          ctx.summary.deferred += ordered.length - i;
          return; // keep the channel's order: the rest waits for the next run
        }
        await ctx.deps.sleep(Math.max(0, wait));
      }
      if (attempt.next === 'stop') {
        ctx.summary.heldForBroken += ordered.length - i;
        break;
      }
    }
  }
}

function sortKey(item: OutboxItem): string {
  return `${item.type === 'digest' ? item.day : (item.event?.detectedAt ?? item.createdAt)}#${item.sk}`;
}

function pastDeadline(ctx: RunContext): boolean {
  return ctx.options.deadline !== null && ctx.nowMs() > ctx.options.deadline - ctx.options.leaseMs / 4;
}

function backoff(ctx: RunContext, attempts: number): number {
  return Math.min(ctx.options.backoffMaxMs, ctx.options.backoffBaseMs * 2 ** Math.max(0, attempts - 1));
}

async function attemptDelivery(ctx: RunContext, sub: Subscription, item: OutboxItem, sender: WebhookSender, pace: { lastPostAt: number }): Promise<Attempt> {
  const { table, logger } = ctx.deps;
  const attemptId = ctx.deps.newAttemptId?.() ?? randomUUID();
  const claimed = await claimDelivery(table, item, {
    attemptId,
    now: ctx.nowIso(),
    leaseUntil: new Date(ctx.nowMs() + ctx.options.leaseMs).toISOString(),
  });
  if (!claimed) return { next: 'done' }; // another run has it, or it is no longer pending
  ctx.step('send:after-claim');
  const label = { subscriptionId: sub.id, item: item.sk, attempt: claimed.attempts };

  const outgoing = await outgoingFor(ctx, claimed);
  const message = outgoing?.message;
  if (!outgoing || !message) {
    await transition(table, claimed, sub.id, { from: 'sending', to: 'failed', attemptId, set: { lastError: { status: null, code: 'event_missing' } }, now: ctx.nowIso() });
    ctx.summary.failed++;
    logger.warn('delivery_failed', { ...label, code: 'event_missing' });
    return { next: 'done' };
  }

  const post = async (payload: SlackMessage): Promise<SendResult> => {
    const thread = outgoing.threadTs ? { threadTs: outgoing.threadTs } : undefined;
    const wait = pace.lastPostAt + ctx.options.minIntervalMs - ctx.nowMs();
    if (wait > 0) await ctx.deps.sleep(wait);
    pace.lastPostAt = ctx.nowMs();
    return sender.send(payload, thread);
  };
  const waitForPace = pace.lastPostAt + ctx.options.minIntervalMs - ctx.nowMs();
  if (waitForPace > 0) await ctx.deps.sleep(waitForPace);
  if (!(await markPostStarted(table, claimed, attemptId, ctx.nowIso()))) {
    logger.warn('claim_lost', label);
    return { next: 'done' };
  }
  ctx.step('send:after-post-started');
  let result = await post(message);
  let textOnly = false;
  if (result.outcome === 'rejected' && message.blocks.length > 0) {
    // Slack refused the blocks: nothing was posted, so the plain text is sent instead.
    logger.warn('message_blocks_rejected', { ...label, status: result.status, code: result.code });
    textOnly = true;
    result = await post({ text: message.text, blocks: [] });
  }
  ctx.step('send:after-post');

  const now = ctx.nowIso();
  const release = (dueAt: string, lastError: { status: number | null; code: string }, refund: boolean) =>
    transition(table, claimed, sub.id, {
      from: 'sending',
      to: 'pending',
      attemptId,
      set: { dueAt, lastError },
      remove: ['leaseUntil', 'attemptId', 'postStartedAt'],
      ...(refund ? { expressions: ['attempts = attempts - :one'], values: { ':one': 1 } } : {}),
      indexAt: dueAt,
      now,
    });

  switch (result.outcome) {
    case 'sent': {
      const posted = { ...(result.ts ? { slackTs: result.ts } : {}), postedSources: outgoing.sources };
      const done = await transition(table, claimed, sub.id, { from: 'sending', to: 'sent', attemptId, set: { sentAt: now, textOnly, ...posted }, now });
      if (!done) logger.warn('sent_after_claim_expired', { ...label, action: 'the alert was posted after its lease ran out; another run may report it as unknown' });
      ctx.step('send:after-sent');
      ctx.summary.sent++;
      if (claimed.type === 'digest') ctx.summary.digestsSent++;
      logger.info('alert_sent', { ...label, type: claimed.type, textOnly });
      return { next: 'done' };
    }
    case 'rate_limited': {
      const wait = Math.max(result.retryAfterMs ?? backoff(ctx, 1), ctx.options.minIntervalMs);
      const until = ctx.nowMs() + wait;
      await release(new Date(until).toISOString(), { status: 429, code: 'rate_limited' }, true);
      pace.lastPostAt = until - ctx.options.minIntervalMs;
      ctx.summary.retriesScheduled++;
      logger.info('rate_limited', { ...label, retryAfterMs: result.retryAfterMs });
      return { next: 'wait', until };
    }
    case 'retry': {
      if (claimed.attempts >= ctx.options.maxAttempts) {
        await transition(table, claimed, sub.id, { from: 'sending', to: 'failed', attemptId, set: { lastError: { status: result.status, code: result.code } }, now });
        ctx.summary.failed++;
        logger.warn('delivery_failed', { ...label, status: result.status, code: result.code, action: `gave up after ${claimed.attempts} attempts; requeue with: ofsted-watch subscriptions --requeue ${sub.id}` });
        return { next: 'done' };
      }
      const until = ctx.nowMs() + backoff(ctx, claimed.attempts);
      await release(new Date(until).toISOString(), { status: result.status, code: result.code }, false);
      ctx.summary.retriesScheduled++;
      logger.warn('delivery_retry', { ...label, status: result.status, code: result.code, retryAt: new Date(until).toISOString() });
      return { next: 'wait', until };
    }
    case 'rejected': {
      await transition(table, claimed, sub.id, { from: 'sending', to: 'failed', attemptId, set: { lastError: { status: result.status, code: result.code } }, now });
      ctx.summary.failed++;
      logger.warn('message_rejected', { ...label, status: result.status, code: result.code });
      return { next: 'done' };
    }
    case 'dead': {
      await release(now, { status: result.status, code: result.code }, true);
      if (await markSubscriptionBroken(table, sub.id, { status: result.status, code: result.code, at: now })) ctx.summary.brokenSubscriptions.push(sub.id);
      logger.warn('subscription_broken', {
        ...label,
        status: result.status,
        code: result.code,
        action: sub.webhook.type === 'channel'
          ? `Slack refuses the bot's posts to channel ${sub.webhook.channelId} (${result.code}); its alerts are kept. Invite the app to the channel (or unarchive it, or renew the bot token), then: ofsted-watch subscriptions --reactivate ${sub.id}`
          : `the webhook is dead; its alerts are kept. Fix it, then: ofsted-watch subscriptions --reactivate ${sub.id} [--webhook NEW_URL]`,
      });
      return { next: 'stop' };
    }
  }
}
