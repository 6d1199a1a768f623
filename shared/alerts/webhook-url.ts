/**
 * Slack incoming-webhook URLs are secrets: anyone holding one can post to the
 * channel. This module validates them without echoing them, masks them for
 * display, and scrubs them out of any text as a last line of defence.
 */

const SLACK_ORIGIN = 'https://hooks.slack.com';
const WEBHOOK_PATH = /^\/services\/(T[A-Z0-9]{2,})\/(B[A-Z0-9]{2,})\/([A-Za-z0-9]{8,})$/;

export type WebhookUrlProblem =
  | 'empty'
  | 'not_a_url'
  | 'not_https'
  | 'not_slack_host'
  | 'not_webhook_path'
  | 'has_query_or_fragment';

export type WebhookUrlCheck = { ok: true; url: string } | { ok: false; problem: WebhookUrlProblem; message: string };

const EXPECTED = 'a Slack incoming-webhook URL looks like https://hooks.slack.com/services/T…/B…/… (Slack: Apps → Incoming Webhooks → Add New Webhook to Workspace)';

/** Explains what is wrong with a webhook URL without ever repeating the URL. */
export function checkWebhookUrl(input: string): WebhookUrlCheck {
  const value = input.trim();
  const fail = (problem: WebhookUrlProblem, what: string): WebhookUrlCheck => ({ ok: false, problem, message: `${what}; ${EXPECTED}` });
  if (!value) return fail('empty', 'the webhook URL is empty');
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return fail('not_a_url', 'the webhook is not a URL');
  }
  if (parsed.protocol !== 'https:') return fail('not_https', `the webhook must use https (this one uses ${parsed.protocol.replace(/:$/, '') || 'no scheme'})`);
  if (parsed.host !== 'hooks.slack.com') return fail('not_slack_host', 'the webhook must be on hooks.slack.com (this one is on another host)');
  if (parsed.search || parsed.hash || value.includes('?') || value.includes('#')) return fail('has_query_or_fragment', 'the webhook URL must not carry a query string or fragment');
  if (parsed.username || parsed.password || parsed.port) return fail('not_slack_host', 'the webhook must be plain https://hooks.slack.com with no user, password or port');
  if (!WEBHOOK_PATH.test(parsed.pathname)) {
    return fail('not_webhook_path', 'the webhook path must be /services/T…/B…/<secret> (workflow and app URLs are not incoming webhooks)');
  }
  return { ok: true, url: `${SLACK_ORIGIN}${parsed.pathname}` };
}

export function isWebhookUrl(input: string): boolean {
  return checkWebhookUrl(input).ok;
}

/** `https://hooks.slack.com/services/T0…/B0…/****`: enough to tell channels apart, useless to an attacker. */
export function maskWebhookUrl(url: string): string {
  const check = checkWebhookUrl(url);
  if (!check.ok) return '(invalid webhook URL)';
  const [, team = '', bot = ''] = new URL(check.url).pathname.match(WEBHOOK_PATH) ?? [];
  return `${SLACK_ORIGIN}/services/${team.slice(0, 2)}…/${bot.slice(0, 2)}…/****`;
}

// Any hooks.slack.com URL, and any /services/T…/B…/… path on any host (the local receiver's too).
const URL_ANYWHERE = /https?:\/\/hooks\.slack\.com[^\s"'<>|)\\]*/gi;
const PATH_ANYWHERE = /\/services\/T[A-Za-z0-9]+\/B[A-Za-z0-9]+\/[A-Za-z0-9]+/g;
// A slash command's response_url path (hooks.slack.com/commands/T…/…/…), wherever it is served.
const RESPONSE_PATH_ANYWHERE = /\/commands\/T[A-Za-z0-9]+\/[0-9]+\/[A-Za-z0-9]+/g;
// Slack tokens: bot (xoxb-), user (xoxp-), app-level (xapp-) and the rest of the family.
const TOKEN_ANYWHERE = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]{6,}/g;

/** Replaces every webhook URL, webhook or response_url path and Slack token in free text with a mask. */
export function redactWebhooks(text: string): string {
  return text
    .replace(URL_ANYWHERE, '[webhook]')
    .replace(PATH_ANYWHERE, '/services/[webhook]')
    .replace(RESPONSE_PATH_ANYWHERE, '/commands/[response]')
    .replace(TOKEN_ANYWHERE, '$1-[token]');
}

/**
 * For local runs: sends requests for https://hooks.slack.com/... to another base
 * (the local Slack-compatible receiver), keeping the path. Subscriptions keep
 * real-looking URLs; only the transport changes.
 */
export function redirectWebhookUrl(url: string, baseUrl: string | undefined): string {
  if (!baseUrl || !url.startsWith(`${SLACK_ORIGIN}/`)) return url;
  return `${baseUrl.replace(/\/+$/, '')}${url.slice(SLACK_ORIGIN.length)}`;
}
