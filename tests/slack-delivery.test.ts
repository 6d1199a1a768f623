/**
 * Delivery with the Slack app's bot token (chat.postMessage) against dynalite
 * and the local Slack stand-in: the same Block Kit alerts as webhooks get, at
 * most one a second per channel, Slack's rate limit honoured, dead channels
 * marking the subscription broken, coverage posted in the alert's thread, and
 * webhook subscriptions working beside it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEAD_CHANNEL_ERRORS, slackBotSenders } from '#shared/alerts/bot-sender.ts';
import { runDelivery, type DeliverySummary } from '#shared/alerts/deliver.ts';
import type { Logger, LogFields } from '#shared/runtime/log.ts';
import { dynamoDeliveryStores } from '#shared/alerts/dynamo-stores.ts';
import { buildEventMessage } from '#shared/alerts/message.ts';
import { outboxOfSubscription } from '#shared/alerts/outbox.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import type { Subscription } from '#shared/alerts/subscription.ts';
import { createSubscription, getSubscription, reactivateSubscription } from '#shared/alerts/subscription-store.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';
import { recordEvent } from '#shared/events/store.ts';
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';
import { SAMPLE_EVENTS } from './golden/sample-events.ts';

const TOKEN = 'xoxb-test-1234-abcdefghijkl';
let db: LocalDynamo;
let slack: SlackReceiver;
let now: number;
let logs: { level: string; event: string; fields: LogFields }[];
let seq = 0;

beforeEach(async () => {
  now = Date.parse('2024-05-01T06:00:00.000Z');
  logs = [];
  db = await startLocalDynamo();
  slack = await startSlackReceiver({ now: () => now, strictTokens: true });
  slack.api.addToken(TOKEN);
});
afterEach(async () => {
  await slack.close();
  await db.close();
});

const logger: Logger = {
  debug: (event, fields = {}) => void logs.push({ level: 'debug', event, fields }),
  info: (event, fields = {}) => void logs.push({ level: 'info', event, fields }),
  warn: (event, fields = {}) => void logs.push({ level: 'warn', event, fields }),
  error: (event, fields = {}) => void logs.push({ level: 'error', event, fields }),
};

function deliver(): Promise<DeliverySummary> {
  return runDelivery({
    stores: dynamoDeliveryStores(db),
    now: () => new Date(now),
    sleep: async (ms) => void (now += ms),
    senders: slackWebhookSenders({ baseUrl: slack.baseUrl }),
    bot: slackBotSenders({ token: async () => TOKEN, apiUrl: slack.apiUrl }),
    logger,
  });
}

async function channelSubscription(channelId: string, events: Subscription['events'] = ['downgrade', 'urgent_action', 'upgrade']): Promise<Subscription> {
  const at = new Date(now - 3_600_000).toISOString();
  const sub: Subscription = {
    id: `sub_bot${++seq}`, target: { type: 'all' }, events, delivery: 'instant',
    webhook: { type: 'channel', teamId: 'T0NEWSROOM', channelId }, status: 'active', broken: null, createdAt: at, updatedAt: at,
  };
  await createSubscription(db, sub);
  return sub;
}

async function record(event: CouncilEvent, minutesAgo = 1): Promise<CouncilEvent> {
  const stored = { ...event, detectedAt: new Date(now - minutesAgo * 60_000).toISOString() };
  await recordEvent(db, stored);
  return stored;
}

describe('chat.postMessage delivery', () => {
  it('posts the same Block Kit alert a webhook gets to the subscribed channel, once, beside a webhook subscription', async () => {
    const sub = await channelSubscription('C0NEWS');
    const webhook = slack.newWebhook();
    const at = new Date(now - 3_600_000).toISOString();
    await createSubscription(db, { id: 'sub_hook', target: { type: 'all' }, events: ['downgrade'], delivery: 'instant', webhook: { type: 'url', url: webhook }, status: 'active', broken: null, createdAt: at, updatedAt: at });
    const event = await record(SAMPLE_EVENTS.downgrade);
    expect(await deliver()).toMatchObject({ sent: 2, failed: 0, brokenSubscriptions: [] });
    const [posted, ...more] = slack.api.messages('C0NEWS');
    expect(more).toEqual([]);
    const expected = buildEventMessage(event);
    expect(posted!.payload.text).toBe(expected.text);
    expect(posted!.payload.blocks).toEqual(expected.blocks);
    expect(slack.messages(webhook).map((m) => m.payload.blocks)).toEqual([expected.blocks]);
    const [item] = await outboxOfSubscription(db, sub.id);
    expect(item).toMatchObject({ state: 'sent', slackTs: posted!.ts, postedSources: event.sources.map((s) => s.url) });
    now += 60_000;
    expect(await deliver()).toMatchObject({ sent: 0, fannedOut: 0 });
    expect(slack.api.messages()).toHaveLength(1);
  });

  it('posts at most one message a second to a channel, and waits out Slack\'s ratelimited answer (Retry-After)', async () => {
    await channelSubscription('C0BUSY');
    await record(SAMPLE_EVENTS.downgrade, 5);
    await record(SAMPLE_EVENTS.upgrade, 4);
    await record(SAMPLE_EVENTS.urgent_action, 3);
    slack.api.failNext('C0BUSY', { error: 'ratelimited', retryAfterSeconds: 7 });
    const summary = await deliver();
    expect(summary).toMatchObject({ sent: 3, failed: 0, retriesScheduled: 1 });
    const times = slack.api.messages('C0BUSY').map((m) => Date.parse(m.at));
    expect(times).toHaveLength(3);
    times.slice(1).forEach((t, i) => expect(t - times[i]!).toBeGreaterThanOrEqual(1000));
    const refused = slack.requests().filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(JSON.parse(refused[0]!.body)).toEqual({ ok: false, error: 'ratelimited' });
    expect(times[0]! - Date.parse('2024-05-01T06:00:00.000Z')).toBeGreaterThanOrEqual(7000);
    expect(logs.find((l) => l.event === 'rate_limited')?.fields.retryAfterMs).toBe(7000);
  });

  it.each(['not_in_channel', 'channel_not_found', 'is_archived'] as const)('a channel answering %s marks the subscription broken with an operator warning, and keeps its alerts', async (code) => {
    const sub = await channelSubscription('C0GONE');
    slack.api.setChannel('C0GONE', code);
    await record(SAMPLE_EVENTS.downgrade, 3);
    await record(SAMPLE_EVENTS.upgrade, 2);
    const summary = await deliver();
    expect(summary).toMatchObject({ sent: 0, brokenSubscriptions: [sub.id] });
    expect(await getSubscription(db, sub.id)).toMatchObject({ status: 'broken', broken: { status: 200, code } });
    const warning = logs.find((l) => l.event === 'subscription_broken');
    expect(warning).toMatchObject({ level: 'warn', fields: { subscriptionId: sub.id, code } });
    expect(String(warning!.fields.action)).toMatch(/Invite the app to the channel.*--reactivate/);
    expect((await outboxOfSubscription(db, sub.id)).map((i) => i.state)).toEqual(['pending', 'pending']);
    // Held while broken; once the channel is fixed and the subscription reactivated, each alert goes once.
    now += 300_000;
    expect(await deliver()).toMatchObject({ sent: 0, heldForBroken: 2 });
    slack.api.setChannel('C0GONE', null);
    await reactivateSubscription(db, sub.id, new Date(now).toISOString());
    expect(await deliver()).toMatchObject({ sent: 2 });
    expect(slack.api.messages('C0GONE')).toHaveLength(2);
  });

  it.each(['invalid_auth', 'token_revoked'] as const)('a bot token answering %s marks the subscription broken, and never reaches a log line', async (code) => {
    const sub = await channelSubscription('C0NEWS');
    slack.api.setToken(TOKEN, code);
    await record(SAMPLE_EVENTS.downgrade);
    expect(await deliver()).toMatchObject({ sent: 0, brokenSubscriptions: [sub.id] });
    expect(await getSubscription(db, sub.id)).toMatchObject({ status: 'broken', broken: { code } });
    expect(JSON.stringify(logs)).not.toContain(TOKEN);
  });

  it('knows the answers that mean a dead channel', () => {
    for (const code of ['not_in_channel', 'channel_not_found', 'is_archived', 'invalid_auth', 'token_revoked']) expect(DEAD_CHANNEL_ERRORS.has(code)).toBe(true);
  });

  it('resends as plain text when Slack refuses the blocks (invalid_blocks), without marking the channel broken', async () => {
    const sub = await channelSubscription('C0NEWS');
    slack.api.failNext('C0NEWS', { error: 'invalid_blocks' });
    await record(SAMPLE_EVENTS.downgrade);
    expect(await deliver()).toMatchObject({ sent: 1, brokenSubscriptions: [] });
    expect(slack.api.messages('C0NEWS')[0]!.payload.blocks).toBeUndefined();
    expect((await outboxOfSubscription(db, sub.id))[0]).toMatchObject({ state: 'sent', textOnly: true });
  });
});

describe('coverage after an alert', () => {
  const pressReport = (ofsted: CouncilEvent): CouncilEvent => ({
    ...SAMPLE_EVENTS.news_downgrade,
    id: 'news-stockton-2019',
    council: ofsted.council,
    from: 'good',
    to: 'requires_improvement',
    occurredOn: '2019-07-03',
    evidence: 'Stockton-on-Tees children\'s services have been rated requires improvement.',
    sources: [{ type: 'news', url: 'https://news.example/stockton-ri', outlet: 'Teesside Gazette', title: 'Children\'s services told to improve', published: '2019-07-03' }],
  });

  it('goes into the Ofsted alert\'s thread, once, not as a new alert; a webhook channel gets nothing more', async () => {
    const sub = await channelSubscription('C0NEWS');
    const webhook = slack.newWebhook();
    const at = new Date(now - 3_600_000).toISOString();
    await createSubscription(db, { id: 'sub_hook', target: { type: 'all' }, events: ['downgrade'], delivery: 'instant', webhook: { type: 'url', url: webhook }, status: 'active', broken: null, createdAt: at, updatedAt: at });
    const ofsted = await record(SAMPLE_EVENTS.downgrade, 10);
    await deliver();
    const [alert] = slack.api.messages('C0NEWS');
    now += 30 * 60_000;
    expect(await recordEvent(db, { ...pressReport(ofsted), detectedAt: new Date(now).toISOString() })).toMatchObject({ status: 'merged', eventId: ofsted.id });
    now += 60_000;
    expect(await deliver()).toMatchObject({ sent: 1 });
    const [, reply, ...more] = slack.api.messages('C0NEWS');
    expect(more).toEqual([]);
    expect(reply!.threadTs).toBe(alert!.ts);
    expect(JSON.stringify(reply!.payload.blocks)).toMatch(/Also reported by Teesside Gazette:.*<https:\/\/news\.example\/stockton-ri\|Children's services told to improve>/);
    expect(slack.messages(webhook)).toHaveLength(1);
    // Read again (cursor overlap, a rerun): no second reply.
    now += 60_000;
    expect(await deliver()).toMatchObject({ sent: 0, fannedOut: 0 });
    expect((await outboxOfSubscription(db, sub.id)).map((i) => `${i.type}:${i.state}`).sort()).toEqual(['event:sent', 'reply:sent']);
  });

  it('is part of the alert itself when it arrives before the alert was posted', async () => {
    await channelSubscription('C0NEWS');
    const ofsted = await record(SAMPLE_EVENTS.downgrade, 10);
    await recordEvent(db, { ...pressReport(ofsted), detectedAt: new Date(now - 5 * 60_000).toISOString() });
    expect(await deliver()).toMatchObject({ sent: 1 });
    const [alert, ...more] = slack.api.messages('C0NEWS');
    expect(more).toEqual([]);
    expect(alert!.threadTs).toBeUndefined();
    expect(JSON.stringify(alert!.payload.blocks)).toContain('https://news.example/stockton-ri');
  });
});
