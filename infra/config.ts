/**
 * Deployment configuration: read from CDK context (cdk.json, or `-c key=value`
 * on the command line), validated at synth with messages that say what to fix.
 * Pure apart from the council register lookup.
 *
 * Keys (all prefixed `ofsted-watch:`):
 *   contactUrl           https URL in the crawler's User-Agent, so Ofsted and news sites can reach you (required)
 *   alarmEmail           address subscribed to the alarm topic (optional; confirm the email AWS sends)
 *   defaultSubscription  { "webhookSecretName": "...", "councils": ["Stockton-on-Tees", "80564"], "kinds": [...] } (optional)
 *   schedules            { "<function>": ["cron(...)", ...] } replaces that function's schedule (optional)
 *   newsFeeds            [{ "id", "outlet", "url", "allowedHosts"? }] replaces the built-in news feeds (optional)
 *   webhookSecretPrefix  deliver-alerts may read Secrets Manager secrets whose names start with this (default ofsted-watch/)
 *   slack                { "teamId": "T…", "signingSecretName"?: "...", "botTokenSecretName"?: "..." }: the Slack app (/ofsted)
 *                        for one workspace (optional; without it there is no slack-commands function)
 *   timeZone             IANA zone the schedules run in (default Europe/London)
 *   logRetentionDays     CloudWatch Logs retention (default 90)
 *   stackName            default OfstedWatch
 *   account, region      pin the stack to an account/region (optional; env-agnostic otherwise)
 * Values given on the command line are strings: objects and lists are written as JSON.
 */
import { EVENT_KINDS, type EventKind } from '#shared/domain/events.ts';
import { FeedsConfigError, parseFeedsConfig, type NewsFeed } from '#shared/news/feeds.ts';
import { lookupCouncil } from '#shared/register/register.ts';
import { FUNCTIONS, functionSpec, isFunctionName, scheduleTrigger, type FunctionName } from '../functions/registry.ts';
import { firings, isTimeZone, parseScheduleExpression, ScheduleExpressionError } from './schedule-expression.ts';
import { parseSlack, type SlackAppConfig } from './slack-config.ts';

export const CONTEXT_PREFIX = 'ofsted-watch:';

/** The contact URL shipped in cdk.json so a fresh clone synthesizes; deploying with it is refused by `npm run deploy`. */
export const PLACEHOLDER_CONTACT_URL = 'https://ofsted-watch.invalid/set-ofsted-watch-contactUrl';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export interface DefaultSubscription {
  /** Name of the Secrets Manager secret holding the Slack webhook URL (the deployer creates it). */
  webhookSecretName: string;
  /** Council URNs, resolved from whatever names or codes the deployer wrote. */
  councilUrns: string[];
  /** Event kinds to alert on; absent means the product default. */
  kinds?: EventKind[];
}

export interface DeployConfig {
  stackName: string;
  contactUrl: string;
  alarmEmail?: string;
  defaultSubscription?: DefaultSubscription;
  /** deliver-alerts may read secrets whose names start with this (subscriptions made with --webhook-secret). */
  webhookSecretPrefix: string;
  /** Replaces the built-in news feeds when set. */
  newsFeeds?: NewsFeed[];
  /** The Slack app, when the deployer made one. */
  slack?: SlackAppConfig;
  timeZone: string;
  /** Schedule expressions per scheduled function (defaults from the registry, overridden by config). */
  schedules: Record<FunctionName, string[]>;
  logRetentionDays: (typeof LOG_RETENTION_DAYS)[number];
  account?: string;
  region?: string;
  /** Things that are allowed but that the deployer should know, e.g. the placeholder contact URL. */
  warnings: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`ofsted-watch configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      `Set values in cdk.json ("${CONTEXT_PREFIX}…" keys) or on the command line: npx cdk deploy -c ${CONTEXT_PREFIX}contactUrl=https://…`);
    this.problems = problems;
  }
}

type Context = Readonly<Record<string, unknown>>;

/** Validates the deploy configuration. Throws ConfigError listing every problem at once. */
export function parseDeployConfig(context: Context): DeployConfig {
  const problems: string[] = [];
  const warnings: string[] = [];
  const key = (name: string) => `${CONTEXT_PREFIX}${name}`;
  const raw = (name: string): unknown => decode(context[key(name)]);

  const known = new Set(['contactUrl', 'alarmEmail', 'defaultSubscription', 'newsFeeds', 'webhookSecretPrefix', 'schedules', 'timeZone', 'logRetentionDays', 'stackName', 'account', 'region', 'slack']);
  for (const name of Object.keys(context)) {
    if (name.startsWith(CONTEXT_PREFIX) && !known.has(name.slice(CONTEXT_PREFIX.length))) {
      problems.push(`${name} is not a setting (known: ${[...known].join(', ')})`);
    }
  }

  const contactUrl = raw('contactUrl');
  if (typeof contactUrl !== 'string' || contactUrl === '') {
    problems.push(`${key('contactUrl')} is required: an https URL where site owners can reach you (it goes in the crawler's User-Agent)`);
  } else if (!isHttpsUrl(contactUrl)) {
    problems.push(`${key('contactUrl')} "${contactUrl}" must be an https:// URL`);
  } else if (contactUrl === PLACEHOLDER_CONTACT_URL) {
    warnings.push(`${key('contactUrl')} is still the placeholder; set your own contact page before deploying (npx cdk deploy -c ${key('contactUrl')}=https://…)`);
  }

  const alarmEmail = raw('alarmEmail');
  if (alarmEmail !== undefined && alarmEmail !== null && alarmEmail !== '') {
    if (typeof alarmEmail !== 'string' || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(alarmEmail)) {
      problems.push(`${key('alarmEmail')} "${String(alarmEmail)}" is not an email address`);
    }
  }

  const timeZone = raw('timeZone') ?? 'Europe/London';
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone)) problems.push(`${key('timeZone')} "${String(timeZone)}" is not an IANA time zone such as Europe/London`);

  const schedules = parseSchedules(raw('schedules'), key('schedules'), problems);
  if (typeof timeZone === 'string' && isTimeZone(timeZone)) checkNoOverlap(schedules, timeZone, key('schedules'), problems);

  const retention = raw('logRetentionDays') ?? 90;
  const retentionDays = typeof retention === 'string' ? Number(retention) : retention;
  if (!(LOG_RETENTION_DAYS as readonly unknown[]).includes(retentionDays)) {
    problems.push(`${key('logRetentionDays')} ${String(retention)} must be one of ${LOG_RETENTION_DAYS.join(', ')}`);
  }

  const stackName = raw('stackName') ?? 'OfstedWatch';
  if (typeof stackName !== 'string' || !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) {
    problems.push(`${key('stackName')} "${String(stackName)}" must start with a letter and hold only letters, digits and hyphens`);
  }

  const account = raw('account');
  if (account !== undefined && !(typeof account === 'string' && /^\d{12}$/.test(account))) problems.push(`${key('account')} "${String(account)}" must be a 12-digit AWS account id`);
  const region = raw('region');
  if (region !== undefined && !(typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region))) problems.push(`${key('region')} "${String(region)}" is not an AWS region such as eu-west-2`);

  const defaultSubscription = parseDefaultSubscription(raw('defaultSubscription'), key('defaultSubscription'), problems);

  const webhookSecretPrefix = raw('webhookSecretPrefix') ?? 'ofsted-watch/';
  if (typeof webhookSecretPrefix !== 'string' || !/^[A-Za-z0-9/_+=.@-]{2,256}$/.test(webhookSecretPrefix)) {
    problems.push(`${key('webhookSecretPrefix')} "${String(webhookSecretPrefix)}" must be a secret name prefix of at least 2 characters (letters, digits and /_+=.@-), e.g. ofsted-watch/`);
  }

  let newsFeeds: NewsFeed[] | undefined;
  const feeds = raw('newsFeeds');
  if (feeds !== undefined && feeds !== null) {
    try {
      newsFeeds = parseFeedsConfig(feeds);
    } catch (error) {
      if (!(error instanceof FeedsConfigError)) throw error;
      problems.push(`${key('newsFeeds')}: ${error.message}`);
    }
  }

  const slack = parseSlack(raw('slack'), key('slack'), typeof webhookSecretPrefix === 'string' ? webhookSecretPrefix : 'ofsted-watch/', problems);

  if (problems.length) throw new ConfigError(problems);
  return {
    ...(slack ? { slack } : {}),
    stackName: stackName as string,
    contactUrl: contactUrl as string,
    ...(alarmEmail ? { alarmEmail: alarmEmail as string } : {}),
    ...(defaultSubscription ? { defaultSubscription } : {}),
    ...(newsFeeds ? { newsFeeds } : {}),
    webhookSecretPrefix: webhookSecretPrefix as string,
    timeZone: timeZone as string,
    schedules,
    logRetentionDays: retentionDays as DeployConfig['logRetentionDays'],
    ...(account ? { account: account as string } : {}),
    ...(region ? { region: region as string } : {}),
    warnings,
  };
}

/** Context values given with -c arrive as strings; objects, lists and numbers are written as JSON there. */
function decode(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (/^[[{]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch {
      return value;
    }
  }
  return value;
}

function isHttpsUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
}

function parseSchedules(value: unknown, name: string, problems: string[]): Record<FunctionName, string[]> {
  const schedules = {} as Record<FunctionName, string[]>;
  for (const spec of FUNCTIONS) {
    const trigger = scheduleTrigger(spec);
    if (trigger) schedules[spec.name] = [...trigger.expressions];
  }
  if (value === undefined || value === null) return schedules;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${name} must be an object of function name to a list of expressions, e.g. {"news-scan": ["rate(1 hour)"]}`);
    return schedules;
  }
  for (const [fn, expressions] of Object.entries(value)) {
    if (!isFunctionName(fn) || !(fn in schedules)) {
      problems.push(`${name}: "${fn}" is not a scheduled function (scheduled: ${Object.keys(schedules).join(', ')})`);
      continue;
    }
    const list = typeof expressions === 'string' ? [expressions] : expressions;
    if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === 'string')) {
      problems.push(`${name}.${fn} must be a non-empty list of cron()/rate() expressions`);
      continue;
    }
    const errors = list.flatMap((expression: string) => {
      try {
        parseScheduleExpression(expression);
        return [];
      } catch (error) {
        if (error instanceof ScheduleExpressionError) return [`${name}.${fn}: ${error.message}`];
        throw error;
      }
    });
    problems.push(...errors);
    if (!errors.length) schedules[fn] = list.map((e: string) => e.trim());
  }
  return schedules;
}

/**
 * A function's runs must not overlap (two scans at once would double the request
 * rate to a site): its schedules may not fire closer together than its timeout.
 * Checked over a sample week, firing by firing.
 */
function checkNoOverlap(schedules: Record<FunctionName, string[]>, timeZone: string, name: string, problems: string[]): void {
  const from = new Date('2025-06-01T23:00:00Z');
  const to = new Date(from.getTime() + 7 * 86_400_000);
  for (const [fn, expressions] of Object.entries(schedules) as [FunctionName, string[]][]) {
    const times = firings(expressions, timeZone, from, to).map((d) => d.getTime()).sort((a, b) => a - b);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    const closest = Math.min(...gaps) / 60_000;
    const timeout = functionSpec(fn).timeoutSeconds / 60;
    if (gaps.length && closest < timeout) {
      problems.push(`${name}.${fn}: runs can start ${closest} minute${closest === 1 ? '' : 's'} apart, but ${fn} may run for up to ${timeout} minutes, so runs could overlap; space them at least ${Math.ceil(timeout)} minutes apart`);
    }
  }
}

function parseDefaultSubscription(value: unknown, name: string, problems: string[]): DefaultSubscription | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${name} must be an object: {"webhookSecretName": "ofsted-watch/slack-webhook", "councils": ["Stockton-on-Tees"]}`);
    return undefined;
  }
  const { webhookSecretName, councils, kinds, ...rest } = value as Record<string, unknown>;
  for (const extra of Object.keys(rest)) problems.push(`${name}.${extra} is not a setting (known: webhookSecretName, councils, kinds)`);
  const before = problems.length;
  if (typeof webhookSecretName !== 'string' || !/^[A-Za-z0-9/_+=.@-]{1,512}$/.test(webhookSecretName)) {
    problems.push(`${name}.webhookSecretName must be the name of a Secrets Manager secret holding the Slack webhook URL (letters, digits and /_+=.@-), not the URL itself`);
  } else if (/^https?:/i.test(webhookSecretName)) {
    problems.push(`${name}.webhookSecretName looks like a URL: store the webhook in Secrets Manager and give the secret's name here`);
  }
  const councilUrns: string[] = [];
  if (!Array.isArray(councils) || councils.length === 0) {
    problems.push(`${name}.councils must be a non-empty list of council names, URNs or ONS codes`);
  } else {
    for (const query of councils) {
      if (typeof query !== 'string' || !query.trim()) {
        problems.push(`${name}.councils: ${JSON.stringify(query)} is not a council name or code`);
        continue;
      }
      const match = lookupCouncil(query);
      if (match.status === 'found') {
        if (!councilUrns.includes(match.council.urn)) councilUrns.push(match.council.urn);
      } else if (match.status === 'ambiguous') {
        problems.push(`${name}.councils: "${query}" could be ${match.candidates.map((c) => `${c.name} (${c.urn})`).join(' or ')}; use the URN`);
      } else {
        const hint = match.suggestions.length ? `; did you mean ${match.suggestions.map((c) => `"${c.name}"`).join(', ')}?` : '';
        problems.push(`${name}.councils: "${query}" is not a council in the register${hint}`);
      }
    }
  }
  let kindList: EventKind[] | undefined;
  if (kinds !== undefined) {
    if (!Array.isArray(kinds) || kinds.length === 0) {
      problems.push(`${name}.kinds must be a non-empty list of event kinds (${EVENT_KINDS.join(', ')})`);
    } else {
      for (const kind of kinds) {
        if (!(EVENT_KINDS as readonly unknown[]).includes(kind)) problems.push(`${name}.kinds: "${String(kind)}" is not an event kind (${EVENT_KINDS.join(', ')})`);
      }
      kindList = kinds as EventKind[];
    }
  }
  if (problems.length > before) return undefined;
  return { webhookSecretName: webhookSecretName as string, councilUrns, ...(kindList ? { kinds: kindList } : {}) };
}

