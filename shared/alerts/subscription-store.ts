/**
 * Subscriptions in the table (DynamoDB): pk=SUBSCRIPTION, sk=<subscriptionId>
 * (store/keys.ts); the SubscriptionStore delivery takes (ports.ts). The webhook
 * URL lives only in the item (the table is encrypted at rest) and leaves this
 * module only inside a Subscription value, never in an error or log.
 */
import { randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { applied, queryAll } from '../store/dynamo.ts';
import type { TableRef } from '../store/client.ts';
import { PK, subscriptionKey } from '../store/keys.ts';
import type { SubscriptionStore } from './ports.ts';
import type { EventKind, InspectionArea } from '../domain/events.ts';
import type { BrokenReason, DeliveryMode, Subscription, SubscriptionTarget, WebhookRef } from './subscription.ts';
import { WatchError } from '../domain/errors.ts';

const SUBSCRIPTION_PK = PK.subscription;

/** The subscriptions over the table, as delivery and the /ofsted commands need them. */
export function dynamoSubscriptions(table: TableRef): SubscriptionStore {
  return {
    list: () => listSubscriptions(table),
    create: (sub) => createSubscription(table, sub),
    replace: (next, seen) => replaceSubscription(table, next, seen),
    delete: (id) => deleteSubscription(table, id),
    markBroken: (id, reason) => markSubscriptionBroken(table, id, reason),
    ensureSecretSubscription: (options) => ensureSecretSubscription(table, options),
  };
}

interface SubscriptionItem {
  pk: string;
  sk: string;
  id: string;
  target: SubscriptionTarget;
  events: EventKind[];
  inspections?: InspectionArea[];
  delivery: DeliveryMode;
  webhookUrl?: string;
  webhookSecret?: string;
  /** Bot-token subscriptions (made with /ofsted): the workspace and channel. */
  teamId?: string;
  channelId?: string;
  mutedUntil?: Record<string, string>;
  requestedBy?: string;
  status: 'active' | 'broken';
  broken?: BrokenReason | null;
  createdAt: string;
  updatedAt: string;
}

function toItem(sub: Subscription): SubscriptionItem {
  return {
    pk: SUBSCRIPTION_PK,
    sk: sub.id,
    id: sub.id,
    target: sub.target,
    events: sub.events,
    ...(sub.inspections ? { inspections: sub.inspections } : {}),
    delivery: sub.delivery,
    ...destinationAttributes(sub.webhook),
    status: sub.status,
    broken: sub.broken,
    createdAt: sub.createdAt,
    updatedAt: sub.updatedAt,
    ...(sub.mutedUntil && Object.keys(sub.mutedUntil).length ? { mutedUntil: sub.mutedUntil } : {}),
    ...(sub.requestedBy ? { requestedBy: sub.requestedBy } : {}),
  };
}

function destinationAttributes(webhook: WebhookRef): Pick<SubscriptionItem, 'webhookUrl' | 'webhookSecret' | 'teamId' | 'channelId'> {
  switch (webhook.type) {
    case 'url':
      return { webhookUrl: webhook.url };
    case 'secret':
      return { webhookSecret: webhook.secretName };
    case 'channel':
      return { teamId: webhook.teamId, channelId: webhook.channelId };
  }
}

function destinationOf(i: SubscriptionItem): WebhookRef {
  if (i.channelId) return { type: 'channel', teamId: i.teamId ?? '', channelId: i.channelId };
  return i.webhookSecret ? { type: 'secret', secretName: i.webhookSecret } : { type: 'url', url: i.webhookUrl ?? '' };
}

function fromItem(item: Record<string, unknown>): Subscription {
  const i = item as unknown as SubscriptionItem;
  return {
    id: i.id,
    target: i.target,
    events: i.events,
    ...(i.inspections ? { inspections: i.inspections } : {}),
    delivery: i.delivery ?? 'instant',
    webhook: destinationOf(i),
    status: i.status ?? 'active',
    broken: i.broken ?? null,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    ...(i.mutedUntil ? { mutedUntil: i.mutedUntil } : {}),
    ...(i.requestedBy ? { requestedBy: i.requestedBy } : {}),
  };
}

/** `sub_` and 10 random base-32 characters. */
export function newSubscriptionId(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return `sub_${[...randomBytes(10)].map((b) => alphabet[b % alphabet.length]).join('')}`;
}

export class SubscriptionExistsError extends WatchError<'subscription_exists'> {
  override name = 'SubscriptionExistsError';
  constructor(message: string) {
    super('subscription_exists', message);
  }
}

/** Creates a subscription; refuses to overwrite one with the same id. */
export async function createSubscription(table: TableRef, sub: Subscription): Promise<void> {
  const created = await applied(() => table.doc.send(new PutCommand({ TableName: table.tableName, Item: toItem(sub), ConditionExpression: 'attribute_not_exists(pk)' })));
  if (!created) throw new SubscriptionExistsError(`subscription ${sub.id} already exists`);
}

export async function getSubscription(table: TableRef, id: string): Promise<Subscription | null> {
  const { Item } = await table.doc.send(new GetCommand({ TableName: table.tableName, Key: subscriptionKey(id), ConsistentRead: true }));
  return Item ? fromItem(Item) : null;
}

/** All subscriptions, oldest first. */
export async function listSubscriptions(table: TableRef): Promise<Subscription[]> {
  const items = await queryAll<Record<string, unknown>>(table, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': SUBSCRIPTION_PK }, ConsistentRead: true });
  return items.map(fromItem).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/**
 * Replaces a subscription with a changed copy (kinds, delivery, mutes), keeping
 * its id and history; false when someone changed or deleted it since it was read
 * (`updatedAt` is the version).
 */
export async function replaceSubscription(table: TableRef, next: Subscription, seenUpdatedAt: string): Promise<boolean> {
  return applied(() =>
    table.doc.send(
      new PutCommand({
        TableName: table.tableName,
        Item: toItem(next),
        ConditionExpression: 'updatedAt = :seen',
        ExpressionAttributeValues: { ':seen': seenUpdatedAt },
      }),
    ),
  );
}

/** Deletes a subscription; false when there was none. Its undelivered outbox items are cancelled by the next delivery run. */
export async function deleteSubscription(table: TableRef, id: string): Promise<boolean> {
  const { Attributes } = await table.doc.send(new DeleteCommand({ TableName: table.tableName, Key: subscriptionKey(id), ReturnValues: 'ALL_OLD' }));
  return Attributes !== undefined;
}

/** Marks a subscription broken (a dead webhook); false when it was already broken or is gone. */
export async function markSubscriptionBroken(table: TableRef, id: string, reason: BrokenReason): Promise<boolean> {
  return applied(() =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: subscriptionKey(id),
        UpdateExpression: 'SET #status = :broken, broken = :reason, updatedAt = :at',
        ConditionExpression: 'attribute_exists(pk) AND #status <> :broken',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':broken': 'broken', ':reason': reason, ':at': reason.at },
      }),
    ),
  );
}

/**
 * Makes a broken subscription active again (the channel was unarchived, or a new
 * webhook replaces the dead one). Its held items are then delivered. False when it does not exist.
 */
export async function reactivateSubscription(table: TableRef, id: string, at: string, webhook?: WebhookRef): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':active': 'active', ':at': at };
  let update = 'SET #status = :active, broken = :none, updatedAt = :at';
  values[':none'] = null;
  if (webhook?.type === 'url') {
    update += ', webhookUrl = :url REMOVE webhookSecret';
    values[':url'] = webhook.url;
  } else if (webhook?.type === 'secret') {
    update += ', webhookSecret = :secret REMOVE webhookUrl';
    values[':secret'] = webhook.secretName;
  }
  return applied(() =>
    table.doc.send(
      new UpdateCommand({
        TableName: table.tableName,
        Key: subscriptionKey(id),
        UpdateExpression: update,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    ),
  );
}

/**
 * The deployment's default subscription: every council (or the configured ones),
 * default kinds, its webhook a Secrets Manager secret name. Idempotent: a second
 * call with the same settings changes nothing; changed settings (a redeploy with
 * new councils, kinds or secret) update it, keeping its id and history. A new
 * secret name clears a broken mark (the webhook was replaced).
 */
export async function ensureSecretSubscription(
  table: TableRef,
  options: { id: string; secretName: string; events: EventKind[]; target?: SubscriptionTarget; delivery?: DeliveryMode; now: string },
): Promise<'created' | 'exists' | 'updated'> {
  const wanted = {
    target: options.target ?? ({ type: 'all' } as SubscriptionTarget),
    events: options.events,
    delivery: options.delivery ?? 'instant',
    webhook: { type: 'secret', secretName: options.secretName } as WebhookRef,
  };
  try {
    await createSubscription(table, { id: options.id, ...wanted, status: 'active', broken: null, createdAt: options.now, updatedAt: options.now });
    return 'created';
  } catch (error) {
    if (!(error instanceof SubscriptionExistsError)) throw error;
  }
  const current = await getSubscription(table, options.id);
  if (!current) return ensureSecretSubscription(table, options); // deleted meanwhile: create it again
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (same(current.target, wanted.target) && same(current.events, wanted.events) && current.delivery === wanted.delivery && same(current.webhook, wanted.webhook)) {
    return 'exists';
  }
  const newWebhook = !same(current.webhook, wanted.webhook);
  const next: Subscription = {
    ...current,
    ...wanted,
    ...(newWebhook ? { status: 'active' as const, broken: null } : {}),
    updatedAt: options.now,
  };
  return (await replaceSubscription(table, next, current.updatedAt)) ? 'updated' : 'exists';
}
