/**
 * The functions ofsted-watch runs: the one list that the CDK stack
 * (infra/stack.ts), the handlers (functions/) and `ofsted-watch invoke` read,
 * so every deployed Lambda can be run locally and nothing runs locally that is
 * not deployed. Each function names the environment variables it reads
 * (env.ts says what each one is and who sets it): the stack and `invoke` set
 * exactly those, without asking which function it is.
 *
 * Plain data, no CDK or SDK imports: the CLI loads it to print `invoke --help`.
 *
 * Memory and timeouts rest on local measurements (Node 24, this repository's
 * fixtures; `npm run bench -- bundles` prints them again):
 *   - ofsted-scan: bundle 2.9 MB in all, but pdf.js (1.6 MB) is a lazily loaded
 *     chunk: the entry file is 1.0 MB, module init 130-150 ms; a run that reads
 *     a report loads pdf.js then (~75 ms).
 *     Parsing a report is cheap (median 24 ms, max 54 ms over the 51 fixture
 *     PDFs, peak RSS 204 MB for all 51 in one process; still fine with a 200 MB
 *     heap cap), and a run is paced by politeness (one request a second to
 *     Ofsted): 8 reports of 6 councils took 16 s, peak RSS 184 MB. 512 MB gives
 *     2.5x headroom; more memory would buy CPU the run does not wait on. The
 *     timeout (14 min) stays below the 15-minute schedule, so two scans never
 *     overlap; a first (baseline) crawl of every council needs several runs.
 *   - news-scan: bundle 1.3 MB, init 125-140 ms; 3 feeds x at most 25 articles at
 *     a request a second per host is well under a minute; peak RSS 145 MB for a
 *     run through the CLI. 512 MB, 5 min (below the 30-minute schedule).
 *   - slack-commands: bundle 2.6 MB (entry 2.3 MB: Bolt brings express and
 *     axios), module init 200-300 ms, RSS 137 MB after loading; a warm command
 *     against dynalite answers in 25-70 ms (`invoke slack-commands --text`), so
 *     a cold start stays well inside Slack's 3 s. 256 MB; 30 s covers a command
 *     handed on to an asynchronous invocation (it answers through response_url).
 *   - deliver-alerts: bundle 0.4 MB, init 65-75 ms; 20 alerts to one webhook
 *     took 20 s (Slack allows one message a second), peak RSS 144 MB. 256 MB;
 *     2 min, below the 5-minute sweep: the run stops claiming before its deadline
 *     and leaves the rest to the next sweep.
 *   - publish-site: building the whole site (322 files, 1.4 MB) from 1,000
 *     publications takes about 0.2 s here (`npm run bench -- site`); reading the
 *     table is 312 queries, 8 at a time; a first upload is 322 PUTs, 8 at a time,
 *     later ones only the changed files. 1024 MB for the CPU share (Lambda gives
 *     CPU in proportion to memory); 5 min leaves room for a slow first upload.
 *   - check-sources: the ofsted-scan bundle's parsers (pdf.js for one report);
 *     about 12 requests to Ofsted at one a second and 2 per feed: under a minute.
 *     512 MB as ofsted-scan (it reads one report); 5 min.
 */

import type { TableAccess } from '../store/access.ts';
import { PK, SK } from '../store/keys.ts';
import type { EnvKey } from './env.ts';

/** A recurring EventBridge Scheduler trigger. The deployer can replace the expressions in config. */
export interface ScheduleTrigger {
  type: 'schedule';
  /** What the schedules are for, shown in the console and in `invoke --help`. */
  purpose: string;
  /** Default cron()/rate() expressions in the stack's time zone; together they make the schedule. */
  expressions: readonly string[];
}

/** New or changed items of the table, filtered by key prefix, delivered from its DynamoDB stream. */
export interface TableStreamTrigger {
  type: 'table-stream';
  purpose: string;
  eventNames: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  pkPrefix: string;
  /** Items whose sort key starts with any of these. */
  skPrefixes: readonly string[];
  batchSize: number;
  /** How long the stream gathers records before waking the function (default 5 s). */
  batchingWindowSeconds?: number;
}

/** HTTPS requests from outside (a Lambda function URL): Slack's signed slash-command requests. */
export interface FunctionUrlTrigger {
  type: 'function-url';
  purpose: string;
}

export type Trigger = ScheduleTrigger | TableStreamTrigger | FunctionUrlTrigger;

export interface FunctionSpec {
  name: string;
  /** Handler module, relative to the repository root. It exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: readonly Trigger[];
  /** The environment variables the handler reads (keys of env.ts's ENV). */
  environment: readonly EnvKey[];
  /** What it may do to the table (store/access.ts TABLE_ACCESS): the stack's IAM statements. Null: nothing. */
  table: TableAccess | null;
  /** Deployed only when the deploy config has this setting (slack-commands: the Slack app, ofsted-watch:slack). */
  onlyWith?: 'slack';
}

/** What every handler's shell reads (runtime/lambda.ts): how it logs, and a local run's simulated clock. */
const SHELL_ENVIRONMENT = ['logLevel', 'logFormat', 'simulatedTime'] as const;

export const FUNCTIONS = [
  {
    name: 'ofsted-scan',
    entry: 'functions/ofsted-scan/handler.ts',
    description: 'Scans the Ofsted reports site for new council children\'s services publications and records inspections and events',
    memoryMb: 512,
    timeoutSeconds: 840,
    environment: [...SHELL_ENVIRONMENT, 'tableName', 'contactUrl', 'ofstedBaseUrl', 'dynamodbEndpoint'],
    table: 'crawl',
    triggers: [
      {
        type: 'schedule',
        purpose: 'every 15 minutes 07:00-20:00 on weekdays, hourly otherwise',
        expressions: [
          // 07:00, 07:15 … 19:45 on weekdays
          'cron(0/15 7-19 ? * MON-FRI *)',
          // 20:00, 21:00 … 06:00 on weekdays (20:00 closes the 15-minute window; 07:00 belongs to it)
          'cron(0 0-6,20-23 ? * MON-FRI *)',
          // every hour at weekends
          'cron(0 * ? * SAT,SUN *)',
        ],
      },
    ],
  },
  {
    name: 'news-scan',
    entry: 'functions/news-scan/handler.ts',
    description: 'Scans news sites for reports of council children\'s services downgrades and urgent actions',
    memoryMb: 512,
    timeoutSeconds: 300,
    environment: [...SHELL_ENVIRONMENT, 'tableName', 'contactUrl', 'newsFeeds', 'dynamodbEndpoint'],
    table: 'news',
    triggers: [{ type: 'schedule', purpose: 'every 30 minutes', expressions: ['rate(30 minutes)'] }],
  },
  {
    name: 'deliver-alerts',
    entry: 'functions/deliver-alerts/handler.ts',
    description: 'Delivers due alerts and digests to Slack subscribers (idempotent sweep; the table stream only wakes it)',
    memoryMb: 256,
    timeoutSeconds: 120,
    environment: [...SHELL_ENVIRONMENT, 'tableName', 'defaultSubscription', 'slackBotTokenSecretName', 'dynamodbEndpoint', 'slackBaseUrl', 'localSecretsFile'],
    table: 'delivery',
    triggers: [
      {
        type: 'table-stream',
        purpose: 'new or changed council events',
        eventNames: ['INSERT', 'MODIFY'],
        pkPrefix: PK.council,
        skPrefixes: [SK.event],
        batchSize: 25,
      },
      { type: 'schedule', purpose: 'every 5 minutes, for retries and daily digests', expressions: ['rate(5 minutes)'] },
    ],
  },
  {
    name: 'publish-site',
    entry: 'functions/publish-site/handler.ts',
    description: 'Rebuilds the national site (map, council pages, open data, feeds) from the table and uploads the files that changed',
    memoryMb: 1024,
    timeoutSeconds: 300,
    environment: [...SHELL_ENVIRONMENT, 'tableName', 'siteBucket', 'siteUrl', 'dynamodbEndpoint', 'siteDir'],
    table: 'site',
    triggers: [
      {
        type: 'table-stream',
        purpose: 'inspection records and events a scan recorded',
        eventNames: ['INSERT', 'MODIFY'],
        pkPrefix: PK.council,
        skPrefixes: [SK.inspection, SK.event],
        // A scan's writes arrive together: one rebuild for a run, not one per record.
        batchSize: 1000,
        batchingWindowSeconds: 120,
      },
      { type: 'schedule', purpose: 'daily, so a missed wake-up heals and the build date stays current', expressions: ['cron(30 5 * * ? *)'] },
    ],
  },
  {
    name: 'slack-commands',
    entry: 'functions/slack-commands/handler.ts',
    description: 'Answers /ofsted slash commands from the configured Slack workspace (signed requests only)',
    memoryMb: 256,
    timeoutSeconds: 30,
    environment: [...SHELL_ENVIRONMENT, 'tableName', 'slackTeamId', 'slackSigningSecretName', 'functionName', 'dynamodbEndpoint', 'slackBaseUrl', 'localSecretsFile'],
    table: 'slackCommands',
    onlyWith: 'slack',
    triggers: [{ type: 'function-url', purpose: 'Slack slash command /ofsted, POSTed to the function URL' }],
  },
  {
    name: 'check-sources',
    entry: 'functions/check-sources/handler.ts',
    description: 'Weekly canary: reads the live Ofsted listing (full and date-filtered), a provider page, a report and each news feed through the scans\' parsers; alarms when any check did not hold',
    memoryMb: 512,
    timeoutSeconds: 300,
    environment: [...SHELL_ENVIRONMENT, 'contactUrl', 'ofstedBaseUrl', 'newsFeeds'],
    table: null,
    triggers: [{ type: 'schedule', purpose: 'weekly, Mondays at 06:00', expressions: ['cron(0 6 ? * MON *)'] }],
  },
] as const satisfies readonly FunctionSpec[];

export type FunctionName = (typeof FUNCTIONS)[number]['name'];

export const FUNCTION_NAMES: readonly FunctionName[] = FUNCTIONS.map((f) => f.name);

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

/** The variables a function reads, with their literal keys (for readEnvironment's typed result). */
export function environmentOf<N extends FunctionName>(name: N): EnvironmentOf[N] {
  return FUNCTIONS.find((f) => f.name === name)!.environment as unknown as EnvironmentOf[N];
}
type EnvironmentOf = { [F in (typeof FUNCTIONS)[number] as F['name']]: F['environment'] };

export function functionSpec(name: FunctionName): FunctionSpec {
  return FUNCTIONS.find((f) => f.name === name) as FunctionSpec;
}

export { SCHEDULE_EVENT_SOURCE, scheduledEvent, type ScheduledEvent } from './schedule-event.ts';

/** The function URL trigger of a function, if it has one. */
export function functionUrlTrigger(spec: FunctionSpec): FunctionUrlTrigger | undefined {
  return spec.triggers.find((t): t is FunctionUrlTrigger => t.type === 'function-url');
}

/** The schedule trigger of a function, if it has one. */
export function scheduleTrigger(spec: FunctionSpec): ScheduleTrigger | undefined {
  return spec.triggers.find((t): t is ScheduleTrigger => t.type === 'schedule');
}
