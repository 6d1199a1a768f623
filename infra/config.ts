/**
 * Deployment configuration: read from the settings file (settings-file.ts:
 * `ofsted-watch.config.json`), with `-c ofsted-watch:key=value` on the command
 * line overriding a key for one run, validated at synth with messages that say
 * what to fix and where.
 * One valibot schema (DeployContextSchema) checks every key; the default
 * subscription is the shared DefaultSubscription (the same type and secret-name
 * rules deliver-alerts reads at run time). Pure apart from the register lookup.
 *
 * Keys (in the file as they are; on the command line prefixed `ofsted-watch:`):
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
 *
 * Without a contact URL the app still synthesises (a fresh clone, offline) as a
 * preview: a warning says so, and the template carries a rule that makes
 * CloudFormation refuse to deploy it, whatever warning is acknowledged.
 */
import * as v from 'valibot';
import { DEFAULT_WEBHOOK_SECRET_PREFIX, EventKindsSchema, WebhookSecretNameSchema, type DefaultSubscription } from '#shared/alerts/default-subscription.ts';
import { WatchError } from '#shared/domain/errors.ts';
import { parseFeedsConfig, type NewsFeed } from '#shared/news/feeds.ts';
import { lookupCouncil } from '#shared/register/register.ts';
import { issueProblem, parsedWith } from '#shared/runtime/issues.ts';
import { FUNCTIONS, functionSpec, isFunctionName, scheduleTrigger, type FunctionName } from '#shared/runtime/registry.ts';
import { firings, isTimeZone, parseScheduleExpression } from './schedule-expression.ts';
import { SETTINGS_EXAMPLE, SETTINGS_FILE, type SettingsFile } from '#shared/runtime/settings-file.ts';

export type { DefaultSubscription } from '#shared/alerts/default-subscription.ts';
import { slackAppConfig, SlackContextSchema, type SlackAppConfig } from './slack-config.ts';

export const CONTEXT_PREFIX = 'ofsted-watch:';

/** The contact URL of a preview (none set) and of the example settings file; a template with it cannot be deployed. */
export const PLACEHOLDER_CONTACT_URL = 'https://ofsted-watch.invalid/set-ofsted-watch-contactUrl';

/** Retention periods CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

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
  /** No contact URL was set: a preview, which CloudFormation refuses to deploy (stack.ts). */
  preview: boolean;
  /** Things that are allowed but that the deployer should know, e.g. the placeholder contact URL. */
  warnings: string[];
}

export class DeployConfigError extends WatchError<'deploy_config'> {
  override name = 'DeployConfigError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super('deploy_config', `ofsted-watch configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
      `Set values in ${SETTINGS_FILE} (start from ${SETTINGS_EXAMPLE}; docs/deploy.md lists every key), or for one run with -c ${CONTEXT_PREFIX}key=value.`);
    this.problems = problems;
  }
}

type Context = Readonly<Record<string, unknown>>;

const KNOWN = ['contactUrl', 'alarmEmail', 'defaultSubscription', 'newsFeeds', 'webhookSecretPrefix', 'slack', 'schedules', 'timeZone', 'logRetentionDays', 'stackName', 'account', 'region'] as const;

/** A value that may be left out: absent, null or "" count as not set. */
const unset = (value: unknown) => value === undefined || value === null || value === '';
const optional = <T>(schema: v.GenericSchema<unknown, T>) => v.optional(v.pipe(v.unknown(), v.transform((value) => (unset(value) ? undefined : value)), v.optional(schema)));

const isHttpsUrl = (text: string) => {
  try {
    const url = new URL(text);
    return url.protocol === 'https:' && url.hostname.includes('.');
  } catch {
    return false;
  }
};

const DefaultSubscriptionContext = v.pipe(
  v.strictObject(
    {
      webhookSecretName: WebhookSecretNameSchema,
      councils: v.pipe(
        v.array(v.unknown(), ' must be a non-empty list of council names, URNs or ONS codes'),
        v.minLength(1, ' must be a non-empty list of council names, URNs or ONS codes'),
        v.rawTransform(({ dataset, addIssue }) => councilUrns(dataset.value, addIssue)),
      ),
      kinds: v.optional(EventKindsSchema),
    },
    ' is not a setting (known: webhookSecretName, councils, kinds)',
  ),
  v.transform(({ webhookSecretName, councils, kinds }): DefaultSubscription => ({ webhookSecretName, councilUrns: councils, ...(kinds ? { kinds } : {}) })),
);

/** The one schema of the CDK context (keys without their "ofsted-watch:" prefix). */
export const DeployContextSchema = v.strictObject(
  {
    contactUrl: v.pipe(
      v.string(" is required: an https URL where site owners can reach you (it goes in the crawler's User-Agent)"),
      v.minLength(1, " is required: an https URL where site owners can reach you (it goes in the crawler's User-Agent)"),
      v.check(isHttpsUrl, (issue) => ` "${String(issue.input)}" must be an https:// URL`),
    ),
    alarmEmail: optional(v.pipe(v.string(), v.email((issue) => ` "${String(issue.input)}" is not an email address`))),
    defaultSubscription: optional(v.pipe(v.unknown(), v.check((value) => typeof value === 'object' && !Array.isArray(value), ' must be an object: {"webhookSecretName": "ofsted-watch/slack-webhook", "councils": ["Stockton-on-Tees"]}'), DefaultSubscriptionContext)),
    newsFeeds: optional(v.pipe(v.unknown(), parsedWith(parseFeedsConfig))),
    webhookSecretPrefix: v.optional(
      v.pipe(v.string(), v.regex(/^[A-Za-z0-9/_+=.@-]{2,256}$/, (issue) => ` "${String(issue.input)}" must be a secret name prefix of at least 2 characters (letters, digits and /_+=.@-), e.g. ofsted-watch/`)),
      DEFAULT_WEBHOOK_SECRET_PREFIX,
    ),
    slack: optional(SlackContextSchema),
    schedules: v.optional(v.pipe(v.unknown(), v.rawTransform(({ dataset, addIssue }) => schedulesOf(dataset.value, addIssue))), () => schedulesOf(undefined, () => undefined)),
    timeZone: v.optional(v.pipe(v.string(), v.check(isTimeZone, (issue) => ` "${String(issue.input)}" is not an IANA time zone such as Europe/London`)), 'Europe/London'),
    logRetentionDays: v.optional(
      v.pipe(
        v.unknown(),
        v.transform((value) => (typeof value === 'string' ? Number(value) : value)),
        v.picklist(LOG_RETENTION_DAYS, (issue) => ` ${String(issue.input)} must be one of ${LOG_RETENTION_DAYS.join(', ')}`),
      ),
      90,
    ),
    stackName: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, (issue) => ` "${String(issue.input)}" must start with a letter and hold only letters, digits and hyphens`)), 'OfstedWatch'),
    account: v.optional(v.pipe(v.string(), v.regex(/^\d{12}$/, (issue) => ` "${String(issue.input)}" must be a 12-digit AWS account id`))),
    region: v.optional(v.pipe(v.string(), v.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, (issue) => ` "${String(issue.input)}" is not an AWS region such as eu-west-2`))),
  },
  ` is not a setting (known: ${KNOWN.join(', ')})`,
);

/**
 * Validates the deploy configuration: the settings file's keys, overridden by
 * the CDK context's (-c). Throws DeployConfigError listing every problem at
 * once, each named as the user wrote it (`ofsted-watch.config.json: alarmEmail`, `ofsted-watch:alarmEmail`).
 */
export function parseDeployConfig(context: Context, file: SettingsFile | null = null): DeployConfig {
  const given = Object.fromEntries(
    Object.entries(context).filter(([name]) => name.startsWith(CONTEXT_PREFIX)).map(([name, value]) => [name.slice(CONTEXT_PREFIX.length), decode(value)]),
  );
  const merged: Record<string, unknown> = { ...file?.settings, ...given };
  const preview = unset(merged.contactUrl) || merged.contactUrl === PLACEHOLDER_CONTACT_URL;
  const settings = { ...merged, contactUrl: preview ? PLACEHOLDER_CONTACT_URL : merged.contactUrl };
  const where = (issue: v.BaseIssue<unknown>) => (file && !(String(issue.path?.[0]?.key) in given) ? `${file.name}: ` : CONTEXT_PREFIX);
  const result = v.safeParse(DeployContextSchema, settings, { abortPipeEarly: true });
  const problems = result.success ? [] : result.issues.map((issue) => issueProblem(where(issue), issue));
  if (result.success) checkNoOverlap(result.output.schedules, result.output.timeZone, `${CONTEXT_PREFIX}schedules`, problems);
  if (!result.success || problems.length) throw new DeployConfigError(problems);
  const { alarmEmail, defaultSubscription, newsFeeds, slack, account, region, logRetentionDays, ...config } = result.output;
  const warnings = preview
    ? [`contactUrl is not set (it is still the placeholder): this is a preview, and CloudFormation will refuse to deploy it. Set contactUrl in ${file?.name ?? SETTINGS_FILE} (copy ${SETTINGS_EXAMPLE}) to an https page where site owners can reach you.`]
    : [];
  return {
    ...config,
    logRetentionDays: logRetentionDays as DeployConfig['logRetentionDays'],
    ...(alarmEmail ? { alarmEmail } : {}),
    ...(slack ? { slack: slackAppConfig(slack, config.webhookSecretPrefix) } : {}),
    ...(defaultSubscription ? { defaultSubscription } : {}),
    ...(newsFeeds ? { newsFeeds: newsFeeds as NewsFeed[] } : {}),
    ...(account ? { account } : {}),
    ...(region ? { region } : {}),
    preview,
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

type AddIssue = (info: { message: string }) => void;

/** Council names, URNs or ONS codes resolved through the register to URNs, with suggestions for near misses. */
function councilUrns(queries: unknown[], addIssue: AddIssue): string[] {
  const urns: string[] = [];
  for (const query of queries) {
    if (typeof query !== 'string' || !query.trim()) {
      addIssue({ message: `: ${JSON.stringify(query)} is not a council name or code` });
      continue;
    }
    const match = lookupCouncil(query);
    if (match.status === 'found') {
      if (!urns.includes(match.council.urn)) urns.push(match.council.urn);
    } else if (match.status === 'ambiguous') {
      addIssue({ message: `: "${query}" could be ${match.candidates.map((c) => `${c.name} (${c.urn})`).join(' or ')}; use the URN` });
    } else {
      const hint = match.suggestions.length ? `; did you mean ${match.suggestions.map((c) => `"${c.name}"`).join(', ')}?` : '';
      addIssue({ message: `: "${query}" is not a council in the register${hint}` });
    }
  }
  return urns;
}

/** Each scheduled function's expressions: the registry's, replaced by those the config gives. */
function schedulesOf(value: unknown, addIssue: AddIssue): Record<FunctionName, string[]> {
  const schedules = {} as Record<FunctionName, string[]>;
  for (const spec of FUNCTIONS) {
    const trigger = scheduleTrigger(spec);
    if (trigger) schedules[spec.name] = [...trigger.expressions];
  }
  if (unset(value)) return schedules;
  if (typeof value !== 'object' || Array.isArray(value)) {
    addIssue({ message: ' must be an object of function name to a list of expressions, e.g. {"news-scan": ["rate(1 hour)"]}' });
    return schedules;
  }
  for (const [fn, expressions] of Object.entries(value as Record<string, unknown>)) {
    if (!isFunctionName(fn) || !(fn in schedules)) {
      addIssue({ message: `: "${fn}" is not a scheduled function (scheduled: ${Object.keys(schedules).join(', ')})` });
      continue;
    }
    const list = typeof expressions === 'string' ? [expressions] : expressions;
    if (!Array.isArray(list) || list.length === 0 || !list.every((e) => typeof e === 'string')) {
      addIssue({ message: `.${fn} must be a non-empty list of cron()/rate() expressions` });
      continue;
    }
    const errors = list.flatMap((expression: string) => {
      try {
        parseScheduleExpression(expression);
        return [];
      } catch (error) {
        if (error instanceof WatchError && error.code === 'invalid_schedule') return [`.${fn}: ${error.message}`];
        throw error;
      }
    });
    for (const message of errors) addIssue({ message });
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
