/** The `ofsted-watch:slack` context key: the Slack app of one workspace, validated at synth. Pure. */

/** The ofsted-watch Slack app of one workspace (docs/deploy.md, "A Slack app"). */
export interface SlackAppConfig {
  /** The workspace (team id, T…) whose members may use /ofsted and whose channels the bot posts to. */
  teamId: string;
  /** Secrets Manager secret holding the app's signing secret (slack-commands reads it). */
  signingSecretName: string;
  /** Secrets Manager secret holding the app's bot token, xoxb-… (deliver-alerts reads it). */
  botTokenSecretName: string;
}


const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

export function parseSlack(value: unknown, name: string, prefix: string, problems: string[]): SlackAppConfig | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${name} must be an object: {"teamId": "T0123ABCD"} (and optionally "signingSecretName", "botTokenSecretName")`);
    return undefined;
  }
  const { teamId, signingSecretName = `${prefix}slack-signing-secret`, botTokenSecretName = `${prefix}slack-bot-token`, ...rest } = value as Record<string, unknown>;
  const before = problems.length;
  for (const extra of Object.keys(rest)) problems.push(`${name}.${extra} is not a setting (known: teamId, signingSecretName, botTokenSecretName)`);
  if (typeof teamId !== 'string' || !/^T[A-Z0-9]{2,}$/.test(teamId)) {
    problems.push(`${name}.teamId must be your Slack workspace's team id, T followed by capitals and digits (Slack: workspace settings, or the T… in a channel link)`);
  }
  for (const [field, secret] of [['signingSecretName', signingSecretName], ['botTokenSecretName', botTokenSecretName]] as const) {
    if (typeof secret !== 'string' || !SECRET_NAME.test(secret) || /^(https?:|xox)/i.test(secret)) {
      problems.push(`${name}.${field} must be the name of a Secrets Manager secret (letters, digits and /_+=.@-), never the secret itself`);
    }
  }
  if (problems.length > before) return undefined;
  return { teamId: teamId as string, signingSecretName: signingSecretName as string, botTokenSecretName: botTokenSecretName as string };
}
