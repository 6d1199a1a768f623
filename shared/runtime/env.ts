/**
 * The environment a handler runs with: one schema (valibot) per variable,
 * composed per function from its registry entry (registry.ts). The same
 * schema checks the environment the stack builds at synth time and the one a
 * handler reads at run time (once per container), and `ofsted-watch invoke`
 * sets the same variables for a local run. Every problem is collected into one
 * EnvError, each naming its variable. Nothing secret is ever in the
 * environment: the default subscription names a Secrets Manager secret.
 */
import * as v from 'valibot';
import { DefaultSubscriptionSchema, SECRET_NAME } from '../alerts/default-subscription.ts';
import { WatchError } from '../domain/errors.ts';
import { parseFeedsConfig, type NewsFeed } from '../news/feeds.ts';
import { OFSTED_SITE_URL } from '../ofsted-site/urls.ts';
import { issueProblem, parsedWith } from './issues.ts';

export const ENV = {
  /** DynamoDB table name (required). */
  tableName: 'TABLE_NAME',
  /** https URL for the crawler's User-Agent (required for the scans). */
  contactUrl: 'CONTACT_URL',
  /** JSON {"webhookSecretName": "...", "councilUrns": ["80563"], "kinds"?: [...]} (deliver-alerts, optional). */
  defaultSubscription: 'DEFAULT_SUBSCRIPTION',
  /** DynamoDB endpoint for local runs (dynalite); unset in AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
  /** Ofsted reports site; default https://reports.ofsted.gov.uk (a local replay site in tests and demos). */
  ofstedBaseUrl: 'OFSTED_BASE_URL',
  /** News feeds to scan, JSON (see shared/news/feeds.ts parseFeedsConfig); default: the built-in list. */
  newsFeeds: 'NEWS_FEEDS',
  /** Base URL that replaces https://hooks.slack.com for local runs (the local Slack receiver); unset in AWS. */
  slackBaseUrl: 'SLACK_BASE_URL',
  /** JSON file mapping secret names to values, used instead of Secrets Manager for local runs. */
  localSecretsFile: 'LOCAL_SECRETS_FILE',
  /** The Slack workspace (team id, T…) the app serves (slack-commands; required in AWS). */
  slackTeamId: 'SLACK_TEAM_ID',
  /** Name of the Secrets Manager secret holding the Slack app's signing secret (slack-commands). */
  slackSigningSecretName: 'SLACK_SIGNING_SECRET_NAME',
  /** Name of the Secrets Manager secret holding the Slack app's bot token, xoxb-… (deliver-alerts). */
  slackBotTokenSecretName: 'SLACK_BOT_TOKEN_SECRET_NAME',
  /** Set by Lambda itself: the function's name (slack-commands hands slow commands on to itself). */
  functionName: 'AWS_LAMBDA_FUNCTION_NAME',
  /** debug | info | warn | error. Default info. */
  logLevel: 'LOG_LEVEL',
  /** publish-site: the S3 bucket CloudFront serves the site from (in AWS). */
  siteBucket: 'SITE_BUCKET',
  /** publish-site, local runs: a folder to write the site to instead of a bucket. */
  siteDir: 'SITE_DIR',
  /** publish-site: the site's public https address, for absolute links in its Atom feeds (optional). */
  siteUrl: 'SITE_URL',
  /** Local runs: the time the run starts at (ISO); its clock runs on from there, e.g. to scan a replay as of its day. */
  simulatedTime: 'SIMULATED_TIME',
  /** json (default: one JSON object a line, as CloudWatch wants) | text (a line a person reads, for local runs). */
  logFormat: 'LOG_FORMAT',
} as const;

export type EnvKey = keyof typeof ENV;
type Env = Readonly<Record<string, string | undefined>>;

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export class EnvError extends WatchError<'env_invalid'> {
  override name = 'EnvError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super('env_invalid', `environment is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

// ---- one schema per variable (messages start with their separator: the variable's name goes before) ----

const isUrl = (https: boolean) => (text: string) => {
  try {
    const url = new URL(text);
    return https ? url.protocol === 'https:' : url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const required = (what: string) => v.string(` is not set (${what})`);

const url = (options: { https?: boolean; what: string }) =>
  v.pipe(
    v.string(),
    v.check(isUrl(options.https ?? false), (issue) => ` "${String(issue.input)}" is not an ${options.https ? 'https' : 'http(s)'} URL (${options.what})`),
    v.transform((text) => text.replace(/\/+$/, '')),
  );

/** JSON text, then `schema` on the parsed value. */
const json = <T>(schema: v.GenericSchema<unknown, T>, what: string) =>
  v.pipe(
    v.string(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      try {
        return JSON.parse(dataset.value) as unknown;
      } catch {
        addIssue({ message: ` is not JSON (${what})` });
        return NEVER;
      }
    }),
    schema,
  );

/** A Secrets Manager secret's name, never the secret itself (a token or a URL). */
const secretName = (what: string) =>
  v.pipe(
    v.string(),
    v.regex(SECRET_NAME, ` must be the name of a Secrets Manager secret holding ${what} (letters, digits and /_+=.@-)`),
    v.check((text) => !/^xox/i.test(text), ` must be the name of the secret holding ${what}, never the secret itself`),
  );

/** Who sets a variable: the stack from the deploy config, only a local run, or Lambda itself (neither the stack nor invoke). */
type SetBy = 'stack' | 'local' | 'lambda';

/** Each variable: its schema and who sets it. */
export const VARIABLES = {
  tableName: { setBy: 'stack', schema: required('the DynamoDB table; the stack sets it, `ofsted-watch invoke` sets it locally') },
  contactUrl: {
    setBy: 'stack',
    schema: v.pipe(required('where site owners can reach the deployer; the stack sets it from ofsted-watch:contactUrl'), url({ https: true, what: 'where site owners can reach the deployer; the stack sets it from ofsted-watch:contactUrl' })),
  },
  logLevel: { setBy: 'stack', schema: v.optional(v.picklist(LOG_LEVELS, (issue) => ` "${String(issue.input)}" must be one of ${LOG_LEVELS.join(', ')}`), 'info') },
  defaultSubscription: { setBy: 'stack', schema: v.optional(json(DefaultSubscriptionSchema, 'the default subscription the stack passes')) },
  newsFeeds: { setBy: 'stack', schema: v.optional(v.pipe(v.string(), parsedWith<string, NewsFeed[]>(parseFeedsConfig, 'the news feeds to scan'))) },
  dynamodbEndpoint: { setBy: 'local', schema: v.optional(url({ what: 'local DynamoDB endpoint, e.g. http://127.0.0.1:8000' })) },
  ofstedBaseUrl: { setBy: 'local', schema: v.optional(url({ what: 'the Ofsted reports site, or a local replay of it' }), OFSTED_SITE_URL) },
  slackBaseUrl: { setBy: 'local', schema: v.optional(url({ what: 'local Slack receiver' })) },
  localSecretsFile: { setBy: 'local', schema: v.optional(v.string()) },
  siteBucket: { setBy: 'stack', schema: v.optional(v.string()) },
  siteUrl: { setBy: 'stack', schema: v.optional(url({ what: "the site's public address" })) },
  siteDir: { setBy: 'local', schema: v.optional(v.string()) },
  simulatedTime: {
    setBy: 'local',
    schema: v.optional(v.pipe(
      v.string(),
      v.check((text) => /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text) && !Number.isNaN(Date.parse(text)), (issue) => ` "${String(issue.input)}" is not an ISO date or time such as 2019-07-02T09:00:00Z`),
      v.transform((text) => new Date(text)),
    )),
  },
  logFormat: { setBy: 'local', schema: v.optional(v.picklist(LOG_FORMATS, (issue) => ` "${String(issue.input)}" must be one of ${LOG_FORMATS.join(', ')}`), 'json') },
  slackTeamId: { setBy: 'stack', schema: v.optional(v.pipe(v.string(), v.regex(/^T[A-Z0-9]{2,}$/, (issue) => ` "${String(issue.input)}" is not a Slack team id (T…; the stack sets it from ofsted-watch:slack)`))) },
  slackSigningSecretName: { setBy: 'stack', schema: v.pipe(required('the Secrets Manager secret holding the Slack signing secret; the stack sets it from ofsted-watch:slack'), secretName('the Slack signing secret')) },
  slackBotTokenSecretName: { setBy: 'stack', schema: v.optional(secretName("the Slack app's bot token")) },
  functionName: { setBy: 'lambda', schema: v.optional(v.string()) },
} as const satisfies Record<EnvKey, { setBy: SetBy; schema: v.GenericSchema<string | undefined, unknown> }>;

/** The configuration a function reads: one field per variable it names, typed by its schema. */
export type EnvConfig<K extends EnvKey> = { [P in K]: v.InferOutput<(typeof VARIABLES)[P]['schema']> };

/** Blank values count as unset. */
function present(env: Env, name: string): string | undefined {
  const text = env[name]?.trim();
  return text ? text : undefined;
}

/** Reads and checks the variables `keys` from `env`; throws EnvError naming every problem. */
export function readEnvironment<const K extends EnvKey>(keys: readonly K[], env: Env): EnvConfig<K> {
  const config: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of keys) {
    const result = v.safeParse(VARIABLES[key].schema, present(env, ENV[key]), { abortPipeEarly: true });
    if (result.success) config[key] = result.output;
    else problems.push(...result.issues.map((issue) => issueProblem(ENV[key], issue)));
  }
  if (problems.length) throw new EnvError(problems);
  return Object.fromEntries(Object.entries(config).filter(([, value]) => value !== undefined)) as EnvConfig<K>;
}

/**
 * A function's environment: of the variables it reads (its registry entry),
 * those that have a value here and that `by` sets. The stack passes 'stack'
 * (and checks the result with the run-time schemas at synth); `invoke` passes
 * 'local' and sets them all.
 */
export function environmentFor(variables: readonly EnvKey[], values: Partial<Record<EnvKey, string>>, by: 'stack' | 'local'): Record<string, string> {
  const environment: Record<string, string> = {};
  for (const key of variables) {
    const value = values[key];
    const setBy: SetBy = VARIABLES[key].setBy;
    if (value !== undefined && setBy !== 'lambda' && (by === 'local' || setBy === 'stack')) environment[ENV[key]] = value;
  }
  return environment;
}
