/** Who gets which alerts, and how: the subscription model and its pure rules. */
import { createHash } from 'node:crypto';
import type { CouncilRef } from '../domain/council.ts';
import { eventArea, EVENT_KINDS, INSPECTION_AREAS, type CouncilEvent, type EventKind, type InspectionArea } from '../domain/events.ts';
import { kindPhrase, listPhrase } from './wording.ts';

export type SubscriptionTarget =
  | { type: 'all' }
  | { type: 'councils'; councils: CouncilRef[] }
  | { type: 'regions'; regions: string[] };

/** `instant`: one message per event as it is found; `daily`: one digest a day. */
export type DeliveryMode = 'instant' | 'daily';

/**
 * Where messages go: an incoming webhook (its URL kept in the encrypted table,
 * or the name of a Secrets Manager secret holding it), or a channel of the
 * configured Slack workspace that the ofsted-watch app's bot posts to
 * (chat.postMessage with the bot token; subscriptions made with `/ofsted`).
 */
export type WebhookRef = { type: 'url'; url: string } | { type: 'secret'; secretName: string } | ChannelRef;

/** A Slack channel the app's bot posts to. Ids, not names: a channel keeps its id when renamed. */
export interface ChannelRef {
  type: 'channel';
  teamId: string;
  channelId: string;
}

export interface BrokenReason {
  status: number;
  code: string;
  at: string;
}

export interface Subscription {
  id: string;
  target: SubscriptionTarget;
  events: EventKind[];
  /**
   * Which inspections' events it wants: the council's children's services, area SEND
   * (Ofsted and CQC), or both. Absent means both, the default.
   */
  inspections?: InspectionArea[];
  delivery: DeliveryMode;
  webhook: WebhookRef;
  status: 'active' | 'broken';
  broken: BrokenReason | null;
  createdAt: string;
  updatedAt: string;
  /** Councils (by URN) whose alerts this subscription holds back until the time given (`/ofsted mute`). */
  mutedUntil?: Record<string, string>;
  /** Who made it in Slack (a user id), for `/ofsted list`. */
  requestedBy?: string;
}

/** Whether alerts about this council are muted for this subscription at `at` (ISO). */
export function isMuted(sub: Pick<Subscription, 'mutedUntil'>, urn: string, at: string): boolean {
  const until = sub.mutedUntil?.[urn];
  return until !== undefined && until > at;
}

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}

/** Does this subscription want this council at all (whatever the kind)? */
export function subscriptionCovers(sub: Pick<Subscription, 'target'>, urn: string, regionOf: (urn: string) => string | undefined): boolean {
  switch (sub.target.type) {
    case 'all':
      return true;
    case 'councils':
      return sub.target.councils.some((c) => c.urn === urn);
    case 'regions': {
      const region = regionOf(urn)?.toLowerCase();
      return region !== undefined && sub.target.regions.some((r) => r.toLowerCase() === region);
    }
  }
}

/**
 * Does this subscription want this event (its kind or any of its alsoKinds)? `regionOf` maps a council URN to
 * its region (from the register). With `at` (ISO), an event about a council muted at that time is not wanted.
 */
export function subscriptionWants(sub: Subscription, event: CouncilEvent, regionOf: (urn: string) => string | undefined, at?: string): boolean {
  if (![event.kind, ...(event.alsoKinds ?? [])].some((kind) => sub.events.includes(kind))) return false;
  if (sub.inspections && !sub.inspections.includes(eventArea(event))) return false;
  if (at !== undefined && isMuted(sub, event.council.urn, at)) return false;
  return subscriptionCovers(sub, event.council.urn, regionOf);
}

/**
 * Two subscriptions posting to the same channel share this key, so one event
 * reaches a channel once even when several of its subscriptions match. A hash:
 * never the URL itself.
 */
export function webhookIdentity(webhook: WebhookRef): string {
  const raw = webhook.type === 'url' ? `url:${webhook.url}` : webhook.type === 'secret' ? `secret:${webhook.secretName}` : `channel:${webhook.teamId}/${webhook.channelId}`;
  return createHash('sha256').update(raw).digest('hex').slice(0, 24);
}

/** "Stockton-on-Tees and Stoke-on-Trent", "councils in London", "every council". */
export function describeTarget(target: SubscriptionTarget, maxNames = 5): string {
  switch (target.type) {
    case 'all':
      return 'every council';
    case 'councils': {
      const names = target.councils.map((c) => c.name);
      return names.length > maxNames ? `${names.slice(0, maxNames).join(', ')} and ${names.length - maxNames} more councils` : listPhrase(names);
    }
    case 'regions':
      return `councils in ${listPhrase(target.regions)}`;
  }
}

export function describeKinds(kinds: readonly EventKind[]): string {
  return listPhrase(EVENT_KINDS.filter((k) => kinds.includes(k)).map(kindPhrase));
}

const AREA_PHRASES: Record<InspectionArea, string> = {
  childrens_services: "children's services",
  send: 'area SEND',
};

export function isInspectionArea(value: string): value is InspectionArea {
  return (INSPECTION_AREAS as readonly string[]).includes(value);
}

/** "children's services and area SEND", "children's services only". */
export function describeInspections(areas: readonly InspectionArea[] | undefined): string {
  const wanted = INSPECTION_AREAS.filter((area) => !areas || areas.includes(area));
  return wanted.length === INSPECTION_AREAS.length ? listPhrase(wanted.map((a) => AREA_PHRASES[a])) : `${listPhrase(wanted.map((a) => AREA_PHRASES[a]))} only`;
}

export function describeDelivery(mode: DeliveryMode, digestHour: number): string {
  return mode === 'daily' ? `in one daily digest after ${String(digestHour).padStart(2, '0')}:00 UK time` : 'as they happen';
}
