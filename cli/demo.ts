import { councilRef } from '#shared/domain/council.ts';
import { fixturePublications, fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { startLocalStack } from '#devkit/stack.ts';
import { formatReceived } from '#devkit/slack-receiver.ts';
import { councilByUrn } from '#shared/register/register.ts';
import { parseCommandArgs, type CliIo, type Command } from './command.ts';
import { consoleLogger } from './console-logger.ts';

const help = `Usage: ofsted-watch demo [--verbose]   (or: npm run demo)

Runs the main job end to end on this machine, with no AWS account and no internet:
  1. starts an embedded DynamoDB (dynalite), a local replay of the Ofsted reports
     site (153 councils, real report PDFs) and a local Slack-compatible receiver;
  2. subscribes a Slack channel to Stockton-on-Tees;
  3. runs the scheduled Ofsted scan over the site as it stood on 30 June 2019: the
     first scan records every council's history as a baseline, without alerts;
  4. publishes Stockton-on-Tees's 2019 inspection report (good → requires improvement);
  5. runs the scan and delivery, and shows the downgrade alert Slack received;
  6. runs them again and shows that nothing new is found or sent.

Options:
  --verbose   show every step of each scan
  -h, --help  this text`;

const STOCKTON = '80563';

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { verbose: { type: 'boolean' } }, false);
  const logger = consoleLogger(io, { verbose: Boolean(values.verbose) });
  const say = (line = '') => io.out(line);
  const stockton = councilByUrn(STOCKTON)!;
  const report2019 = fixturePublications().find((publication) => publication.urn === STOCKTON && publication.published === '2019-07-01');
  if (!report2019) throw new Error('the demo needs tests/fixtures/ofsted-reports/80563_stockton-on-tees/2019-07-01_ilacs.pdf');
  const model = fixtureSiteModel({ until: '2019-07-01' });

  say('Starting local services (no AWS account, no internet)…');
  const stack = await startLocalStack({ model, logger, start: new Date('2019-06-30T18:00:00Z') });
  try {
    say(`  DynamoDB (dynalite)   ${stack.db.endpoint}  table "${stack.db.tableName}"`);
    say(`  Ofsted site replay    ${stack.site.origin}  (${model.councils.length} councils, ${model.publications.length} reports)`);
    say(`  Slack receiver        ${stack.slack.baseUrl}`);
    const subscription = await stack.subscribe({ type: 'councils', councils: [councilRef(stockton)] });
    say(`\nSubscribed a channel to ${stockton.name}: downgrade, urgent_action (subscription ${subscription.id}).`);

    say('\n1. Baseline: the first scheduled scan records the history, without alerts (30 June 2019).');
    const baseline = await stack.scan();
    await stack.deliver();
    say(`   ${baseline.providersListed} councils listed, ${baseline.recordsWritten} reports recorded, ${baseline.anomalies} anomalies` +
      (baseline.anomalies ? ' (dead report links: Ofsted serves a "Report not found" page for them)' : '') +
      `; ${stack.slack.messages().length} Slack messages.`);

    say(`\n2. Ofsted publishes ${stockton.name}'s 2019 inspection report (1 July 2019).`);
    stack.site.publish(report2019);
    stack.clock.set(new Date('2019-07-01T18:00:00Z'));

    say('\n3. The next scheduled scan and alert delivery:');
    const live = await stack.scan();
    const delivery = await stack.deliver();
    const requests = stack.site.requestLog.length;
    say(`   ${live.recordsWritten} new report recorded, ${live.events.created} event, ${delivery.sent} Slack message sent.\n`);
    for (const message of stack.slack.messages(subscription.webhookUrl)) say(formatReceived(message));

    say('\n4. The scan and delivery again, a quarter of an hour later:');
    stack.clock.set(new Date('2019-07-01T18:15:00Z'));
    const again = await stack.scan();
    const second = await stack.deliver();
    say(`   ${again.recordsWritten} new reports, ${again.events.created} events, ${second.sent} messages; ` +
      `${stack.site.requestLog.length - requests} requests to the Ofsted site (the listing).`);
    const total = stack.slack.messages().length;
    say(`\nDone: ${total} alert${total === 1 ? '' : 's'} delivered in all. Everything ran locally and is gone now.`);
    return total === 1 && again.events.created === 0 ? 0 : 1;
  } finally {
    await stack.close();
  }
}

export const command: Command = {
  name: 'demo',
  summary: 'run the main job locally: baseline, a new downgrade report, the Slack alert',
  help,
  run,
};
