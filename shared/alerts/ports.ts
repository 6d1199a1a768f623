/**
 * What delivery (and the /ofsted commands) need from storage: the outbox, the
 * subscriptions, the fan-out cursor (and the event store, shared/events/ports.ts).
 * The DynamoDB implementations are outbox.ts, subscription-store.ts and
 * fanout-cursor.ts; jobs take these interfaces, never the table.
 *
 * The outbox: one item per (subscription, event), per (subscription, digest
 * day), or per reply in the thread of a bot-posted alert (one per set of new
 * sources), moved through its states only by conditional writes:
 *
 *   pending ──claim──▶ sending ──post──▶ sent
 *      ▲                  │ ├─ retryable answer ──▶ pending (later dueAt)
 *      │                  │ ├─ gave up / refused ──▶ failed
 *      └── lease expired, │ └─ lease expired after the POST began ──▶ unknown
 *          no POST begun ─┘
 *   pending ──▶ batched (into a digest)   pending ──▶ cancelled (subscription deleted)
 */
import type { CouncilEvent, EventKind } from '../domain/events.ts';
import type { ItemKey } from '../store/keys.ts';
import type { LastError } from './delivery-rules.ts';
import type { BrokenReason, DeliveryMode, Subscription, SubscriptionTarget } from './subscription.ts';

export type { ItemKey } from '../store/keys.ts';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed', 'unknown', 'batched', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxItem extends ItemKey {
  /** event: one alert; digest: a day's alerts; reply: coverage posted in the thread of a sent alert (bot channels). */
  type: 'event' | 'digest' | 'reply';
  subscriptionId: string;
  state: OutboxState;
  dueAt: string;
  attempts: number;
  createdAt: string;
  updatedAt: string;
  /** type event: the event's id, key and a snapshot (the stored event is re-read at send time). */
  eventId?: string;
  eventRef?: ItemKey;
  event?: CouncilEvent;
  /** type digest: the UK day and the events it collects. */
  day?: string;
  eventRefs?: ItemKey[];
  /** pending items batched into a digest: which day. */
  digestDay?: string;
  attemptId?: string;
  leaseUntil?: string;
  /** Set, under the claim, just before the POST: a crash after it leaves the outcome unknown. */
  postStartedAt?: string;
  sentAt?: string;
  lastError?: LastError | null;
  /** Sent to a channel through the bot: the message's ts (a thread's parent), and the source URLs it showed. */
  slackTs?: string;
  postedSources?: string[];
  /** type reply: the alert (its sk) whose thread it goes in, and the source URLs it posts. */
  parentSk?: string;
  replySources?: string[];
}

/** What a sent message leaves for thread replies: its ts in the channel (bot posts only) and the source URLs it showed. */
export interface Posted {
  slackTs?: string;
  postedSources: string[];
}

/** Each move is one conditional write: false (or null) when the item was not where the move expects, i.e. someone else moved it. */
export interface OutboxStore {
  /** Creates the delivery of one event to one subscription, once: false when it already exists (in any state). */
  createEventDelivery(options: { subscriptionId: string; event: CouncilEvent; dueAt: string; now: string }): Promise<boolean>;
  /** Creates one day's digest for a subscription, once. */
  createDigestDelivery(options: { subscriptionId: string; day: string; eventRefs: ItemKey[]; now: string }): Promise<boolean>;
  /** Queues a reply in the thread of a sent alert (`parentSk`), once per set of sources (`sourcesKey`): false when it exists. */
  createReplyDelivery(options: { subscriptionId: string; event: CouncilEvent; parentSk: string; sources: string[]; sourcesKey: string; now: string }): Promise<boolean>;
  /** One item of a subscription, by its sort key. */
  get(subscriptionId: string, sk: string): Promise<OutboxItem | null>;
  /** A subscription's digest of one UK day, if made. */
  getDigest(subscriptionId: string, day: string): Promise<OutboxItem | null>;
  /** The replies queued in the thread of one alert (its sort key), in any state. */
  repliesTo(subscriptionId: string, parentSk: string): Promise<OutboxItem[]>;
  /** Items in a state, due (or leased) until `until` when given, in index order. */
  byState(state: OutboxState, until?: string): Promise<OutboxItem[]>;
  ofSubscription(subscriptionId: string): Promise<OutboxItem[]>;
  /** pending → sending with a lease, if due; the attempt counter goes up. */
  claim(item: OutboxItem, options: { attemptId: string; now: string; leaseUntil: string }): Promise<OutboxItem | null>;
  /** Records, under the claim, that the POST is about to begin. */
  markPostStarted(item: OutboxItem, attemptId: string, now: string): Promise<boolean>;
  /** sending → sent, keeping what thread replies need (`posted`). */
  markSent(item: OutboxItem, attemptId: string, options: { now: string; textOnly: boolean; posted?: Posted }): Promise<boolean>;
  /** sending → pending, due again at `dueAt`; a refunded attempt does not count against maxAttempts. */
  release(item: OutboxItem, attemptId: string, options: { dueAt: string; lastError: LastError; refundAttempt: boolean; now: string }): Promise<boolean>;
  /** sending → failed. */
  fail(item: OutboxItem, attemptId: string, options: { lastError: LastError; now: string }): Promise<boolean>;
  /** A claim whose lease ran out before its POST began: sending → pending, due now. */
  releaseStaleClaim(item: OutboxItem, now: string): Promise<boolean>;
  /** A claim whose lease ran out after its POST began: sending → unknown (never resent by itself). */
  markOutcomeUnknown(item: OutboxItem, now: string): Promise<boolean>;
  /** pending → cancelled (its subscription was deleted). */
  cancel(item: OutboxItem, now: string): Promise<boolean>;
  /** pending → batched into the digest of `day`. */
  batch(item: OutboxItem, day: string, now: string): Promise<boolean>;
  /** pending, due later (the next digest). */
  postpone(item: OutboxItem, dueAt: string, now: string): Promise<boolean>;
}

export interface SubscriptionStore {
  /** All subscriptions, oldest first. */
  list(): Promise<Subscription[]>;
  /** Adds a subscription; throws SubscriptionExistsError when its id is taken. */
  create(sub: Subscription): Promise<void>;
  /** Replaces a subscription read at `seenUpdatedAt` with a changed copy; false when it changed or went meanwhile. */
  replace(next: Subscription, seenUpdatedAt: string): Promise<boolean>;
  /** Deletes a subscription; false when there was none (its undelivered items are cancelled by the next delivery run). */
  delete(id: string): Promise<boolean>;
  /** Marks a subscription broken (a dead webhook); false when it was already broken or is gone. */
  markBroken(id: string, reason: BrokenReason): Promise<boolean>;
  /** Creates or updates the deployment's default subscription (see subscription-store.ts). */
  ensureSecretSubscription(options: { id: string; secretName: string; events: EventKind[]; target?: SubscriptionTarget; delivery?: DeliveryMode; now: string }): Promise<'created' | 'exists' | 'updated'>;
}

/**
 * Where fan-out got to: the index position of the newest event handled, and the
 * positions handled within the overlap window behind it (so re-reading that
 * window skips them, and only late arrivals are fanned out).
 */
export interface FanoutCursor {
  position: string | null;
  recent: string[];
}

export interface FanoutCursorStore {
  read(): Promise<FanoutCursor>;
  /** Moves the cursor forward only (a slower concurrent run cannot move it back). */
  save(cursor: FanoutCursor & { position: string }, now: string): Promise<void>;
}
