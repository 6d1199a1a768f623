/**
 * Everything the main job needs, on this machine, with no AWS account and no
 * internet: dynalite, the replay of the Ofsted site, and a Slack-compatible
 * receiver. `demo` and `replay` drive the real scan and delivery code through it.
 */
import { randomUUID } from 'node:crypto';
import { runDelivery, type DeliverySummary } from '#shared/alerts/deliver.ts';
import { slackBotSenders } from '#shared/alerts/bot-sender.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import { createSubscription } from '#shared/alerts/subscription-store.ts';
import { outboxOfSubscription } from '#shared/alerts/outbox.ts';
import type { Subscription, SubscriptionTarget } from '#shared/alerts/subscription.ts';
import { DEFAULT_ALERT_KINDS, type CouncilEvent, type EventKind } from '#shared/domain/events.ts';
import { getEvent } from '#shared/events/store.ts';
import { dynamoDeliveryStores } from '#shared/alerts/dynamo-stores.ts';
import { eventOfKey } from '#shared/store/keys.ts';
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { runOfstedScan, type ScanSummary } from '#shared/crawl/scan.ts';
import { dynamoScanStores } from '#shared/crawl/store.ts';
import type { Logger } from '#shared/runtime/log.ts';
import { httpOfstedSite } from '#shared/crawl/site.ts';
import { createHttpClient, type HttpClient } from '#shared/http/index.ts';
import { startLocalDynamo, type LocalDynamo } from './dynalite.ts';
import { startReplaySite, type ReplaySite } from './replay-site.ts';
import type { ReplaySiteModel } from './replay/model.ts';
import { startSlackReceiver, type SlackReceiver } from './slack-receiver.ts';

/** A clock the local stack moves by hand, so a replay can step through years in seconds. */
export interface VirtualClock {
  now(): Date;
  set(at: Date): void;
  /** Sleeping moves the clock instead of waiting. */
  sleep(ms: number): Promise<void>;
}

export function virtualClock(start: Date): VirtualClock {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    set: (at) => {
      current = Math.max(current, at.getTime());
    },
    sleep: async (ms) => {
      current += ms;
    },
  };
}

export interface LocalStack {
  db: LocalDynamo;
  site: ReplaySite;
  slack: SlackReceiver;
  client: HttpClient;
  clock: VirtualClock;
  /** Subscribes a new local webhook; returns the subscription. */
  subscribe(target: SubscriptionTarget, events?: readonly EventKind[]): Promise<Subscription & { webhookUrl: string }>;
  scan(): Promise<ScanSummary>;
  deliver(): Promise<DeliverySummary>;
  /** Events whose message Slack (the local receiver) accepted for this subscription, oldest first. */
  sentEvents(subscriptionId: string): Promise<{ event: CouncilEvent; sentAt: string }[]>;
  close(): Promise<void>;
}

/** The bot token the local stack's delivery posts to channels with (the stand-in takes any xoxb- token). */
export const LOCAL_STACK_BOT_TOKEN = 'xoxb-local-stack';

export async function startLocalStack(options: { model: ReplaySiteModel; logger: Logger; start: Date }): Promise<LocalStack> {
  const clock = virtualClock(options.start);
  const db = await startLocalDynamo();
  const site = await startReplaySite({ model: options.model });
  const slack = await startSlackReceiver({ now: () => clock.now().getTime() });
  const client = createHttpClient({
    version: 'local',
    contactUrl: 'https://github.com/ofsted-watch/ofsted-watch',
    allowedHosts: [site.host],
    perHostIntervalMs: 0, // our own replay server: no need to be polite, and it keeps a replay fast
    logger: options.logger,
  });
  const reader = inProcessReportReader();
  const senders = slackWebhookSenders({ baseUrl: slack.baseUrl });
  // Channel subscriptions (made with /ofsted) post through the stand-in's chat.postMessage.
  const bot = slackBotSenders({ token: async () => LOCAL_STACK_BOT_TOKEN, apiUrl: slack.apiUrl });
  const quiet: Logger = { ...options.logger, debug: () => undefined, info: () => undefined };
  return {
    db,
    site,
    slack,
    client,
    clock,
    async subscribe(target, events = DEFAULT_ALERT_KINDS) {
      const webhookUrl = slack.newWebhook();
      const at = clock.now().toISOString();
      const subscription: Subscription = {
        id: randomUUID().slice(0, 8),
        target,
        events: [...events],
        delivery: 'instant',
        webhook: { type: 'url', url: webhookUrl },
        status: 'active',
        broken: null,
        createdAt: at,
        updatedAt: at,
      };
      await createSubscription(db, subscription);
      return { ...subscription, webhookUrl };
    },
    scan: () => runOfstedScan({ ...dynamoScanStores(db), site: httpOfstedSite(client, site.origin), reader, logger: options.logger, now: clock.now }),
    deliver: () => runDelivery({ stores: dynamoDeliveryStores(db), now: clock.now, sleep: clock.sleep, senders, bot, logger: quiet }),
    async sentEvents(subscriptionId) {
      const sent = (await outboxOfSubscription(db, subscriptionId)).filter((item) => item.state === 'sent' && item.type === 'event');
      const events = await Promise.all(
        sent.map(async (item) => {
          const named = item.eventRef ? eventOfKey(item.eventRef) : null;
          const event = (named && (await getEvent(db, named.urn, named.eventId))) ?? item.event;
          if (!event) throw new Error(`outbox item ${item.sk} names an event that is not stored`);
          return { event, sentAt: item.sentAt ?? '' };
        }),
      );
      return events.sort((a, b) => a.sentAt.localeCompare(b.sentAt) || a.event.id.localeCompare(b.event.id));
    },
    async close() {
      await client.close();
      await Promise.all([site.close(), slack.close()]);
      await db.close();
    },
  };
}
