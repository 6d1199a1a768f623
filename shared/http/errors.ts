/**
 * Typed errors of the polite HTTP client. Every failure the client raises is an
 * `HttpError` with a `code`, whether retrying later can help (`retryable`), the
 * URL it was about and the HTTP status when there was one.
 */

import { WatchError } from '../domain/errors.ts';

export const HTTP_ERROR_CODES = [
  /** The URL's host is not in the client's allowlist: nothing was fetched. */
  'host_not_allowed',
  /** A redirect pointed at a host outside the allowlist: the target was not fetched. */
  'redirect_not_allowed',
  /** More redirects than `maxRedirects`. */
  'too_many_redirects',
  /** The host's robots.txt disallows this URL for our user agent. */
  'robots_disallowed',
  /** robots.txt answered 5xx or could not be reached: the host is treated as disallowed for now. */
  'robots_unavailable',
  /** 429 Too Many Requests (after the retry budget ran out). */
  'rate_limited',
  /** 5xx (after the retry budget ran out). */
  'server_error',
  /** Any other non-2xx final status (4xx other than 429/408): will not heal by retrying. */
  'http_status',
  /** Connect, headers or body timeout. */
  'timeout',
  /** Connection refused/reset before the response headers, DNS failure and the like. */
  'network',
  /** The body ended before Content-Length, or the connection broke mid-body. */
  'truncated',
  /** The body is larger than the client's `maxBodyBytes`. */
  'body_too_large',
  /** The caller's AbortSignal fired. */
  'aborted',
  /** The URL is not http(s) or cannot be parsed. */
  'invalid_url',
] as const;
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number];

const RETRYABLE: Record<HttpErrorCode, boolean> = {
  host_not_allowed: false,
  redirect_not_allowed: false,
  too_many_redirects: false,
  robots_disallowed: false,
  robots_unavailable: true,
  rate_limited: true,
  server_error: true,
  http_status: false,
  timeout: true,
  network: true,
  truncated: true,
  body_too_large: false,
  aborted: false,
  invalid_url: false,
};

export interface HttpErrorDetails {
  url: string;
  status?: number;
  /** How many attempts were made at this URL before giving up (1 when not retried). */
  attempts?: number;
  /** For redirects: the URL that was refused. */
  location?: string;
  /** Retry-After the server asked for, in ms, when it sent one. */
  retryAfterMs?: number;
  cause?: unknown;
}

export class HttpError extends WatchError<HttpErrorCode> {
  override name = 'HttpError';
  readonly url: string;
  readonly status: number | undefined;
  attempts: number;
  readonly location: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(code: HttpErrorCode, message: string, details: HttpErrorDetails) {
    super(code, message, { retryable: RETRYABLE[code], cause: details.cause });
    this.url = details.url;
    this.status = details.status;
    this.attempts = details.attempts ?? 1;
    this.location = details.location;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export function isHttpError(error: unknown, code?: HttpErrorCode): error is HttpError {
  return error instanceof HttpError && (code === undefined || error.code === code);
}
