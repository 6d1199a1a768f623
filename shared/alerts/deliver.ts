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
import PQueue from 'p-queue';
import { councilByUrn } from '../register/register.ts';
import { createRunContext, RunAborted, type DeliveryDeps, type DeliverySummary, type RunContext } from './delivery-context.ts';
import { collectDigests } from './digests.ts';
import { fanOut } from './fanout.ts';
import { decideDelivery, pastClaimDeadline, resendAsText, waitsWithinRun } from './delivery-rules.ts';
import { outgoingFor, senderFor } from './delivery-message.ts';
import type { OutboxItem, Posted } from './ports.ts';
import type { WebhookSender } from './sender.ts';
import { webhookIdentity, type Subscription } from './subscription.ts';

export type { DeliveryDeps, DeliveryOptions, DeliveryStep, DeliverySummary } from './delivery-context.ts';
export { DEFAULT_DELIVERY_OPTIONS, DELIVERY_STEPS } from './delivery-context.ts';

export async function runDelivery(deps: DeliveryDeps): Promise<DeliverySummary> {
  const ctx = createRunContext(deps);
  const regionOf = deps.regionOf ?? ((urn: string) => councilByUrn(urn)?.region);
  const { outbox, subscriptions } = deps.stores;
  const subs = await subscriptions.list();
  await fanOut(ctx, subs, regionOf);
  await recoverStaleClaims(ctx);

  const byId = new Map(subs.map((sub) => [sub.id, sub]));
  const due = await outbox.byState('pending', ctx.nowIso());
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
      sendable = (await outbox.ofSubscription(sub.id)).filter((item) => item.type === 'digest' && item.state === 'pending' && item.dueAt <= now);
    }
    if (sendable.length === 0) continue;
    const channel = webhookIdentity(sub.webhook);
    channels.set(channel, [...(channels.get(channel) ?? []), { sub, items: sendable }]);
  }
  await runWorkers(ctx, [...channels.entries()].map(([channel, work]) => () => serveChannel(ctx, channel, work)));
  deps.logger.info('delivery_run_finished', { ...ctx.summary, brokenSubscriptions: ctx.summary.brokenSubscriptions });
  return ctx.summary;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

/** Runs tasks, `concurrency` at a time (p-queue); the first failure stops the others at their next step and is rethrown. */
async function runWorkers(ctx: RunContext, tasks: (() => Promise<void>)[]): Promise<void> {
  const queue = new PQueue({ concurrency: Math.max(1, ctx.options.concurrency) });
  let failure: { error: unknown } | null = null;
  for (const task of tasks) {
    void queue.add(async () => {
      if (failure) return;
      try {
        await task();
      } catch (error) {
        if (!failure && !(error instanceof RunAborted)) failure = { error };
        ctx.abort();
      }
    });
  }
  await queue.onIdle();
  if (failure) throw (failure as { error: unknown }).error;
}

async function cancelAll(ctx: RunContext, items: readonly OutboxItem[]): Promise<void> {
  for (const item of items) {
    if (await ctx.deps.stores.outbox.cancel(item, ctx.nowIso())) ctx.summary.cancelled++;
  }
  if (items.length) ctx.deps.logger.info('deliveries_cancelled', { subscriptionId: items[0]!.subscriptionId, reason: 'subscription deleted', count: items.length });
}

/** Claims left by a crashed run: retry them if no POST began, otherwise report them as unknown. */
async function recoverStaleClaims(ctx: RunContext): Promise<void> {
  const { stores: { outbox }, logger } = ctx.deps;
  for (const item of await outbox.byState('sending', ctx.nowIso())) {
    const now = ctx.nowIso();
    if (!item.leaseUntil || item.leaseUntil > now) continue;
    if (item.postStartedAt) {
      if (await outbox.markOutcomeUnknown(item, now)) {
        ctx.summary.unknown++;
        logger.warn('delivery_outcome_unknown', {
          subscriptionId: item.subscriptionId,
          item: item.sk,
          postStartedAt: item.postStartedAt,
          action: `a run stopped while posting this alert; it is not resent automatically. If the channel did not get it: ofsted-watch subscriptions --requeue ${item.subscriptionId}`,
        });
      }
    } else if (await outbox.releaseStaleClaim(item, now)) {
      logger.info('claim_recovered', { subscriptionId: item.subscriptionId, item: item.sk });
      ctx.step('recover:after-release');
    }
  }
}

type Attempt = { next: 'done' } | { next: 'wait'; until: number } | { next: 'stop' };

/** One channel's items, in order, one message at a time, paced by the run's pacer. */
async function serveChannel(ctx: RunContext, channel: string, work: { sub: Subscription; items: OutboxItem[] }[]): Promise<void> {
  const sender = await senderFor(ctx, work[0]!.sub);
  if (!sender) {
    ctx.summary.deferred += work.reduce((n, w) => n + w.items.length, 0);
    return;
  }
  for (const { sub, items } of work) {
    const ordered = [...items].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    for (let i = 0; i < ordered.length; i++) {
      const item = ordered[i]!;
      let attempt: Attempt;
      for (;;) {
        if (pastClaimDeadline(ctx.nowMs(), ctx.options)) {
          ctx.summary.deferred += ordered.length - i;
          return;
        }
        attempt = await attemptDelivery(ctx, sub, item, { channel, sender });
        if (attempt.next !== 'wait') break;
        if (!waitsWithinRun(attempt.until, ctx.nowMs(), ctx.options)) {
          ctx.summary.deferred += ordered.length - i;
          return; // keep the channel's order: the rest waits for the next run
        }
        await ctx.deps.sleep(Math.max(0, attempt.until - ctx.nowMs()));
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

async function attemptDelivery(ctx: RunContext, sub: Subscription, item: OutboxItem, webhook: { channel: string; sender: WebhookSender }): Promise<Attempt> {
  const { stores: { outbox, subscriptions }, logger } = ctx.deps;
  const attemptId = ctx.deps.newAttemptId?.() ?? randomUUID();
  const claimed = await outbox.claim(item, {
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
    await outbox.fail(claimed, attemptId, { lastError: { status: null, code: 'event_missing' }, now: ctx.nowIso() });
    ctx.summary.failed++;
    logger.warn('delivery_failed', { ...label, code: 'event_missing' });
    return { next: 'done' };
  }

  // Wait for the channel's turn before recording that the POST begins, so the "unknown" window stays short.
  const sleep = (ms: number) => ctx.deps.sleep(ms);
  const thread = outgoing.threadTs ? { threadTs: outgoing.threadTs } : undefined;
  await ctx.pacer.start(webhook.channel, sleep);
  if (!(await outbox.markPostStarted(claimed, attemptId, ctx.nowIso()))) {
    logger.warn('claim_lost', label);
    return { next: 'done' };
  }
  ctx.step('send:after-post-started');
  let result = await webhook.sender.send(message, thread);
  let textOnly = false;
  if (resendAsText(result, message)) {
    logger.warn('message_blocks_rejected', { ...label, status: result.status, code: result.code });
    textOnly = true;
    await ctx.pacer.start(webhook.channel, sleep);
    result = await webhook.sender.send({ text: message.text, blocks: [] }, thread);
  }
  ctx.step('send:after-post');

  const now = ctx.nowIso();
  const decision = decideDelivery(result, claimed.attempts, ctx.options);
  switch (decision.outcome) {
    case 'sent': {
      const posted: Posted = { ...(result.outcome === 'sent' && result.ts ? { slackTs: result.ts } : {}), postedSources: outgoing.sources };
      const done = await outbox.markSent(claimed, attemptId, { now, textOnly, posted });
      if (!done) logger.warn('sent_after_claim_expired', { ...label, action: 'the alert was posted after its lease ran out; another run may report it as unknown' });
      ctx.step('send:after-sent');
      ctx.summary.sent++;
      if (claimed.type === 'digest') ctx.summary.digestsSent++;
      logger.info('alert_sent', { ...label, type: claimed.type, textOnly });
      return { next: 'done' };
    }
    case 'retry': {
      const until = ctx.nowMs() + decision.afterMs;
      const dueAt = new Date(until).toISOString();
      await outbox.release(claimed, attemptId, { dueAt, lastError: decision.lastError, refundAttempt: decision.refundAttempt, now });
      if (decision.holdWebhook) ctx.pacer.hold(webhook.channel, until);
      ctx.summary.retriesScheduled++;
      if (result.outcome === 'rate_limited') logger.info('rate_limited', { ...label, retryAfterMs: result.retryAfterMs });
      else logger.warn('delivery_retry', { ...label, ...decision.lastError, retryAt: dueAt });
      return { next: 'wait', until };
    }
    case 'failed': {
      await outbox.fail(claimed, attemptId, { lastError: decision.lastError, now });
      ctx.summary.failed++;
      if (decision.reason === 'rejected') logger.warn('message_rejected', { ...label, ...decision.lastError });
      else logger.warn('delivery_failed', { ...label, ...decision.lastError, action: `gave up after ${claimed.attempts} attempts; requeue with: ofsted-watch subscriptions --requeue ${sub.id}` });
      return { next: 'done' };
    }
    case 'webhook_dead': {
      await outbox.release(claimed, attemptId, { dueAt: now, lastError: decision.lastError, refundAttempt: true, now });
      if (await subscriptions.markBroken(sub.id, { status: decision.lastError.status ?? 0, code: decision.lastError.code, at: now })) ctx.summary.brokenSubscriptions.push(sub.id);
      logger.warn('subscription_broken', {
        ...label,
        ...decision.lastError,
        action: sub.webhook.type === 'channel'
          ? `Slack refuses the bot's posts to channel ${sub.webhook.channelId} (${decision.lastError.code}); its alerts are kept. Invite the app to the channel (or unarchive it, or renew the bot token), then: ofsted-watch subscriptions --reactivate ${sub.id}`
          : `the webhook is dead; its alerts are kept. Fix it, then: ofsted-watch subscriptions --reactivate ${sub.id} [--webhook NEW_URL]`,
      });
      return { next: 'stop' };
    }
  }
}
