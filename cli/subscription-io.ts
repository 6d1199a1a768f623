/** What the subscription commands share: opening the table from the environment, printing subscriptions safely. */
import { TableConfigError, withTable, type OpenedTable } from './table-environment.ts';
import { describeTarget, type Subscription } from '#shared/alerts/subscription.ts';
import { maskWebhookUrl } from '#shared/alerts/webhook-url.ts';
import { INSPECTION_AREAS } from '#shared/domain/events.ts';
import type { CliIo } from './command.ts';

/** Runs a command's work against the table; setup problems print a clear message and exit 1 (never a stack trace). */
export async function runWithTable(
  name: string,
  io: CliIo,
  work: (opened: OpenedTable) => Promise<number>,
  options: { fallbackDataDir?: string } = {},
): Promise<number> {
  try {
    return await withTable(process.env, work, { holder: `ofsted-watch ${name}`, ...options });
  } catch (error) {
    if (error instanceof TableConfigError) {
      io.err(`ofsted-watch ${name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

/** Masked URL, the secret's name (names are not secret), or the Slack channel the app's bot posts to. */
export function webhookLabel(sub: Pick<Subscription, 'webhook'>): string {
  switch (sub.webhook.type) {
    case 'url':
      return maskWebhookUrl(sub.webhook.url);
    case 'secret':
      return `secret:${sub.webhook.secretName}`;
    case 'channel':
      return `channel:${sub.webhook.channelId} (bot, team ${sub.webhook.teamId})`;
  }
}

export function statusLabel(sub: Subscription): string {
  return sub.status === 'broken' && sub.broken ? `broken (${sub.broken.status ? `${sub.broken.status} ` : ''}${sub.broken.code})` : sub.status;
}

/** The subscriptions as an aligned text table. */
export function subscriptionTable(subs: readonly Subscription[]): string {
  const rows = [
    ['ID', 'STATUS', 'COUNCILS', 'EVENTS', 'INSPECTIONS', 'DELIVERY', 'WEBHOOK', 'CREATED'],
    ...subs.map((sub) => [
      sub.id,
      statusLabel(sub),
      describeTarget(sub.target, 3),
      sub.events.join(','),
      (sub.inspections ?? INSPECTION_AREAS).join(','),
      sub.delivery === 'daily' ? 'daily digest' : 'instant',
      webhookLabel(sub),
      sub.createdAt.slice(0, 10),
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!))).join('  ')).join('\n');
}

/** A subscription as JSON for --json, with the webhook masked; bot-token subscriptions name their `channel` (and `team`). */
export function subscriptionJson(sub: Subscription): Record<string, unknown> {
  const { webhook, ...rest } = sub;
  if (webhook.type === 'channel') return { ...rest, channel: webhook.channelId, team: webhook.teamId, webhook };
  return { ...rest, webhook: webhook.type === 'url' ? { type: 'url', masked: maskWebhookUrl(webhook.url) } : webhook };
}
