/**
 * What `invoke` adds for the Slack app's functions: `slack-commands` runs one
 * command given with --text as Slack would send it (a signed form POST to the
 * function URL), with the signing secret handed to the handler the way AWS
 * does, by name (a local secrets file stands in for Secrets Manager).
 */
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvKey } from '#shared/runtime/env.ts';
import { slashCommandEvent } from '#devkit/slash-command.ts';
import { UsageError } from './command.ts';
import type { CliEnvironment } from './table-environment.ts';

/** Values for the handler's environment, by variable (env.ts), as `invoke` gives them. */
type LocalValues = Partial<Record<EnvKey, string>>;

export const LOCAL_SIGNING_SECRET_NAME = 'local/slack-signing-secret';
export const LOCAL_BOT_TOKEN_SECRET_NAME = 'local/slack-bot-token';
/** The bot token a local deliver-alerts posts with when OFSTED_WATCH_SLACK_BOT_TOKEN is unset (the local stand-in takes any xoxb- token). */
export const LOCAL_BOT_TOKEN = 'xoxb-local-ofsted-watch';

export interface SlashOptions {
  text?: string | undefined;
  team?: string | undefined;
  channel?: string | undefined;
  user?: string | undefined;
}

export interface SlashPlan {
  text: string;
  teamId: string;
  channelId: string;
  userId: string;
  signingSecret: string;
  /** The one workspace the handler serves (OFSTED_WATCH_SLACK_TEAM_ID); unset: any. */
  servedTeamId?: string;
}

/** The command to run, from --text (and --team, --channel, --user); only for slack-commands. */
export function slashPlan(fn: string, options: SlashOptions, hasEvent: boolean, env: Pick<CliEnvironment, 'slackTeamId' | 'slackSigningSecret'>): SlashPlan | undefined {
  const given = Object.entries(options).filter(([, v]) => v !== undefined).map(([k]) => `--${k}`);
  if (fn !== 'slack-commands') {
    if (given.length) throw new UsageError(`${given.join(', ')} ${given.length > 1 ? 'are' : 'is'} for slack-commands only`);
    return undefined;
  }
  if (hasEvent) {
    if (given.length) throw new UsageError('give --event FILE or --text, not both');
    return undefined;
  }
  if (options.text === undefined) throw new UsageError('say which command to run: --text "status Stoke-on-Trent" (or --event FILE with a function URL event)');
  const teamId = options.team ?? env.slackTeamId ?? 'T0LOCAL';
  if (!/^T[A-Z0-9]{2,}$/.test(teamId)) throw new UsageError(`--team "${teamId}" is not a Slack team id (T…)`);
  const channelId = options.channel ?? 'C0LOCAL';
  if (!/^[CDG][A-Z0-9]{2,}$/.test(channelId)) throw new UsageError(`--channel "${channelId}" is not a Slack channel id (C…)`);
  return { text: options.text, teamId, channelId, userId: options.user ?? 'U0LOCAL', signingSecret: env.slackSigningSecret ?? randomBytes(24).toString('hex'), ...(env.slackTeamId ? { servedTeamId: env.slackTeamId } : {}) };
}

/** A local secrets file: the user's (--secrets), with `extra` added; its path. Readable by this user only. */
async function secretsFile(dir: string, userSecretsFile: string | undefined, extra: Record<string, string>): Promise<string> {
  const secrets = userSecretsFile ? (JSON.parse(await readFile(userSecretsFile, 'utf8')) as Record<string, unknown>) : {};
  const file = join(dir, 'slack-secrets.json');
  await writeFile(file, JSON.stringify({ ...secrets, ...extra }), { mode: 0o600 });
  return file;
}

/**
 * deliver-alerts against a local Slack stand-in: channel subscriptions post with a bot token, from
 * OFSTED_WATCH_SLACK_BOT_TOKEN or a local one, passed by name as in AWS.
 */
export async function botTokenInvocation(dir: string, userSecretsFile: string | undefined, token: string | undefined): Promise<LocalValues> {
  const file = await secretsFile(dir, userSecretsFile, { [LOCAL_BOT_TOKEN_SECRET_NAME]: token ?? LOCAL_BOT_TOKEN });
  return { slackBotTokenSecretName: LOCAL_BOT_TOKEN_SECRET_NAME, localSecretsFile: file };
}

/** The handler's environment for a slash command run, and its signed event. Writes the secrets file into `dir`. */
export async function slashInvocation(plan: SlashPlan, dir: string, userSecretsFile: string | undefined): Promise<{ values: LocalValues; event: unknown }> {
  const file = await secretsFile(dir, userSecretsFile, { [LOCAL_SIGNING_SECRET_NAME]: plan.signingSecret });
  const values: LocalValues = { slackSigningSecretName: LOCAL_SIGNING_SECRET_NAME, localSecretsFile: file, ...(plan.servedTeamId ? { slackTeamId: plan.servedTeamId } : {}) };
  const event = slashCommandEvent(plan.signingSecret, { teamId: plan.teamId, channelId: plan.channelId, userId: plan.userId, text: plan.text });
  return { values, event };
}

/** A slash command's result as the user wants to read it: Slack's JSON answer, or the status when there is none. */
export function slashOutput(result: unknown): { ok: boolean; printed: unknown } {
  const r = result as { statusCode?: number; body?: string } | null;
  if (!r || typeof r.statusCode !== 'number') return { ok: true, printed: result };
  if (r.statusCode !== 200) return { ok: false, printed: { statusCode: r.statusCode } };
  try {
    return { ok: true, printed: JSON.parse(r.body ?? '') as unknown };
  } catch {
    return { ok: true, printed: r.body ?? '' };
  }
}
