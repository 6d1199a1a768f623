/**
 * The environment a handler runs with, parsed and validated once per container.
 * The stack (infra/stack.ts) sets these variables; `ofsted-watch invoke` sets
 * the same ones for a local run. Nothing secret is ever in the environment:
 * the default subscription names a Secrets Manager secret, not a webhook URL.
 */

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
} as const;

type Env = Readonly<Record<string, string | undefined>>;

export class EnvError extends Error {
  override name = 'EnvError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`environment is not usable:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Reads variables with shared checks, collecting every problem before failing,
 * so one error message names everything that is wrong.
 */
export class EnvReader {
  readonly problems: string[] = [];
  private readonly env: Env;

  constructor(env: Env) {
    this.env = env;
  }

  private value(name: string): string | undefined {
    const text = this.env[name]?.trim();
    return text ? text : undefined;
  }

  required(name: string, what: string): string {
    const text = this.value(name);
    if (text === undefined) this.problems.push(`${name} is not set (${what})`);
    return text ?? '';
  }

  optional(name: string): string | undefined {
    return this.value(name);
  }

  url(name: string, options: { fallback?: string; https?: boolean; what: string }): string {
    const text = this.value(name) ?? options.fallback;
    if (text === undefined) {
      this.problems.push(`${name} is not set (${options.what})`);
      return '';
    }
    try {
      const url = new URL(text);
      if (!/^https?:$/.test(url.protocol) || (options.https && url.protocol !== 'https:')) throw new Error('protocol');
      return text.replace(/\/+$/, '');
    } catch {
      this.problems.push(`${name} "${text}" is not an ${options.https ? 'https' : 'http(s)'} URL (${options.what})`);
      return '';
    }
  }

  json<T>(name: string, check: (value: unknown) => string | null, what: string): T | undefined {
    const text = this.value(name);
    if (text === undefined) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      this.problems.push(`${name} is not JSON (${what})`);
      return undefined;
    }
    const problem = check(value);
    if (problem) {
      this.problems.push(`${name}: ${problem}`);
      return undefined;
    }
    return value as T;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const text = this.value(name) ?? fallback;
    if (!(allowed as readonly string[]).includes(text)) {
      this.problems.push(`${name} "${text}" must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return text as T;
  }

  /** A value parsed by `parse`, whose thrown message becomes the problem. */
  parsed<T>(name: string, parse: (text: string) => T, what: string): T | undefined {
    const text = this.value(name);
    if (text === undefined) return undefined;
    try {
      return parse(text);
    } catch (error) {
      this.problems.push(`${name}: ${(error as Error).message} (${what})`);
      return undefined;
    }
  }

  /** Throws EnvError if anything read so far was wrong. */
  done(): void {
    if (this.problems.length) throw new EnvError(this.problems);
  }
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** The contact URL the scans put in their User-Agent. */
export function readContactUrl(reader: EnvReader): string {
  return reader.url(ENV.contactUrl, { https: true, what: 'where site owners can reach the deployer; the stack sets it from ofsted-watch:contactUrl' });
}

/** What every handler needs. */
export interface BaseConfig {
  tableName: string;
  /** Local DynamoDB (dynalite) endpoint; undefined in AWS. */
  dynamodbEndpoint?: string;
  logLevel: LogLevel;
}

export function readBaseConfig(reader: EnvReader): BaseConfig {
  const tableName = reader.required(ENV.tableName, 'the DynamoDB table; the stack sets it, `ofsted-watch invoke` sets it locally');
  const dynamodbEndpoint = reader.optional(ENV.dynamodbEndpoint)
    ? reader.url(ENV.dynamodbEndpoint, { what: 'local DynamoDB endpoint, e.g. http://127.0.0.1:8000' })
    : undefined;
  const logLevel = reader.oneOf(ENV.logLevel, LOG_LEVELS, 'info');
  return { tableName, ...(dynamodbEndpoint ? { dynamodbEndpoint } : {}), logLevel };
}

/** The default subscription the deployer configured, as the stack passes it. */
export interface DefaultSubscriptionEnv {
  webhookSecretName: string;
  councilUrns: string[];
  kinds?: string[];
}

export function checkDefaultSubscription(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'must be an object';
  const v = value as Record<string, unknown>;
  if (typeof v.webhookSecretName !== 'string' || !v.webhookSecretName) return 'webhookSecretName must name a secret';
  if (/^https?:/i.test(v.webhookSecretName)) return 'webhookSecretName must be a secret name, not a URL';
  if (!Array.isArray(v.councilUrns) || !v.councilUrns.length || !v.councilUrns.every((u) => typeof u === 'string' && /^\d+$/.test(u))) {
    return 'councilUrns must be a non-empty list of council URNs';
  }
  if (v.kinds !== undefined && !(Array.isArray(v.kinds) && v.kinds.every((k) => typeof k === 'string'))) return 'kinds must be a list of event kinds';
  return null;
}
