/**
 * `ofsted-watch invoke <function>`: runs a Lambda handler on this machine, the
 * same module with the same wiring as in AWS, against local DynamoDB (dynalite,
 * started in this process unless an endpoint is given) and, for the scans, a
 * configurable site base URL such as the local replay site. No AWS account.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FUNCTIONS, scheduledEvent, type FunctionSpec } from '#shared/runtime/registry.ts';
import { CLI_ENV, errorCode, SLACK_ENV } from './table-environment.ts';
import { environmentFor, LOG_LEVELS } from '#shared/runtime/env.ts';
import type { Handler } from '#shared/runtime/lambda.ts';
import { LOCAL_TABLE_NAME } from '#shared/store/schema.ts';
import { MisuseError, UsageError, type CliIo, type Command } from './command.ts';
import { allLoopback } from '#shared/runtime/clients.ts';
import { DEFAULT_DATA_DIR, DEFAULT_SITE_DIR, LOCAL_CONTACT_URL, plan, type InvokePlan } from './invoke-plan.ts';
import { botTokenInvocation, slashInvocation, slashOutput } from './invoke-slack.ts';

export { DEFAULT_DATA_DIR, DEFAULT_SITE_DIR, LOCAL_CONTACT_URL } from './invoke-plan.ts';

function triggerSummary(spec: FunctionSpec): string {
  const kind = { schedule: 'schedule', 'table-stream': 'table stream', 'function-url': 'HTTPS' } as const;
  return spec.triggers.map((t) => `${kind[t.type]}: ${t.purpose}`).join('; ');
}

function functionList(): string {
  return FUNCTIONS.map((f) => `  ${f.name.padEnd(16)} ${f.description}\n  ${''.padEnd(16)} (${triggerSummary(f)}; ${f.memoryMb} MB, ${f.timeoutSeconds} s)`).join('\n');
}

const HELP = `Usage: ofsted-watch invoke <function> [options]

Runs one of the deployed Lambda functions on this machine: the same handler
module, configured through the same environment variables, against a local
DynamoDB. Needs no AWS account and, with a local site, no internet.

Functions:
${functionList()}

Options:
  --local                 use the stand-ins \`ofsted-watch local\` runs from this folder:
                          its Ofsted site replay, news feeds, Slack receiver and
                          site folder (what the options below give, unless given)
  --now TIME              run as if it were TIME (ISO, e.g. 2019-07-02T09:00:00Z): the
                          handler's clock starts there; with a local replay of the
                          Ofsted site, ofsted-scan also shows it as of TIME's day
  --json                  log JSON lines and CloudWatch metric lines, as in AWS
                          (default: a line of text for each event)
  --event FILE            JSON event to pass to the handler (default: the event
                          its schedule sends, at --now or the current time)
  --endpoint URL          DynamoDB endpoint of a running dynalite or DynamoDB Local
                          (default: env ${CLI_ENV.endpoint}, else dynalite started in
                          this process)
  --data DIR              where the in-process dynalite keeps the table between runs
                          (default: env ${CLI_ENV.localData}, else ${DEFAULT_DATA_DIR})
  --in-memory             in-process dynalite without files: nothing is kept
  --table NAME            table name (default: env ${CLI_ENV.table}, else ${LOCAL_TABLE_NAME})
  --ofsted-base-url URL   Ofsted reports site for ofsted-scan, e.g. the local replay
                          site (default https://reports.ofsted.gov.uk)
  --news-feeds FILE       JSON list of news feeds for news-scan, e.g. the local news
                          site's (default: the built-in list; format in shared/news/feeds.ts)
  --slack-base-url URL    where deliver-alerts posts instead of https://hooks.slack.com and
                          Slack's Web API (e.g. the local Slack stand-in; default: env
                          ${CLI_ENV.slackBaseUrl}); channel subscriptions then post with
                          the bot token in ${SLACK_ENV.botToken}, or a local one
  --site-dir DIR          where publish-site writes the site instead of the S3 bucket
                          (default ${DEFAULT_SITE_DIR}, the folder \`ofsted-watch local\` serves)
  --site-url URL          the site's public address, for absolute links in its feeds
  --secrets FILE          JSON {"secret-name": "value"} used instead of Secrets Manager
  --text "COMMAND"        slack-commands: the /ofsted command to run, sent as Slack sends it
                          (a signed slash-command request; signing secret
                          ${SLACK_ENV.signingSecret} or a random one)
  --team T… --channel C… --user U…
                          slack-commands: who asks and where (default T0LOCAL or
                          ${SLACK_ENV.teamId}, C0LOCAL, U0LOCAL)
  --contact-url URL       contact URL for the User-Agent (default ${LOCAL_CONTACT_URL})
  --timeout SECONDS       time the handler is given (default: the function's Lambda timeout)
  --log-level LEVEL       ${LOG_LEVELS.join(' | ')} (default info)
  -h, --help              this help

The handler's log lines go to stdout, then its result: text by default; with
--json, the JSON log lines and CloudWatch (EMF) metric lines it writes in AWS,
then the result as JSON. Exit status 0 when the run succeeded, 1 when it threw,
2 when the command could not start it (bad options, a local folder in use).

Examples:
  npx --no-install ofsted-watch invoke ofsted-scan --local --now 2019-07-02T09:00:00Z
  npx --no-install ofsted-watch invoke ofsted-scan --ofsted-base-url http://127.0.0.1:8080
  npx --no-install ofsted-watch invoke deliver-alerts --slack-base-url http://127.0.0.1:9090 --secrets .local/secrets.json
  npx --no-install ofsted-watch invoke publish-site
  npx --no-install ofsted-watch invoke slack-commands --text "status Stoke-on-Trent"
  npx --no-install ofsted-watch invoke slack-commands --channel C0NEWSROOM --text "subscribe Tameside downgrade upgrade"`;

export interface InvokeResult {
  ok: boolean;
  result?: unknown;
  error?: unknown;
}

async function readJsonOption(option: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --${option} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--${option} ${file} is not JSON: ${(error as Error).message}`);
  }
}

/**
 * The DynamoDB the function is given: the endpoint named, or a dynalite
 * started here (its folder locked while it runs); none for a function with no
 * table access (check-sources).
 */
async function localTable(p: InvokePlan, io: CliIo): Promise<{ endpoint?: string; close(): Promise<void> }> {
  if (!p.spec.table) return { close: async () => undefined };
  if (p.endpoint) {
    const { connectTable } = await import('#shared/store/client.ts');
    const { ensureTable } = await import('#devkit/dynalite.ts');
    const table = connectTable({ tableName: p.tableName, endpoint: p.endpoint });
    await ensureTable(table).finally(() => table.doc.destroy());
    return { endpoint: p.endpoint, close: async () => undefined };
  }
  const { startLocalDynamo } = await import('#devkit/dynalite.ts');
  const { FolderInUseError } = await import('#devkit/folder-lock.ts');
  const local = await startLocalDynamo({ tableName: p.tableName, holder: `ofsted-watch invoke ${p.spec.name}`, ...(p.dataDir ? { path: p.dataDir } : {}) }).catch((error: unknown) => {
    throw error instanceof FolderInUseError ? new MisuseError(error.message) : error;
  });
  io.err(`invoke: local DynamoDB at ${local.endpoint}${p.dataDir ? ` (data in ${p.dataDir})` : ' (in memory)'}`);
  return { endpoint: local.endpoint, close: local.close };
}

/**
 * Runs the handler with `plan.env` layered over the process environment, as
 * Lambda would give it its configuration. The handler module is loaded after
 * the environment is in place.
 */
async function run(p: InvokePlan, io: CliIo): Promise<InvokeResult> {
  let event = p.eventFile ? await readJsonOption('event', p.eventFile) : scheduledEvent(p.spec.name, (p.now ?? new Date()).toISOString());
  const scratch = await mkdtemp(join(tmpdir(), 'ofsted-watch-invoke-'));
  try {
    if (p.slash) {
      const slash = await slashInvocation(p.slash, scratch, p.secretsFile);
      Object.assign(p.local, slash.values);
      event = slash.event;
    }
    // Against a local Slack stand-in, channel subscriptions post with a local bot token, passed by name as in AWS.
    if (p.spec.environment.includes('slackBotTokenSecretName' as never) && p.local.slackBaseUrl) Object.assign(p.local, await botTokenInvocation(scratch, p.secretsFile, p.botToken));
    return await runHandler(p, event, io);
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function runHandler(p: InvokePlan, event: unknown, io: CliIo): Promise<InvokeResult> {
  if (p.newsFeedsFile) p.local.newsFeeds = JSON.stringify(await readJsonOption('news-feeds', p.newsFeedsFile));
  const { endpoint, close } = await localTable(p, io);
  if (p.now && p.local.ofstedBaseUrl && p.spec.environment.includes('ofstedBaseUrl' as never)) await moveReplay(p.local.ofstedBaseUrl, p.now, io).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  Object.assign(process.env, environmentFor(p.spec.environment, { ...p.local, ...(endpoint ? { dynamodbEndpoint: endpoint } : {}) }, 'local'));
  try {
    const { handler } = (await import(new URL(`../${p.spec.entry}`, import.meta.url).href)) as { handler: Handler<unknown> };
    const deadline = Date.now() + p.timeoutMs;
    const context = { awsRequestId: `local-${randomUUID()}`, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
    const startedAt = Date.now();
    try {
      const result = await handler(event, context);
      io.err(`invoke: ${p.spec.name} finished in ${Date.now() - startedAt} ms`);
      return { ok: true, result };
    } catch (error) {
      io.err(`invoke: ${p.spec.name} failed after ${Date.now() - startedAt} ms: ${(error as Error).message ?? String(error)}`);
      return { ok: false, error };
    }
  } finally {
    await close();
  }
}

/**
 * --now with a local replay of the Ofsted site (devkit/replay-site.ts): the
 * replay shows the site as it stood on that day, so the scan sees what Ofsted
 * had published by then. A site on another machine is left alone; a loopback
 * one that is not a replay cannot go back in time, which is said in one line.
 */
async function moveReplay(baseUrl: string, now: Date, io: CliIo): Promise<void> {
  if (!allLoopback([new URL(baseUrl).host])) return;
  const day = now.toISOString().slice(0, 10);
  let answer: Response;
  try {
    answer = await fetch(`${baseUrl}/_replay/as-of`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ asOf: day }) });
  } catch (error) {
    throw new MisuseError(`cannot reach the Ofsted site at ${baseUrl} (${errorCode(error)}): is \`ofsted-watch local\` running?`);
  }
  if (!answer.ok) throw new MisuseError(`the Ofsted site at ${baseUrl} is not a local replay (${answer.status}), so --now cannot show it as of ${day}`);
  const shown = (await answer.json()) as { reports: number };
  io.err(`invoke: the local Ofsted replay shows the site as of ${day} (${shown.reports} reports)`);
}

export const command: Command = {
  name: 'invoke',
  summary: `run a Lambda function locally (${FUNCTIONS.map((f) => f.name).join(', ')})`,
  help: HELP,
  async run(argv, io) {
    const p = await plan(argv, process.env);
    const outcome = await run(p, io);
    if (!outcome.ok) return 1;
    const shown = p.spec.name === 'slack-commands' ? slashOutput(outcome.result) : { ok: true, printed: outcome.result };
    // Text logs end with the run's summary; JSON output ends with the result, for scripts. A slash command's answer is printed either way.
    if (p.local.logFormat === 'json' || p.spec.name === 'slack-commands') io.out(JSON.stringify(shown.printed ?? null, null, 2));
    return shown.ok ? 0 : 1;
  },
};


