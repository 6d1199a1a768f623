/** What every part of a delivery run shares: injected dependencies, options, the crash hook and the summary. */
import type { EventStore } from '../events/ports.ts';
import type { Logger } from '../runtime/log.ts';
import type { FanoutCursorStore, OutboxStore, SubscriptionStore } from './ports.ts';
import type { SecretResolver } from './secrets.ts';
import type { BotSenderFactory } from './bot-sender.ts';
import type { WebhookSenderFactory } from './sender.ts';
import { WatchError } from '../domain/errors.ts';
import { createPacer, type Pacer } from '../timing/pacer.ts';

/** Named points between the steps of a run, where the injected crash hook may stop it (tests) . */
export const DELIVERY_STEPS = [
  'fanout:after-create',
  'fanout:before-cursor',
  'fanout:after-cursor',
  'recover:after-release',
  'digest:after-create',
  'digest:after-batch',
  'send:after-claim',
  'send:after-post-started',
  'send:after-post',
  'send:after-sent',
] as const;
export type DeliveryStep = (typeof DELIVERY_STEPS)[number];

export interface DeliveryOptions {
  /** How long a claim holds an item; a claim older than this is taken to be from a crashed run. */
  leaseMs: number;
  /** Attempts (claims) per item before it is given up as failed. */
  maxAttempts: number;
  /** At most one message per this interval to one webhook (Slack: about one a second). */
  minIntervalMs: number;
  /** A retry due sooner than this is waited for within the run; later ones are left to the next run. */
  maxInlineWaitMs: number;
  /** Backoff for 5xx and network errors: base × 2^(attempt-1), capped. */
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** UK hour (0–23) after which daily digests are sent. */
  digestHour: number;
  /** Fan-out re-reads events detected this long before its cursor (the index is eventually consistent). */
  fanoutOverlapMs: number;
  /** Webhooks served at once. */
  concurrency: number;
  /** Epoch ms by which the run must have finished (a Lambda's deadline); no new claim is made after deadline − leaseMs/4. */
  deadline: number | null;
}

export const DEFAULT_DELIVERY_OPTIONS: DeliveryOptions = {
  leaseMs: 120_000,
  maxAttempts: 8,
  minIntervalMs: 1_000,
  maxInlineWaitMs: 30_000,
  backoffBaseMs: 2_000,
  backoffMaxMs: 15 * 60_000,
  digestHour: 8,
  fanoutOverlapMs: 15 * 60_000,
  concurrency: 4,
  deadline: null,
};

/** The stores delivery reads and writes (DynamoDB in production: dynamo-stores.ts). */
export interface DeliveryStores {
  events: EventStore;
  outbox: OutboxStore;
  subscriptions: SubscriptionStore;
  fanoutCursor: FanoutCursorStore;
}

export interface DeliveryDeps {
  stores: DeliveryStores;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
  /** Makes the sender for a webhook URL (slackWebhookSenders() in production and local runs). */
  senders: WebhookSenderFactory;
  logger: Logger;
  /** Posts for channel subscriptions with the Slack app's bot token; without it they are held with a warning. */
  bot?: BotSenderFactory;
  /** Resolves `webhookSecret` subscriptions; without it they are skipped with a warning. */
  secrets?: SecretResolver;
  /** Council URN → region, for region subscriptions. Default: the council register. */
  regionOf?: (urn: string) => string | undefined;
  /** Called at each DeliveryStep; throwing from it simulates the process dying there. */
  crashHook?: (step: DeliveryStep) => void;
  /** Unique id for each claim. Default: random UUID. */
  newAttemptId?: () => string;
  options?: Partial<DeliveryOptions>;
}

export interface DeliverySummary {
  eventsScanned: number;
  /** Outbox items created (event × subscription). */
  fannedOut: number;
  /** Messages Slack accepted: single alerts and digests. */
  sent: number;
  digestsSent: number;
  /** Event items collected into digests. */
  batched: number;
  /** Answers that leave an item pending for a later try (429, 5xx, network). */
  retriesScheduled: number;
  /** Items given up this run (rejected by Slack or out of attempts). */
  failed: number;
  /** Items whose POST began in a run that died before recording the answer: not resent, reported. */
  unknown: number;
  /** Subscriptions found dead (403/404/410) this run. */
  brokenSubscriptions: string[];
  /** Pending items held back because their subscription is broken. */
  heldForBroken: number;
  /** Items of deleted subscriptions. */
  cancelled: number;
  /** Items left pending because the run reached its deadline or a long wait. */
  deferred: number;
}

export function emptySummary(): DeliverySummary {
  return {
    eventsScanned: 0,
    fannedOut: 0,
    sent: 0,
    digestsSent: 0,
    batched: 0,
    retriesScheduled: 0,
    failed: 0,
    unknown: 0,
    brokenSubscriptions: [],
    heldForBroken: 0,
    cancelled: 0,
    deferred: 0,
  };
}

/** Thrown in other workers after one of them failed: a crash stops the whole run. */
export class RunAborted extends WatchError<'run_aborted'> {
  override name = 'RunAborted';
  constructor() {
    super('run_aborted', 'run aborted: another worker failed');
  }
}

export interface RunContext {
  deps: DeliveryDeps;
  options: DeliveryOptions;
  summary: DeliverySummary;
  /** At most one message per minIntervalMs to each webhook, on the injected clock. */
  pacer: Pacer;
  nowIso(): string;
  nowMs(): number;
  /** Passes a step boundary: runs the crash hook, and stops this worker if another has failed. */
  step(name: DeliveryStep): void;
  abort(): void;
}

export function createRunContext(deps: DeliveryDeps): RunContext {
  const options = { ...DEFAULT_DELIVERY_OPTIONS, ...deps.options };
  let aborted = false;
  return {
    deps,
    options,
    summary: emptySummary(),
    pacer: createPacer({ intervalMs: options.minIntervalMs, now: () => deps.now().getTime() }),
    nowIso: () => deps.now().toISOString(),
    nowMs: () => deps.now().getTime(),
    step(name) {
      if (aborted) throw new RunAborted();
      deps.crashHook?.(name);
    },
    abort() {
      aborted = true;
    },
  };
}
