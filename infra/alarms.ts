/**
 * The alarms that page the deployer: any dead-letter message, any function
 * error, scan anomalies, a scan that has not succeeded for 24 hours, a check
 * of the live sources that did not hold (check-sources, weekly), and the
 * Slack endpoint's own (infra/slack-commands.ts). Each notifies the alarm topic
 * when it fires and when it recovers.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { FunctionName } from '#shared/runtime/registry.ts';
import { METRIC_DIMENSION, METRIC_NAMES, METRICS_NAMESPACE } from '#shared/runtime/metrics.ts';
import { slackCommandsAlarms } from './slack-commands.ts';
import { pascal, type WatchFunction } from './watch-function.ts';

/** Functions that scan and so must report ScanSucceeded. */
const SCANS: readonly FunctionName[] = ['ofsted-scan', 'news-scan'];
/** The weekly check of the live sources: any check that did not hold alarms for a week. */
const CANARY: FunctionName = 'check-sources';

export interface AlarmTargets {
  topic: sns.ITopic;
  functions: Partial<Record<FunctionName, WatchFunction>>;
  deadLetters: { SchedulerDeadLetters: sqs.Queue; StreamFailures: sqs.Queue };
}

export function addAlarms(stack: Stack, targets: AlarmTargets): void {
  const action = new cwActions.SnsAction(targets.topic);
  const alarm = (id: string, props: cloudwatch.AlarmProps) => {
    const created = new cloudwatch.Alarm(stack, id, props);
    created.addAlarmAction(action);
    created.addOkAction(action);
    return created;
  };
  /** Alarms at the first data point of `metric` at or above 1. */
  const onAny = (id: string, description: string, metric: cloudwatch.IMetric) => alarm(id, {
    alarmDescription: `ofsted-watch: ${description}`,
    metric,
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const queueNotEmpty = (id: string, queue: sqs.Queue, what: string) =>
    onAny(id, `${what} — inspect the messages in the queue, fix the cause, then purge it.`, queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }));
  queueNotEmpty('SchedulerDeadLettersNotEmpty', targets.deadLetters.SchedulerDeadLetters, 'a scheduled invocation could not be delivered to its function');
  queueNotEmpty('StreamFailuresNotEmpty', targets.deadLetters.StreamFailures, 'a function (deliver-alerts or publish-site) failed on table stream records after retries');

  const appMetric = (name: string, fn: FunctionName, period: Duration) => new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE, metricName: name, dimensionsMap: { [METRIC_DIMENSION]: fn }, statistic: 'Sum', period,
  });
  for (const [fn, watch] of Object.entries(targets.functions) as [FunctionName, WatchFunction][]) {
    onAny(`${pascal(fn)}Errors`, `${fn} failed — its log group has the error.`, watch.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }));
  }
  for (const fn of SCANS) {
    onAny(
      `${pascal(fn)}Anomalies`,
      `${fn} met something a person must look at (a changed page layout, a file that is not a report, a feed that is gone) — see the anomaly warnings in its log.`,
      appMetric(METRIC_NAMES.anomalies, fn, Duration.hours(1)),
    );
    // 24 hourly periods with no ScanSucceeded datapoint: missing data counts as
    // breaching, so a scan that stopped running (not only one that fails) alarms.
    alarm(`${pascal(fn)}NoSuccessIn24Hours`, {
      alarmDescription: `ofsted-watch: no successful ${fn} for 24 hours — check its schedule, errors and log.`,
      metric: appMetric(METRIC_NAMES.scanSucceeded, fn, Duration.hours(1)),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 24,
      datapointsToAlarm: 24,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
  }
  alarm(`${pascal(CANARY)}Failed`, {
    alarmDescription: `ofsted-watch: a check of the live sources did not hold (the Ofsted listing, a provider page's markup, a report, or a news feed; a date filter the site ignores is logged, not counted) — see the source_check warnings in ${CANARY}'s log, or run npx --no-install ofsted-watch doctor.`,
    metric: appMetric(METRIC_NAMES.sourceChecksFailed, CANARY, Duration.days(1)),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // The check runs weekly: a failure keeps the alarm on until a week of days has passed without one.
    evaluationPeriods: 7,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  const slackCommands = targets.functions['slack-commands'];
  if (slackCommands) slackCommandsAlarms(slackCommands, alarm);
}
