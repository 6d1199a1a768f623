/**
 * The Slack side of `/ofsted`, built on Bolt: its AwsLambdaReceiver checks every
 * request's X-Slack-Signature (HMAC-SHA256 of `v0:timestamp:raw body` with the
 * signing secret, compared in constant time) and refuses a stale timestamp with
 * 401 before anything runs; we also refuse one more than five minutes ahead
 * (Bolt checks only the past). The same handler serves a Lambda function URL in
 * AWS and the local endpoint of `ofsted-watch local` (which turns its HTTP
 * requests into the same events).
 *
 * Slack waits 3 seconds for an answer. A command answers inline when it is done
 * within `budgetMs`; otherwise the request is acknowledged with "working on it"
 * and `defer` finishes it, answering through response_url.
 *
 * Nothing secret is logged: Bolt's own logging is reduced to warnings and
 * errors (its debug output would print the request), the rejected signature is
 * not logged, and the runtime logger scrubs tokens and Slack URLs besides.
 */
import { App, AwsLambdaReceiver, isValidSlackRequest, LogLevel, type Logger as BoltLogger, type SlashCommand } from '@slack/bolt';
import type { Logger } from '../runtime/log.ts';
import type { SlashRequest } from './command.ts';
import { failedReply, workingReply, type SlackReply } from './replies.ts';

/** The part of a Lambda function URL (or HTTP API v2) request this handler reads. */
export interface HttpEvent {
  rawPath?: string;
  headers: Record<string, string | undefined>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface HttpResult {
  statusCode: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SlashCommandsOptions {
  signingSecret: string;
  /** Runs a command and says what to answer. */
  answer(request: SlashRequest): Promise<SlackReply>;
  /** Finishes a command that outlived the budget; its answer goes to the request's response_url. */
  defer(request: SlashRequest, work: Promise<SlackReply>): Promise<void>;
  /** How long a command may take before Slack is told "working on it" (Slack gives up at 3 s). */
  budgetMs?: number;
  logger: Logger;
  now?: () => number;
}

export const ANSWER_BUDGET_MS = 2_000;
/** Slack's replay window, in seconds, both ways. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const text = (parts: unknown[]) => parts.map((p) => (p instanceof Error ? p.message : String(p))).join(' ');
  return {
    debug: () => {},
    info: () => {},
    warn: (...parts) => logger.warn('slack_bolt_warning', { detail: text(parts) }),
    error: (...parts) => logger.error('slack_bolt_error', { detail: text(parts) }),
    setLevel: (next) => void (level = next),
    getLevel: () => level,
    setName: () => {},
  };
}

function toRequest(command: SlashCommand): SlashRequest {
  return {
    teamId: command.team_id,
    channelId: command.channel_id,
    userId: command.user_id,
    command: command.command,
    text: command.text ?? '',
    responseUrl: command.response_url,
  };
}

function header(headers: HttpEvent['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

/** A Lambda-style handler for Slack's signed requests to the app. */
export function slashCommandsHandler(options: SlashCommandsOptions): (event: HttpEvent) => Promise<HttpResult> {
  const { logger } = options;
  const budget = options.budgetMs ?? ANSWER_BUDGET_MS;
  const now = options.now ?? Date.now;
  const unauthorized = (reason: string): HttpResult => {
    logger.warn('slack_request_refused', { reason });
    return { statusCode: 401, body: '' };
  };
  const receiver = new AwsLambdaReceiver({
    signingSecret: options.signingSecret,
    logger: boltLogger(logger),
    invalidRequestSignatureHandler: () => logger.warn('slack_request_refused', { reason: 'bad, missing or stale signature' }),
  });
  // The app needs no token to answer a command (the answer is the HTTP response,
  // or a POST to response_url): the bot token stays with delivery.
  const app = new App({ receiver, authorize: async () => ({}), logger: boltLogger(logger) });

  app.command(/^\/.+/, async ({ command, ack }) => {
    const request = toRequest(command);
    const work = options.answer(request).catch((error: unknown) => {
      logger.error('slack_command_failed', { error, command: request.text.split(' ')[0] ?? '' });
      return failedReply();
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), budget)));
    const first = await Promise.race([work, late]);
    clearTimeout(timer);
    if (first) {
      await ack(first);
      logger.info('slack_command_answered', { teamId: request.teamId, channelId: request.channelId, verb: request.text.trim().split(/\s+/)[0] ?? '' });
      return;
    }
    await ack(workingReply());
    logger.info('slack_command_deferred', { teamId: request.teamId, channelId: request.channelId, budgetMs: budget });
    await options.defer(request, work);
  });
  const handle = receiver.toHandler();

  return async (event) => {
    const method = event.requestContext?.http?.method ?? 'POST';
    if (method !== 'POST') return { statusCode: 405, headers: { allow: 'POST' }, body: '' };
    const stamp = Number(header(event.headers, 'x-slack-request-timestamp'));
    const signature = header(event.headers, 'x-slack-signature');
    const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
    // Signature first, with Bolt's verifier, so nothing about an unsigned request is read; the receiver checks again.
    if (!signature || !Number.isFinite(stamp)) return unauthorized('no signature or timestamp');
    if (stamp - now() / 1000 > MAX_CLOCK_SKEW_SECONDS) return unauthorized('timestamp ahead of the clock');
    if (!isValidSlackRequest({ signingSecret: options.signingSecret, body: raw, headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': stamp }, nowMilliseconds: now() })) {
      return unauthorized('bad or stale signature');
    }
    // Bolt reads only the bare media type: "application/x-www-form-urlencoded; charset=utf-8" is the same form.
    const contentType = header(event.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase() ?? '';
    const headers: Record<string, string> = {};
    for (const [key, value] of Object.entries(event.headers)) if (value !== undefined && key.toLowerCase() !== 'content-type') headers[key.toLowerCase()] = value;
    headers['content-type'] = contentType;
    try {
      const forBolt = { ...event, headers, body: raw, isBase64Encoded: false };
      return (await handle(forBolt as unknown as Parameters<typeof handle>[0], {})) as HttpResult;
    } catch (error) {
      // A body that is not a form or JSON: refused before anything ran.
      logger.warn('slack_request_unreadable', { contentType, error: (error as Error).name });
      return { statusCode: 400, body: '' };
    }
  };
}
