/**
 * deliver-alerts: sends due alerts and digests to Slack (runDelivery, an
 * idempotent sweep). Woken by the table stream when events are written, and
 * every 5 minutes for retries and daily digests; the stream records themselves
 * are not read. Ensures the deployment's default subscription exists first.
 *
 * Environment: TABLE_NAME; DEFAULT_SUBSCRIPTION (optional JSON, a secret's name,
 * never a URL); SLACK_BOT_TOKEN_SECRET_NAME (optional: the Slack app's bot token, by name); LOG_LEVEL. Local runs only: DYNAMODB_ENDPOINT, SLACK_BASE_URL,
 * LOCAL_SECRETS_FILE.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { runDelivery, type DeliverySummary } from '#shared/alerts/deliver.ts';
import { botSendersByName } from '#shared/alerts/bot-sender.ts';
import { awsSecretResolver } from '#shared/alerts/secrets.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import { ensureSecretSubscription } from '#shared/alerts/subscription-store.ts';
import { councilRef } from '#shared/domain/council.ts';
import { DEFAULT_ALERT_KINDS, type EventKind } from '#shared/domain/events.ts';
import { councilByUrn } from '#shared/register/register.ts';
import { checkDefaultSubscription, ENV, readBaseConfig, type DefaultSubscriptionEnv } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { fileSecretResolver } from '#shared/runtime/secrets.ts';
import { connectTable } from '#shared/store/client.ts';

/** Id of the subscription made from the deploy config's defaultSubscription. */
export const DEFAULT_SUBSCRIPTION_ID = 'default';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export const handler = defineHandler({
  name: 'deliver-alerts',
  readConfig(env) {
    const base = readBaseConfig(env);
    const defaultSubscription = env.json<DefaultSubscriptionEnv>(ENV.defaultSubscription, checkDefaultSubscription, 'the default subscription the stack passes');
    const slackBaseUrl = env.optional(ENV.slackBaseUrl) ? env.url(ENV.slackBaseUrl, { what: 'local Slack receiver' }) : undefined;
    const localSecretsFile = env.optional(ENV.localSecretsFile);
    return { ...base, defaultSubscription, slackBaseUrl, localSecretsFile, botTokenSecretName: env.optional(ENV.slackBotTokenSecretName) };
  },
  setup(config) {
    const secrets = config.localSecretsFile ? fileSecretResolver(config.localSecretsFile) : awsSecretResolver(new SecretsManagerClient({}));
    return {
      table: connectTable({ tableName: config.tableName, endpoint: config.dynamodbEndpoint }),
      senders: slackWebhookSenders(config.slackBaseUrl ? { baseUrl: config.slackBaseUrl } : {}),
      bot: botSendersByName(config.botTokenSecretName, secrets, config.slackBaseUrl),
      secrets,
      defaultReady: undefined as Promise<unknown> | undefined,
    };
  },
  async run({ config, services, logger, deadline }) {
    const wanted = config.defaultSubscription;
    if (wanted) {
      services.defaultReady ??= ensureSecretSubscription(services.table, {
        id: DEFAULT_SUBSCRIPTION_ID,
        secretName: wanted.webhookSecretName,
        events: (wanted.kinds as EventKind[] | undefined) ?? [...DEFAULT_ALERT_KINDS],
        target: { type: 'councils', councils: wanted.councilUrns.flatMap((urn) => { const c = councilByUrn(urn); return c ? [councilRef(c)] : []; }) },
        now: new Date().toISOString(),
      }).then((state) => logger.info('default_subscription', { state, councils: wanted.councilUrns.length }))
        .catch((error: unknown) => { services.defaultReady = undefined; throw error; });
      await services.defaultReady;
    }
    return runDelivery({
      table: services.table,
      now: () => new Date(),
      sleep,
      senders: services.senders,
      ...(services.bot ? { bot: services.bot } : {}),
      secrets: services.secrets,
      logger,
      options: { deadline },
    });
  },
  outcome(summary: DeliverySummary) {
    return {
      fields: { ...summary },
      metrics: { alertsSent: summary.sent, alertsFailed: summary.failed + summary.unknown },
    };
  },
});
