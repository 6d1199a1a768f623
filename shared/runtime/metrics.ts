/**
 * CloudWatch metrics, written as Embedded Metric Format (EMF) lines on stdout:
 * CloudWatch Logs turns each line into metric data points, so a handler
 * publishes metrics without an API call or an extra SDK client.
 *
 * The namespace, dimension and names are shared with the stack (infra/stack.ts),
 * whose alarms watch them.
 */

export const METRICS_NAMESPACE = 'OfstedWatch';

/** Every data point carries the function name as its one dimension. */
export const METRIC_DIMENSION = 'Function';

export const METRIC_NAMES = {
  /** 1 for each scan run that completed (ofsted-scan, news-scan). Alarm: none for 24 hours. */
  scanSucceeded: 'ScanSucceeded',
  /** Operator warnings recorded by a scan (changed page layout, unparseable report, HTML instead of PDF…). Alarm: any. */
  anomalies: 'Anomalies',
  /** Council events newly recorded by a scan. */
  eventsRecorded: 'EventsRecorded',
  /** Slack messages delivered by deliver-alerts. */
  alertsSent: 'AlertsSent',
  /** Deliveries that failed in a run (will be retried, or given up on for dead webhooks). */
  alertsFailed: 'AlertsFailed',
  /** Files publish-site wrote to the site's bucket (only those whose content changed). */
  siteFilesWritten: 'SiteFilesWritten',
  /** Checks of the live sources that did not hold (check-sources, weekly). Alarm: any in the last week. */
  sourceChecksFailed: 'SourceChecksFailed',
  /** Slash commands answered by slack-commands. */
  slackCommands: 'SlackCommands',
  /** Requests to the Slack endpoint refused (bad, missing or stale signature). Alarm: many (a wrong signing secret, or someone probing). */
  slackRequestsRefused: 'SlackRequestsRefused',
} as const;

export type MetricKey = keyof typeof METRIC_NAMES;
export type MetricValues = Partial<Record<MetricKey, number>>;

/** One EMF log line carrying `values` for `functionName`. */
export function emfLine(functionName: string, values: MetricValues, at: Date = new Date()): string {
  const entries = Object.entries(values).filter((entry): entry is [MetricKey, number] => Number.isFinite(entry[1]));
  const record: Record<string, unknown> = {
    _aws: {
      Timestamp: at.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: METRICS_NAMESPACE,
          Dimensions: [[METRIC_DIMENSION]],
          Metrics: entries.map(([key]) => ({ Name: METRIC_NAMES[key], Unit: 'Count' })),
        },
      ],
    },
    [METRIC_DIMENSION]: functionName,
  };
  for (const [key, value] of entries) record[METRIC_NAMES[key]] = value;
  return JSON.stringify(record);
}
