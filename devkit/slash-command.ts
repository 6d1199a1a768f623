/**
 * Slash-command requests as Slack sends them, for local runs and tests: the
 * form body (team_id, channel_id, user_id, command, text, response_url…) signed
 * with the app's signing secret the way Slack signs (X-Slack-Signature =
 * v0=HMAC-SHA256(secret, "v0:" + timestamp + ":" + body)), and the Lambda
 * function URL event that carries such a request.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { HttpEvent } from '#shared/slack-app/bolt-app.ts';

export interface SlashCommandFields {
  teamId: string;
  channelId: string;
  userId: string;
  text: string;
  command?: string;
  responseUrl?: string;
}

/** The form body of a slash command, with the fields Slack sends. */
export function slashCommandBody(fields: SlashCommandFields): string {
  return new URLSearchParams({
    token: 'local-verification-token',
    team_id: fields.teamId,
    team_domain: 'local',
    channel_id: fields.channelId,
    channel_name: 'local',
    user_id: fields.userId,
    user_name: 'local',
    command: fields.command ?? '/ofsted',
    text: fields.text,
    api_app_id: 'A0LOCAL',
    response_url: fields.responseUrl ?? `https://hooks.slack.com/commands/${fields.teamId}/${Date.now()}/${randomBytes(12).toString('hex')}`,
    trigger_id: `${Date.now()}.local`,
  }).toString();
}

/** The signature headers Slack sends with `body`, at `timestampSeconds`. */
export function slackSignatureHeaders(secret: string, body: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': `v0=${signature}` };
}

/** A signed slash command as the Lambda function URL event slack-commands receives. */
export function slashCommandEvent(secret: string, fields: SlashCommandFields, timestampSeconds?: number): HttpEvent {
  const body = slashCommandBody(fields);
  return {
    rawPath: '/slack/commands',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...slackSignatureHeaders(secret, body, timestampSeconds) },
    body,
    isBase64Encoded: false,
    requestContext: { http: { method: 'POST' } },
  };
}
