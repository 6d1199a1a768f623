/**
 * What one outbox item posts, and through what: the message built from the
 * event as stored now (it may have gained sources since fan-out), a digest of
 * the day's events, or a reply in the thread of an alert the bot posted; sent
 * through the subscription's webhook (its URL, or a secret holding it) or, for
 * a channel subscription, the app's bot.
 */
import type { CouncilEvent } from '../domain/events.ts';
import { eventOfKey } from '../store/keys.ts';
import type { SlackMessage } from './block-kit.ts';
import type { RunContext } from './delivery-context.ts';
import { buildDigestMessage, buildEventMessage } from './message.ts';
import type { ItemKey, OutboxItem } from './ports.ts';
import { webhookFromSecretValue } from './secrets.ts';
import type { WebhookSender } from './sender.ts';
import type { Subscription } from './subscription.ts';
import { buildCoverageReply } from './thread-reply.ts';
import { checkWebhookUrl } from './webhook-url.ts';

/** A message to post: in the thread of `threadTs` when given; `sources` are the source URLs it shows. */
export interface Outgoing {
  message: SlackMessage | null;
  threadTs?: string;
  sources: string[];
}

async function readEvent(ctx: RunContext, ref: ItemKey | undefined): Promise<CouncilEvent | null> {
  const named = ref ? eventOfKey(ref) : null;
  return (named && (await ctx.deps.stores.events.get(named.urn, named.eventId))) ?? null;
}

/** What an item posts; null when what it needs is gone (its event, or the alert whose thread it replies in). */
export async function outgoingFor(ctx: RunContext, item: OutboxItem): Promise<Outgoing | null> {
  if (item.type === 'reply') {
    const parent = item.parentSk ? await ctx.deps.stores.outbox.get(item.subscriptionId, item.parentSk) : null;
    const event = await readEvent(ctx, item.eventRef);
    const wanted = new Set(item.replySources ?? []);
    const sources = event?.sources.filter((source) => wanted.has(source.url)) ?? [];
    if (!parent?.slackTs || !event || sources.length === 0) return null;
    return { message: buildCoverageReply(event, sources), threadTs: parent.slackTs, sources: sources.map((source) => source.url) };
  }
  if (item.type === 'digest') {
    const events: CouncilEvent[] = [];
    for (const ref of item.eventRefs ?? []) {
      const event = await readEvent(ctx, ref);
      if (event) events.push(event);
    }
    events.sort((a, b) => a.detectedAt.localeCompare(b.detectedAt) || a.id.localeCompare(b.id));
    return events.length ? { message: buildDigestMessage(events, item.day ?? ctx.nowIso().slice(0, 10)), sources: [] } : null;
  }
  const event = (await readEvent(ctx, item.eventRef)) ?? item.event ?? null;
  return event ? { message: buildEventMessage(event), sources: event.sources.map((source) => source.url) } : null;
}

/** The sender for a subscription's channel: its webhook, or the app's bot; null (with a warning) when there is none to use. */
export async function senderFor(ctx: RunContext, sub: Subscription): Promise<WebhookSender | null> {
  if (sub.webhook.type === 'channel') {
    if (ctx.deps.bot) return ctx.deps.bot(sub.webhook);
    ctx.deps.logger.warn('bot_token_unavailable', { subscriptionId: sub.id, reason: 'no Slack app bot token configured (ofsted-watch:slack)' });
    return null;
  }
  const url = await resolveWebhook(ctx, sub);
  return url ? ctx.deps.senders(url) : null;
}

async function resolveWebhook(ctx: RunContext, sub: Subscription): Promise<string | null> {
  const { logger, secrets } = ctx.deps;
  if (sub.webhook.type === 'url') return sub.webhook.url;
  if (sub.webhook.type === 'channel') return null; // posted by the bot: senderFor
  if (!secrets) {
    logger.warn('webhook_secret_unavailable', { subscriptionId: sub.id, secretName: sub.webhook.secretName, reason: 'no secret resolver configured' });
    return null;
  }
  let value: string;
  try {
    value = await secrets.resolve(sub.webhook.secretName);
  } catch (error) {
    logger.warn('webhook_secret_unavailable', { subscriptionId: sub.id, secretName: sub.webhook.secretName, reason: error instanceof Error ? error.name : 'error' });
    return null;
  }
  const check = checkWebhookUrl(webhookFromSecretValue(value));
  if (check.ok) return check.url;
  if (await ctx.deps.stores.subscriptions.markBroken(sub.id, { status: 0, code: `secret_${check.problem}`, at: ctx.nowIso() })) ctx.summary.brokenSubscriptions.push(sub.id);
  logger.warn('subscription_broken', { subscriptionId: sub.id, status: 0, code: `secret_${check.problem}`, secretName: sub.webhook.secretName });
  return null;
}

