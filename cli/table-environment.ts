/**
 * How the CLI finds the table and Slack, from the user's environment:
 *   OFSTED_WATCH_DYNAMO_ENDPOINT  a running local dynalite (http://127.0.0.1:PORT)
 *   OFSTED_WATCH_LOCAL_DATA       or a folder where the CLI runs its own dynalite (data kept between runs)
 *   OFSTED_WATCH_TABLE            table name, default "ofsted-watch"
 *   AWS_REGION / AWS_DEFAULT_REGION  otherwise: the deployed table in AWS, with the usual credentials
 *   OFSTED_WATCH_SLACK_BASE_URL   local runs: where https://hooks.slack.com requests go instead
 * With none of the table settings, it explains what to set. Errors never carry secrets.
 */
import type { TableRef } from '#shared/store/client.ts';
import { LOCAL_TABLE_NAME } from '#shared/store/schema.ts';

export const CLI_ENV = {
  endpoint: 'OFSTED_WATCH_DYNAMO_ENDPOINT',
  localData: 'OFSTED_WATCH_LOCAL_DATA',
  table: 'OFSTED_WATCH_TABLE',
  slackBaseUrl: 'OFSTED_WATCH_SLACK_BASE_URL',
} as const;

/** The local folder `invoke` and `local` keep the table in when nothing else is set. */
export const DEFAULT_DATA_DIR = '.local/dynamo';

/** The Slack app, for local runs: the signing secret requests are signed with, and the one workspace served (optional). */
export const SLACK_ENV = {
  signingSecret: 'OFSTED_WATCH_SLACK_SIGNING_SECRET',
  teamId: 'OFSTED_WATCH_SLACK_TEAM_ID',
} as const;

export const ENVIRONMENT_HELP = `Environment (where subscriptions are kept):
  ${CLI_ENV.localData}=.local/dynamo
      a local table kept in this folder; the command runs DynamoDB (dynalite) itself. No AWS account needed.
  ${CLI_ENV.endpoint}=http://127.0.0.1:8000
      a local DynamoDB that is already running.
  AWS_REGION=eu-west-2
      with neither of the above: your deployed table in AWS (needs AWS credentials).
  ${CLI_ENV.table}=ofsted-watch
      the table's name (default ofsted-watch).
  ${CLI_ENV.slackBaseUrl}=http://127.0.0.1:3999
      local runs: deliver hooks.slack.com messages to the local receiver (npx --no-install node devkit/slack-receiver.ts).`;

/** A setup problem the user can fix: printed as is, exit status 1. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

export interface OpenedTable {
  table: TableRef;
  /** Where the table is, for messages: "local DynamoDB at …", "AWS eu-west-2". */
  where: string;
  close(): Promise<void>;
}

function localUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a URL such as http://127.0.0.1:8000 (got something else)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError(`${name} must be an http(s) URL such as http://127.0.0.1:8000`);
  return url.origin;
}

/** The Slack base URL for local runs, or undefined to talk to Slack itself. */
export function slackBaseUrlFrom(env: Env): string | undefined {
  const value = env[CLI_ENV.slackBaseUrl]?.trim();
  return value ? localUrl(CLI_ENV.slackBaseUrl, value) : undefined;
}

export async function openTableFromEnv(env: Env): Promise<OpenedTable> {
  const tableName = env[CLI_ENV.table]?.trim() || LOCAL_TABLE_NAME;
  const endpoint = env[CLI_ENV.endpoint]?.trim();
  const localData = env[CLI_ENV.localData]?.trim();
  if (endpoint) {
    const origin = localUrl(CLI_ENV.endpoint, endpoint);
    const { connectTable } = await import('#shared/store/client.ts');
    const { ensureTable } = await import('#devkit/dynalite.ts');
    const table = connectTable({ tableName, endpoint: origin });
    try {
      await ensureTable(table);
    } catch (error) {
      table.doc.destroy();
      throw new ConfigError(`cannot use the local DynamoDB at ${origin} (${errorCode(error)}): is it running? Start one, or unset ${CLI_ENV.endpoint}.`);
    }
    return { table, where: `local DynamoDB at ${origin}`, close: async () => table.doc.destroy() };
  }
  if (localData) {
    const { startLocalDynamo } = await import('#devkit/dynalite.ts');
    const local = await startLocalDynamo({ path: localData, tableName }).catch((error: unknown) => {
      throw new ConfigError(`cannot open the local table in ${localData} (${errorCode(error)}): is another ofsted-watch command using it?`);
    });
    return { table: local, where: `local table in ${localData}`, close: local.close };
  }
  const region = env.AWS_REGION?.trim() || env.AWS_DEFAULT_REGION?.trim();
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
  throw new ConfigError(['no table to keep subscriptions in. Set one of:', ...options.map(([setting, what]) => `  ${setting!.padEnd(width)}  ${what}`)].join('\n'));
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

/** Runs `work` with the table open, closing it after; setup problems become ConfigError. */
export async function withTable<T>(env: Env, work: (opened: OpenedTable) => Promise<T>): Promise<T> {
  const opened = await openTableFromEnv(env);
  try {
    return await work(opened);
  } catch (error) {
    const explained = explainAwsError(error, opened.where);
    if (explained) throw new ConfigError(explained);
    throw error;
  } finally {
    await opened.close();
  }
}
