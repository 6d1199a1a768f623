/**
 * Posting a message to one incoming webhook, with Slack's answers sorted into
 * what delivery must do next. Uses @slack/webhook's IncomingWebhook (the
 * official client: payload shape, user agent, no redirects) with a fetch of our
 * own that reads Retry-After and, for local runs, sends hooks.slack.com traffic
 * to the local receiver. Results carry status and Slack's error code, never the URL.
 */
import { IncomingWebhook, IncomingWebhookHTTPError, IncomingWebhookRequestError, type FetchFunction } from '@slack/webhook';
import { parseRetryAfter } from '../timing/backoff.ts';
import type { SlackMessage } from './block-kit.ts';
import { redirectWebhookUrl } from './webhook-url.ts';

export type SendResult =
  /** `ts`: the message's id in its channel, when the channel says (chat.postMessage does; webhooks do not). */
  | { outcome: 'sent'; ts?: string }
  /** 429: wait `retryAfterMs` (from Retry-After) before the next message to this webhook. */
  | { outcome: 'rate_limited'; status: 429; retryAfterMs: number | null }
  /** 5xx or no response: try again later. */
  | { outcome: 'retry'; status: number | null; code: string }
  /** 400: Slack refused this payload; the webhook is fine. */
  | { outcome: 'rejected'; status: number; code: string }
  /** 403, 404, 410 (and other 4xx): the webhook will not heal by retrying. */
  | { outcome: 'dead'; status: number; code: string };

export interface WebhookSender {
  /** `threadTs`: post as a reply in the thread of that message (channels the bot posts to; webhooks cannot thread). */
  send(message: SlackMessage, options?: { threadTs?: string }): Promise<SendResult>;
}

export type WebhookSenderFactory = (webhookUrl: string) => WebhookSender;

/** Sorts an HTTP answer from Slack. */
export function classifyResponse(status: number, body: string, retryAfter: string | null): SendResult {
  if (status >= 200 && status < 300) return { outcome: 'sent' };
  const code = /^[a-z_]{1,64}$/.test(body.trim()) ? body.trim() : `http_${status}`;
  if (status === 429) return { outcome: 'rate_limited', status, retryAfterMs: parseRetryAfter(retryAfter) ?? null };
  if (status >= 500) return { outcome: 'retry', status, code };
  if (status === 400) return { outcome: 'rejected', status, code };
  return { outcome: 'dead', status, code };
}

/** A short, URL-free name for a network failure (ECONNREFUSED, UND_ERR_CONNECT_TIMEOUT, timeout…). */
function networkCode(error: Error): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return code;
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return 'timeout';
    current = current.cause;
  }
  return 'network_error';
}

export interface SlackSenderOptions {
  /** For local runs: base URL that replaces https://hooks.slack.com (the local receiver). */
  baseUrl?: string;
  /** Per-request timeout; default 10 s. */
  timeoutMs?: number;
  fetch?: typeof globalThis.fetch;
}

/** The real sender factory: one IncomingWebhook per URL, no retries inside (delivery schedules them). */
export function slackWebhookSenders(options: SlackSenderOptions = {}): WebhookSenderFactory {
  const baseFetch = options.fetch ?? globalThis.fetch;
  return (webhookUrl) => {
    let retryAfter: string | null = null;
    const fetchFn: FetchFunction = async (url, init) => {
      const response = await baseFetch(redirectWebhookUrl(String(url), options.baseUrl), init as RequestInit);
      retryAfter = response.headers.get('retry-after');
      return response;
    };
    const webhook = new IncomingWebhook(webhookUrl, { fetch: fetchFn, timeout: options.timeoutMs ?? 10_000, retryConfig: { retries: 0 } });
    return {
      async send(message) {
        retryAfter = null;
        try {
          await webhook.send(message as Parameters<IncomingWebhook['send']>[0]);
          return { outcome: 'sent' };
        } catch (error) {
          if (error instanceof IncomingWebhookHTTPError) return classifyResponse(error.statusCode, error.body, retryAfter);
          if (error instanceof IncomingWebhookRequestError) return { outcome: 'retry', status: null, code: networkCode(error.original) };
          // p-retry wraps non-retryable errors; anything else is a bug worth surfacing, with the message scrubbed of URLs.
          const inner = (error as { originalError?: unknown }).originalError;
          if (inner instanceof IncomingWebhookHTTPError) return classifyResponse(inner.statusCode, inner.body, retryAfter);
          return { outcome: 'retry', status: null, code: error instanceof Error ? networkCode(error) : 'network_error' };
        }
      },
    };
  };
}
