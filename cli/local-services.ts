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
import { WatchError } from '#shared/domain/errors.ts';
import { startSiteServer } from '#devkit/site-server.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite } from '#shared/site/publish.ts';
import { DEFAULT_DATA_DIR, DEFAULT_SITE_DIR } from './invoke.ts';
import { writeSiteFolder } from './site.ts';
import { CLI_ENV, openTableFromEnv, TableConfigError } from './table-environment.ts';

const NEWS_FIXTURES = fileURLToPath(new URL('../tests/fixtures/news/', import.meta.url));

const help = `Usage: ofsted-watch local [--until DATE] [--ofsted-port N] [--slack-port N] [--news-port N] [--site-port N] [--commands-port N] [--site-dir DIR]

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
    the one workspace served);
  - the national site (hex map, council pages, open data, feeds), built at start
    from the local table into --site-dir, and served from there: \`invoke publish-site\`
    rebuilds it after a scan.
The local table is the one invoke keeps: ${DEFAULT_DATA_DIR} unless ${CLI_ENV.localData}
or ${CLI_ENV.endpoint} says otherwise.
It prints the commands to use them, e.g.
  npx ofsted-watch invoke ofsted-scan --ofsted-base-url http://127.0.0.1:8080

Options:
  --until DATE      leave out reports published on or after this ISO date
  --ofsted-port N   port of the Ofsted site replay (default 8080)
  --slack-port N    port of the Slack receiver (default 8081)
  --news-port N     port of the news site (default 8082)
  --site-port N     port of the national site (default 8083)
  --commands-port N port of the Slack command endpoint (default 8084)
  --site-dir DIR    the folder the site is built into and served from (default ${DEFAULT_SITE_DIR})
  -h, --help        this text`;

/** What each port serves, and the option that moves it. */
const PORT_OPTIONS = {
  ofsted: ['--ofsted-port', 'the Ofsted site replay'],
  slack: ['--slack-port', 'the Slack receiver'],
  news: ['--news-port', 'the news site'],
  site: ['--site-port', 'the national site'],
  commands: ['--commands-port', 'the Slack command endpoint'],
} as const;
type Service = keyof typeof PORT_OPTIONS;

/** A port another program (often another `ofsted-watch local`) already listens on. */
class PortTakenError extends WatchError<'port_taken'> {
  override name = 'PortTakenError';
  constructor(port: number, service: Service) {
    const [option, what] = PORT_OPTIONS[service];
    super('port_taken', `port ${port} on 127.0.0.1, for ${what}, is already in use (another \`ofsted-watch local\`?). Stop what holds it, or choose another port: ${option} N (0 picks a free one).`);
  }
}

/** Two services cannot share a port. */
function checkDistinct(ports: Record<Service, number>): void {
  const seen = new Map<number, Service>();
  for (const [service, port] of Object.entries(ports) as [Service, number][]) {
    const other = port === 0 ? undefined : seen.get(port);
    if (other) throw new UsageError(`${PORT_OPTIONS[other][0]} and ${PORT_OPTIONS[service][0]} are both ${port}: give each service its own port`);
    seen.set(port, service);
  }
}

function port(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new UsageError(`${name} must be a port number (0–65535), got "${value}"`);
  return n;
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      until: { type: 'string' }, 'ofsted-port': { type: 'string' }, 'slack-port': { type: 'string' }, 'news-port': { type: 'string' },
      'site-port': { type: 'string' }, 'commands-port': { type: 'string' }, 'site-dir': { type: 'string' },
    },
    false,
  );
  if (values.until && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new UsageError(`--until must be an ISO date (YYYY-MM-DD), got "${values.until}"`);
  const ports = {
    ofsted: port(values['ofsted-port'], 8080, '--ofsted-port'),
    slack: port(values['slack-port'], 8081, '--slack-port'),
    news: port(values['news-port'], 8082, '--news-port'),
    site: port(values['site-port'], 8083, '--site-port'),
    commands: port(values['commands-port'], 8084, '--commands-port'),
  };
  checkDistinct(ports);
  const model = fixtureSiteModel(values.until ? { until: values.until } : {});
  const siteDir = values['site-dir'] ?? DEFAULT_SITE_DIR;
  const services: { close(): Promise<void> }[] = [];
  const start = async <T extends { close(): Promise<void> }>(which: keyof typeof ports, starting: (port: number) => Promise<T>): Promise<T> => {
    try {
      const service = await starting(ports[which]);
      services.push(service);
      return service;
    } catch (error) {
      await Promise.all(services.map((service) => service.close()));
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new PortTakenError(ports[which], which);
      throw error;
    }
  };
  let started;
  try {
    const site = await start('ofsted', (port) => startReplaySite({ model, port }));
    const slack = await start('slack', (port) => startSlackReceiver({
      port,
      onMessage: (message) => io.out(`${formatReceived(message)}\n`),
      onPost: (message) => io.out(`${formatPosted(message)}\n`),
    }));
    const logger = createLogger({ level: 'warn', write: (line) => io.err(line) });
    const commands = await start('commands', (port) => startSlackEndpoint({ port, env: process.env, slackBaseUrl: slack.baseUrl, logger }));
    const news = await start('news', (port) => startNewsSite({ port, outlet: 'Local Care News' }));
    const built = await buildLocalSite(siteDir, io);
    const siteServer = await start('site', (port) => startSiteServer({ dir: siteDir, port }));
    started = { site, slack, commands, news, built, siteServer };
  } catch (error) {
    if (!(error instanceof PortTakenError)) throw error;
    io.err(`ofsted-watch local: ${error.message}`);
    return 1;
  }
  const { site, slack, commands, news, built, siteServer } = started;
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
  io.out(`Site                ${siteServer.origin}/  (${built}; files in ${siteDir})`);
  io.out(`Slack commands  ${commands.url}`);
  io.out(`  /ofsted commands run against ${commands.where}; ${commands.secretFromEnv ? `signed with ${SLACK_ENV.signingSecret}` : `set ${SLACK_ENV.signingSecret} before starting to sign requests (until then every request is refused)`}; ${commands.teamId ? `workspace ${commands.teamId} only` : `any workspace (set ${SLACK_ENV.teamId} to serve one)`}.`);
  io.out('');
  io.out('In another terminal (the local table is kept in .local/dynamo between runs):');
  io.out('  export OFSTED_WATCH_LOCAL_DATA=.local/dynamo');
  io.out(`  npx ofsted-watch subscribe --webhook https://hooks.slack.com/services/T000/B000/XXXXXXXX --all`);
  io.out(`  npx ofsted-watch invoke ofsted-scan --ofsted-base-url ${site.origin}`);
  io.out(`  npx ofsted-watch invoke news-scan --news-feeds ${feedsFile}`);
  io.out(`  npx ofsted-watch invoke deliver-alerts --slack-base-url ${slack.baseUrl}`);
  io.out(`  npx ofsted-watch invoke publish-site --site-dir ${siteDir}      # then reload ${siteServer.origin}/`);
  io.out('Press Ctrl-C to stop.');

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await Promise.all(services.map((service) => service.close()));
  io.err('stopped.');
  return 0;
}

/**
 * Builds the site from the local table once, then lets the table go (a local
 * table folder is one process's at a time: invoke needs it next). If the table
 * cannot be opened, the site is built from no data, so there is still a site.
 */
async function buildLocalSite(siteDir: string, io: CliIo): Promise<string> {
  try {
    const opened = await openTableFromEnv(process.env, { fallbackDataDir: DEFAULT_DATA_DIR });
    try {
      const summary = await writeSiteFolder(opened.table, siteDir);
      return `built from ${summary.records} reports and ${summary.events} events in the ${opened.where}`;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (!(error instanceof TableConfigError)) throw error;
    io.err(`local: ${error.message}; the site starts empty.`);
    await publishSite({ read: async () => ({ records: [], events: [] }), target: folderTarget(siteDir) });
    return 'no data yet';
  }
}

export const command: Command = {
  name: 'local',
  summary: 'start the local Ofsted site replay, news site and Slack receiver for invoke, and serve the national site',
  help,
  run,
};
