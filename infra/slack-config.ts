/**
 * The `ofsted-watch:slack` context key: the Slack app of one workspace. Its
 * valibot schema is part of DeployContextSchema (config.ts); the secret names
 * default to names under the webhook secret prefix. Pure.
 */
import * as v from 'valibot';
import { SECRET_NAME } from '#shared/alerts/default-subscription.ts';

/** The ofsted-watch Slack app of one workspace (docs/deploy.md, "A Slack app"). */
export interface SlackAppConfig {
  /** The workspace (team id, T…) whose members may use /ofsted and whose channels the bot posts to. */
  teamId: string;
  /** Secrets Manager secret holding the app's signing secret (slack-commands reads it). */
  signingSecretName: string;
  /** Secrets Manager secret holding the app's bot token, xoxb-… (deliver-alerts reads it). */
  botTokenSecretName: string;
}

const TEAM_ID = " must be your Slack workspace's team id, T followed by capitals and digits (Slack: workspace settings, or the T… in a channel link)";
const NOT_A_SECRET_NAME = ' must be the name of a Secrets Manager secret (letters, digits and /_+=.@-), never the secret itself';

const SecretNameSchema = v.pipe(v.string(NOT_A_SECRET_NAME), v.regex(SECRET_NAME, NOT_A_SECRET_NAME), v.check((name) => !/^(https?:|xox)/i.test(name), NOT_A_SECRET_NAME));

/** The setting as written: the team id, and optionally the two secrets' names. */
export const SlackContextSchema = v.pipe(
  v.unknown(),
  v.check((value) => typeof value === 'object' && value !== null && !Array.isArray(value), ' must be an object: {"teamId": "T0123ABCD"} (and optionally "signingSecretName", "botTokenSecretName")'),
  v.strictObject(
    {
      teamId: v.pipe(v.string(TEAM_ID), v.regex(/^T[A-Z0-9]{2,}$/, TEAM_ID)),
      signingSecretName: v.optional(SecretNameSchema),
      botTokenSecretName: v.optional(SecretNameSchema),
    },
    ' is not a setting (known: teamId, signingSecretName, botTokenSecretName)',
  ),
);

/** The Slack app, with the secrets' names defaulting under the deployment's webhook secret prefix. */
export function slackAppConfig(setting: v.InferOutput<typeof SlackContextSchema>, secretPrefix: string): SlackAppConfig {
  return {
    teamId: setting.teamId,
    signingSecretName: setting.signingSecretName ?? `${secretPrefix}slack-signing-secret`,
    botTokenSecretName: setting.botTokenSecretName ?? `${secretPrefix}slack-bot-token`,
  };
}
