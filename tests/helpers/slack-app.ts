/**
 * The Slack app's local endpoint against real parts: dynalite, the Slack
 * stand-in (response_urls, chat.postMessage) and `local`'s /slack/commands
 * server, with requests signed as Slack signs them.
 */
import { startLocalDynamo, type LocalDynamo } from '#devkit/dynalite.ts';
import { slackSignatureHeaders, slashCommandBody, type SlashCommandFields } from '#devkit/slash-command.ts';
import { startSlackReceiver, type SlackReceiver } from '#devkit/slack-receiver.ts';
import { createLogger } from '#shared/runtime/log.ts';
import { startSlackEndpoint, type SlackEndpoint } from '../../cli/slack-endpoint.ts';

export const SIGNING_SECRET = 'test-signing-secret-8f2a61c0';
export const TEAM = 'T0NEWSROOM';

export interface SlackAppHarness {
  db: LocalDynamo;
  slack: SlackReceiver;
  endpoint: SlackEndpoint;
  /** Every log line the endpoint wrote. */
  logs: string[];
  /** Posts a slash command, signed unless told otherwise; returns the status and Slack's JSON answer. */
  command(text: string, fields?: Partial<SlashCommandFields>, signing?: { secret?: string; timestamp?: number; headers?: Record<string, string>; tamper?: (body: string) => string }): Promise<{ status: number; reply: SlackJson | null }>;
  close(): Promise<void>;
}

export interface SlackJson {
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
}

/** Everything a person reads in a reply: its text and every block's text. */
export function readable(reply: SlackJson | null): string {
  if (!reply) return '';
  const parts = [reply.text];
  for (const block of reply.blocks) {
    if (block.text) parts.push(block.text.text);
    for (const element of block.elements ?? []) parts.push(element.text);
  }
  return parts.join('\n');
}

export async function startSlackApp(env: Record<string, string> = {}): Promise<SlackAppHarness> {
  const db = await startLocalDynamo();
  const slack = await startSlackReceiver();
  const logs: string[] = [];
  const endpoint = await startSlackEndpoint({
    env: { OFSTED_WATCH_DYNAMO_ENDPOINT: db.endpoint, OFSTED_WATCH_SLACK_SIGNING_SECRET: SIGNING_SECRET, OFSTED_WATCH_SLACK_TEAM_ID: TEAM, ...env },
    slackBaseUrl: slack.baseUrl,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
  });
  return {
    db,
    slack,
    endpoint,
    logs,
    async command(text, fields = {}, signing = {}) {
      const body = slashCommandBody({ teamId: TEAM, channelId: 'C0NEWS', userId: 'U0ALICE', text, ...fields });
      const signed = slackSignatureHeaders(signing.secret ?? SIGNING_SECRET, body, signing.timestamp);
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signed, ...signing.headers },
        body: signing.tamper ? signing.tamper(body) : body,
      });
      const raw = await response.text();
      return { status: response.status, reply: raw ? (JSON.parse(raw) as SlackJson) : null };
    },
    async close() {
      await endpoint.close();
      await slack.close();
      await db.close();
    },
  };
}
