/**
 * slack-commands: answers `/ofsted` slash commands from the configured Slack
 * workspace, behind a Lambda function URL (shared/slack-app). Every request's
 * Slack signature is checked before anything runs; slow commands are handed on
 * to an asynchronous invocation of this function, which answers through
 * response_url. Its environment is its registry entry's: the signing secret by
 * name (never the secret), the one workspace served.
 */
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DEFAULT_DELIVERY_OPTIONS } from '#shared/alerts/delivery-context.ts';
import { awsSecretResolver } from '#shared/alerts/secrets.ts';
import type { HttpEvent, HttpResult } from '#shared/slack-app/bolt-app.ts';
import { isDeferredCommand, readSlackCommandsConfig, slackCommandsService } from '#shared/slack-app/service.ts';
import { tableFor } from '#shared/runtime/clients.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { fileSecretResolver } from '#shared/runtime/secrets.ts';

export const handler = defineHandler({
  name: 'slack-commands',
  readConfig: readSlackCommandsConfig,
  setup: (config) => slackCommandsService({
    table: tableFor(config),
    secrets: config.localSecretsFile ? fileSecretResolver(config.localSecretsFile) : awsSecretResolver(new SecretsManagerClient({})),
    signingSecretName: config.slackSigningSecretName,
    teamId: config.slackTeamId ?? null,
    digestHour: DEFAULT_DELIVERY_OPTIONS.digestHour,
    ...(config.slackBaseUrl ? { slackBaseUrl: config.slackBaseUrl } : {}),
    ...(config.functionName ? { handOff: { lambda: new LambdaClient({}), functionName: config.functionName } } : {}),
  }),
  async run({ event, services, logger }): Promise<HttpResult> {
    if (isDeferredCommand(event)) {
      await services.deferred(event, logger);
      return { statusCode: 200, body: '' };
    }
    return services.http(event as HttpEvent, logger);
  },
  outcome: (result: HttpResult) => ({
    fields: { statusCode: result.statusCode },
    metrics: result.statusCode === 401 ? { slackRequestsRefused: 1 } : result.statusCode === 200 ? { slackCommands: 1 } : {},
  }),
});
