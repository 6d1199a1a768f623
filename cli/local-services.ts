import { fileURLToPath } from 'node:url';
import type { NewsFeed } from '#shared/news/feeds.ts';
import { articleFromText, loadArticleTexts, startNewsSite } from '#devkit/news-site.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { asStoodOn } from '#devkit/replay/model.ts';
import { formatPosted, formatReceived, startSlackReceiver } from '#devkit/slack-receiver.ts';
import { createLogger } from '#shared/runtime/log.ts';
import { SLACK_ENV, startSlackEndpoint } from './slack-endpoint.ts';
import { MisuseError, parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';
import { startSiteServer } from '#devkit/site-server.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite } from '#shared/site/publish.ts';
import { DEFAULT_DATA_DIR, DEFAULT_SITE_DIR } from './invoke.ts';
import { LOCAL_FEEDS_FILE, LOCAL_STATE_FILE, removeLocalFiles, writeLocalFeeds, writeLocalState } from './local-state.ts';
import { onPort, parseDay, walkthrough } from './local-walkthrough.ts';
import { writeSiteFolder } from './site.ts';
import { CLI_ENV, openTableFromEnv, TableConfigError } from './table-environment.ts';

const NEWS_FIXTURES = fileURLToPath(new URL('../tests/fixtures/news/', import.meta.url));

const help = `Usage: ofsted-watch local [--as-of DATE] [--ofsted-port N] [--slack-port N] [--news-port N] [--site-port N] [--commands-port N] [--site-dir DIR]

Starts the local stand-ins for the outside world and keeps them running (Ctrl-C stops
them), so every function can be invoked by hand with no AWS account and no internet:
  - a replay of the Ofsted reports site: 153 councils and the real report PDFs in
    tests/fixtures, as the site stood at the end of --as-of (all of them without it);
    \`invoke ofsted-scan --local --now TIME\` moves it to TIME's day, so a scan sees
    what Ofsted had published by then;
  - a news site with an RSS feed of the real articles in tests/fixtures/news;
  - a Slack stand-in that prints every message it accepts: incoming webhooks, and
    chat.postMessage for the Slack app's bot (channel subscriptions made with /ofsted);
  - the Slack app's slash-command endpoint, POST /slack/commands: signed requests in
    Slack's slash-command format run /ofsted commands against the local table
    (${SLACK_ENV.signingSecret} is the signing secret; ${SLACK_ENV.teamId}, if set,
    the one workspace served);
  - the national site (hex map, council pages, open data, feeds), built at start
    from the local table (the one invoke keeps, ${DEFAULT_DATA_DIR} unless
    ${CLI_ENV.localData} or ${CLI_ENV.endpoint} says otherwise) into --site-dir,
    and served from there: \`invoke publish-site --local\` rebuilds it after a scan.
It writes where they are to ${LOCAL_STATE_FILE} (removed when it stops), so
\`invoke --local\` finds them, and prints the commands to try, e.g.
  npx --no-install ofsted-watch invoke ofsted-scan --local --now 2019-06-30T18:00:00Z

Options:
  --as-of DATE      show the Ofsted site as it stood at the end of this day (YYYY-MM-DD)
  --ofsted-port N   port of the Ofsted site replay (default 8080, or any free port if it is taken)
  --slack-port N    port of the Slack receiver (default 8081, or any free port)
  --news-port N     port of the news site (default 8082, or any free port)
  --site-port N     port of the national site (default 8083, or any free port)
  --commands-port N port of the Slack command endpoint (default 8084, or any free port)
                    A port given is that port or nothing: in use, it stops with a message.
  --site-dir DIR    the folder the site is built into and served from (default ${DEFAULT_SITE_DIR})
  -h, --help        this text`;

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(
    argv,
    {
      'as-of': { type: 'string' }, 'ofsted-port': { type: 'string' }, 'slack-port': { type: 'string' }, 'news-port': { type: 'string' },
      'site-port': { type: 'string' }, 'commands-port': { type: 'string' }, 'site-dir': { type: 'string' }, until: { type: 'string' },
    },
    false,
  );
  if (values.until) throw new UsageError('--until is now --as-of DATE: the site as it stood at the end of that day');
  const asOf = values['as-of'] === undefined ? null : parseDay('--as-of', values['as-of']);
  distinctPorts(values);
  const model = fixtureSiteModel();
  const siteDir = values['site-dir'] ?? DEFAULT_SITE_DIR;
  const opened: { close(): Promise<void> }[] = [];
  const note = (line: string) => io.err(`local: ${line}`);
  try {
    const site = await onPort({ what: 'the Ofsted site replay', option: '--ofsted-port', value: values['ofsted-port'], preferred: 8080 }, note, (port) => startReplaySite({ model, port, asOf }), opened);
    const slack = await onPort({ what: 'the Slack receiver', option: '--slack-port', value: values['slack-port'], preferred: 8081 }, note, (port) => startSlackReceiver({
      port,
      onMessage: (message) => io.out(`${formatReceived(message)}\n`),
      onPost: (message) => io.out(`${formatPosted(message)}\n`),
    }), opened);
    const logger = createLogger({ level: 'warn', write: (line) => io.err(line) });
    const commands = await onPort({ what: 'the Slack command endpoint', option: '--commands-port', value: values['commands-port'], preferred: 8084 }, note, (port) => startSlackEndpoint({ port, env: process.env, slackBaseUrl: slack.baseUrl, logger }), opened);
    const news = await onPort({ what: 'the news site', option: '--news-port', value: values['news-port'], preferred: 8082 }, note, (port) => startNewsSite({ port, outlet: 'Local Care News' }), opened);
    const built = await buildLocalSite(siteDir, io);
    const siteServer = await onPort({ what: 'the national site', option: '--site-port', value: values['site-port'], preferred: 8083 }, note, (port) => startSiteServer({ dir: siteDir, port }), opened);
    let hour = 0;
    for (const [slug, text] of loadArticleTexts(NEWS_FIXTURES)) {
      news.addArticle('news', articleFromText(slug, text, { published: new Date(Date.now() - ++hour * 3_600_000).toISOString(), shape: 'json-ld' }));
    }
    const feeds: NewsFeed[] = [{ id: 'local', outlet: 'Local Care News', url: news.feedUrl('news'), allowedHosts: [news.host] }];
    await writeLocalFeeds(feeds);
    const siteUrl = `${siteServer.origin}/`;
    await writeLocalState({ pid: process.pid, startedAt: new Date().toISOString(), ofstedBaseUrl: site.origin, slackBaseUrl: slack.baseUrl, newsFeedsFile: LOCAL_FEEDS_FILE, siteDir, siteUrl });

    const shown = asStoodOn(model, asOf).publications.length;
    io.out(`Ofsted site replay  ${site.origin}  (${model.councils.length} councils, ${asOf ? `as of ${asOf}: ${shown} of ${model.publications.length}` : shown} reports)`);
    io.out(`News site           ${news.origin}  (feed ${news.feedUrl('news')})`);
    io.out(`Slack receiver      ${slack.baseUrl}  (webhooks and chat.postMessage at ${slack.apiUrl}; messages are printed here)`);
    io.out(`Site                ${siteUrl}  (${built}; files in ${siteDir})`);
    io.out(`Slack commands  ${commands.url}`);
    io.out(`  /ofsted commands run against ${commands.where}; ${commands.secretFromEnv ? `signed with ${SLACK_ENV.signingSecret}` : `set ${SLACK_ENV.signingSecret} before starting to sign requests (until then every request is refused)`}; ${commands.teamId ? `workspace ${commands.teamId} only` : `any workspace (set ${SLACK_ENV.teamId} to serve one)`}.`);
    io.out('');
    io.out(walkthrough({ asOf, siteUrl }));
    io.out('Press Ctrl-C to stop.');

    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    io.err('stopped.');
    return 0;
  } finally {
    await Promise.all(opened.map((server) => server.close()));
    await removeLocalFiles(LOCAL_STATE_FILE, LOCAL_FEEDS_FILE);
  }
}

/** Two services given the same port cannot both have it. */
function distinctPorts(values: Record<string, string | boolean | undefined>): void {
  const seen = new Map<string, string>();
  for (const option of ['--ofsted-port', '--slack-port', '--news-port', '--site-port', '--commands-port']) {
    const value = values[option.slice(2)];
    if (typeof value !== 'string' || value === '0') continue;
    const other = seen.get(value);
    if (other) throw new UsageError(`${other} and ${option} are both ${value}: give each service its own port`);
    seen.set(value, option);
  }
}

/**
 * Builds the site from the local table once, then lets the table go (a local
 * table folder is one process's at a time: invoke needs it next). If the table
 * cannot be opened, the site is built from no data, so there is still a site.
 */
async function buildLocalSite(siteDir: string, io: CliIo): Promise<string> {
  try {
    const opened = await openTableFromEnv(process.env, { fallbackDataDir: DEFAULT_DATA_DIR, holder: 'ofsted-watch local' });
    try {
      const summary = await writeSiteFolder(opened.table, siteDir);
      return `built from ${summary.records} reports and ${summary.events} events in the ${opened.where}`;
    } finally {
      await opened.close();
    }
  } catch (error) {
    if (!(error instanceof TableConfigError || error instanceof MisuseError)) throw error;
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
