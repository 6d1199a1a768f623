/**
 * Carries out one `/ofsted` command for the channel it was typed in, against
 * the stores it is given (ports.ts; the DynamoDB ones are in store.ts), and says
 * what to answer. Only the configured workspace is served; a request from
 * another changes nothing. Every change is idempotent: the same command twice
 * leaves the same subscriptions (Slack may retry, and a slow command is run
 * again to answer through response_url).
 */
import { findCouncil, regionNamed, resolveKinds, SubscriptionRequestError, targetKey } from '../alerts/subscription-request.ts';
import { describeTarget, isMuted, subscriptionCovers, type ChannelRef, type DeliveryMode, type Subscription, type SubscriptionTarget } from '../alerts/subscription.ts';
import { councilRef, type Council } from '../domain/council.ts';
import { WatchError } from '../domain/errors.ts';
import type { EventKind } from '../domain/events.ts';
import { councilByUrn } from '../register/register.ts';
import { parseSlashCommand, type SlashRequest } from './command.ts';
import type { SlashCommandStores } from './ports.ts';
import { helpReply, listReply, mutedReply, notSubscribedReply, otherWorkspaceReply, problemReply, subscribedReply, unsubscribedReply, type SlackReply, type SubscribeOutcome } from './replies.ts';
import { councilStatus, statusReply } from './status.ts';

export interface CommandDeps {
  stores: SlashCommandStores;
  now: () => Date;
  newSubscriptionId: () => string;
  /** The workspace served; null serves any (local runs only). */
  teamId: string | null;
  digestHour: number;
}

const regionOfUrn = (urn: string) => councilByUrn(urn)?.region;

function channelOf(request: SlashRequest): ChannelRef {
  return { type: 'channel', teamId: request.teamId, channelId: request.channelId };
}

function inChannel(sub: Subscription, channel: ChannelRef): boolean {
  return sub.webhook.type === 'channel' && sub.webhook.teamId === channel.teamId && sub.webhook.channelId === channel.channelId;
}

/** What a subscribe or unsubscribe names: every council, one region, or councils (several, comma-separated). */
function targetsNamed(text: string): SubscriptionTarget[] {
  const whole = text.trim();
  if (/^(all|every council|everything|all councils)$/i.test(whole)) return [{ type: 'all' }];
  const region = regionNamed(whole);
  if (region) return [{ type: 'regions', regions: [region] }];
  try {
    return [{ type: 'councils', councils: [councilRef(findCouncil(whole))] }];
  } catch (error) {
    if (!(error instanceof SubscriptionRequestError) || !whole.includes(',')) throw error;
  }
  const parts = whole.split(',').map((p) => p.trim()).filter(Boolean);
  return parts.flatMap((part) => targetsNamed(part));
}

/** The channel's subscriptions kept changing under a command (a conditional write lost three times): Slack may retry it. */
export class SubscriptionsBusyError extends WatchError<'subscriptions_busy'> {
  override name = 'SubscriptionsBusyError';
  constructor() {
    super('subscriptions_busy', 'subscriptions kept changing while this command ran', { retryable: true });
  }
}

/** Runs `work` again (up to 3 times) while a conditional write loses to a concurrent change. */
async function retrying<T>(work: () => Promise<T | null>): Promise<T> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = await work();
    if (result !== null) return result;
  }
  throw new SubscriptionsBusyError();
}

async function subscribe(request: SlashRequest, deps: CommandDeps, targetText: string, kinds: EventKind[] | 'all' | undefined, digest: boolean): Promise<SlackReply> {
  if (request.channelId.startsWith('D')) return problemReply('Alerts go to channels: type this command in the channel that should get them.');
  const targets = targetsNamed(targetText);
  const events = resolveKinds(kinds === 'all' ? ['all'] : kinds);
  const delivery: DeliveryMode = digest ? 'daily' : 'instant';
  const channel = channelOf(request);
  const results: { sub: Subscription; outcome: SubscribeOutcome }[] = [];
  for (const target of targets) {
    results.push(await retrying(async () => {
      const mine = (await deps.stores.subscriptions.list()).filter((s) => inChannel(s, channel));
      const now = deps.now().toISOString();
      const existing = mine.find((s) => targetKey(s.target) === targetKey(target));
      if (existing) {
        if (existing.events.join() === events.join() && existing.delivery === delivery) return { sub: existing, outcome: 'unchanged' as const };
        const next = { ...existing, events, delivery, updatedAt: now, requestedBy: request.userId };
        return (await deps.stores.subscriptions.replace(next, existing.updatedAt)) ? { sub: next, outcome: 'updated' as const } : null;
      }
      // Mutes the channel set on other subscriptions hold for the new one too.
      const mutedUntil = Object.fromEntries(mine.flatMap((s) => Object.entries(s.mutedUntil ?? {})).filter(([urn, until]) => until > now && subscriptionCovers({ target }, urn, regionOfUrn)));
      const sub: Subscription = {
        id: deps.newSubscriptionId(), target, events, delivery, webhook: channel, status: 'active', broken: null, createdAt: now, updatedAt: now,
        requestedBy: request.userId, ...(Object.keys(mutedUntil).length ? { mutedUntil } : {}),
      };
      await deps.stores.subscriptions.create(sub);
      return { sub, outcome: 'created' as const };
    }));
  }
  return subscribedReply(request.userId, results, deps.digestHour);
}

async function unsubscribe(request: SlashRequest, deps: CommandDeps, targetText: string): Promise<SlackReply> {
  const channel = channelOf(request);
  const everything = /^(all|everything)$/i.test(targetText.trim());
  const targets = everything ? [] : targetsNamed(targetText);
  const mine = (await deps.stores.subscriptions.list()).filter((s) => inChannel(s, channel));
  const removed: string[] = [];
  const narrowed: string[] = [];
  for (const sub of mine) {
    const drop = everything || targets.some((t) => targetKey(t) === targetKey(sub.target));
    if (drop) {
      if (await deps.stores.subscriptions.delete(sub.id)) removed.push(describeTarget(sub.target));
      continue;
    }
    if (sub.target.type !== 'councils') continue;
    const urns = new Set(targets.flatMap((t) => (t.type === 'councils' ? t.councils.map((c) => c.urn) : [])));
    const councils = sub.target.councils.filter((c) => !urns.has(c.urn));
    if (councils.length === sub.target.councils.length) continue;
    const next: Subscription = { ...sub, target: { type: 'councils', councils }, updatedAt: deps.now().toISOString() };
    if (await deps.stores.subscriptions.replace(next, sub.updatedAt)) narrowed.push(describeTarget(next.target));
  }
  if (removed.length || narrowed.length) return unsubscribedReply(request.userId, removed, narrowed);
  const what = everything ? 'any council' : targets.map((t) => describeTarget(t)).join(' or ');
  const urns = targets.flatMap((t) => (t.type === 'councils' ? t.councils.map((c) => c.urn) : []));
  const coveredBy = mine.filter((s) => urns.some((urn) => subscriptionCovers(s, urn, regionOfUrn))).map((s) => describeTarget(s.target));
  return notSubscribedReply(what, coveredBy);
}

async function mute(request: SlashRequest, deps: CommandDeps, query: string, days: number): Promise<SlackReply> {
  const council: Council = findCouncil(query);
  const channel = channelOf(request);
  const now = deps.now();
  const until = days > 0 ? new Date(now.getTime() + days * 86_400_000).toISOString() : null;
  const covering = async () => (await deps.stores.subscriptions.list()).filter((s) => inChannel(s, channel) && subscriptionCovers(s, council.urn, regionOfUrn));
  if ((await covering()).length === 0) return notSubscribedReply(council.name, []);
  await retrying(async () => {
    let lost = false;
    for (const sub of await covering()) {
      const mutedUntil = { ...sub.mutedUntil };
      if (until) mutedUntil[council.urn] = until;
      else delete mutedUntil[council.urn];
      for (const urn of Object.keys(mutedUntil)) if (!isMuted({ mutedUntil }, urn, now.toISOString())) delete mutedUntil[urn];
      if (JSON.stringify(mutedUntil) === JSON.stringify(sub.mutedUntil ?? {})) continue;
      if (!(await deps.stores.subscriptions.replace({ ...sub, mutedUntil, updatedAt: now.toISOString() }, sub.updatedAt))) lost = true;
    }
    return lost ? null : true;
  });
  return mutedReply(request.userId, council.name, until);
}

async function status(deps: CommandDeps, query: string): Promise<SlackReply> {
  const council = findCouncil(query, { former: true });
  const [records, events] = await Promise.all([deps.stores.inspections.listInspections(council.urn), deps.stores.events.listCouncil(council.urn)]);
  return statusReply(councilStatus(council, records, events.map((stored) => stored.event)));
}

/** The answer to one slash command, after doing what it asks. */
export async function runSlashCommand(request: SlashRequest, deps: CommandDeps): Promise<SlackReply> {
  if (deps.teamId !== null && request.teamId !== deps.teamId) return otherWorkspaceReply();
  const command = parseSlashCommand(request.text);
  try {
    switch (command.name) {
      case 'help':
        return helpReply(request.command);
      case 'not_understood':
        return helpReply(request.command, command);
      case 'list': {
        const channel = channelOf(request);
        return listReply((await deps.stores.subscriptions.list()).filter((s) => inChannel(s, channel)), deps.now().toISOString(), deps.digestHour);
      }
      case 'subscribe':
        return await subscribe(request, deps, command.target, command.kinds, command.digest);
      case 'unsubscribe':
        return await unsubscribe(request, deps, command.target);
      case 'mute':
        return await mute(request, deps, command.council, command.days);
      case 'status':
        return await status(deps, command.council);
    }
  } catch (error) {
    if (error instanceof SubscriptionRequestError) return problemReply(upperFirst(error.message), 'Nothing was changed. /ofsted help lists the commands.');
    throw error;
  }
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
