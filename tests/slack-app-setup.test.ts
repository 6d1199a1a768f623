/** Setting the Slack app up: the manifest in the repository, filled in by `slack-manifest` (the `ofsted-watch:slack` setting is in infra-config.test.ts). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';

const manifest = JSON.parse(readFileSync(new URL('../infra/slack-app-manifest.json', import.meta.url), 'utf8'));

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
