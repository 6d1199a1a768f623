/**
 * The slack-commands function's wiring: the signing secret read by name (once
 * per container), the commands run against the table, and what becomes of a
 * command that outlives Slack's 3 seconds. In AWS the function invokes itself
 * asynchronously with the command (a Lambda is frozen once it has answered, so
 * the work cannot go on in the background), and that invocation answers through
 * response_url; in a local process the work simply goes on and then answers.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { SecretResolver } from '../alerts/secrets.ts';
import { newSubscriptionId } from '../alerts/subscription-store.ts';
import { ENV, EnvError, readEnvironment } from '../runtime/env.ts';
import { silentLogger, type Logger } from '../runtime/log.ts';
import { environmentOf } from '../runtime/registry.ts';
import type { TableRef } from '../store/client.ts';
import { slashCommandsHandler, type HttpEvent, type HttpResult } from './bolt-app.ts';
import type { SlashRequest } from './command.ts';
import { postResponse } from './response-url.ts';
import { runSlashCommand } from './run.ts';
import { dynamoSlashCommandStores } from './store.ts';

export const DEFERRED_COMMAND_SOURCE = 'ofsted-watch.slack-command';

/** The event a slow command is handed on with (never an HTTP request: a function URL cannot forge it). */
export interface DeferredCommand {
  source: typeof DEFERRED_COMMAND_SOURCE;
  request: SlashRequest;
}

export function isDeferredCommand(event: unknown): event is DeferredCommand {
  const e = event as Partial<DeferredCommand> & { requestContext?: unknown } | null;
  return !!e && e.source === DEFERRED_COMMAND_SOURCE && e.requestContext === undefined && typeof e.request?.responseUrl === 'string';
}

/** slack-commands' environment (its registry entry's variables), validated once per container. */
export function readSlackCommandsConfig(env: Readonly<Record<string, string | undefined>>) {
  const config = readEnvironment(environmentOf('slack-commands'), env);
  // In AWS (where Lambda sets the function name) the workspace must be named; a local run may serve any.
  if (config.functionName && !config.slackTeamId) throw new EnvError([`${ENV.slackTeamId} is not set (the one Slack workspace the app serves; the stack sets it from ofsted-watch:slack)`]);
  return config;
}

/** A table to run one command against, and how to let go of it (a no-op in AWS; a local run may open the table per command). */
export interface TableLease {
  table: TableRef;
  release(): Promise<void>;
}

export interface SlackCommandsServiceOptions {
  /** The table each command runs against. */
  table: TableRef | (() => Promise<TableLease>);
  secrets: SecretResolver;
  signingSecretName: string;
  /** The one workspace served; null serves any (local runs). */
  teamId: string | null;
  digestHour: number;
  /** Local runs: where hooks.slack.com (response_url) requests go instead. */
  slackBaseUrl?: string;
  /** In AWS: this function, to hand slow commands on to (asynchronous invoke). Absent: finish in-process. */
  handOff?: { lambda: LambdaClient; functionName: string };
  budgetMs?: number;
  now?: () => Date;
}

export interface SlackCommandsService {
  /** A signed request from Slack (function URL event). */
  http(event: HttpEvent, logger: Logger): Promise<HttpResult>;
  /** A command handed on because it took too long: run it and answer through response_url. */
  deferred(event: DeferredCommand, logger: Logger): Promise<void>;
}

export function slackCommandsService(options: SlackCommandsServiceOptions): SlackCommandsService {
  const now = options.now ?? (() => new Date());
  const lease = typeof options.table === 'function' ? options.table : ((table: TableRef) => async () => ({ table, release: async () => {} }))(options.table);
  const answer = async (request: SlashRequest) => {
    const { table, release } = await lease();
    try {
      return await runSlashCommand(request, {
        stores: dynamoSlashCommandStores(table),
        now,
        newSubscriptionId,
        teamId: options.teamId,
        digestHour: options.digestHour,
      });
    } finally {
      await release();
    }
  };
  const respond = (request: SlashRequest, reply: Parameters<typeof postResponse>[1]) =>
    postResponse(request.responseUrl, reply, options.slackBaseUrl ? { baseUrl: options.slackBaseUrl } : {});
  // The invocation's logger (a new one per request in Lambda), for the handler built once per container.
  let logger: Logger = silentLogger;
  const current: Logger = {
    debug: (m, f) => logger.debug(m, f), info: (m, f) => logger.info(m, f), warn: (m, f) => logger.warn(m, f), error: (m, f) => logger.error(m, f),
  };
  let handler: Promise<(event: HttpEvent) => Promise<HttpResult>> | undefined;
  const build = async () => slashCommandsHandler({
    signingSecret: await options.secrets.resolve(options.signingSecretName),
    answer,
    ...(options.budgetMs !== undefined ? { budgetMs: options.budgetMs } : {}),
    logger: current,
    defer: async (request, work) => {
      const handOff = options.handOff;
      if (handOff) {
        const event: DeferredCommand = { source: DEFERRED_COMMAND_SOURCE, request };
        await handOff.lambda.send(new InvokeCommand({ FunctionName: handOff.functionName, InvocationType: 'Event', Payload: JSON.stringify(event) }));
        return;
      }
      void work.then((reply) => respond(request, reply)).catch((error: unknown) => current.warn('slack_answer_not_delivered', { error }));
    },
  });
  return {
    async http(event, log) {
      logger = log;
      handler ??= build().catch((error: unknown) => {
        handler = undefined;
        throw error;
      });
      return (await handler)(event);
    },
    async deferred(event, log) {
      logger = log;
      const reply = await answer(event.request);
      await respond(event.request, reply);
      log.info('slack_command_answered_later', { teamId: event.request.teamId, channelId: event.request.channelId });
    },
  };
}
