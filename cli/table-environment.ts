/**
 * How the CLI finds the table and Slack, from the user's environment:
 *   OFSTED_WATCH_DYNAMO_ENDPOINT  a running local dynalite (http://127.0.0.1:PORT)
 *   OFSTED_WATCH_LOCAL_DATA       or a folder where the CLI runs its own dynalite (data kept between runs)
 *   OFSTED_WATCH_TABLE            table name, default "ofsted-watch"
 *   AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL  the AWS SDK's own endpoint settings: on this
 *                                 machine (127.0.0.1, localhost) they name a local DynamoDB too
 *   AWS_REGION / AWS_DEFAULT_REGION  otherwise: the deployed table in AWS, with the usual credentials
 *   OFSTED_WATCH_SLACK_BASE_URL   local runs: where https://hooks.slack.com requests go instead
 *   OFSTED_WATCH_SLACK_SIGNING_SECRET, _TEAM_ID, _BOT_TOKEN  local runs of the Slack app (SLACK_ENV)
 * One valibot schema (CliEnvSchema) reads them all. With none of the table
 * settings, it explains what to set. Errors never carry secrets.
 */
import type { TableRef } from '#shared/store/client.ts';
import { LOCAL_TABLE_NAME } from '#shared/store/schema.ts';
import * as v from 'valibot';
import { WatchError } from '#shared/domain/errors.ts';
import { issueProblem } from '#shared/runtime/issues.ts';
import { MisuseError } from './command.ts';
import { allLoopback } from '#shared/runtime/clients.ts';

export const CLI_ENV = {
  endpoint: 'OFSTED_WATCH_DYNAMO_ENDPOINT',
  localData: 'OFSTED_WATCH_LOCAL_DATA',
  table: 'OFSTED_WATCH_TABLE',
  slackBaseUrl: 'OFSTED_WATCH_SLACK_BASE_URL',
} as const;

/** The local folder `invoke` and `local` keep the table in when nothing else is set. */
export const DEFAULT_DATA_DIR = '.local/dynamo';

/**
 * The Slack app, for local runs: the signing secret requests are signed with,
 * the one workspace served (optional), and the bot token a local deliver-alerts
 * posts to channels with (optional; the local stand-in takes any xoxb- token).
 */
export const SLACK_ENV = {
  signingSecret: 'OFSTED_WATCH_SLACK_SIGNING_SECRET',
  teamId: 'OFSTED_WATCH_SLACK_TEAM_ID',
  botToken: 'OFSTED_WATCH_SLACK_BOT_TOKEN',
} as const;

export const ENVIRONMENT_HELP = `Environment (where subscriptions are kept):
  ${CLI_ENV.localData}=.local/dynamo
      a local table kept in this folder; the command runs DynamoDB (dynalite) itself. No AWS account needed.
  ${CLI_ENV.endpoint}=http://127.0.0.1:8000
      a local DynamoDB that is already running (AWS_ENDPOINT_URL_DYNAMODB on this machine counts as one);
      its table is created if it is not there yet.
  AWS_REGION=eu-west-2
      with neither of the above: your deployed table in AWS (needs AWS credentials).
  ${CLI_ENV.table}=ofsted-watch
      the table's name (default ofsted-watch).
  ${CLI_ENV.slackBaseUrl}=http://127.0.0.1:3999
      local runs: deliver hooks.slack.com messages to the local receiver (npx --no-install node devkit/slack-receiver.ts).`;

/** A setup problem the user can fix: printed as is, exit status 1. */
export class TableConfigError extends WatchError<'table_config'> {
  override name = 'TableConfigError';
  constructor(message: string) {
    super('table_config', message);
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export interface OpenedTable {
  table: TableRef;
  /** Where the table is, for messages: "local DynamoDB at …", "AWS eu-west-2". */
  where: string;
  close(): Promise<void>;
}

/** A local service's URL, as its origin. */
const localUrl = v.pipe(
  v.string(),
  v.check((text) => URL.canParse(text), ' must be a URL such as http://127.0.0.1:8000 (got something else)'),
  v.check((text) => /^https?:$/.test(new URL(text).protocol), ' must be an http(s) URL such as http://127.0.0.1:8000'),
  v.transform((text) => new URL(text).origin),
);

/** The one schema of the CLI's environment (blank values count as unset). */
export const CliEnvSchema = v.object({
  [CLI_ENV.endpoint]: v.optional(localUrl),
  [CLI_ENV.localData]: v.optional(v.string()),
  [CLI_ENV.table]: v.optional(v.string(), LOCAL_TABLE_NAME),
  [CLI_ENV.slackBaseUrl]: v.optional(localUrl),
  [SLACK_ENV.signingSecret]: v.optional(v.string()),
  [SLACK_ENV.teamId]: v.optional(v.pipe(v.string(), v.regex(/^T[A-Z0-9]{2,}$/, (issue) => ` "${String(issue.input)}" is not a Slack team id (T followed by capitals and digits)`))),
  [SLACK_ENV.botToken]: v.optional(v.pipe(v.string(), v.regex(/^xoxb-[A-Za-z0-9-]+$/, ' is not a bot token (xoxb-…)'))),
  AWS_REGION: v.optional(v.string()),
  AWS_DEFAULT_REGION: v.optional(v.string()),
  AWS_ENDPOINT_URL_DYNAMODB: v.optional(v.string()),
  AWS_ENDPOINT_URL: v.optional(v.string()),
});

/** An AWS SDK endpoint setting that points at this machine: a local DynamoDB (DynamoDB Local, dynalite). */
function localSdkEndpoint(value: string | undefined): string | undefined {
  if (!value || !URL.canParse(value)) return undefined;
  const url = new URL(value);
  return /^https?:$/.test(url.protocol) && allLoopback([url.host]) ? url.origin : undefined;
}

export interface CliEnvironment {
  tableName: string;
  /** A running local DynamoDB's origin. */
  endpoint?: string;
  /** A folder for a local table the command runs itself. */
  localData?: string;
  region?: string;
  /** Where hooks.slack.com requests go instead, for local runs. */
  slackBaseUrl?: string;
  /** Local runs of the Slack app: the signing secret, the one workspace served, the bot token. */
  slackSigningSecret?: string;
  slackTeamId?: string;
  slackBotToken?: string;
}

/** Reads the CLI's environment; every problem in one TableConfigError, each naming its variable. */
export function readCliEnvironment(env: Env): CliEnvironment {
  const present = Object.fromEntries(Object.keys(CliEnvSchema.entries).map((name) => [name, env[name]?.trim() || undefined]));
  const result = v.safeParse(CliEnvSchema, present, { abortPipeEarly: true });
  if (!result.success) throw new TableConfigError(result.issues.map((issue) => issueProblem('', issue)).join('\n'));
  const out = result.output;
  // A local DynamoDB named through the SDK's own settings is a local DynamoDB all the same: its table is created on first use.
  const endpoint = out[CLI_ENV.endpoint] ?? localSdkEndpoint(out.AWS_ENDPOINT_URL_DYNAMODB ?? out.AWS_ENDPOINT_URL);
  const localData = out[CLI_ENV.localData];
  const region = out.AWS_REGION ?? out.AWS_DEFAULT_REGION;
  const slackBaseUrl = out[CLI_ENV.slackBaseUrl];
  const slack = { slackSigningSecret: out[SLACK_ENV.signingSecret], slackTeamId: out[SLACK_ENV.teamId], slackBotToken: out[SLACK_ENV.botToken] };
  return {
    ...Object.fromEntries(Object.entries(slack).filter(([, value]) => value !== undefined)),
    tableName: out[CLI_ENV.table],
    ...(endpoint ? { endpoint } : {}),
    ...(localData ? { localData } : {}),
    ...(region ? { region } : {}),
    ...(slackBaseUrl ? { slackBaseUrl } : {}),
  };
}

/** The Slack base URL for local runs, or undefined to talk to Slack itself. */
export function slackBaseUrlFrom(env: Env): string | undefined {
  return readCliEnvironment(env).slackBaseUrl;
}

/**
 * Opens the table the environment names. With none named, `fallbackDataDir`
 * (the folder `invoke` keeps its local table in) is used if given; otherwise
 * it explains what to set.
 */
export async function openTableFromEnv(env: Env, opening: { fallbackDataDir?: string; holder?: string } = {}): Promise<OpenedTable> {
  const { tableName, endpoint: origin, region, ...named } = readCliEnvironment(env);
  const localData = named.localData ?? (region ? undefined : opening.fallbackDataDir);
  if (origin) {
    const { connectTable } = await import('#shared/store/client.ts');
    const { ensureTable } = await import('#devkit/dynalite.ts');
    const table = connectTable({ tableName, endpoint: origin });
    try {
      await ensureTable(table);
    } catch (error) {
      table.doc.destroy();
      throw new TableConfigError(`cannot use the local DynamoDB at ${origin} (${errorCode(error)}): is it running? Start one, or unset ${CLI_ENV.endpoint}.`);
    }
    return { table, where: `local DynamoDB at ${origin}`, close: async () => table.doc.destroy() };
  }
  if (localData) {
    const { startLocalDynamo } = await import('#devkit/dynalite.ts');
    const { FolderInUseError } = await import('#devkit/folder-lock.ts');
    const local = await startLocalDynamo({ path: localData, tableName, holder: opening.holder ?? 'an ofsted-watch command' }).catch((error: unknown) => {
      if (error instanceof FolderInUseError) throw new MisuseError(error.message);
      throw new TableConfigError(`cannot open the local table in ${localData} (${errorCode(error)})`);
    });
    return { table: local, where: `local table in ${localData}`, close: local.close };
  }
  if (region) {
    const { connectTable } = await import('#shared/store/client.ts');
    const table = connectTable({ tableName, region });
    return { table, where: `table ${tableName} in AWS ${region}`, close: async () => table.doc.destroy() };
  }
  const options = [
    [`${CLI_ENV.localData}=.local/dynamo`, 'a local table kept in a folder (no AWS account needed)'],
    [`${CLI_ENV.endpoint}=http://127.0.0.1:8000`, 'a local DynamoDB that is already running'],
    ['AWS_REGION=eu-west-2', 'your deployed table in AWS (with AWS credentials)'],
  ];
  const width = Math.max(...options.map(([setting]) => setting!.length));
  throw new TableConfigError(['no table to keep subscriptions in. Set one of:', ...options.map(([setting, what]) => `  ${setting!.padEnd(width)}  ${what}`)].join('\n'));
}

/** A short, secret-free name for an error (SDK error name or Node error code). */
export function errorCode(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: unknown; name?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string' && /^[A-Z_]+$/.test(e.code)) return e.code;
    if (e.cause) return errorCode(e.cause);
    if (Array.isArray(e.errors) && e.errors.length) return errorCode(e.errors[0]);
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
  }
  return 'error';
}

/** Turns AWS failures into what the user should do; null when it is not one we know. */
export function explainAwsError(error: unknown, where: string): string | null {
  const name = (error as { name?: string } | null)?.name ?? '';
  if (name === 'CredentialsProviderError' || /credential/i.test(name)) {
    return `no AWS credentials for ${where}. Configure AWS credentials (aws configure, AWS_PROFILE), or work locally with ${CLI_ENV.localData}=.local/dynamo.`;
  }
  if (name === 'ResourceNotFoundException') return `${where} does not exist: deploy the stack first, or set ${CLI_ENV.table} to the table's name.`;
  if (name === 'AccessDeniedException' || name === 'UnrecognizedClientException') return `AWS refused access to ${where} (${name}): check your credentials and their permissions.`;
  if (name === 'TimeoutError' || ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT'].includes(errorCode(error))) {
    return `cannot reach ${where} (${errorCode(error)}).`;
  }
  return null;
}

/** Runs `work` with the table open, closing it after; setup problems become TableConfigError. */
export async function withTable<T>(env: Env, work: (opened: OpenedTable) => Promise<T>, options: { fallbackDataDir?: string; holder?: string } = {}): Promise<T> {
  const opened = await openTableFromEnv(env, options);
  try {
    return await work(opened);
  } catch (error) {
    const explained = explainAwsError(error, opened.where);
    if (explained) throw new TableConfigError(explained);
    throw error;
  } finally {
    await opened.close();
  }
}
