/**
 * deliver-alerts: sends due alerts and digests to Slack (runDelivery, an
 * idempotent sweep). Woken by the table stream when events are written, and
 * every 5 minutes for retries and daily digests; the stream records themselves
 * are not read. Ensures the deployment's default subscription exists first
 * (once per container). Its environment is its registry entry's.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
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
  setup: (config) => ({
    stores: dynamoDeliveryStores(tableFor(config)),
    senders: slackWebhookSenders(config.slackBaseUrl ? { baseUrl: config.slackBaseUrl } : {}),
    secrets: config.localSecretsFile ? fileSecretResolver(config.localSecretsFile) : awsSecretResolver(new SecretsManagerClient({})),
    defaultReady: undefined as Promise<unknown> | undefined,
  }),
  async run({ config, services, logger, now, deadline }) {
    const wanted = config.defaultSubscription;
    if (wanted) {
      services.defaultReady ??= services.stores.subscriptions.ensureSecretSubscription({ ...defaultSubscriptionFrom(wanted), now: now().toISOString() })
        .then((state) => logger.info('default_subscription', { state, councils: wanted.councilUrns.length }))
        .catch((error: unknown) => { services.defaultReady = undefined; throw error; });
      await services.defaultReady;
    }
    const { stores, senders, secrets } = services;
    return runDelivery({ stores, senders, secrets, logger, now, sleep: realSleep, options: { deadline } });
  },
  outcome: (summary: DeliverySummary) => ({
    fields: { ...summary },
    metrics: { alertsSent: summary.sent, alertsFailed: summary.failed + summary.unknown },
  }),
});
