/**
 * `ofsted-watch doctor`: checks the real sources from this machine through the
 * parsers the scans use (shared/sources/check.ts) and says, in words, what
 * held and what did not. The check-sources function runs the same check weekly.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { DEFAULT_NEWS_FEEDS, parseFeedsConfig, type NewsFeed } from '#shared/news/feeds.ts';
import { LISTING_DATE_FORMS, OFSTED_SITE_URL } from '#shared/ofsted-site/urls.ts';
import { PRODUCT_VERSION, sourcesClient } from '#shared/runtime/clients.ts';
import { silentLogger, textLine, type Logger } from '#shared/runtime/log.ts';
import { readSettingsFile } from '#shared/runtime/settings-file.ts';
import { checkSources } from '#shared/sources/check.ts';
import { verdictLine, type SourceCheck } from '#shared/sources/verdicts.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The User-Agent's contact when the settings name none: the project, so the site's owners can still tell who reads. */
export const DOCTOR_CONTACT_URL = 'https://ofsted-watch.invalid/doctor-run';
const PLACEHOLDER = /\.invalid\//;

const HELP = `Usage: ofsted-watch doctor [--ofsted-base-url URL] [--news-feeds FILE] [--contact-url URL] [--json]

Checks the real sources from this machine (it needs the internet), through the
same adapters and parsers the scans use, and says in words what held and what
did not:
  - the Ofsted listing of councils' children's services, in full: every council
    and its latest report date;
  - the listing filtered by date, the date written in each candidate form
    (${LISTING_DATE_FORMS.join(', ')}): which one the site honours (nothing has
    confirmed it; the scan does not depend on it, ad hoc queries do);
  - one provider page (the council with the newest report) and which markup it is in;
  - that newest report, read as the scan reads it;
  - each news feed (the settings file's newsFeeds, else the built-in list, whose
    Children & Young People Now URL is a guess) and its newest article.
It only reads, politely: about a dozen requests to Ofsted at one a second, two
to each feed. The check-sources function runs the same check weekly in AWS,
with an alarm.

Options:
  --ofsted-base-url URL  the Ofsted site (default ${OFSTED_SITE_URL}; a local replay in tests)
  --news-feeds FILE      JSON list of feeds (format in shared/news/feeds.ts)
  --contact-url URL      the contact URL in the User-Agent (default: contactUrl from
                         ofsted-watch.config.json)
  --json                 one JSON line per check: {"name", "held", "detail"}
  -h, --help             this help

Exit status: 0 when every check held, 1 when any did not, 2 on a usage error.

Example:
  npx --no-install ofsted-watch doctor`;

function httpUrl(option: string, value: string): string {
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) throw new UsageError(`${option} "${value}" is not an http(s) URL`);
  return value.replace(/\/+$/, '');
}

async function feedsFrom(file: string | undefined, settings: Record<string, unknown>): Promise<NewsFeed[]> {
  try {
    if (file) return parseFeedsConfig(JSON.parse(await readFile(file, 'utf8')) as unknown);
    return settings.newsFeeds ? parseFeedsConfig(settings.newsFeeds) : [...DEFAULT_NEWS_FEEDS];
  } catch (error) {
    throw new UsageError(`${file ? `--news-feeds ${file}` : 'newsFeeds in the settings file'}: ${(error as Error).message}`);
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'ofsted-base-url': { type: 'string' }, 'news-feeds': { type: 'string' }, 'contact-url': { type: 'string' }, json: { type: 'boolean' } }, false);
  const read = readSettingsFile(PROJECT_ROOT);
  const settings = read && 'settings' in read ? read.settings : {};
  const configured = typeof settings.contactUrl === 'string' && !PLACEHOLDER.test(settings.contactUrl) ? settings.contactUrl : undefined;
  const contactUrl = values['contact-url'] ? httpUrl('--contact-url', values['contact-url']) : (configured ?? DOCTOR_CONTACT_URL);
  const ofstedBaseUrl = values['ofsted-base-url'] ? httpUrl('--ofsted-base-url', values['ofsted-base-url']) : OFSTED_SITE_URL;
  const feeds = await feedsFrom(values['news-feeds'], settings);
  const json = values.json === true;
  const say = (check: SourceCheck) => {
    io.out(json ? JSON.stringify(check) : `  ${check.held ? 'held        ' : 'did not hold'}  ${check.name}: ${check.detail}`);
  };
  // Each check is printed as it finishes (say); the HTTP client's retries and give-ups go to stderr as they happen.
  const logger: Logger = {
    ...silentLogger,
    warn: (event, fields = {}) => (event === 'source_check' ? undefined : io.err(textLine('warn', event, fields))),
    error: (event, fields = {}) => io.err(textLine('error', event, fields)),
  };
  if (!json) {
    io.out(`ofsted-watch doctor: reading ${ofstedBaseUrl} and ${feeds.length} news feed${feeds.length === 1 ? '' : 's'} as ofsted-watch/${PRODUCT_VERSION} (+${contactUrl})`);
    if (!values['contact-url'] && !configured) io.out('  (set contactUrl in ofsted-watch.config.json, or give --contact-url, so the sites\' owners can reach you)');
  }
  const http = sourcesClient({ contactUrl, ofstedBaseUrl, feeds, logger });
  try {
    const found = await checkSources({ http, ofstedBaseUrl, feeds, reader: inProcessReportReader(), logger, onCheck: say });
    if (!json) io.out(verdictLine(found));
    return found.every((check) => check.held) ? 0 : 1;
  } finally {
    await http.close();
  }
}

export const command: Command = {
  name: 'doctor',
  summary: 'check the live Ofsted site and news feeds through the scans\' parsers; say what held',
  help: HELP,
  run,
};
