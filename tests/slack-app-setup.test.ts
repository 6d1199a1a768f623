/** Setting the Slack app up: the manifest in the repository, filled in by `slack-manifest`, and the `ofsted-watch:slack` setting. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseDeployConfig } from '../infra/config.ts';
import { runCli } from './helpers/cli.ts';

const manifest = JSON.parse(readFileSync(new URL('../infra/slack-app-manifest.json', import.meta.url), 'utf8'));
const base = { 'ofsted-watch:contactUrl': 'https://example.org/contact' };

function problems(context: Record<string, unknown>): string[] {
  try {
    parseDeployConfig(context);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the app manifest', () => {
  it('defines /ofsted and asks for the bot scopes commands, chat:write and chat:write.public only', () => {
    expect(manifest.oauth_config.scopes.bot).toEqual(['commands', 'chat:write', 'chat:write.public']);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: '/ofsted', should_escape: false })]);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('slack-manifest fills in the Request URL from the stack output, and refuses one Slack cannot use', async () => {
    const url = 'https://abcdefghij.lambda-url.eu-west-2.on.aws/slack/commands';
    const { status, stdout } = await runCli(['slack-manifest', '--request-url', url]);
    expect(status).toBe(0);
    const filled = JSON.parse(stdout);
    expect(filled.features.slash_commands[0]).toMatchObject({ command: '/ofsted', url });
    expect({ ...filled, features: { ...filled.features, slash_commands: [] } }).toEqual({ ...manifest, features: { ...manifest.features, slash_commands: [] } });
    const bad = await runCli(['slack-manifest', '--request-url', 'http://example.org/slack']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--request-url must be https/);
  });
});

describe('ofsted-watch:slack', () => {
  it('takes the team id, with the secret names defaulting under the webhook secret prefix', () => {
    expect(parseDeployConfig({ ...base, 'ofsted-watch:slack': '{"teamId": "T0123ABCD"}' }).slack).toEqual({
      teamId: 'T0123ABCD', signingSecretName: 'ofsted-watch/slack-signing-secret', botTokenSecretName: 'ofsted-watch/slack-bot-token',
    });
    expect(parseDeployConfig(base).slack).toBeUndefined();
  });

  it('refuses a team id that is not one, a token or URL where a secret name belongs, and unknown keys', () => {
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'newsroom' } })).toEqual([expect.stringContaining('ofsted-watch:slack.teamId must be your Slack workspace\'s team id')]);
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'T0123ABCD', botTokenSecretName: 'xoxb-1234-5678-abcdef' } })).toEqual([expect.stringContaining('botTokenSecretName must be the name of a Secrets Manager secret')]);
    expect(problems({ ...base, 'ofsted-watch:slack': { teamId: 'T0123ABCD', token: 'x' } })).toEqual([expect.stringContaining('ofsted-watch:slack.token is not a setting')]);
  });
});
