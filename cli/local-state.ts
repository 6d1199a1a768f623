/**
 * Where a running `ofsted-watch local` can be found: it writes its addresses
 * to `.local/local.json` (and the news feeds of its news site to
 * `.local/local-news-feeds.json`) in the folder it was started from, and
 * removes both when it stops. `invoke --local` reads them, so the commands of
 * a local walkthrough name no ports.
 */
import { existsSync } from 'node:fs';
import { readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from './command.ts';
import { processRunning as running } from '#shared/runtime/processes.ts';

export const LOCAL_STATE_FILE = '.local/local.json';
export const LOCAL_FEEDS_FILE = '.local/local-news-feeds.json';

export interface LocalState {
  pid: number;
  startedAt: string;
  /** The Ofsted site replay. */
  ofstedBaseUrl: string;
  /** The Slack receiver (instead of https://hooks.slack.com). */
  slackBaseUrl: string;
  /** The news feeds file (JSON) of the local news site. */
  newsFeedsFile: string;
  /** Where publish-site writes the site the local server serves, and its address. */
  siteDir: string;
  siteUrl: string;
}

export async function writeLocalState(state: LocalState, file = LOCAL_STATE_FILE): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(state, null, 2)}\n`);
}

export async function writeLocalFeeds(feeds: readonly unknown[], file = LOCAL_FEEDS_FILE): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(feeds, null, 2)}\n`);
}

export async function removeLocalFiles(...files: string[]): Promise<void> {
  await Promise.all(files.map((file) => rm(file, { force: true })));
}

/** The running `local`'s state; a UsageError saying what to do when there is none. */
export async function readLocalState(file = LOCAL_STATE_FILE): Promise<LocalState> {
  const missing = `no \`ofsted-watch local\` is running from this folder (${file} not found): start it in another terminal first, from the same folder`;
  if (!existsSync(file)) throw new UsageError(missing);
  let state: LocalState;
  try {
    state = JSON.parse(await readFile(file, 'utf8')) as LocalState;
  } catch {
    throw new UsageError(`${file} is not readable JSON: stop \`ofsted-watch local\`, delete the file and start it again`);
  }
  if (typeof state.pid !== 'number' || !running(state.pid)) throw new UsageError(`the \`ofsted-watch local\` that wrote ${file} (pid ${state.pid}) is no longer running: start it again in another terminal, from this folder`);
  return state;
}
