import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NewsFeed } from '#shared/news/feeds.ts';
import { articleFromText, loadArticleTexts, startNewsSite } from '#devkit/news-site.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { formatReceived, startSlackReceiver } from '#devkit/slack-receiver.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';
import { startSiteServer } from '#devkit/site-server.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite } from '#shared/site/publish.ts';
import { DEFAULT_DATA_DIR, DEFAULT_SITE_DIR } from './invoke.ts';
import { writeSiteFolder } from './site.ts';
import { CLI_ENV, ConfigError, openTableFromEnv } from './table-environment.ts';

const NEWS_FIXTURES = fileURLToPath(new URL('../tests/fixtures/news/', import.meta.url));

const help = `Usage: ofsted-watch local [--until DATE] [--ofsted-port N] [--slack-port N] [--news-port N] [--site-port N] [--site-dir DIR]

Starts the local stand-ins for the outside world and keeps them running (Ctrl-C stops
them), so every function can be invoked by hand with no AWS account and no internet:
  - a replay of the Ofsted reports site: 153 councils and the real report PDFs in
    tests/fixtures (only those published before --until, if given);
  - a news site with an RSS feed of the real articles in tests/fixtures/news;
  - a Slack-compatible webhook receiver that prints every message it accepts;
  - the national site (hex map, council pages, open data, feeds), built at start
    from the local table (the one invoke keeps, ${DEFAULT_DATA_DIR} unless
    ${CLI_ENV.localData} or ${CLI_ENV.endpoint} says otherwise) into --site-dir,
    and served from there: \`invoke publish-site\` rebuilds it after a scan.
It prints the commands to use them, e.g.
  npx ofsted-watch invoke ofsted-scan --ofsted-base-url http://127.0.0.1:8080

Options:
  --until DATE      leave out reports published on or after this ISO date
  --ofsted-port N   port of the Ofsted site replay (default 8080)
  --slack-port N    port of the Slack receiver (default 8081)
  --news-port N     port of the news site (default 8082)
  --site-port N     port of the national site (default 8083)
  --site-dir DIR    the folder the site is built into and served from (default ${DEFAULT_SITE_DIR})
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
    {
      until: { type: 'string' }, 'ofsted-port': { type: 'string' }, 'slack-port': { type: 'string' }, 'news-port': { type: 'string' },
      'site-port': { type: 'string' }, 'site-dir': { type: 'string' },
    },
    false,
  );
  if (values.until && !/^\d{4}-\d{2}-\d{2}$/.test(values.until)) throw new UsageError(`--until must be an ISO date (YYYY-MM-DD), got "${values.until}"`);
  const model = fixtureSiteModel(values.until ? { until: values.until } : {});
  const site = await startReplaySite({ model, port: port(values['ofsted-port'], 8080, '--ofsted-port') });
  const slack = await startSlackReceiver({ port: port(values['slack-port'], 8081, '--slack-port'), onMessage: (message) => io.out(`${formatReceived(message)}\n`) });
  const news = await startNewsSite({ port: port(values['news-port'], 8082, '--news-port'), outlet: 'Local Care News' });
  const siteDir = values['site-dir'] ?? DEFAULT_SITE_DIR;
  const built = await buildLocalSite(siteDir, io);
  const siteServer = await startSiteServer({ dir: siteDir, port: port(values['site-port'], 8083, '--site-port') });
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
  io.out(`Slack receiver      ${slack.baseUrl}  (messages are printed here)`);
  io.out(`Site                ${siteServer.origin}/  (${built}; files in ${siteDir})`);
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
  await Promise.all([site.close(), slack.close(), news.close(), siteServer.close()]);
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
    if (!(error instanceof ConfigError)) throw error;
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
