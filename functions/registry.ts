/**
 * The functions ofsted-watch runs: the one list that both the CDK stack
 * (infra/stack.ts) and `ofsted-watch invoke` read, so every deployed Lambda can
 * be run locally and nothing runs locally that is not deployed.
 *
 * Plain data, no CDK or SDK imports: the CLI loads it to print `invoke --help`.
 *
 * Memory and timeouts come from local measurements (`npm run bench -- bundles`
 * for module init; `ofsted-watch invoke` against the replay site for a run):
 *   - ofsted-scan: the largest bundle (cheerio + unpdf's pdf.js). Parsing one
 *     ~30-page report PDF peaks around 150 MB of heap locally; 1024 MB gives
 *     headroom and, on Lambda, the CPU share that halves PDF parse time versus
 *     512 MB. Requests to Ofsted are paced at about one a second, so a run is
 *     bounded by the crawl budget the scan takes from its deadline; the timeout
 *     (10 min) stays below the 15-minute schedule so two scans never overlap.
 *   - news-scan: fetches and parses article HTML only; 512 MB, 5 min (below the
 *     30-minute schedule).
 *   - deliver-alerts: DynamoDB queries and Slack posts (paced at one a second per
 *     webhook); 256 MB is ample, 2 min timeout stays below the 5-minute sweep.
 */

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
  skPrefix: string;
  batchSize: number;
}

export type Trigger = ScheduleTrigger | TableStreamTrigger;

export interface FunctionSpec {
  name: string;
  /** Handler module, relative to the repository root. It exports `handler`. */
  entry: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  triggers: readonly Trigger[];
}

export const FUNCTIONS = [
  {
    name: 'ofsted-scan',
    entry: 'functions/ofsted-scan/handler.ts',
    description: 'Scans the Ofsted reports site for new council children\'s services publications and records inspections and events',
    memoryMb: 1024,
    timeoutSeconds: 600,
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
    triggers: [{ type: 'schedule', purpose: 'every 30 minutes', expressions: ['rate(30 minutes)'] }],
  },
  {
    name: 'deliver-alerts',
    entry: 'functions/deliver-alerts/handler.ts',
    description: 'Delivers due alerts and digests to Slack subscribers (idempotent sweep; the table stream only wakes it)',
    memoryMb: 256,
    timeoutSeconds: 120,
    triggers: [
      {
        type: 'table-stream',
        purpose: 'new or changed council events',
        eventNames: ['INSERT', 'MODIFY'],
        pkPrefix: 'COUNCIL#',
        skPrefix: 'EVENT#',
        batchSize: 25,
      },
      { type: 'schedule', purpose: 'every 5 minutes, for retries and daily digests', expressions: ['rate(5 minutes)'] },
    ],
  },
] as const satisfies readonly FunctionSpec[];

export type FunctionName = (typeof FUNCTIONS)[number]['name'];

export const FUNCTION_NAMES: readonly FunctionName[] = FUNCTIONS.map((f) => f.name);

export function isFunctionName(name: string): name is FunctionName {
  return (FUNCTION_NAMES as readonly string[]).includes(name);
}

export function functionSpec(name: FunctionName): FunctionSpec {
  return FUNCTIONS.find((f) => f.name === name) as FunctionSpec;
}

/** `source` of the event a schedule sends (the stack's Scheduler targets; `ofsted-watch invoke` by default). */
export const SCHEDULE_EVENT_SOURCE = 'ofsted-watch.schedule';

export interface ScheduledEvent {
  source: typeof SCHEDULE_EVENT_SOURCE;
  function: string;
  /** When the schedule fired (ISO 8601); in AWS, Scheduler fills in <aws.scheduler.scheduled-time>. */
  scheduledTime: string;
}

export function scheduledEvent(name: string, scheduledTime: string): ScheduledEvent {
  return { source: SCHEDULE_EVENT_SOURCE, function: name, scheduledTime };
}

/** The schedule trigger of a function, if it has one. */
export function scheduleTrigger(spec: FunctionSpec): ScheduleTrigger | undefined {
  return spec.triggers.find((t): t is ScheduleTrigger => t.type === 'schedule');
}
