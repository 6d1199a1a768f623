/**
 * The Slack app's endpoint in AWS: slack-commands behind a Lambda function URL,
 * with only what it needs. Slack cannot sign AWS requests, so the URL is public
 * (auth NONE) and the function refuses, with 401, every request whose Slack
 * signature does not check out, before it reads anything.
 *
 *   - the table (granted by the stack from its registry entry, on the key
 *     prefixes of store/keys.ts PARTITIONS): read subscriptions and council
 *     records, write only subscriptions; no index, no stream;
 *   - Secrets Manager: read the one signing secret, by name (never the bot token:
 *     answers go back in the HTTP response or to response_url, which need none);
 *   - Lambda: invoke itself asynchronously, to finish commands that take longer
 *     than Slack's 3 seconds.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { METRIC_DIMENSION, METRIC_NAMES, METRICS_NAMESPACE } from '#shared/runtime/metrics.ts';
import type { SlackAppConfig } from './slack-config.ts';
import type { WatchFunction } from './watch-function.ts';

/** The function URL, the signing secret grant and the self-invoke permission; returns the Request URL for Slack. */
export function slackCommandsEndpoint(stack: Stack, watch: WatchFunction, slack: SlackAppConfig, secretArn: (name: string) => string): string {
  const secret = secretArn(`${slack.signingSecretName}-??????`);
  watch.role.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret] }));
  const finding = (stack.resolve(secret) as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
    .map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
  Validations.of(watch.role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::${finding}]`,
    reason: 'Secrets Manager appends a random six-character suffix to a secret\'s ARN; this names the one Slack signing secret the deployer created.',
  });
  // A separate policy, so the function does not depend on a policy that names the function.
  new iam.Policy(watch, 'InvokeItself', {
    roles: [watch.role],
    statements: [new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [watch.function.functionArn] })],
  });
  const url = watch.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
  return `${url.url}slack/commands`;
}

type AlarmFactory = (id: string, props: cloudwatch.AlarmProps) => cloudwatch.Alarm;

/** Beyond the Errors alarm every function has: requests refused in numbers, and answers too slow for Slack. */
export function slackCommandsAlarms(watch: WatchFunction, alarm: AlarmFactory): void {
  alarm('SlackCommandsRefused', {
    alarmDescription: 'ofsted-watch: many requests to the Slack endpoint had a bad or stale signature — the signing secret in Secrets Manager may not match the Slack app\'s (rotated?), or someone is probing the URL.',
    metric: new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE, metricName: METRIC_NAMES.slackRequestsRefused, dimensionsMap: { [METRIC_DIMENSION]: watch.spec.name },
      statistic: 'Sum', period: Duration.minutes(5),
    }),
    threshold: 10,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm('SlackCommandsSlow', {
    alarmDescription: 'ofsted-watch: slash commands take over 2.5 s (p90) — Slack gives up at 3 s; check the table\'s latency and the function\'s log.',
    metric: watch.function.metricDuration({ statistic: 'p90', period: Duration.minutes(5) }),
    threshold: 2500,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}
