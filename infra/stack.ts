/**
 * Everything ofsted-watch runs in AWS: the table, the functions from the
 * registry with their schedules and stream trigger, dead-letter queues, and
 * alarms that page the deployer.
 */
import { ArnFormat, CfnElement, CfnOutput, Duration, Stack, TimeZone, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ContextAttribute, Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct, IConstruct } from 'constructs';
import { FUNCTIONS, scheduledEvent, type FunctionName, type FunctionSpec, type TableStreamTrigger } from '#shared/runtime/registry.ts';
import { ENV, environmentFor, readEnvironment, type EnvKey } from '#shared/runtime/env.ts';
import { TABLE_SCHEMA } from '#shared/store/schema.ts';
import { addAlarms } from './alarms.ts';
import type { DeployConfig } from './config.ts';
import { NationalSite } from './site.ts';
import { slackCommandsEndpoint } from './slack-commands.ts';
import { buildTable } from './table.ts';
import { grantTableAccess } from './table-access.ts';
import { previewContactUrl } from './preview.ts';
import { pascal, WatchFunction } from './watch-function.ts';

export interface OfstedWatchStackProps extends StackProps {
  config: DeployConfig;
  /** Repository root (entries, package.json, package-lock.json). */
  projectRoot: string;
}

/**
 * The handler's own schemas, at synth: a bad value fails here, not in AWS.
 * Values CloudFormation fills in at deploy time (tokens) are checked by the
 * handler when it starts.
 */
function checkEnvironment(variables: readonly EnvKey[], environment: Record<string, string>): void {
  readEnvironment(variables.filter((key) => !Token.isUnresolved(environment[ENV[key]])), environment);
}

/** A function is deployed unless it needs a setting the deployment does not have (slack-commands: ofsted-watch:slack). */
function deployed(spec: FunctionSpec, config: DeployConfig): boolean {
  return spec.onlyWith === undefined || config[spec.onlyWith] !== undefined;
}

export class OfstedWatchStack extends Stack {
  readonly table: dynamodb.Table;
  readonly alarmTopic: sns.Topic;
  /** Every registry function; slack-commands only when the Slack app is configured. */
  readonly functions: Record<Exclude<FunctionName, 'slack-commands'>, WatchFunction> & { 'slack-commands'?: WatchFunction };
  readonly schedulerDeadLetters: sqs.Queue;
  readonly streamFailures: sqs.Queue;
  readonly site: NationalSite;
  /** The /ofsted Request URL, when the Slack app is configured. */
  slackCommandsUrl?: string;

  constructor(scope: Construct, id: string, props: OfstedWatchStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.table = buildTable(this);
    this.alarmTopic = new sns.Topic(this, 'Alarms', { displayName: 'ofsted-watch alarms', enforceSSL: true });
    if (config.alarmEmail) this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(config.alarmEmail));
    Validations.of(this.alarmTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Alarm notifications carry alarm names and states only, nothing sensitive. CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer-managed key would add a monthly charge larger than the rest of an idle deployment.',
    });

    this.schedulerDeadLetters = this.deadLetterQueue('SchedulerDeadLetters', 'EventBridge Scheduler invocations that failed after retries');
    this.streamFailures = this.deadLetterQueue('StreamFailures', 'table stream batches a function failed on after retries and bisection');
    this.site = new NationalSite(this, 'Site', { logRetentionDays: config.logRetentionDays });

    const logRetention = config.logRetentionDays as logs.RetentionDays;
    // What the deployment gives its functions; each takes the variables its registry entry names.
    const values: Partial<Record<EnvKey, string>> = {
      tableName: this.table.tableName,
      contactUrl: config.preview ? previewContactUrl(this) : config.contactUrl,
      ...(config.newsFeeds ? { newsFeeds: JSON.stringify(config.newsFeeds) } : {}),
      ...(config.defaultSubscription ? { defaultSubscription: JSON.stringify(config.defaultSubscription) } : {}),
      ...(config.slack ? { slackTeamId: config.slack.teamId, slackSigningSecretName: config.slack.signingSecretName, slackBotTokenSecretName: config.slack.botTokenSecretName } : {}),
      siteBucket: this.site.bucket.bucketName,
      siteUrl: this.site.url,
    };
    const functions = {} as OfstedWatchStack['functions'];
    for (const spec of FUNCTIONS.filter((f) => deployed(f, config))) {
      const environment = environmentFor(spec.environment, values, 'stack');
      checkEnvironment(spec.environment, environment);
      const watch = new WatchFunction(this, pascal(spec.name), { spec, projectRoot: props.projectRoot, environment, logRetention });
      functions[spec.name] = watch;
      grantTableAccess(watch.role, this.table, spec, this.logicalId(this.table));
      // A function given the site's bucket publishes to it.
      if (spec.environment.includes('siteBucket' as never)) this.site.grantPublish(watch);

      for (const trigger of spec.triggers) {
        if (trigger.type === 'schedule') this.schedule(watch, config.schedules[spec.name] ?? [...trigger.expressions], config.timeZone);
        else if (trigger.type === 'table-stream') this.streamTrigger(watch, trigger);
        else if (config.slack) this.slackCommandsUrl = slackCommandsEndpoint(this, watch, config.slack, this.secretArn.bind(this));
      }
    }
    this.functions = functions;

    this.grantWebhookSecrets(functions['deliver-alerts'], config);
    this.outputs(config);
    if (this.slackCommandsUrl) {
      new CfnOutput(this, 'SlackCommandsUrl', {
        value: this.slackCommandsUrl,
        description: 'The Slack app\'s slash command Request URL: npx --no-install ofsted-watch slack-manifest --request-url <this>',
      });
    }

    addAlarms(this, { topic: this.alarmTopic, functions: this.functions, deadLetters: { SchedulerDeadLetters: this.schedulerDeadLetters, StreamFailures: this.streamFailures } });
  }

  /**
   * Slack webhooks live in Secrets Manager, never in the template or the
   * environment: deliver-alerts may read (GetSecretValue only) the secrets named
   * under the deployment's prefix, which subscriptions made with
   * `subscribe --webhook-secret` use, and the default subscription's secret.
   */
  /** A secret's ARN by name; Secrets Manager appends "-" and six random characters to a name in its ARN, so exact names end in -??????. */
  secretArn(name: string): string {
    return this.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  }

  private grantWebhookSecrets(delivery: WatchFunction, config: DeployConfig): void {
    const secretArn = (name: string) => this.secretArn(name);
    const resources = [secretArn(`${config.webhookSecretPrefix}*`)];
    const defaultName = config.defaultSubscription?.webhookSecretName;
    if (defaultName && !defaultName.startsWith(config.webhookSecretPrefix)) resources.push(secretArn(`${defaultName}-??????`));
    const botToken = config.slack?.botTokenSecretName;
    if (botToken && !botToken.startsWith(config.webhookSecretPrefix)) resources.push(secretArn(`${botToken}-??????`));
    delivery.role.addToPolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources }));
    for (const resource of resources) {
      const finding = (this.resolve(resource) as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1]
        .map((part) => (typeof part === 'string' ? part : `<${(part as { Ref: string }).Ref}>`)).join('');
      Validations.of(delivery.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${finding}]`,
        reason: resource === resources[0]
          ? `Webhook secrets are named by the deployer under the prefix "${config.webhookSecretPrefix}" (docs/deploy.md); deliver-alerts may read only those, and only their values.`
          : 'Secrets Manager appends a random six-character suffix to a secret\'s ARN; this names one configured secret (the default subscription\'s webhook, or the Slack bot token).',
      });
    }
  }

  private outputs(config: DeployConfig): void {
    new CfnOutput(this, 'TableName', { value: this.table.tableName, description: 'Set OFSTED_WATCH_TABLE to this (with AWS_REGION) to manage subscriptions with the CLI' });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'SNS topic the alarms notify; subscribe more endpoints to it' });
    new CfnOutput(this, 'SchedulerDeadLettersUrl', { value: this.schedulerDeadLetters.queueUrl, description: 'Scheduled invocations that could not be delivered' });
    new CfnOutput(this, 'StreamFailuresUrl', { value: this.streamFailures.queueUrl, description: 'Table stream batches deliver-alerts failed on' });
    new CfnOutput(this, 'SiteUrl', { value: this.site.url, description: 'The national site (map, council pages, open data, feeds), rebuilt after every scan that records something' });
    new CfnOutput(this, 'WebhookSecretPrefix', { value: config.webhookSecretPrefix, description: 'Name Slack webhook secrets with this prefix so deliver-alerts can read them' });
  }

  /** The CloudFormation logical id of a construct's resource, as cdk-nag names it in findings. */
  private logicalId(construct: IConstruct): string {
    return this.resolve((construct.node.defaultChild as CfnElement).logicalId) as string;
  }

  private deadLetterQueue(id: string, holds: string): sqs.Queue {
    const queue = new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: `This queue is itself a dead-letter destination (${holds}); an alarm fires when it holds any message.`,
    });
    return queue;
  }

  private schedule(watch: WatchFunction, expressions: readonly string[], timeZone: string): void {
    const name = watch.spec.name;
    expressions.forEach((expression, i) => {
      new Schedule(this, `${pascal(name)}Schedule${i + 1}`, {
        schedule: ScheduleExpression.expression(expression, TimeZone.of(timeZone)),
        description: `ofsted-watch ${name}: ${expression} (${timeZone})`,
        target: new LambdaInvoke(watch.function, {
          input: ScheduleTargetInput.fromObject(scheduledEvent(name, ContextAttribute.scheduledTime)),
          deadLetterQueue: this.schedulerDeadLetters,
          // Retries cover failures to invoke (throttling, service errors), not function errors.
          retryAttempts: 3,
          maxEventAge: Duration.minutes(10),
        }),
      });
    });
    Validations.of(this).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${this.logicalId(watch.function)}.Arn>:*]`,
      reason: `The scheduler's role may invoke ${name} and its versions/aliases (arn:*), as the Scheduler Lambda target grants; it names this one function.`,
    });
  }

  private streamTrigger(watch: WatchFunction, trigger: TableStreamTrigger): void {
    watch.function.addEventSource(new DynamoEventSource(this.table, {
      startingPosition: StartingPosition.LATEST,
      batchSize: trigger.batchSize,
      maxBatchingWindow: Duration.seconds(trigger.batchingWindowSeconds ?? 5),
      bisectBatchOnError: true,
      retryAttempts: 3,
      maxRecordAge: Duration.hours(6),
      onFailure: new SqsDlq(this.streamFailures),
      // One filter per sort-key prefix: a record passes when any filter matches it.
      filters: trigger.skPrefixes.map((skPrefix) => FilterCriteria.filter({
        eventName: FilterRule.or(...trigger.eventNames),
        dynamodb: {
          Keys: {
            [TABLE_SCHEMA.partitionKey]: { S: FilterRule.beginsWith(trigger.pkPrefix) },
            [TABLE_SCHEMA.sortKey]: { S: FilterRule.beginsWith(skPrefix) },
          },
        },
      })),
    }));
    Validations.of(watch.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'dynamodb:ListStreams does not support resource-level permissions, so AWS requires Resource "*" for it; every other stream action is scoped to the table\'s stream ARN.',
    });
  }
}

export { pascal } from './watch-function.ts';
