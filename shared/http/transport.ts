/**
 * One GET on undici's Agent, with no retry, redirect or pacing: the response
 * sorted into a body or a typed HttpError. Our own small parts: the body cap
 * (Content-Length and the streamed count) and telling a truncated body from a
 * network failure. Bodies of answers we will not read are discarded with
 * undici's own dump().
 */
import { Agent, request } from 'undici';
import { parseRetryAfter } from '../timing/backoff.ts';
import { HttpError, isHttpError } from './errors.ts';

/** Redirects are answered, not followed, here: the client decides whether to follow. */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

export interface RawResponse {
  url: string;
  status: number;
  /** Lower-case header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface TransportOptions {
  userAgent: string;
  connectTimeoutMs: number;
  headersTimeoutMs: number;
  bodyTimeoutMs: number;
  connections: number;
  now: () => number;
  /** Counts body bytes as they arrive (for the client's stats). */
  onBytes: (count: number) => void;
}

export interface Transport {
  get(url: URL, headers: Record<string, string>, maxBytes: number, signal?: AbortSignal): Promise<RawResponse>;
  close(): Promise<void>;
}

export function createTransport(options: TransportOptions): Transport {
  const agent = new Agent({
    connect: { timeout: options.connectTimeoutMs },
    headersTimeout: options.headersTimeoutMs,
    bodyTimeout: options.bodyTimeoutMs,
    connections: options.connections,
  });
  return {
    async get(url, headers, maxBytes, signal) {
      const href = url.href;
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(url, { dispatcher: agent, method: 'GET', headers: { accept: '*/*', ...headers, 'user-agent': options.userAgent }, signal });
      } catch (cause) {
        throw transportError(cause, href, signal, false);
      }
      const responseHeaders = flattenHeaders(response.headers);
      const status = response.statusCode;
      if (REDIRECT_STATUSES.has(status) || status < 200 || status >= 300) {
        await response.body.dump().catch(() => undefined);
        if (REDIRECT_STATUSES.has(status)) return { url: href, status, headers: responseHeaders, body: Buffer.alloc(0) };
        throw statusError(status, href, responseHeaders, options.now());
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
          options.onBytes(buffer.length);
          if (received > maxBytes) {
            discard(response.body);
            throw new HttpError('body_too_large', `body exceeds the ${maxBytes}-byte cap: ${href}`, { url: href, status });
          }
          chunks.push(buffer);
        }
      } catch (cause) {
        if (isHttpError(cause)) throw cause;
        throw transportError(cause, href, signal, true, status);
      }
      if (declared !== undefined && Number.isFinite(declared) && received < declared) {
        throw new HttpError('truncated', `body ended after ${received} of ${declared} bytes: ${href}`, { url: href, status });
      }
      return { url: href, status, headers: responseHeaders, body: Buffer.concat(chunks) };
    },
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

function systemCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return systemCode((error as { cause?: unknown }).cause);
}

function transportError(cause: unknown, url: string, signal: AbortSignal | undefined, midBody: boolean, status?: number): HttpError {
  const code = systemCode(cause);
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
