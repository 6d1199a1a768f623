/**
 * The polite HTTP client (undici): one instance per use (Ofsted crawl, news feeds),
 * each with its own host allowlist.
 *
 * - User-Agent `ofsted-watch/<version> (+<contactUrl>)`.
 * - Per-host spacing (default one request start a second per host) and a small
 *   fixed concurrency over all hosts.
 * - Connect, headers and body timeouts.
 * - Retries with exponential backoff and full jitter on 429, 5xx, timeouts,
 *   network errors and truncated bodies; `Retry-After` (seconds or HTTP date)
 *   is honoured and also holds back every other request to that host; the total
 *   time spent waiting for one URL is capped.
 * - Body size cap (Content-Length and streamed count).
 * - Redirects followed by hand, only to allowlisted hosts; no other host is
 *   ever fetched, including the first request.
 * - robots.txt fetched once per origin and cached (`robots.ttlMs`). 2xx: parsed
 *   and obeyed. 4xx (404 and the like): allow all (RFC 9309). 5xx, timeouts and
 *   network errors (after retries): the whole origin is treated as disallowed
 *   and every request to it fails with the retryable `robots_unavailable` error
 *   until `robots.failureTtlMs` passes (default 10 minutes, i.e. for this run):
 *   we would rather miss a run than crawl against an unknown policy.
 *
 * Logs: one structured entry per retry (`http.retry`) and per give-up
 * (`http.give_up`) through the injected logger. URLs logged are Ofsted and
 * news URLs, which carry no secrets; never use this client for webhook URLs.
 */
import { Agent, request as undiciRequest } from 'undici';
import { backoffDelay, parseRetryAfter } from './backoff.ts';
import { HttpError, isHttpError, type HttpErrorCode } from './errors.ts';
import { isAllowedByRobots, parseRobotsTxt, type RobotsTxt } from './robots.ts';

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

export interface RobotsOptions {
  /** Check robots.txt before every fetch. Default true. */
  enabled: boolean;
  /** How long a fetched robots.txt is trusted, ms. Default 24 h. */
  ttlMs: number;
  /** How long an origin whose robots.txt failed (5xx/network) stays disallowed, ms. Default 10 min. */
  failureTtlMs: number;
}

export interface HttpLogEntry {
  level: 'warn' | 'error';
  event: 'http.retry' | 'http.give_up';
  url: string;
  host: string;
  attempt: number;
  code: HttpErrorCode;
  status?: number;
  /** For retries: how long we wait before the next attempt. */
  delayMs?: number;
  /** For give-ups: why we stopped. */
  reason?: 'max_attempts' | 'wait_budget';
  message: string;
}
export type HttpLogger = (entry: HttpLogEntry) => void;

export interface HttpClientOptions {
  /** Our version, for the User-Agent. */
  version: string;
  /** Where a site owner can reach us, for the User-Agent. */
  contactUrl: string;
  /** Product token (User-Agent and robots.txt group). Default "ofsted-watch". */
  product?: string;
  /**
   * Hosts this client may fetch. "host" allows any port, "host:port" exactly that port
   * (e.g. "127.0.0.1:43123" for the local replay server).
   */
  allowedHosts: readonly string[];
  /** Minimum time between request starts to one host, ms. Default 1000; 0 disables (benchmarks). */
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
  logger?: HttpLogger;
  /** Injectable for tests: waits `ms` (rejects if `signal` aborts). A fake sleep must advance a fake `now`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ROBOTS_MAX_BYTES = 512 * 1024;

export function buildUserAgent(product: string, version: string, contactUrl: string): string {
  return `${product}/${version} (+${contactUrl})`;
}

export function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The default logger: one JSON line on stderr. */
export const stderrHttpLogger: HttpLogger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};

/**
 * Adapts a leveled logger (e.g. shared/runtime/log.ts's RuntimeLogger) to the
 * client's logger: the entry's event is the message, its fields the fields.
 */
export function httpLoggerFrom(logger: {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}): HttpLogger {
  return (entry) => {
    const { level, event, ...fields } = entry;
    logger[level](event, fields);
  };
}

interface RawResponse {
  url: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  attempts: number;
}

type RobotsEntry =
  | { state: 'ok'; robots: RobotsTxt | null; expiresAt: number }
  | { state: 'unavailable'; cause: HttpError; expiresAt: number };

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const product = options.product ?? DEFAULT_PRODUCT;
  const userAgent = buildUserAgent(product, options.version, options.contactUrl);
  const allowed = options.allowedHosts.map((host) => host.trim().toLowerCase()).filter(Boolean);
  if (allowed.length === 0) throw new Error('createHttpClient: allowedHosts must name at least one host');
  const interval = options.perHostIntervalMs ?? 1000;
  const retry: RetryOptions = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, maxTotalWaitMs: 120_000, ...options.retry };
  const robotsOptions: RobotsOptions = { enabled: true, ttlMs: 24 * 3600_000, failureTtlMs: 10 * 60_000, ...options.robots };
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 1024 * 1024;
  const maxRedirects = options.maxRedirects ?? 5;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.logger ?? stderrHttpLogger;
  const slots = new Semaphore(options.concurrency ?? 4);
  const nextStartAt = new Map<string, number>();
  const robotsCache = new Map<string, Promise<RobotsEntry>>();
  const stats: HttpClientStats = { requests: 0, retries: 0, bytes: 0, robotsFetches: 0 };
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs ?? 10_000 },
    headersTimeout: options.headersTimeoutMs ?? 30_000,
    bodyTimeout: options.bodyTimeoutMs ?? 60_000,
    connections: options.concurrency ?? 4,
  });

  function isAllowedHost(target: string | URL): boolean {
    let url: URL;
    try {
      url = typeof target === 'string' ? new URL(target) : target;
    } catch {
      return false;
    }
    const host = url.host.toLowerCase();
    const hostname = url.hostname.toLowerCase();
    return allowed.some((entry) => (entry.includes(':') ? entry === host : entry === hostname));
  }

  function parseUrl(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch (cause) {
      throw new HttpError('invalid_url', `not a URL: ${raw}`, { url: raw, cause });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HttpError('invalid_url', `only http(s) URLs are fetched: ${raw}`, { url: raw });
    }
    return url;
  }

  /**
   * Takes a concurrency slot at the moment this host's turn has come, and
   * reserves the next turn. A request waiting for its host's turn holds no
   * slot, so a host under Retry-After does not starve the others.
   */
  async function takeTurn(host: string, signal?: AbortSignal): Promise<void> {
    for (;;) {
      await slots.acquire();
      const current = now();
      const at = nextStartAt.get(host) ?? 0;
      if (at <= current) {
        nextStartAt.set(host, current + interval);
        return;
      }
      slots.release();
      await sleep(at - current, signal);
    }
  }

  /** Holds back every request to `host` until `until` (after a Retry-After). */
  function holdHost(host: string, until: number): void {
    if ((nextStartAt.get(host) ?? 0) < until) nextStartAt.set(host, until);
  }

  async function attemptOnce(url: URL, headers: Record<string, string>, maxBytes: number, signal?: AbortSignal): Promise<RawResponse> {
    const href = url.href;
    await takeTurn(url.host, signal).catch((cause) => {
      throw new HttpError('aborted', `aborted: ${href}`, { url: href, cause });
    });
    try {
      stats.requests += 1;
      let response: Awaited<ReturnType<typeof undiciRequest>>;
      try {
        response = await undiciRequest(url, {
          dispatcher: agent,
          method: 'GET',
          headers: { accept: '*/*', ...headers, 'user-agent': userAgent },
          signal,
        });
      } catch (cause) {
        throw classifyTransportError(cause, href, signal, false);
      }
      const responseHeaders = flattenHeaders(response.headers);
      const status = response.statusCode;
      if (REDIRECT_STATUSES.has(status) || status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        if (REDIRECT_STATUSES.has(status)) return { url: href, status, headers: responseHeaders, body: Buffer.alloc(0), attempts: 1 };
        throw statusError(status, href, responseHeaders, now());
      }
      const declared = responseHeaders['content-length'] === undefined ? undefined : Number(responseHeaders['content-length']);
      if (declared !== undefined && Number.isFinite(declared) && declared > maxBytes) {
        discard(response.body);
        throw new HttpError('body_too_large', `body of ${declared} bytes exceeds the ${maxBytes}-byte cap: ${href}`, { url: href, status });
      }
      const chunks: Buffer[] = [];
      let received = 0;
      try {
        for await (const chunk of response.body) {
          const buffer = chunk as Buffer;
          received += buffer.length;
          stats.bytes += buffer.length;
          if (received > maxBytes) {
            discard(response.body);
            throw new HttpError('body_too_large', `body exceeds the ${maxBytes}-byte cap: ${href}`, { url: href, status });
          }
          chunks.push(buffer);
        }
      } catch (cause) {
        if (isHttpError(cause)) throw cause;
        throw classifyTransportError(cause, href, signal, true, status);
      }
      if (declared !== undefined && Number.isFinite(declared) && received < declared) {
        throw new HttpError('truncated', `body ended after ${received} of ${declared} bytes: ${href}`, { url: href, status });
      }
      return { url: href, status, headers: responseHeaders, body: Buffer.concat(chunks), attempts: 1 };
    } finally {
      slots.release();
    }
  }

  async function attemptWithRetries(url: URL, headers: Record<string, string>, maxBytes: number, signal?: AbortSignal): Promise<RawResponse> {
    let waited = 0;
    for (let attempt = 1; ; attempt += 1) {
      try {
        const response = await attemptOnce(url, headers, maxBytes, signal);
        response.attempts = attempt;
        return response;
      } catch (caught) {
        const error = isHttpError(caught) ? caught : new HttpError('network', String(caught), { url: url.href, cause: caught });
        error.attempts = attempt;
        if (!error.retryable) throw error;
        const giveUp = (reason: 'max_attempts' | 'wait_budget') => {
          log({
            level: 'error',
            event: 'http.give_up',
            url: url.href,
            host: url.host,
            attempt,
            code: error.code,
            ...(error.status === undefined ? {} : { status: error.status }),
            reason,
            message: error.message,
          });
          return error;
        };
        if (attempt >= retry.maxAttempts) throw giveUp('max_attempts');
        let delay = backoffDelay(retry, attempt, random);
        if (error.retryAfterMs !== undefined) delay = Math.max(delay, error.retryAfterMs);
        if (waited + delay > retry.maxTotalWaitMs) throw giveUp('wait_budget');
        if (error.retryAfterMs !== undefined) holdHost(url.host, now() + error.retryAfterMs);
        log({
          level: 'warn',
          event: 'http.retry',
          url: url.href,
          host: url.host,
          attempt,
          code: error.code,
          ...(error.status === undefined ? {} : { status: error.status }),
          delayMs: delay,
          message: error.message,
        });
        stats.retries += 1;
        waited += delay;
        try {
          await sleep(delay, signal);
        } catch (cause) {
          throw new HttpError('aborted', `aborted while waiting to retry: ${url.href}`, { url: url.href, cause });
        }
      }
    }
  }

  /** Fetches, following allowlisted redirects by hand, checking robots.txt at every hop when asked. */
  async function fetchFollowing(
    raw: string,
    options: { headers: Record<string, string>; maxBytes: number; signal?: AbortSignal; checkRobots: boolean },
  ): Promise<HttpResponse> {
    let url = parseUrl(raw);
    if (!isAllowedHost(url)) {
      throw new HttpError('host_not_allowed', `host ${url.host} is not in the allowlist: ${url.href}`, { url: url.href });
    }
    const redirects: string[] = [];
    for (;;) {
      if (options.checkRobots && robotsOptions.enabled) await assertRobotsAllow(url, options.signal);
      const response = await attemptWithRetries(url, options.headers, options.maxBytes, options.signal);
      if (!REDIRECT_STATUSES.has(response.status)) {
        const body = response.body;
        return {
          requestedUrl: raw,
          url: response.url,
          status: response.status,
          headers: response.headers,
          body,
          redirects,
          attempts: response.attempts,
          text: () => body.toString('utf8'),
        };
      }
      const location = response.headers['location'];
      if (!location) {
        throw new HttpError('http_status', `redirect ${response.status} without Location: ${url.href}`, { url: url.href, status: response.status });
      }
      let target: URL;
      try {
        target = new URL(location, url);
      } catch (cause) {
        throw new HttpError('redirect_not_allowed', `redirect to an invalid URL from ${url.href}`, { url: url.href, status: response.status, location, cause });
      }
      if ((target.protocol !== 'http:' && target.protocol !== 'https:') || !isAllowedHost(target)) {
        throw new HttpError('redirect_not_allowed', `redirect to ${target.host} refused (not in the allowlist): ${url.href}`, {
          url: url.href,
          status: response.status,
          location: target.href,
        });
      }
      if (redirects.length >= maxRedirects) {
        throw new HttpError('too_many_redirects', `more than ${maxRedirects} redirects from ${raw}`, { url: raw, status: response.status, location: target.href });
      }
      redirects.push(target.href);
      url = target;
    }
  }

  async function loadRobots(origin: URL, signal?: AbortSignal): Promise<RobotsEntry> {
    const robotsUrl = new URL('/robots.txt', origin).href;
    stats.robotsFetches += 1;
    try {
      const response = await fetchFollowing(robotsUrl, { headers: { accept: 'text/plain, */*' }, maxBytes: ROBOTS_MAX_BYTES, signal, checkRobots: false });
      return { state: 'ok', robots: parseRobotsTxt(response.text()), expiresAt: now() + robotsOptions.ttlMs };
    } catch (caught) {
      if (isHttpError(caught, 'http_status') && caught.status !== undefined && caught.status >= 400 && caught.status < 500) {
        return { state: 'ok', robots: null, expiresAt: now() + robotsOptions.ttlMs }; // RFC 9309: unavailable = allow all
      }
      if (isHttpError(caught, 'body_too_large') || isHttpError(caught, 'redirect_not_allowed') || isHttpError(caught, 'too_many_redirects')) {
        // RFC 9309 2.3.1: a robots.txt we cannot follow to the end counts as unavailable, i.e. allow all.
        return { state: 'ok', robots: null, expiresAt: now() + robotsOptions.ttlMs };
      }
      if (isHttpError(caught) && caught.retryable) {
        const cause = new HttpError('robots_unavailable', `robots.txt of ${origin.host} is unavailable (${caught.code}); the host is treated as disallowed for now`, {
          url: robotsUrl,
          ...(caught.status === undefined ? {} : { status: caught.status }),
          attempts: caught.attempts,
          cause: caught,
        });
        return { state: 'unavailable', cause, expiresAt: now() + robotsOptions.failureTtlMs };
      }
      throw caught;
    }
  }

  async function assertRobotsAllow(url: URL, signal?: AbortSignal): Promise<void> {
    const key = url.origin;
    let pending = robotsCache.get(key);
    if (pending) {
      const entry = await pending.catch(() => undefined);
      if (!entry || entry.expiresAt <= now()) pending = undefined;
    }
    if (!pending) {
      pending = loadRobots(url, signal);
      robotsCache.set(key, pending);
      pending.catch(() => robotsCache.delete(key));
    }
    const entry = await pending;
    if (entry.state === 'unavailable') {
      throw new HttpError('robots_unavailable', `${entry.cause.message}: ${url.href}`, { url: url.href, cause: entry.cause });
    }
    if (entry.robots && !isAllowedByRobots(entry.robots, product, url.pathname + url.search)) {
      throw new HttpError('robots_disallowed', `robots.txt of ${url.host} disallows ${url.pathname}${url.search}`, { url: url.href });
    }
  }

  return {
    userAgent,
    isAllowedHost,
    get(url, getOptions = {}) {
      return fetchFollowing(url, {
        headers: getOptions.headers ?? {},
        maxBytes: getOptions.maxBodyBytes ?? maxBodyBytes,
        ...(getOptions.signal ? { signal: getOptions.signal } : {}),
        checkRobots: true,
      });
    },
    stats: () => ({ ...stats }),
    close: () => agent.close(),
  };
}

function statusError(status: number, url: string, headers: Record<string, string>, nowMs: number): HttpError {
  const retryAfterMs = parseRetryAfter(headers['retry-after'], nowMs);
  const extra = { url, status, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) };
  if (status === 429) return new HttpError('rate_limited', `429 Too Many Requests: ${url}`, extra);
  if (status === 408) return new HttpError('timeout', `408 Request Timeout: ${url}`, extra);
  if (status >= 500) return new HttpError('server_error', `${status} server error: ${url}`, extra);
  return new HttpError('http_status', `${status}: ${url}`, extra);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return errorCode((error as { cause?: unknown }).cause);
}

function classifyTransportError(cause: unknown, url: string, signal: AbortSignal | undefined, midBody: boolean, status?: number): HttpError {
  const code = errorCode(cause);
  const extra = { url, cause, ...(status === undefined ? {} : { status }) };
  if (signal?.aborted) return new HttpError('aborted', `aborted: ${url}`, extra);
  if (code && TIMEOUT_CODES.has(code)) return new HttpError('timeout', `${code}: ${url}`, extra);
  if (midBody) return new HttpError('truncated', `connection broke mid-body (${code ?? String(cause)}): ${url}`, extra);
  return new HttpError('network', `${code ?? String(cause)}: ${url}`, extra);
}

/** Drops a response body we will not read (its destroy error is expected and ignored). */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on('error', () => undefined);
  body.destroy();
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** A counting semaphore: at most `limit` holders at once, served in arrival order. */
class Semaphore {
  private readonly limit: number;
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`concurrency must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}
