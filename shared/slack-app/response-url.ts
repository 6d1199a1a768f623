/**
 * Answering a slash command later, through its response_url (valid for 30
 * minutes, five answers). Slack's own @slack/webhook client posts the JSON; for
 * local runs, hooks.slack.com is redirected to the local Slack stand-in as
 * webhooks are. Only Slack's host (or, locally, this machine) is ever posted to,
 * and the URL never reaches a log or an error.
 */
import { IncomingWebhook } from '@slack/webhook';
import { redirectWebhookUrl } from '../alerts/webhook-url.ts';
import { WatchError, type WatchErrorOptions } from '../domain/errors.ts';
import type { SlackReply } from './replies.ts';

/** An answer that could not go to a command's response_url (not Slack's, or Slack refused it). The URL is never in the message. */
export class ResponseUrlError extends WatchError<'response_url'> {
  override name = 'ResponseUrlError';
  constructor(message: string, options: WatchErrorOptions = {}) {
    super('response_url', message, options);
  }
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Whether a response_url may be posted to: Slack's host, or a loopback one when running locally. */
export function acceptableResponseUrl(url: string, local: boolean): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'https:' && parsed.hostname === 'hooks.slack.com' && parsed.pathname.startsWith('/')) return true;
    return local && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && LOOPBACK.test(parsed.hostname);
  } catch {
    return false;
  }
}

export async function postResponse(responseUrl: string, reply: SlackReply, options: { baseUrl?: string; timeoutMs?: number } = {}): Promise<void> {
  if (!acceptableResponseUrl(responseUrl, options.baseUrl !== undefined)) throw new ResponseUrlError('the response_url is not a Slack URL');
  const target = redirectWebhookUrl(responseUrl, options.baseUrl);
  const hook = new IncomingWebhook(target, { timeout: options.timeoutMs ?? 10_000, retryConfig: { retries: 2 } });
  try {
    await hook.send({ ...reply, replace_original: false } as Parameters<IncomingWebhook['send']>[0]);
  } catch (error) {
    const status = (error as { statusCode?: number; original?: { statusCode?: number } }).statusCode ?? null;
    throw new ResponseUrlError(`Slack refused the answer to a command${status ? ` (${status})` : ''}`, { retryable: status === null || status >= 500 });
  }
}
