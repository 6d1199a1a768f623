import { ENVIRONMENT_HELP } from './table-environment.ts';
import { deleteSubscription, listSubscriptions } from '#shared/alerts/subscription-store.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { runWithTable } from './subscription-io.ts';

const HELP = `Usage: ofsted-watch unsubscribe ID...

Stops a subscription's alerts. Alerts not yet delivered are cancelled. IDs are
shown by \`ofsted-watch subscriptions\` (sub_…).

Options:
  -h, --help   show this help

${ENVIRONMENT_HELP}

Example:
  npx --no-install ofsted-watch unsubscribe sub_k3j9x2abcd`;

export const command: Command = {
  name: 'unsubscribe',
  summary: 'stop a subscription',
  help: HELP,
  async run(argv, io) {
    const { positionals } = parseCommandArgs(argv, {});
    if (positionals.length === 0) throw new UsageError('give the ID of the subscription to stop (see `ofsted-watch subscriptions`).');
    return runWithTable('unsubscribe', io, async ({ table }) => {
      let status = 0;
      for (const id of positionals) {
        if (await deleteSubscription(table, id)) {
          io.out(`Unsubscribed ${id}.`);
          continue;
        }
        status = 1;
        const ids = (await listSubscriptions(table)).map((s) => s.id);
        const close = ids.filter((other) => other.startsWith(id) || id.startsWith(other) || other.includes(id.replace(/^sub_/, '')));
        io.err(`ofsted-watch unsubscribe: no subscription ${id}.${close.length === 1 ? ` Did you mean ${close[0]}?` : ''} Run \`ofsted-watch subscriptions\` to list them.`);
      }
      return status;
    });
  },
};
