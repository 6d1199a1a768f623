/**
 * `ofsted-watch invoke <function>`: runs a Lambda handler on this machine, the
 * same module with the same wiring as in AWS, against local DynamoDB (dynalite,
 * started in this process unless an endpoint is given) and, for the scans, a
 * configurable site base URL such as the local replay site. No AWS account.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FUNCTIONS, functionSpec, isFunctionName, scheduledEvent, type FunctionSpec } from '#shared/runtime/registry.ts';
import { CLI_ENV, DEFAULT_DATA_DIR, readCliEnvironment, SLACK_ENV, TableConfigError, type CliEnvironment } from './table-environment.ts';
import { environmentFor, LOG_LEVELS, type EnvKey } from '#shared/runtime/env.ts';
import type { Handler } from '#shared/runtime/lambda.ts';
import { LOCAL_TABLE_NAME } from '#shared/store/schema.ts';
import { parseCommandArgs, UsageError, type CliIo, type Command } from './command.ts';
import { botTokenInvocation, slashInvocation, slashOutput, slashPlan, type SlashPlan } from './invoke-slack.ts';

/** Contact URL for local runs; a deployment sets its own (ofsted-watch:contactUrl). */
export const LOCAL_CONTACT_URL = 'https://ofsted-watch.invalid/local-run';
export { DEFAULT_DATA_DIR };
/** Where a local publish-site writes the site (and `ofsted-watch local` serves it from). */
export const DEFAULT_SITE_DIR = '.local/site';

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
  --event FILE            JSON event to pass to the handler (default: the event
                          its schedule sends, with the current time)
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

The handler's log lines (JSON) and metric lines (CloudWatch EMF) go to stdout,
then its result. Exit status 0 when the run succeeded, 1 when it threw.

Examples:
  npx ofsted-watch invoke ofsted-scan --ofsted-base-url http://127.0.0.1:8080
  npx ofsted-watch invoke deliver-alerts --slack-base-url http://127.0.0.1:9090 --secrets .local/secrets.json
  npx ofsted-watch invoke publish-site
  npx ofsted-watch invoke slack-commands --text "status Stoke-on-Trent"
  npx ofsted-watch invoke slack-commands --channel C0NEWSROOM --text "subscribe Tameside downgrade upgrade"`;

const OPTIONS = {
  event: { type: 'string' },
  endpoint: { type: 'string' },
  data: { type: 'string' },
  'in-memory': { type: 'boolean' },
  table: { type: 'string' },
  'ofsted-base-url': { type: 'string' },
  'news-feeds': { type: 'string' },
  'slack-base-url': { type: 'string' },
  text: { type: 'string' },
  team: { type: 'string' },
  channel: { type: 'string' },
  user: { type: 'string' },
  secrets: { type: 'string' },
  'site-dir': { type: 'string' },
  'site-url': { type: 'string' },
  'contact-url': { type: 'string' },
  timeout: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

function checkUrl(label: string, value: string): string {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
  } catch {
    throw new UsageError(`${label} "${value}" is not an http(s) URL`);
  }
  return value;
}

export interface InvokeResult {
  ok: boolean;
  result?: unknown;
  error?: unknown;
}

/** Everything a run needs, parsed from the command line. */
interface InvokePlan {
  spec: FunctionSpec;
  newsFeedsFile?: string;
  eventFile?: string;
  endpoint?: string;
  dataDir?: string;
  tableName: string;
  timeoutMs: number;
  /** Every value a local run can give; the function takes those its registry entry names. */
  local: LocalValues;
  slash?: SlashPlan;
  secretsFile?: string;
  /** The bot token a local deliver-alerts posts to channels with (OFSTED_WATCH_SLACK_BOT_TOKEN, else a local one). */
  botToken?: string;
}

type LocalValues = Partial<Record<EnvKey, string>>;

function plan(argv: string[], env: Readonly<Record<string, string | undefined>>): InvokePlan {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const [name, ...extra] = positionals;
  const valid = FUNCTIONS.map((f) => f.name).join(', ');
  if (!name) throw new UsageError(`name the function to run: one of ${valid}`);
  if (extra.length) throw new UsageError(`unexpected argument "${extra[0]}": give one function name`);
  if (!isFunctionName(name)) throw new UsageError(`unknown function "${name}"; the functions are ${valid}`);
  const spec = functionSpec(name);
  if (values.endpoint && (values.data || values['in-memory'])) throw new UsageError('--endpoint uses a running DynamoDB; --data and --in-memory are for the in-process one');
  if (values.data && values['in-memory']) throw new UsageError('--data and --in-memory contradict each other');
  let timeoutMs = spec.timeoutSeconds * 1000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout "${values.timeout}" must be a number of seconds above 0`);
    timeoutMs = seconds * 1000;
  }
  const logLevel = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new UsageError(`--log-level "${logLevel}" must be one of ${LOG_LEVELS.join(', ')}`);
  let cliEnv: CliEnvironment;
  try {
    cliEnv = readCliEnvironment(env);
  } catch (error) {
    throw error instanceof TableConfigError ? new UsageError(error.message) : error;
  }
  const endpoint = values.endpoint ? checkUrl('--endpoint', values.endpoint) : values.data || values['in-memory'] ? undefined : cliEnv.endpoint;
  const tableName = values.table ?? cliEnv.tableName;
  const slackBaseUrl = values['slack-base-url'] ?? cliEnv.slackBaseUrl;

  const local: LocalValues = {
    tableName,
    contactUrl: checkUrl('--contact-url', values['contact-url'] ?? LOCAL_CONTACT_URL),
    logLevel,
    ...(values['ofsted-base-url'] ? { ofstedBaseUrl: checkUrl('--ofsted-base-url', values['ofsted-base-url']) } : {}),
    ...(slackBaseUrl ? { slackBaseUrl: checkUrl('--slack-base-url', slackBaseUrl) } : {}),
    ...(values.secrets ? { localSecretsFile: resolve(values.secrets) } : {}),
    siteDir: resolve(values['site-dir'] ?? DEFAULT_SITE_DIR),
    ...(values['site-url'] ? { siteUrl: checkUrl('--site-url', values['site-url']) } : {}),
  };
  if (values['site-dir'] && !spec.environment.includes('siteDir')) throw new UsageError(`--site-dir is for ${FUNCTIONS.filter((f) => (f.environment as readonly string[]).includes('siteDir')).map((f) => f.name).join(', ')}`);
  const slash = slashPlan(spec.name, { text: values.text, team: values.team, channel: values.channel, user: values.user }, values.event !== undefined, cliEnv);
  return {
    ...(slash ? { slash } : {}),
    ...(values.secrets ? { secretsFile: resolve(values.secrets) } : {}),
    spec,
    ...(values['news-feeds'] ? { newsFeedsFile: values['news-feeds'] } : {}),
    ...(values.event ? { eventFile: values.event } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(!endpoint && !values['in-memory'] ? { dataDir: values.data ?? cliEnv.localData ?? DEFAULT_DATA_DIR } : {}),
    tableName,
    timeoutMs,
    local,
    ...(cliEnv.slackBotToken ? { botToken: cliEnv.slackBotToken } : {}),
  };
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
 * Runs the handler with `plan.env` layered over the process environment, as
 * Lambda would give it its configuration. The handler module is loaded after
 * the environment is in place.
 */
async function run(p: InvokePlan, io: CliIo): Promise<InvokeResult> {
  let event = p.eventFile ? await readJsonOption('event', p.eventFile) : scheduledEvent(p.spec.name, new Date().toISOString());
  const scratch = await mkdtemp(join(tmpdir(), 'ofsted-watch-invoke-'));
  if (p.slash) {
    const slash = await slashInvocation(p.slash, scratch, p.secretsFile);
    Object.assign(p.local, slash.values);
    event = slash.event;
  }
  // Against a local Slack stand-in, channel subscriptions post with a local bot token, passed by name as in AWS.
  if (p.spec.environment.includes('slackBotTokenSecretName') && p.local.slackBaseUrl) Object.assign(p.local, await botTokenInvocation(scratch, p.secretsFile, p.botToken));
  if (p.newsFeedsFile) p.local.newsFeeds = JSON.stringify(await readJsonOption('news-feeds', p.newsFeedsFile));
  let close = async () => {};
  let endpoint = p.endpoint;
  if (!endpoint) {
    const { startLocalDynamo } = await import('#devkit/dynalite.ts');
    const local = await startLocalDynamo({ tableName: p.tableName, ...(p.dataDir ? { path: p.dataDir } : {}) });
    endpoint = local.endpoint;
    close = local.close;
    io.err(`invoke: local DynamoDB at ${endpoint}${p.dataDir ? ` (data in ${p.dataDir})` : ' (in memory)'}`);
  } else {
    const { connectTable } = await import('#shared/store/client.ts');
    const { ensureTable } = await import('#devkit/dynalite.ts');
    const table = connectTable({ tableName: p.tableName, endpoint });
    await ensureTable(table).finally(() => table.doc.destroy());
  }
  Object.assign(process.env, environmentFor(p.spec.environment, { ...p.local, dynamodbEndpoint: endpoint }, 'local'));
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
    await rm(scratch, { recursive: true, force: true });
  }
}

export const command: Command = {
  name: 'invoke',
  summary: `run a Lambda function locally (${FUNCTIONS.map((f) => f.name).join(', ')})`,
  help: HELP,
  async run(argv, io) {
    const p = plan(argv, process.env);
    const outcome = await run(p, io);
    if (!outcome.ok) return 1;
    const shown = p.spec.name === 'slack-commands' ? slashOutput(outcome.result) : { ok: true, printed: outcome.result };
    io.out(JSON.stringify(shown.printed ?? null, null, 2));
    return shown.ok ? 0 : 1;
  },
};


