import { ENVIRONMENT_HELP } from './table-environment.ts';
import { outboxOfSubscription, requeueDeliveries } from '#shared/alerts/outbox.ts';
import { getSubscription, listSubscriptions, reactivateSubscription } from '#shared/alerts/subscription-store.ts';
import { checkWebhookUrl } from '#shared/alerts/webhook-url.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { runWithTable, statusLabel, subscriptionJson, subscriptionTable } from './subscription-io.ts';

const HELP = `Usage: ofsted-watch subscriptions [--json]
       ofsted-watch subscriptions --reactivate ID [--webhook URL]
       ofsted-watch subscriptions --requeue ID

Lists the subscriptions (webhook URLs masked), or repairs one:

  --json              one JSON object per line instead of the table (webhooks still masked)
  --reactivate ID     a subscription marked broken (its webhook answered 403/404/410, or Slack
                      refused the bot's posts to its channel: not_in_channel, is_archived…) gets
                      its held alerts delivered again; with --webhook, to a new webhook URL
  --webhook URL       the new Slack incoming webhook for --reactivate
  --requeue ID        puts the subscription's failed alerts, and those whose delivery was
                      interrupted (state "unknown"), back in the queue. An "unknown" alert
                      may have reached the channel already: look before requeueing.
  -h, --help          show this help

${ENVIRONMENT_HELP}`;

export const command: Command = {
  name: 'subscriptions',
  summary: 'list subscriptions (webhooks masked); reactivate or requeue one',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean' }, reactivate: { type: 'string' }, webhook: { type: 'string' }, requeue: { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument "${checkWebhookUrl(positionals[0]!).ok ? '(a webhook URL)' : positionals[0]}".`);
    if (values.webhook !== undefined && values.reactivate === undefined) throw new UsageError('--webhook goes with --reactivate ID.');
    if (values.reactivate !== undefined && values.requeue !== undefined) throw new UsageError('use --reactivate or --requeue, one at a time.');
    let webhook: { type: 'url'; url: string } | undefined;
    if (values.webhook !== undefined) {
      const check = checkWebhookUrl(values.webhook);
      if (!check.ok) throw new UsageError(`--webhook: ${check.message}.`);
      webhook = { type: 'url', url: check.url };
    }

    return runWithTable('subscriptions', io, async ({ table, where }) => {
      const now = new Date().toISOString();
      if (values.reactivate !== undefined) {
        const id = values.reactivate;
        if (!(await reactivateSubscription(table, id, now, webhook))) {
          io.err(`ofsted-watch subscriptions: no subscription ${id}.`);
          return 1;
        }
        const held = (await outboxOfSubscription(table, id)).filter((item) => item.state === 'pending').length;
        io.out(`Reactivated ${id}${webhook ? ' with the new webhook' : ''}: ${held} held alert${held === 1 ? '' : 's'} will go out on the next delivery run.`);
        return 0;
      }
      if (values.requeue !== undefined) {
        const id = values.requeue;
        if (!(await getSubscription(table, id))) {
          io.err(`ofsted-watch subscriptions: no subscription ${id}.`);
          return 1;
        }
        const count = await requeueDeliveries(table, id, now);
        io.out(`Requeued ${count} alert${count === 1 ? '' : 's'} of ${id} for the next delivery run.`);
        return 0;
      }
      const subs = await listSubscriptions(table);
      if (values.json) {
        for (const sub of subs) io.out(JSON.stringify(subscriptionJson(sub)));
        return 0;
      }
      if (subs.length === 0) {
        io.out(`No subscriptions yet (${where}). Add one with: npx --no-install ofsted-watch subscribe --help`);
        return 0;
      }
      io.out(subscriptionTable(subs));
      const broken = subs.filter((s) => s.status === 'broken');
      for (const sub of broken) {
        io.err(sub.webhook.type === 'channel'
          ? `${sub.id} is ${statusLabel(sub)}: Slack refuses the bot's posts to channel ${sub.webhook.channelId}; invite the app (or unarchive the channel, or renew the bot token), then: npx --no-install ofsted-watch subscriptions --reactivate ${sub.id}`
          : `${sub.id} is ${statusLabel(sub)}: fix the channel or make a new webhook, then: npx --no-install ofsted-watch subscriptions --reactivate ${sub.id} [--webhook URL]`);
      }
      return 0;
    });
  },
};
