/**
 * The part of Slack's Web API the app uses, for the local Slack stand-in
 * (devkit/slack-receiver.ts serves it under /api/): chat.postMessage with a bot
 * token, answering as Slack does (HTTP 200 with {"ok": false, "error": …}):
 *   not_authed (no token), invalid_auth (a token it does not know, in strict
 *   mode), token_revoked, channel_not_found, is_archived, not_in_channel (a
 *   private channel the bot was not invited to), invalid_blocks, no_text;
 *   HTTP 429 {"error": "ratelimited"} with Retry-After when a channel gets more
 *   than one message a second.
 * Every posted message is kept with its ts, so threads (thread_ts) can be checked.
 */
import { blockKitProblems } from '#shared/alerts/block-kit.ts';

export interface PostedMessage {
  channel: string;
  ts: string;
  /** The parent's ts, for a reply in a thread. */
  threadTs?: string;
  /** When it arrived (stand-in clock, ISO). */
  at: string;
  payload: { text?: string; blocks?: unknown[]; [key: string]: unknown };
}

export type ChannelProblem = 'channel_not_found' | 'is_archived' | 'not_in_channel';
export type TokenProblem = 'invalid_auth' | 'token_revoked' | 'account_inactive';

export interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

export interface SlackApiOptions {
  now: () => number;
  /** Minimum gap between messages to one channel before 429; 0 turns it off. */
  minIntervalMs: number;
  /** Only known tokens are valid (others: invalid_auth). Default: any xoxb- token. */
  strictTokens?: boolean;
  onPost?: (message: PostedMessage) => void;
}

export class SlackApiStandIn {
  readonly posts: PostedMessage[] = [];
  readonly #tokens = new Map<string, TokenProblem | null>();
  readonly #channels = new Map<string, ChannelProblem>();
  readonly #failures = new Map<string, { error: string; retryAfterSeconds?: number }[]>();
  readonly #last = new Map<string, number>();
  #counter = 0;
  readonly #options: SlackApiOptions;

  constructor(options: SlackApiOptions) {
    this.#options = options;
  }

  addToken(token: string): void {
    this.#tokens.set(token, null);
  }

  /** From now on this token answers like this (token_revoked after the app is uninstalled). */
  setToken(token: string, problem: TokenProblem): void {
    this.#tokens.set(token, problem);
  }

  /** From now on this channel answers like this; `null` makes it a live channel again. */
  setChannel(channel: string, problem: ChannelProblem | null): void {
    if (problem) this.#channels.set(channel, problem);
    else this.#channels.delete(channel);
  }

  /** The next posts to a channel fail like this, in order (e.g. {error: 'ratelimited', retryAfterSeconds: 3}). */
  failNext(channel: string, ...failures: { error: string; retryAfterSeconds?: number }[]): void {
    this.#failures.set(channel, [...(this.#failures.get(channel) ?? []), ...failures]);
  }

  messages(channel?: string): PostedMessage[] {
    return this.posts.filter((m) => channel === undefined || m.channel === channel);
  }

  /** One API call: `method` as in /api/<method>, the request's headers and body. */
  call(method: string, headers: Record<string, string | string[] | undefined>, body: string): ApiAnswer {
    const fields = parseBody(String(headers['content-type'] ?? ''), body);
    const auth = String(headers.authorization ?? '');
    const token = auth.startsWith('Bearer ') ? auth.slice(7) : typeof fields.token === 'string' ? fields.token : '';
    const fail = (error: string, extra: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, body: { ok: false, error, ...extra } });
    if (!token) return fail('not_authed');
    const known = this.#tokens.get(token);
    if (known) return fail(known);
    if (known === undefined && (this.#options.strictTokens || !token.startsWith('xoxb-'))) return fail('invalid_auth');
    if (method === 'auth.test') return { status: 200, body: { ok: true, team_id: 'T0LOCAL', user_id: 'U0BOT', bot_id: 'B0BOT' } };
    if (method !== 'chat.postMessage') return fail('unknown_method');
    return this.postMessage(fields);
  }

  private postMessage(fields: Record<string, unknown>): ApiAnswer {
    const fail = (error: string, extra: Record<string, unknown> = {}): ApiAnswer => ({ status: 200, body: { ok: false, error, ...extra } });
    const channel = typeof fields.channel === 'string' ? fields.channel : '';
    if (!/^[CDG][A-Z0-9]{2,}$/.test(channel)) return fail('channel_not_found');
    const problem = this.#channels.get(channel);
    if (problem) return fail(problem);
    const injected = this.#failures.get(channel)?.shift();
    if (injected) return this.injected(injected);
    const now = this.#options.now();
    const last = this.#last.get(channel);
    const gap = this.#options.minIntervalMs;
    if (gap > 0 && last !== undefined && now - last < gap) {
      return this.injected({ error: 'ratelimited', retryAfterSeconds: Math.max(1, Math.ceil((gap - (now - last)) / 1000)) });
    }
    const blocks = typeof fields.blocks === 'string' ? safeJson(fields.blocks) : fields.blocks;
    const text = typeof fields.text === 'string' ? fields.text : undefined;
    if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
    if (!text && !(Array.isArray(blocks) && blocks.length)) return fail('no_text');
    const problems = blockKitProblems({ text, blocks: blocks ?? [] });
    if (problems.length) return fail('invalid_blocks', { response_metadata: { messages: problems.slice(0, 5) } });
    const threadTs = typeof fields.thread_ts === 'string' && fields.thread_ts ? fields.thread_ts : undefined;
    if (threadTs && !this.posts.some((m) => m.channel === channel && m.ts === threadTs)) return fail('thread_not_found');
    this.#last.set(channel, now);
    const ts = `${Math.floor(now / 1000)}.${String(++this.#counter).padStart(6, '0')}`;
    const message: PostedMessage = { channel, ts, ...(threadTs ? { threadTs } : {}), at: new Date(now).toISOString(), payload: { ...(text ? { text } : {}), ...(blocks ? { blocks: blocks as unknown[] } : {}) } };
    this.posts.push(message);
    this.#options.onPost?.(message);
    return { status: 200, body: { ok: true, channel, ts, message: { ts, text, ...(threadTs ? { thread_ts: threadTs } : {}) } } };
  }

  private injected(failure: { error: string; retryAfterSeconds?: number }): ApiAnswer {
    if (failure.error === 'ratelimited') {
      return { status: 429, body: { ok: false, error: 'ratelimited' }, headers: { 'retry-after': String(failure.retryAfterSeconds ?? 1) } };
    }
    if (/^http_5\d\d$/.test(failure.error)) return { status: Number(failure.error.slice(5)), body: { ok: false, error: 'internal_error' } };
    return { status: 200, body: { ok: false, error: failure.error } };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** Web API bodies: JSON, or a form whose complex fields (blocks) are JSON strings. */
function parseBody(contentType: string, body: string): Record<string, unknown> {
  if (contentType.includes('application/json')) {
    const parsed = safeJson(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  return Object.fromEntries(new URLSearchParams(body));
}
