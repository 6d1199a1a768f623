/**
 * What `ofsted-watch invoke` is asked to do, from its command line, the
 * environment and, with --local, the addresses `ofsted-watch local` wrote.
 */
import { resolve } from 'node:path';
import { FUNCTIONS, functionSpec, isFunctionName, type FunctionSpec } from '#shared/runtime/registry.ts';
import { LOG_LEVELS, type EnvKey } from '#shared/runtime/env.ts';
import { parseCommandArgs, UsageError } from './command.ts';
import { DEFAULT_DATA_DIR, readCliEnvironment, TableConfigError, type CliEnvironment } from './table-environment.ts';
import { slashPlan, type SlashPlan } from './invoke-slack.ts';

export { DEFAULT_DATA_DIR };

/** Contact URL for local runs; a deployment sets its own (ofsted-watch:contactUrl). */
export const LOCAL_CONTACT_URL = 'https://ofsted-watch.invalid/local-run';
/** Where a local publish-site writes the site (and `ofsted-watch local` serves it from). */
export const DEFAULT_SITE_DIR = '.local/site';

export const OPTIONS = {
  local: { type: 'boolean' },
  now: { type: 'string' },
  json: { type: 'boolean' },
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

/** Everything a run needs, parsed from the command line. */
export interface InvokePlan {
  spec: FunctionSpec;
  newsFeedsFile?: string;
  eventFile?: string;
  endpoint?: string;
  dataDir?: string;
  tableName: string;
  timeoutMs: number;
  /** --now, as given. */
  now?: Date;
  /** Every value a local run can give; the function takes those its registry entry names. */
  local: LocalValues;
  slash?: SlashPlan;
  secretsFile?: string;
  /** The bot token a local deliver-alerts posts to channels with (OFSTED_WATCH_SLACK_BOT_TOKEN, else a local one). */
  botToken?: string;
}

type LocalValues = Partial<Record<EnvKey, string>>;

export async function plan(argv: string[], env: Readonly<Record<string, string | undefined>>): Promise<InvokePlan> {
  const { values: given, positionals } = parseCommandArgs(argv, OPTIONS);
  const values = given.local ? { ...(await localDefaults()), ...given } : given;
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

  const now = values.now === undefined ? undefined : simulatedTime(values.now);
  const local: LocalValues = {
    tableName,
    logFormat: values.json ? 'json' : 'text',
    ...(now ? { simulatedTime: now.toISOString() } : {}),
    contactUrl: checkUrl('--contact-url', values['contact-url'] ?? LOCAL_CONTACT_URL),
    logLevel,
    ...(values['ofsted-base-url'] ? { ofstedBaseUrl: checkUrl('--ofsted-base-url', values['ofsted-base-url']) } : {}),
    ...(slackBaseUrl ? { slackBaseUrl: checkUrl('--slack-base-url', slackBaseUrl) } : {}),
    ...(values.secrets ? { localSecretsFile: resolve(values.secrets) } : {}),
    siteDir: resolve(values['site-dir'] ?? DEFAULT_SITE_DIR),
    ...(values['site-url'] ? { siteUrl: checkUrl('--site-url', values['site-url']) } : {}),
  };
  if (given['site-dir'] && !spec.environment.includes('siteDir')) throw new UsageError(`--site-dir is for ${FUNCTIONS.filter((f) => (f.environment as readonly string[]).includes('siteDir')).map((f) => f.name).join(', ')}`);
  const slash = slashPlan(spec.name, { text: values.text, team: values.team, channel: values.channel, user: values.user }, values.event !== undefined, cliEnv);
  return {
    ...(slash ? { slash } : {}),
    ...(values.secrets ? { secretsFile: resolve(values.secrets) } : {}),
    ...(cliEnv.slackBotToken ? { botToken: cliEnv.slackBotToken } : {}),
    spec,
    ...(values['news-feeds'] ? { newsFeedsFile: values['news-feeds'] } : {}),
    ...(values.event ? { eventFile: values.event } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(!endpoint && !values['in-memory'] ? { dataDir: values.data ?? cliEnv.localData ?? DEFAULT_DATA_DIR } : {}),
    tableName,
    timeoutMs,
    ...(now ? { now } : {}),
    local,
  };
}

/** What `--local` gives: the addresses `ofsted-watch local` wrote (local-state.ts). */
async function localDefaults(): Promise<{ 'ofsted-base-url': string; 'news-feeds': string; 'slack-base-url': string; 'site-dir': string }> {
  const { readLocalState } = await import('./local-state.ts');
  const state = await readLocalState();
  return { 'ofsted-base-url': state.ofstedBaseUrl, 'news-feeds': state.newsFeedsFile, 'slack-base-url': state.slackBaseUrl, 'site-dir': state.siteDir };
}

/** --now: an ISO date or date and time. */
function simulatedTime(value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.test(value) && !Number.isNaN(Date.parse(value));
  if (!ok) throw new UsageError(`--now "${value}" must be an ISO date or time, e.g. 2019-07-02T09:00:00Z`);
  return new Date(value);
}

