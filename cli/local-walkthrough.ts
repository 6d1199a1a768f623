/**
 * What `ofsted-watch local` needs besides its servers: ports that are taken
 * said in one line, the day it replays, and the commands it prints for the
 * other terminal (the README's walkthrough is the same text).
 */
import { MisuseError, UsageError } from './command.ts';

/**
 * Starts a server on a port: the one given, or a message naming it and its
 * option when it is taken; without one, `preferred`, or any free port when that
 * is taken (said through `note`). What started is added to `opened` so the
 * caller can close it whatever happens next.
 */
export async function onPort<T extends { close(): Promise<void> }>(
  server: { what: string; option: string; value: string | undefined; preferred: number },
  note: (line: string) => void,
  start: (port: number) => Promise<T>,
  opened: { close(): Promise<void> }[],
): Promise<T> {
  const { option, value, preferred } = server;
  const inUse = (error: unknown) => (error as NodeJS.ErrnoException)?.code === 'EADDRINUSE';
  const given = value === undefined ? undefined : portNumber(option, value);
  let started: T;
  try {
    started = await start(given ?? preferred);
  } catch (error) {
    if (!inUse(error)) throw error;
    if (given !== undefined) throw new MisuseError(`port ${given} (${option}) is in use: is another \`ofsted-watch local\` running? Stop it, or give another port (${option} 0 takes any free one)`);
    note(`port ${preferred} is in use, so ${server.what} takes a free port instead`);
    started = await start(0);
  }
  opened.push(started);
  return started;
}

function portNumber(option: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65_535) throw new UsageError(`${option} must be a port number (0–65535), got "${value}"`);
  return n;
}

/** A calendar day written YYYY-MM-DD. */
export function parseDay(option: string, value: string): string {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== value) throw new UsageError(`${option} must be a date written YYYY-MM-DD, got "${value}"`);
  return value;
}

const DAY_MS = 86_400_000;

/** The commands to run in another terminal; with a replayed day, the baseline on it and a scan two days on. */
export function walkthrough(options: { asOf: string | null; siteUrl: string }): string {
  const cli = 'npx --no-install ofsted-watch';
  const scans = options.asOf
    ? [
        `  ${cli} invoke ofsted-scan --local --now ${options.asOf}T18:00:00Z   # the baseline: the site as it stood that day`,
        `  ${cli} invoke ofsted-scan --local --now ${new Date(Date.parse(options.asOf) + 2 * DAY_MS).toISOString().slice(0, 10)}T09:00:00Z   # two days on: what Ofsted published since`,
      ]
    : [`  ${cli} invoke ofsted-scan --local   # the first scan records the baseline`];
  return [
    'In another terminal, from this folder (the local table is kept in .local/dynamo between runs):',
    '  export OFSTED_WATCH_LOCAL_DATA=.local/dynamo',
    `  ${cli} subscribe --webhook https://hooks.slack.com/services/T000/B000/XXXXXXXX --all`,
    ...scans,
    `  ${cli} invoke news-scan --local`,
    `  ${cli} invoke deliver-alerts --local   # the alerts appear here`,
    `  ${cli} invoke publish-site --local   # then reload ${options.siteUrl}`,
  ].join('\n');
}
