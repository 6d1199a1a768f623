/**
 * Posting with the Slack app's bot token: chat.postMessage to a channel of the
 * workspace, through Slack's own @slack/web-api client (no retries inside it:
 * delivery schedules them; rate limits come back as errors with Retry-After),
 * with Slack's answers sorted into the same outcomes as a webhook's:
 *   ok                                          → sent (with the message's ts, for threads)
 *   ratelimited / HTTP 429                      → rate_limited, Retry-After honoured
 *   not_in_channel, channel_not_found, is_archived,
 *   invalid_auth, token_revoked (and kin)       → dead: the subscription is marked broken
 *   internal_error, 5xx, no answer              → retry
 *   anything else (invalid_blocks, msg_too_long) → rejected: this message, not the channel
 * The token is read by name when first needed and never leaves this module.
 */
import { ErrorCode, LogLevel, WebClient, type Logger as WebApiLogger } from '@slack/web-api';
import type { SlackMessage } from './block-kit.ts';
import type { SendResult, WebhookSender } from './sender.ts';
import type { ChannelRef } from './subscription.ts';

/** Answers after which posting to this channel with this token will not work until a person acts. */
export const DEAD_CHANNEL_ERRORS: ReadonlySet<string> = new Set([
  'not_in_channel', 'channel_not_found', 'is_archived', 'invalid_auth', 'token_revoked', 'account_inactive',
  'not_authed', 'token_expired', 'team_access_not_granted', 'missing_scope', 'restricted_action', 'ekm_access_denied',
]);
const RETRY_ERRORS: ReadonlySet<string> = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export type BotSenderFactory = (channel: ChannelRef) => WebhookSender;

export interface BotSenderOptions {
  /** The bot token (xoxb-…), read when the first message is sent. */
  token: () => Promise<string>;
  /** For local runs: the Web API stand-in, e.g. http://127.0.0.1:8081/api/ (default Slack's). */
  apiUrl?: string;
  timeoutMs?: number;
}

const quiet: WebApiLogger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, setLevel: () => {}, getLevel: () => LogLevel.ERROR, setName: () => {} };

/** Sorts a Web API failure into what delivery does next. */
export function classifyWebApiError(error: unknown): Exclude<SendResult, { outcome: 'sent' }> {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string }; headers?: Record<string, string>; original?: { code?: string } };
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return { outcome: 'rate_limited', status: 429, retryAfterMs: typeof e.retryAfter === 'number' ? e.retryAfter * 1000 : null };
    case ErrorCode.PlatformError: {
      const code = /^[a-z_]{1,64}$/.test(e.data?.error ?? '') ? e.data!.error! : 'platform_error';
      if (code === 'ratelimited') return { outcome: 'rate_limited', status: 429, retryAfterMs: null };
      if (DEAD_CHANNEL_ERRORS.has(code)) return { outcome: 'dead', status: 200, code };
      if (RETRY_ERRORS.has(code)) return { outcome: 'retry', status: 200, code };
      return { outcome: 'rejected', status: 200, code };
    }
    case ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      if (status === 429) return { outcome: 'rate_limited', status: 429, retryAfterMs: null };
      return status >= 500 ? { outcome: 'retry', status, code: `http_${status}` } : { outcome: 'rejected', status, code: `http_${status}` };
    }
    default:
      return { outcome: 'retry', status: null, code: /^[A-Z_]+$/.test(e?.original?.code ?? '') ? e.original!.code! : 'network_error' };
  }
}

export function slackBotSenders(options: BotSenderOptions): BotSenderFactory {
  let client: Promise<WebClient> | undefined;
  const connect = () => {
    client ??= options.token().then((token) => new WebClient(token, {
      ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout: options.timeoutMs ?? 10_000,
      logger: quiet,
    }));
    client.catch(() => (client = undefined));
    return client;
  };
  return (channel) => ({
    async send(message: SlackMessage, send = {}): Promise<SendResult> {
      let web: WebClient;
      try {
        web = await connect();
      } catch {
        return { outcome: 'retry', status: null, code: 'bot_token_unavailable' };
      }
      try {
        const answer = await web.chat.postMessage({
          channel: channel.channelId,
          text: message.text,
          ...(message.blocks.length ? { blocks: message.blocks as never } : {}),
          unfurl_links: message.unfurl_links ?? false,
          unfurl_media: message.unfurl_media ?? false,
          ...(send.threadTs ? { thread_ts: send.threadTs } : {}),
        });
        return { outcome: 'sent', ...(typeof answer.ts === 'string' ? { ts: answer.ts } : {}) };
      } catch (error) {
        return classifyWebApiError(error);
      }
    },
  });
}

/** The bot senders for a token kept in a secret (by name), or undefined when no Slack app is configured. */
export function botSendersByName(secretName: string | undefined, secrets: { resolve(name: string): Promise<string> }, slackBaseUrl?: string): BotSenderFactory | undefined {
  if (!secretName) return undefined;
  return slackBotSenders({
    token: async () => (await secrets.resolve(secretName)).trim(),
    ...(slackBaseUrl ? { apiUrl: `${slackBaseUrl.replace(/\/+$/, '')}/api/` } : {}),
  });
}
