/**
 * The polite HTTP client: one instance per use (Ofsted crawl, news feeds), each
 * with its own host allowlist. Built from maintained parts:
 *  - undici's Agent for connections and timeouts (transport.ts);
 *  - p-retry for attempts; the wait between them is our one backoff (full
 *    jitter, shared/timing/backoff.ts) or the server's Retry-After, which also
 *    holds back every other request to that host; the total wait for one URL is capped;
 *  - p-queue for the requests in flight over all hosts, and the one pacer
 *    (shared/timing/pacer.ts) for one request start a second per host: a
 *    request waiting for its host's turn holds no slot;
 *  - robots-parser for robots.txt (robots.ts, robots-gate.ts).
 * Our own small parts: the host allowlist (checked on the first URL and every
 * redirect, which are followed here, hop by hop), the body cap, and
 * "robots.txt 5xx means not now".
 *
 * Logs `http_retry` (warn) and `http_give_up` (error) through the injected
 * Logger. URLs logged are Ofsted and news URLs, which carry no secrets; never
 * use this client for webhook URLs.
 */
import PQueue from 'p-queue';
import pRetry from 'p-retry';
import { createLogger, type Logger } from '../runtime/log.ts';
import { backoffDelay } from '../timing/backoff.ts';
import { createPacer } from '../timing/pacer.ts';
import { realSleep, type Sleep } from '../timing/sleep.ts';
import { hostAllowlist } from './allowlist.ts';
import { HttpError, isHttpError } from './errors.ts';
import { createRobotsGate, DEFAULT_ROBOTS_OPTIONS, type RobotsOptions } from './robots-gate.ts';
import { createTransport, REDIRECT_STATUSES, type RawResponse } from './transport.ts';

export type { RobotsOptions } from './robots-gate.ts';

export interface RetryOptions {
  /** Attempts per URL, the first included. Default 5. */
  maxAttempts: number;
  /** Backoff ceiling of the first retry, ms (full jitter below it). Default 500. */
  baseDelayMs: number;
  /** Largest backoff ceiling, ms. Default 30 000. */
  maxDelayMs: number;
  /** Most total waiting between attempts for one URL, ms; a Retry-After beyond it gives up at once. Default 120 000. */
  maxTotalWaitMs: number;
}

export interface HttpClientOptions {
  /** Our version, for the User-Agent. */
  version: string;
  /** Where a site owner can reach us, for the User-Agent. */
  contactUrl: string;
  /** Product token (User-Agent and robots.txt group). Default "ofsted-watch". */
  product?: string;
  /** Hosts this client may fetch: "host" allows any port, "host:port" exactly that port (e.g. a local replay server). */
  allowedHosts: readonly string[];
  /** Minimum time between request starts to one host, ms. Default 1000; 0 disables (local stand-ins, benchmarks). */
  perHostIntervalMs?: number;
  /** Requests in flight over all hosts. Default 4. */
  concurrency?: number;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Largest body accepted, bytes. Default 32 MiB. */
  maxBodyBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  robots?: Partial<RobotsOptions>;
  /** Default: JSON lines on stderr. */
  logger?: Logger;
  /** Injectable for tests: a fake sleep must advance a fake `now`. */
  sleep?: Sleep;
  /** Injectable clock, ms since the epoch. */
  now?: () => number;
  /** Injectable randomness in [0, 1) for the jitter. */
  random?: () => number;
}

export interface GetOptions {
  /** Extra request headers (User-Agent is always ours). */
  headers?: Record<string, string>;
  /** Overrides the client's body cap for this request. */
  maxBodyBytes?: number;
  /**
   * Narrows the client's allowlist for this request and every redirect it
   * follows: one news feed's articles stay on that feed's hosts, whatever
   * other feeds the client also serves.
   */
  allowedHosts?: readonly string[];
  signal?: AbortSignal;
}

export interface HttpResponse {
  /** The URL asked for. */
  requestedUrl: string;
  /** The URL that answered (after redirects). */
  url: string;
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** Every redirect target followed, in order. */
  redirects: string[];
  /** Attempts made at the final URL (1 = no retry). */
  attempts: number;
  /** The body decoded as UTF-8. */
  text(): string;
}

export interface HttpClientStats {
  /** HTTP requests sent (robots.txt and retries included). */
  requests: number;
  retries: number;
  /** Body bytes received. */
  bytes: number;
  robotsFetches: number;
}

export interface HttpClient {
  readonly userAgent: string;
  /** GET a URL politely. Resolves with a 2xx response; everything else is an `HttpError`. */
  get(url: string, options?: GetOptions): Promise<HttpResponse>;
  /** Whether the allowlist admits this URL's host. */
  isAllowedHost(url: string | URL): boolean;
  stats(): HttpClientStats;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

export const DEFAULT_PRODUCT = 'ofsted-watch';
const ROBOTS_MAX_BYTES = 512 * 1024;

export function buildUserAgent(product: string, version: string, contactUrl: string): string {
  return `${product}/${version} (+${contactUrl})`;
}

interface FetchPlan {
  headers: Record<string, string>;
  /** The request's own allowlist, within the client's. */
  allows: (url: URL) => boolean;
  maxBytes: number;
  signal?: AbortSignal;
  checkRobots: boolean;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const product = options.product ?? DEFAULT_PRODUCT;
  const userAgent = buildUserAgent(product, options.version, options.contactUrl);
  const allowlist = hostAllowlist(options.allowedHosts);
  const retry: RetryOptions = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalWaitMs: 120_000, ...options.retry };
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.logger ?? createLogger({ write: (line) => process.stderr.write(`${line}\n`) });
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  const slots = new PQueue({ concurrency });
  const pacer = createPacer({ intervalMs: options.perHostIntervalMs ?? 1000, now });
  const stats: HttpClientStats = { requests: 0, retries: 0, bytes: 0, robotsFetches: 0 };
  const transport = createTransport({
    userAgent,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 30_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 60_000,
    connections: concurrency,
    now,
    onBytes: (count) => (stats.bytes += count),
  });
  const robots = createRobotsGate({
    product,
    robots: { ...DEFAULT_ROBOTS_OPTIONS, ...options.robots },
    now,
    fetch: (url, signal) => fetchFollowing(url, { headers: { accept: 'text/plain, */*' }, allows: allowlist.allows, maxBytes: ROBOTS_MAX_BYTES, ...(signal ? { signal } : {}), checkRobots: false }),
    onFetch: () => (stats.robotsFetches += 1),
  });

  /** One request, sent when a slot is free and the host's turn has come; no slot is held while waiting for the turn. */
  async function attemptOnce(url: URL, plan: FetchPlan): Promise<RawResponse> {
    for (;;) {
      const outcome = await slots.add(async () => {
        const wait = pacer.tryStart(url.host);
        if (wait > 0) return { wait };
        stats.requests += 1;
        return { response: await transport.get(url, plan.headers, plan.maxBytes, plan.signal) };
      });
      if (outcome.response) return outcome.response;
      await sleep(outcome.wait, plan.signal).catch((cause: unknown) => {
        throw new HttpError('aborted', `aborted: ${url.href}`, { url: url.href, cause });
      });
    }
  }

  /** Attempts at one URL (p-retry); the wait between them is ours, on the injected clock. */
  async function attemptWithRetries(url: URL, plan: FetchPlan): Promise<RawResponse & { attempts: number }> {
    let waited = 0;
    return pRetry(async (attempt) => ({ ...(await attemptOnce(url, plan)), attempts: attempt }), {
      retries: retry.maxAttempts - 1,
      minTimeout: 0,
      onFailedAttempt: async ({ error: caught, attemptNumber: attempt }) => {
        const error = isHttpError(caught) ? caught : new HttpError('network', String(caught), { url: url.href, cause: caught });
        error.attempts = attempt;
        if (!error.retryable) throw error;
        const fields = { url: url.href, host: url.host, attempt, code: error.code, ...(error.status === undefined ? {} : { status: error.status }) };
        const giveUp = (reason: 'max_attempts' | 'wait_budget') => {
          log.error('http_give_up', { ...fields, reason, message: error.message });
          return error;
        };
        if (attempt >= retry.maxAttempts) throw giveUp('max_attempts');
        const delay = Math.max(backoffDelay(retry, attempt, random), error.retryAfterMs ?? 0);
        if (waited + delay > retry.maxTotalWaitMs) throw giveUp('wait_budget');
        if (error.retryAfterMs !== undefined) pacer.hold(url.host, now() + error.retryAfterMs);
        log.warn('http_retry', { ...fields, delayMs: delay, message: error.message });
        stats.retries += 1;
        waited += delay;
        await sleep(delay, plan.signal).catch((cause: unknown) => {
          throw new HttpError('aborted', `aborted while waiting to retry: ${url.href}`, { url: url.href, cause });
        });
      },
      shouldRetry: () => true,
    });
  }

  /** Fetches, following allowlisted redirects hop by hop, checking robots.txt at every hop when asked. */
  async function fetchFollowing(raw: string, plan: FetchPlan): Promise<HttpResponse> {
    let url = parseUrl(raw);
    if (!plan.allows(url)) throw new HttpError('host_not_allowed', `host ${url.host} is not in the allowlist: ${url.href}`, { url: url.href });
    const redirects: string[] = [];
    for (;;) {
      if (plan.checkRobots) await robots.check(url, plan.signal);
      const response = await attemptWithRetries(url, plan);
      if (!REDIRECT_STATUSES.has(response.status)) {
        const body = response.body;
        return { ...response, requestedUrl: raw, redirects, text: () => body.toString('utf8') };
      }
      const target = redirectTarget(url, response, plan.allows);
      if (redirects.length >= maxRedirects) {
        throw new HttpError('too_many_redirects', `more than ${maxRedirects} redirects from ${raw}`, { url: raw, status: response.status, location: target.href });
      }
      redirects.push(target.href);
      url = target;
    }
  }

  return {
    userAgent,
    isAllowedHost: (target) => allowlist.allows(target),
    get(url, getOptions = {}) {
      const only = getOptions.allowedHosts ? hostAllowlist(getOptions.allowedHosts) : null;
      return fetchFollowing(url, {
        headers: getOptions.headers ?? {},
        allows: only ? (target) => allowlist.allows(target) && only.allows(target) : allowlist.allows,
        maxBytes: getOptions.maxBodyBytes ?? maxBodyBytes,
        ...(getOptions.signal ? { signal: getOptions.signal } : {}),
        checkRobots: true,
      });
    },
    stats: () => ({ ...stats }),
    close: () => transport.close(),
  };
}

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw new HttpError('invalid_url', `not a URL: ${raw}`, { url: raw, cause });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpError('invalid_url', `only http(s) URLs are fetched: ${raw}`, { url: raw });
  return url;
}

/** Where a redirect points, if we may follow it: an http(s) URL on an allowlisted host. */
function redirectTarget(from: URL, response: RawResponse, allows: (url: URL) => boolean): URL {
  const location = response.headers['location'];
  if (!location) throw new HttpError('http_status', `redirect ${response.status} without Location: ${from.href}`, { url: from.href, status: response.status });
  let target: URL;
  try {
    target = new URL(location, from);
  } catch (cause) {
    throw new HttpError('redirect_not_allowed', `redirect to an invalid URL from ${from.href}`, { url: from.href, status: response.status, location, cause });
  }
  if ((target.protocol !== 'http:' && target.protocol !== 'https:') || !allows(target)) {
    throw new HttpError('redirect_not_allowed', `redirect to ${target.host} refused (not in the allowlist): ${from.href}`, { url: from.href, status: response.status, location: target.href });
  }
  return target;
}
