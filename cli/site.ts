/**
 * `ofsted-watch site --out DIR`: builds the national site (map, council pages,
 * open data, feeds) from the table the other commands use, into a folder.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite, type PublishSummary } from '#shared/site/publish.ts';
import { readSiteData } from '#shared/site/source.ts';
import type { TableRef } from '#shared/store/client.ts';
import { parseCommandArgs, UsageError, type Command } from './command.ts';
import { DEFAULT_DATA_DIR } from './invoke.ts';
import { runWithTable } from './subscription-io.ts';
import { CLI_ENV, ENVIRONMENT_HELP } from './table-environment.ts';

const help = `Usage: ofsted-watch site --out DIR [--base-url URL]

Builds the national site from the table the other commands use: index.html (the
hex map of the 153 councils, the latest events, the year-by-year chart), one page
and one Atom feed per council, feed.atom, and the open data in data/. The folder
can be opened from disk or served as it is; nothing in it loads from another host.
Files already in DIR with the same content are left alone.

Options:
  --out DIR         the folder to write (created if missing)
  --base-url URL    the site's public address (https://…), for absolute links
                    in the Atom feeds; without it they are relative
  -h, --help        this text

The table: as for subscribe, or with none of these set the local table that
\`invoke\` keeps in ${DEFAULT_DATA_DIR}.
${ENVIRONMENT_HELP}`;

/** Builds the site from `table` into `dir`, writing only changed files. */
export function writeSiteFolder(table: TableRef, dir: string, options: { now?: () => Date; baseUrl?: string } = {}): Promise<PublishSummary> {
  return publishSite({ read: () => readSiteData(table), target: folderTarget(resolve(dir)), ...options });
}

/** "153 councils: 318 files (4.1 MB) from 51 reports and 3 events, built in 410 ms; 318 written, 0 unchanged". */
export function describePublish(summary: PublishSummary): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  return `${summary.files} files (${(summary.bytes / 1_048_576).toFixed(1)} MB) from ${count(summary.records, 'report')} and ${count(summary.events, 'event')}, ` +
    `built in ${summary.buildMs} ms; ${summary.written} written, ${summary.unchanged} unchanged${summary.removed ? `, ${summary.removed} removed` : ''}`;
}

export function indexUrl(dir: string): string {
  return pathToFileURL(resolve(dir, 'index.html')).href;
}

function checkBaseUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('protocol');
    return url.href.replace(/\/+$/, '');
  } catch {
    throw new UsageError(`--base-url "${value}" is not an http(s) URL`);
  }
}

export const command: Command = {
  name: 'site',
  summary: 'build the national site (hex map, council pages, open data, feeds) from the table into a folder',
  help,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { out: { type: 'string' }, 'base-url': { type: 'string' } });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    if (!values.out) throw new UsageError('--out DIR is required: the folder to write the site to');
    const baseUrl = checkBaseUrl(values['base-url']);
    const out = values.out;
    return runWithTable('site', io, async ({ table, where }) => {
      io.err(`site: reading ${where}…`);
      const summary = await writeSiteFolder(table, out, baseUrl ? { baseUrl } : {});
      if (summary.records === 0) io.err(`site: the table holds no reports yet; run a scan first (npx --no-install ofsted-watch invoke ofsted-scan, or set ${CLI_ENV.localData}).`);
      io.out(`Site: ${describePublish(summary)}.`);
      io.out(indexUrl(out));
      return 0;
    }, { fallbackDataDir: DEFAULT_DATA_DIR });
  },
};
