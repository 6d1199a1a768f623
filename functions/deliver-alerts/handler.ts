/**
 * deliver-alerts: sends due alerts and digests to Slack webhooks and, with the
 * Slack app's bot token (read by name), to channels (runDelivery, an idempotent
 * sweep). Woken by the table stream when events are written, and every 5 minutes
 * for retries and digests. Ensures the deployment's default subscription exists
 * first (once per container). Its environment is its registry entry's.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { botSendersByName } from '#shared/alerts/bot-sender.ts';
import { defaultSubscriptionFrom } from '#shared/alerts/default-subscription.ts';
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
    const senders = slackWebhookSenders(config.slackBaseUrl ? { baseUrl: config.slackBaseUrl } : {});
    const bot = botSendersByName(config.slackBotTokenSecretName, secrets, config.slackBaseUrl);
    return { stores: dynamoDeliveryStores(tableFor(config)), senders, bot, secrets, defaultReady: undefined as Promise<unknown> | undefined };
  },
  async run({ config, services, logger, deadline }) {
    const wanted = config.defaultSubscription;
    if (wanted) {
      services.defaultReady ??= services.stores.subscriptions.ensureSecretSubscription({ ...defaultSubscriptionFrom(wanted), now: new Date().toISOString() })
        .then((state) => logger.info('default_subscription', { state, councils: wanted.councilUrns.length }))
        .catch((error: unknown) => { services.defaultReady = undefined; throw error; });
      await services.defaultReady;
    }
    const { stores, senders, bot, secrets } = services;
    return runDelivery({ stores, senders, ...(bot ? { bot } : {}), secrets, logger, now: () => new Date(), sleep: realSleep, options: { deadline } });
  },
  outcome: (summary: DeliverySummary) => ({
    fields: { ...summary },
    metrics: { alertsSent: summary.sent, alertsFailed: summary.failed + summary.unknown },
  }),
});
