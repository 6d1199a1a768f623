/**
 * A Slack-compatible incoming-webhook server on 127.0.0.1, for tests, local
 * runs and the demo. It follows the contract in the domain notes:
 *   POST /services/T…/B…/…  JSON {text?, blocks?}  → 200 "ok"
 *   400 invalid_payload     bad JSON, neither text nor blocks, a Block Kit limit broken
 *   403 invalid_token | action_prohibited, 404 no_service | no_team, 410 channel_is_archived   (webhooks set dead)
 *   429 rate_limited + Retry-After when a webhook gets more than one message a second
 *   500 rollup_error        when injected
 * Every accepted message is recorded per webhook path.
 *
 * It also stands in for the Slack app's side (devkit/slack-api.ts):
 *   POST /api/chat.postMessage   bot-token posts to channels, with Slack's error answers and rate limit
 *   POST /commands/T…/…/…        a slash command's response_url (answers after the first 3 seconds)
 *
 * Run it on its own (prints each message as it arrives):
 *   npx --no-install node devkit/slack-receiver.ts [--port 3999]
 * then point the CLI and delivery at it: OFSTED_WATCH_SLACK_BASE_URL=http://127.0.0.1:3999
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { parseArgs } from 'node:util';
import { blockKitProblems } from '#shared/alerts/block-kit.ts';
import { listenOnLoopback, readBody } from './listen.ts';
import { SlackApiStandIn, type PostedMessage } from './slack-api.ts';

export type DeadWebhookCode = 'invalid_token' | 'action_prohibited' | 'no_service' | 'no_team' | 'channel_is_archived';

const DEAD_STATUS: Record<DeadWebhookCode, number> = {
  invalid_token: 403,
  action_prohibited: 403,
  no_service: 404,
  no_team: 404,
  channel_is_archived: 410,
};

export type InjectedFailure =
  | { status: 500; code: 'rollup_error' }
  | { status: 503; code: string }
  | { status: 429; retryAfterSeconds: number }
  /** e.g. invalid_blocks: Slack refusing a payload this receiver would accept. */
  | { status: 400; code: string };

export interface ReceivedMessage {
  /** The webhook path, /services/T…/B…/… */
  path: string;
  /** When it arrived (receiver clock, ISO). */
  at: string;
  payload: { text?: string; blocks?: unknown[]; [key: string]: unknown };
}

export interface SlackReceiverOptions {
  port?: number;
  /** Clock for rate limiting and timestamps (tests share a fake clock with the sender). Default Date.now. */
  now?: () => number;
  /** Minimum gap between accepted messages to one webhook before 429; 0 turns rate limiting off. Default 1000. */
  minIntervalMs?: number;
  /** Only answer for webhooks made with newWebhook()/addWebhook(); others get 404 no_service. Default false: any well-formed path is a live webhook. */
  strictPaths?: boolean;
  /** Called for each accepted message (the stand-alone server prints it). */
  onMessage?: (message: ReceivedMessage) => void;
  /** Called for each message the bot posted with chat.postMessage. */
  onPost?: (message: PostedMessage) => void;
  /** Only bot tokens added with api.addToken() are valid (others: invalid_auth). Default: any xoxb- token. */
  strictTokens?: boolean;
}

export interface SlackReceiver {
  /** http://127.0.0.1:PORT: set OFSTED_WATCH_SLACK_BASE_URL to this so hooks.slack.com traffic lands here. */
  readonly baseUrl: string;
  /** A fresh, real-looking https://hooks.slack.com/services/T…/B…/… URL that this receiver serves. */
  newWebhook(): string;
  /** Serve this webhook URL or path (strictPaths mode). */
  addWebhook(webhook: string): void;
  /** The URL on this receiver for a hooks.slack.com URL. */
  localUrl(webhook: string): string;
  /** Make a webhook answer like a dead one from now on. */
  setDead(webhook: string, code: DeadWebhookCode): void;
  /** Make a webhook live again. */
  revive(webhook: string): void;
  /** The next requests to a webhook fail like this, in order. */
  failNext(webhook: string, ...failures: InjectedFailure[]): void;
  /** Accepted messages, for one webhook or all, in arrival order. */
  messages(webhook?: string): ReceivedMessage[];
  /** Every request seen (accepted or not) per webhook, with its status. */
  requests(webhook?: string): { path: string; status: number; body: string }[];
  /** Messages as a person would read them. */
  format(webhook?: string): string;
  /** The Web API stand-in (chat.postMessage): channels, tokens, posted messages. */
  readonly api: SlackApiStandIn;
  /** Base URL for @slack/web-api (its slackApiUrl): http://127.0.0.1:PORT/api/ */
  readonly apiUrl: string;
  /** Answers posted to slash commands' response_urls, in arrival order. */
  responses(): { path: string; payload: Record<string, unknown> }[];
  close(): Promise<void>;
}

const PATH = /^\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+$/;

/** The path of a webhook URL (or a path given as is). */
function pathOf(webhook: string): string {
  return webhook.startsWith('/') ? webhook : new URL(webhook).pathname;
}

function token(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return prefix + [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export async function startSlackReceiver(options: SlackReceiverOptions = {}): Promise<SlackReceiver> {
  const now = options.now ?? Date.now;
  const minInterval = options.minIntervalMs ?? 1000;
  const known = new Set<string>();
  const dead = new Map<string, DeadWebhookCode>();
  const failures = new Map<string, InjectedFailure[]>();
  const lastAccepted = new Map<string, number>();
  const received: ReceivedMessage[] = [];
  const seen: { path: string; status: number; body: string }[] = [];
  const responses: { path: string; payload: Record<string, unknown> }[] = [];
  const api = new SlackApiStandIn({ now, minIntervalMs: minInterval, ...(options.strictTokens ? { strictTokens: true } : {}), ...(options.onPost ? { onPost: options.onPost } : {}) });

  const answer = (res: ServerResponse, path: string, status: number, body: string, headers: Record<string, string> = {}) => {
    seen.push({ path, status, body });
    res.writeHead(status, { 'content-type': 'text/html', ...headers });
    res.end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (req.method !== 'POST') return answer(res, path, 405, 'invalid_method');
    const body = await readBody(req);
    if (path.startsWith('/api/')) {
      const result = api.call(path.slice(5), req.headers, body ?? '');
      seen.push({ path, status: result.status, body: JSON.stringify(result.body) });
      res.writeHead(result.status, { 'content-type': 'application/json; charset=utf-8', ...result.headers });
      return res.end(JSON.stringify(result.body));
    }
    if (/^\/commands\/T[A-Za-z0-9]+\/\d+\/[A-Za-z0-9]+$/.test(path)) {
      let payload: unknown = null;
      try {
        payload = JSON.parse(body ?? '');
      } catch {
        return answer(res, path, 400, 'invalid_payload');
      }
      responses.push({ path, payload: payload as Record<string, unknown> });
      return answer(res, path, 200, 'ok');
    }
    if (!PATH.test(path) || (options.strictPaths && !known.has(path))) return answer(res, path, 404, 'no_service');
    const deadCode = dead.get(path);
    if (deadCode) return answer(res, path, DEAD_STATUS[deadCode], deadCode);
    const injected = failures.get(path)?.shift();
    if (injected) {
      if (injected.status === 429) return answer(res, path, 429, 'rate_limited', { 'retry-after': String(injected.retryAfterSeconds) });
      return answer(res, path, injected.status, injected.code);
    }
    const last = lastAccepted.get(path);
    if (minInterval > 0 && last !== undefined && now() - last < minInterval) {
      const retryAfter = Math.max(1, Math.ceil((minInterval - (now() - last)) / 1000));
      return answer(res, path, 429, 'rate_limited', { 'retry-after': String(retryAfter) });
    }
    if (body === null) return answer(res, path, 413, 'request_too_large');
    let payload: unknown;
    try {
      payload = JSON.parse(body);
    } catch {
      return answer(res, path, 400, 'invalid_payload');
    }
    const problems = blockKitProblems(payload);
    if (problems.length > 0) return answer(res, path, 400, 'invalid_payload', { 'x-problems': encodeURIComponent(problems.slice(0, 5).join('; ')) });
    lastAccepted.set(path, now());
    const message: ReceivedMessage = { path, at: new Date(now()).toISOString(), payload: payload as ReceivedMessage['payload'] };
    received.push(message);
    options.onMessage?.(message);
    return answer(res, path, 200, 'ok');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) answer(res, '', 500, 'rollup_error');
    });
  });
  const { origin: baseUrl } = await listenOnLoopback(server, options.port);
  const forPath = <T extends { path: string }>(list: T[], webhook?: string) => (webhook ? list.filter((m) => m.path === pathOf(webhook)) : [...list]);

  return {
    baseUrl,
    newWebhook() {
      const url = `https://hooks.slack.com/services/${token('T', 9)}/${token('B', 9)}/${token('', 24)}`;
      known.add(pathOf(url));
      return url;
    },
    addWebhook: (webhook) => void known.add(pathOf(webhook)),
    localUrl: (webhook) => `${baseUrl}${pathOf(webhook)}`,
    setDead: (webhook, code) => void dead.set(pathOf(webhook), code),
    revive: (webhook) => void dead.delete(pathOf(webhook)),
    failNext: (webhook, ...list) => void failures.set(pathOf(webhook), [...(failures.get(pathOf(webhook)) ?? []), ...list]),
    messages: (webhook) => forPath(received, webhook),
    requests: (webhook) => forPath(seen, webhook),
    format: (webhook) => forPath(received, webhook).map(formatReceived).join('\n\n'),
    api,
    apiUrl: `${baseUrl}/api/`,
    responses: () => [...responses],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** mrkdwn as plain reading text: links as "label (url)", entities decoded. */
function readable(mrkdwn: string): string {
  return mrkdwn
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\u200B/g, '');
}

/** A message the bot posted, as a person would read it: channel, thread, then the message. */
export function formatPosted(message: PostedMessage): string {
  const where = `channel ${message.channel}${message.threadTs ? ` (in the thread of ${message.threadTs})` : ''}`;
  return formatReceived({ path: where, at: message.at, payload: message.payload });
}

/** One received message as a person would read it in a terminal. */
export function formatReceived(message: ReceivedMessage): string {
  const masked = message.path.replace(/^(\/services\/T.).*?\/(B.).*?\/.*$/, '$1…/$2…/****');
  const lines = [`── ${message.at} → ${masked}`];
  const blocks = (message.payload.blocks ?? []) as { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text: string }[] }[];
  if (blocks.length === 0) lines.push(readable(message.payload.text ?? ''));
  for (const block of blocks) {
    if (block.type === 'header') lines.push(`# ${block.text?.text ?? ''}`);
    else if (block.type === 'section') {
      if (block.text) lines.push(readable(block.text.text));
      for (const field of block.fields ?? []) lines.push(`  ${readable(field.text).replace(/\n/g, '\n  ')}`);
    } else if (block.type === 'context') lines.push(`  ${(block.elements ?? []).map((e) => readable(e.text)).join('  ')}`);
    else if (block.type === 'divider') lines.push('  ────');
  }
  lines.push(`  (notification: ${readable(message.payload.text ?? '')})`);
  return lines.join('\n');
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { port: { type: 'string', default: '3999' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log('Usage: npx --no-install node devkit/slack-receiver.ts [--port 3999]\nA local Slack incoming-webhook receiver; prints each message it accepts.');
  } else {
    try {
      const receiver = await startSlackReceiver({ port: Number(values.port), onMessage: (m) => console.log(`${formatReceived(m)}\n`), onPost: (m) => console.log(`${formatPosted(m)}\n`) });
      console.log(`Slack receiver listening on ${receiver.baseUrl}\nexport OFSTED_WATCH_SLACK_BASE_URL=${receiver.baseUrl}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      console.error(`slack-receiver: port ${values.port} is in use: is a receiver already running? Give another with --port N.`);
      process.exitCode = 2;
    }
  }
}
