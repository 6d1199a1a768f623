/**
 * Retry timing, pure and the only copy in the codebase: exponential backoff
 * (with full jitter for the crawler, without for Slack delivery) and the
 * Retry-After header. The HTTP client and delivery both use these.
 */

export interface BackoffPolicy {
  /** Delay ceiling for the first retry, in ms. */
  baseDelayMs: number;
  /** Upper bound of any single backoff delay (before Retry-After is considered), in ms. */
  maxDelayMs: number;
}

/** The exponential ceiling for retry number `retry` (from 1): min(maxDelay, base × 2^(retry-1)). */
export function backoffCeiling(policy: BackoffPolicy, retry: number): number {
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
}

/**
 * Full jitter: a uniformly random delay in [0, backoffCeiling). `retry` counts
 * from 1 (the first retry). `random` returns [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  return Math.floor(random() * backoffCeiling(policy, retry));
}

/**
 * Parses a Retry-After header: delta-seconds ("120", leniently "1.5") or an
 * HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"). Returns milliseconds from
 * `nowMs` (never negative), or undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | readonly string[] | null | undefined, nowMs: number = Date.now()): number | undefined {
  const header = typeof value === 'string' ? value : value?.[0];
  const trimmed = header?.trim();
  if (!trimmed) return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
