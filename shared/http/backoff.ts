/** Retry timing, pure: exponential backoff with full jitter, and Retry-After parsing. */

export interface BackoffPolicy {
  /** Delay cap before jitter for the first retry, in ms. */
  baseDelayMs: number;
  /** Upper bound of any single backoff delay (before Retry-After is considered), in ms. */
  maxDelayMs: number;
}

/**
 * Full jitter: a uniformly random delay in [0, min(maxDelay, base * 2^(retry-1))].
 * `retry` counts from 1 (the first retry). `random` returns [0, 1).
 */
export function backoffDelay(policy: BackoffPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header: delta-seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Returns milliseconds from `nowMs`
 * (never negative), or undefined when absent or unparseable.
 */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const header = Array.isArray(value) ? value[0] : value;
  if (header === undefined) return undefined;
  const trimmed = header.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
