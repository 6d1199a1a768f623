/**
 * robots.txt before every fetch: fetched once per origin and cached.
 *  - 2xx: parsed (robots.ts) and obeyed;
 *  - 4xx, too large, or redirected where we may not follow: allow all (RFC 9309 2.3.1);
 *  - 5xx, timeouts, network errors (after the client's retries): the origin is
 *    treated as disallowed, and every request to it fails with the retryable
 *    `robots_unavailable` error until `failureTtlMs` passes. We would rather
 *    miss a run than crawl against an unknown policy.
 */
import { HttpError, isHttpError } from './errors.ts';
import { isAllowedByRobots, parseRobotsTxt, type RobotsTxt } from './robots.ts';

export interface RobotsOptions {
  /** Check robots.txt before every fetch. Default true. */
  enabled: boolean;
  /** How long a fetched robots.txt is trusted, ms. Default 24 h. */
  ttlMs: number;
  /** How long an origin whose robots.txt failed (5xx/network) stays disallowed, ms. Default 10 min. */
  failureTtlMs: number;
}

export const DEFAULT_ROBOTS_OPTIONS: RobotsOptions = { enabled: true, ttlMs: 24 * 3600_000, failureTtlMs: 10 * 60_000 };

/** Fetches a robots.txt (no robots check of its own, the client's retries and caps). */
export type RobotsFetch = (url: string, signal?: AbortSignal) => Promise<{ text(): string }>;

type Entry =
  | { state: 'ok'; robots: RobotsTxt | null; expiresAt: number }
  | { state: 'unavailable'; cause: HttpError; expiresAt: number };

/** RFC 9309: a robots.txt we cannot have or cannot follow to the end counts as "allow all". */
const ALLOW_ALL_CODES = new Set(['body_too_large', 'redirect_not_allowed', 'too_many_redirects']);

export interface RobotsGate {
  /** Resolves when `url` may be fetched; throws `robots_disallowed` or `robots_unavailable` otherwise. */
  check(url: URL, signal?: AbortSignal): Promise<void>;
}

export function createRobotsGate(options: { product: string; robots: RobotsOptions; now: () => number; fetch: RobotsFetch; onFetch?: () => void }): RobotsGate {
  const { product, robots: settings, now } = options;
  const cache = new Map<string, Promise<Entry>>();

  async function load(origin: URL, signal?: AbortSignal): Promise<Entry> {
    const robotsUrl = new URL('/robots.txt', origin).href;
    options.onFetch?.();
    try {
      const response = await options.fetch(robotsUrl, signal);
      return { state: 'ok', robots: parseRobotsTxt(response.text()), expiresAt: now() + settings.ttlMs };
    } catch (caught) {
      if (!isHttpError(caught)) throw caught;
      const clientError = caught.code === 'http_status' && caught.status !== undefined && caught.status >= 400 && caught.status < 500;
      if (clientError || ALLOW_ALL_CODES.has(caught.code)) return { state: 'ok', robots: null, expiresAt: now() + settings.ttlMs };
      if (!caught.retryable) throw caught;
      const cause = new HttpError('robots_unavailable', `robots.txt of ${origin.host} is unavailable (${caught.code}); the host is treated as disallowed for now`, {
        url: robotsUrl,
        ...(caught.status === undefined ? {} : { status: caught.status }),
        attempts: caught.attempts,
        cause: caught,
      });
      return { state: 'unavailable', cause, expiresAt: now() + settings.failureTtlMs };
    }
  }

  async function entryFor(url: URL, signal?: AbortSignal): Promise<Entry> {
    const key = url.origin;
    let pending = cache.get(key);
    if (pending) {
      const entry = await pending.catch(() => undefined);
      if (!entry || entry.expiresAt <= now()) pending = undefined;
    }
    if (!pending) {
      pending = load(url, signal);
      cache.set(key, pending);
      pending.catch(() => cache.delete(key));
    }
    return pending;
  }

  return {
    async check(url, signal) {
      if (!settings.enabled) return;
      const entry = await entryFor(url, signal);
      if (entry.state === 'unavailable') {
        throw new HttpError('robots_unavailable', `${entry.cause.message}: ${url.href}`, { url: url.href, cause: entry.cause });
      }
      if (entry.robots && !isAllowedByRobots(entry.robots, product, url.pathname + url.search)) {
        throw new HttpError('robots_disallowed', `robots.txt of ${url.host} disallows ${url.pathname}${url.search}`, { url: url.href });
      }
    },
  };
}
