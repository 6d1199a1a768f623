/**
 * `ofsted-watch local`'s Slack command endpoint: POST /slack/commands on
 * 127.0.0.1, the same handler as the slack-commands Lambda (Bolt's signature
 * check, the commands, the replies), fed with the HTTP request as a function
 * URL event. Each command opens the local table for as long as it runs, so the
 * CLI (`subscriptions`, `invoke`) can use the same folder in between; commands
 * run one at a time.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { DEFAULT_DELIVERY_OPTIONS } from '#shared/alerts/delivery-context.ts';
import type { Logger } from '#shared/runtime/log.ts';
import type { HttpEvent } from '#shared/slack-app/bolt-app.ts';
import { slackCommandsService, type TableLease } from '#shared/slack-app/service.ts';
import { listenOnLoopback, readBody } from '#devkit/listen.ts';
import { CLI_ENV, DEFAULT_DATA_DIR, openTableFromEnv, readCliEnvironment, SLACK_ENV, TableConfigError } from './table-environment.ts';
import { MisuseError } from './command.ts';

export { SLACK_ENV };

type Env = Readonly<Record<string, string | undefined>>;

export const SLACK_COMMANDS_PATH = '/slack/commands';

export interface SlackEndpoint {
  url: string;
  /** Where commands keep subscriptions, for the startup message. */
  where: string;
  /** Whether the signing secret came from the environment (otherwise a random one nobody knows). */
  secretFromEnv: boolean;
  teamId: string | null;
  close(): Promise<void>;
}

/** The table environment for local commands: a running endpoint, or a folder (default .local/dynamo); never AWS. */
export function localTableEnv(env: Env): Env {
  if (env[CLI_ENV.endpoint]?.trim()) return { [CLI_ENV.endpoint]: env[CLI_ENV.endpoint], [CLI_ENV.table]: env[CLI_ENV.table] };
  return { [CLI_ENV.localData]: env[CLI_ENV.localData]?.trim() || DEFAULT_DATA_DIR, [CLI_ENV.table]: env[CLI_ENV.table] };
}

/** Opens the local table for one command at a time, waiting a little while another ofsted-watch command holds the folder. */
function leaseTables(env: Env): () => Promise<TableLease> {
  let tail: Promise<void> = Promise.resolve();
  const open = async () => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await openTableFromEnv(env, { holder: 'ofsted-watch local (an /ofsted command)' });
      } catch (error) {
        // Another ofsted-watch command holds the folder (an invoke): wait for it a little.
        if (!(error instanceof TableConfigError || error instanceof MisuseError) || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  };
  return async () => {
    let done!: () => void;
    const previous = tail;
    tail = new Promise<void>((resolve) => (done = resolve));
    await previous;
    try {
      const opened = await open();
      return { table: opened.table, release: () => opened.close().finally(done) };
    } catch (error) {
      done();
      throw error;
    }
  };
}

export async function startSlackEndpoint(options: { port?: number; env: Env; slackBaseUrl: string; logger: Logger }): Promise<SlackEndpoint> {
  const { slackSigningSecret: fromEnv, slackTeamId } = readCliEnvironment(options.env);
  const secret = fromEnv ?? randomBytes(24).toString('hex');
  const teamId = slackTeamId ?? null;
  const tableEnv = localTableEnv(options.env);
  const service = slackCommandsService({
    table: leaseTables(tableEnv),
    secrets: { resolve: async () => secret },
    signingSecretName: SLACK_ENV.signingSecret,
    teamId,
    digestHour: DEFAULT_DELIVERY_OPTIONS.digestHour,
    slackBaseUrl: options.slackBaseUrl,
  });
  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const body = await readBody(req, 100_000);
      if (path !== SLACK_COMMANDS_PATH) return void res.writeHead(404).end();
      if (body === null) return void res.writeHead(413).end();
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[key] = value;
      const event: HttpEvent = { rawPath: path, headers, body, isBase64Encoded: false, requestContext: { http: { method: req.method ?? 'GET' } } };
      const result = await service.http(event, options.logger);
      res.writeHead(result.statusCode, result.headers ?? {}).end(result.body);
    })().catch((error: unknown) => {
      options.logger.error('slack_endpoint_failed', { error });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const { origin } = await listenOnLoopback(server, options.port);
  const where = tableEnv[CLI_ENV.endpoint] ? `local DynamoDB at ${tableEnv[CLI_ENV.endpoint]}` : `the local table in ${tableEnv[CLI_ENV.localData]}`;
  return {
    url: `${origin}${SLACK_COMMANDS_PATH}`,
    where,
    secretFromEnv: Boolean(fromEnv),
    teamId,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
