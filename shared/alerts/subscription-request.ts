/**
 * What someone asks for when they subscribe, read the same way wherever they
 * ask (the CLI's options, Slack's `/ofsted subscribe`): which council (by name,
 * URN or ONS code, with "did you mean"), which region, which event kinds. Pure:
 * the council register is a checked-in table. Problems are SubscriptionRequestErrors
 * whose message is written for the person who typed the request.
 */
import { councilRef, type Council } from '../domain/council.ts';
import { WatchError, type WatchErrorOptions } from '../domain/errors.ts';
import { DEFAULT_ALERT_KINDS, EVENT_KINDS, type EventKind } from '../domain/events.ts';
import { lookupCouncil, regionOf, successorsOf, UnknownRegionError, type Region } from '../register/register.ts';
import { isEventKind, type SubscriptionTarget } from './subscription.ts';

/** A request that cannot be carried out as typed (unknown council, region or kind): the message says why, for the person who typed it. */
export class SubscriptionRequestError extends WatchError<'subscription_request'> {
  override name = 'SubscriptionRequestError';
  constructor(message: string, options: WatchErrorOptions = {}) {
    super('subscription_request', message, options);
  }
}

/**
 * The council a name, URN or ONS code means; otherwise an error that says why
 * (did you mean…?). Only current councils can be subscribed to; `former` also
 * accepts a predecessor (its history can still be shown).
 */
export function findCouncil(query: string, options: { former?: boolean } = {}): Council {
  const match = lookupCouncil(query);
  if (match.status === 'found') {
    const { council } = match;
    if (!council.current && !options.former) {
      const successors = successorsOf(council).map((c) => c.name);
      throw new SubscriptionRequestError(
        `${council.name} no longer runs children's services${successors.length ? `: it was replaced by ${successors.join(' and ')}. Subscribe to ${successors.length > 1 ? 'those' : 'that'} instead` : ''}.`,
      );
    }
    return council;
  }
  if (match.status === 'ambiguous') {
    throw new SubscriptionRequestError(`"${query}" could be ${match.candidates.map((c) => `${c.name} (URN ${c.urn})`).join(' or ')}: give the full name or URN.`);
  }
  const hint = match.suggestions.length ? ` Did you mean ${match.suggestions.slice(0, 3).map((c) => `"${c.name}"`).join(' or ')}?` : ' Give a council name, Ofsted URN or ONS code.';
  throw new SubscriptionRequestError(`no council matches "${query}".${hint}`);
}

/** The region a loosely written name means, or null when it names none. */
export function regionNamed(name: string): Region | null {
  try {
    return regionOf(name);
  } catch (error) {
    if (error instanceof UnknownRegionError) return null;
    throw error;
  }
}

/** "downgrade", "urgent-action", "Urgent_Action" → the event kind; null when the word is none. */
export function eventKindNamed(word: string): EventKind | null {
  const key = word.trim().toLowerCase().replace(/-/g, '_');
  return isEventKind(key) ? key : null;
}

/**
 * Event kinds from the words given ("all" for every kind), in the product's
 * order; the default kinds when none are given.
 */
export function resolveKinds(words: readonly string[] | undefined): EventKind[] {
  if (words === undefined) return [...DEFAULT_ALERT_KINDS];
  const cleaned = words.map((w) => w.trim()).filter(Boolean);
  if (cleaned.length === 1 && cleaned[0]!.toLowerCase() === 'all') return [...EVENT_KINDS];
  const bad = cleaned.filter((w) => eventKindNamed(w) === null);
  if (bad.length || cleaned.length === 0) {
    throw new SubscriptionRequestError(`${bad.length ? `"${bad.join('", "')}" ${bad.length > 1 ? 'are not event kinds' : 'is not an event kind'}` : 'no kinds given'}. Kinds: ${EVENT_KINDS.join(', ')}.`);
  }
  const wanted = new Set(cleaned.map((w) => eventKindNamed(w)));
  return EVENT_KINDS.filter((k) => wanted.has(k));
}

/** Councils (deduplicated, in the order given) or regions as a subscription target. */
export function councilsTarget(queries: readonly string[]): SubscriptionTarget {
  const found = queries.map((query) => findCouncil(query));
  return { type: 'councils', councils: [...new Map(found.map((c) => [c.urn, councilRef(c)])).values()] };
}

export function regionsTarget(names: readonly string[]): SubscriptionTarget {
  try {
    return { type: 'regions', regions: [...new Set(names.map((r) => regionOf(r)))] };
  } catch (error) {
    if (error instanceof UnknownRegionError) throw new SubscriptionRequestError(error.message, { cause: error });
    throw error;
  }
}

/** A canonical key for a target: two targets naming the same councils (in any order) share it. */
export function targetKey(target: SubscriptionTarget): string {
  switch (target.type) {
    case 'all':
      return 'all';
    case 'regions':
      return `r:${[...target.regions].sort().join('|')}`;
    case 'councils':
      return `c:${target.councils.map((c) => c.urn).sort().join('|')}`;
  }
}
