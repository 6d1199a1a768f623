/**
 * deliver-alerts: sends due alerts and digests to Slack webhooks and, with the
 * Slack app's bot token (read by name), to channels (runDelivery, an idempotent
 * sweep). Woken by the table stream when events are written, and every 5 minutes
 * for retries and digests. Ensures the deployment's default subscription exists
 * first (once per container). Its environment is its registry entry's.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { botSendersByName } from '#shared/alerts/bot-sender.ts';
import { defaultSubscriptionOnce } from '#shared/alerts/default-subscription.ts';
import { runDelivery, type DeliverySummary } from '#shared/alerts/deliver.ts';
import { dynamoDeliveryStores } from '#shared/alerts/dynamo-stores.ts';
import { awsSecretResolver } from '#shared/alerts/secrets.ts';
import { slackWebhookSenders } from '#shared/alerts/sender.ts';
import { tableFor } from '#shared/runtime/clients.ts';
import { readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { environmentOf } from '#shared/runtime/registry.ts';
import { fileSecretResolver } from '#shared/runtime/secrets.ts';
import { realSleep } from '#shared/timing/sleep.ts';

export const handler = defineHandler({
  name: 'deliver-alerts',
  readConfig: (env) => readEnvironment(environmentOf('deliver-alerts'), env),
  setup(config) {
    const secrets = config.localSecretsFile ? fileSecretResolver(config.localSecretsFile) : awsSecretResolver(new SecretsManagerClient({}));
    const stores = dynamoDeliveryStores(tableFor(config));
    const bot = botSendersByName(config.slackBotTokenSecretName, secrets, config.slackBaseUrl);
    const ensureDefault = config.defaultSubscription ? defaultSubscriptionOnce(stores.subscriptions, config.defaultSubscription) : undefined;
    return { stores, senders: slackWebhookSenders(config.slackBaseUrl ? { baseUrl: config.slackBaseUrl } : {}), ...(bot ? { bot } : {}), secrets, ensureDefault };
  },
  async run({ services, logger, now, deadline }) {
    const { ensureDefault, ...deps } = services;
    await ensureDefault?.(now(), logger);
    return runDelivery({ ...deps, logger, now, sleep: realSleep, options: { deadline } });
  },
  outcome: (summary: DeliverySummary) => ({
    fields: { ...summary },
    metrics: { alertsSent: summary.sent, alertsFailed: summary.failed + summary.unknown },
  }),
});
