import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewsFeed } from '#shared/news/feeds.ts';
import { articleFromText, loadArticleTexts, startNewsSite } from '#devkit/news-site.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { formatPosted, formatReceived, startSlackReceiver } from '#devkit/slack-receiver.ts';
import { createLogger } from '#shared/runtime/log.ts';
import { SLACK_ENV, startSlackEndpoint } from './slack-endpoint.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';

const NEWS_FIXTURES = fileURLToPath(new URL('../tests/fixtures/news/', import.meta.url));

const help = `Usage: ofsted-watch local [--until DATE] [--ofsted-port N] [--slack-port N] [--news-port N] [--commands-port N]

Starts the local stand-ins for the outside world and keeps them running (Ctrl-C stops
them), so every function can be invoked by hand with no AWS account and no internet:
  - a replay of the Ofsted reports site: 153 councils and the real report PDFs in
    tests/fixtures (only those published before --until, if given);
  - a news site with an RSS feed of the real articles in tests/fixtures/news;
  - a Slack stand-in that prints every message it accepts: incoming webhooks, and
    chat.postMessage for the Slack app's bot (channel subscriptions made with /ofsted);
  - the Slack app's slash-command endpoint, POST /slack/commands: signed requests in
    Slack's slash-command format run /ofsted commands against the local table
    (${SLACK_ENV.signingSecret} is the signing secret; ${SLACK_ENV.teamId}, if set,
    the one workspace served). The table is OFSTED_WATCH_DYNAMO_ENDPOINT if set,
    else the folder in OFSTED_WATCH_LOCAL_DATA (default .local/dynamo).
It prints the commands to use them, e.g.
  npx ofsted-watch invoke ofsted-scan --ofsted-base-url http://127.0.0.1:8080

Options:
  --until DATE      leave out reports published on or after this ISO date
  --ofsted-port N   port of the Ofsted site replay (default 8080)
  --slack-port N    port of the Slack receiver (default 8081)
  --news-port N     port of the news site (default 8082)
  --commands-port N port of the Slack command endpoint (default 8083)
  -h, --help        this text`;

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new UsageError(`${name} must be a port number (0–65535), got "${value}"`);
  return n;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    { until: { type: 'string' }, 'ofsted-port': { type: 'string' }, 'slack-port': { type: 'string' }, 'news-port': { type: 'string' }, 'commands-port': { type: 'string' } },
    false,
  );
  if (values.until && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new UsageError(`--until must be an ISO date (YYYY-MM-DD), got "${values.until}"`);
  const model = fixtureSiteModel(values.until ? { until: values.until } : {});
  const site = await startReplaySite({ model, port: port(values['ofsted-port'], 8080, '--ofsted-port') });
  const slack = await startSlackReceiver({
    port: port(values['slack-port'], 8081, '--slack-port'),
    onMessage: (message) => io.out(`${formatReceived(message)}\n`),
    onPost: (message) => io.out(`${formatPosted(message)}\n`),
  });
  const commands = await startSlackEndpoint({
    port: port(values['commands-port'], 8083, '--commands-port'),
    env: process.env,
    slackBaseUrl: slack.baseUrl,
    logger: createLogger({ level: 'warn', write: (line) => io.err(line) }),
  });
  const news = await startNewsSite({ port: port(values['news-port'], 8082, '--news-port'), outlet: 'Local Care News' });
  let day = 0;
  for (const [slug, text] of loadArticleTexts(NEWS_FIXTURES)) {
    news.addArticle('news', articleFromText(slug, text, { published: new Date(Date.now() - ++day * 3_600_000).toISOString(), shape: 'json-ld' }));
  }
  const dir = await mkdtemp(join(tmpdir(), 'ofsted-watch-local-'));
  const feedsFile = join(dir, 'feeds.json');
  const feeds: NewsFeed[] = [{ id: 'local', outlet: 'Local Care News', url: news.feedUrl('news'), allowedHosts: [news.host] }];
  await writeFile(feedsFile, JSON.stringify(feeds, null, 2));

  io.out(`Ofsted site replay  ${site.origin}  (${model.councils.length} councils, ${model.publications.length} reports)`);
  io.out(`News site           ${news.origin}  (feed ${news.feedUrl('news')})`);
  io.out(`Slack receiver      ${slack.baseUrl}  (webhooks and chat.postMessage at ${slack.apiUrl}; messages are printed here)`);
  io.out(`Slack commands  ${commands.url}`);
  io.out(`  /ofsted commands run against ${commands.where}; ${commands.secretFromEnv ? `signed with ${SLACK_ENV.signingSecret}` : `set ${SLACK_ENV.signingSecret} before starting to sign requests (until then every request is refused)`}; ${commands.teamId ? `workspace ${commands.teamId} only` : `any workspace (set ${SLACK_ENV.teamId} to serve one)`}.`);
  io.out('');
  io.out('In another terminal (the local table is kept in .local/dynamo between runs):');
  io.out('  export OFSTED_WATCH_LOCAL_DATA=.local/dynamo');
  io.out(`  npx ofsted-watch subscribe --webhook https://hooks.slack.com/services/T000/B000/XXXXXXXX --all`);
  io.out(`  npx ofsted-watch invoke ofsted-scan --ofsted-base-url ${site.origin}`);
  io.out(`  npx ofsted-watch invoke news-scan --news-feeds ${feedsFile}`);
  io.out(`  npx ofsted-watch invoke deliver-alerts --slack-base-url ${slack.baseUrl}`);
  io.out('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all([site.close(), slack.close(), news.close(), commands.close()]);
  io.err('stopped.');
  return 0;
}

export const command: Command = {
  name: 'local',
  summary: 'start the local Ofsted site replay, news site and Slack receiver for invoke',
  help,
  run,
};
