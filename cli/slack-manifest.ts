/**
 * `ofsted-watch slack-manifest --request-url URL`: the Slack app manifest in
 * this repository (infra/slack-app-manifest.json) with the slash command's
 * Request URL filled in from the stack's SlackCommandsUrl output, ready to
 * paste into Slack (api.slack.com/apps → Create New App → From a manifest).
 */
import { readFile } from 'node:fs/promises';
import { parseCommandArgs, UsageError, type Command } from './command.ts';

export const MANIFEST_FILE = new URL('../infra/slack-app-manifest.json', import.meta.url);

const HELP = `Usage: ofsted-watch slack-manifest --request-url URL [--command NAME]

Prints the Slack app manifest (infra/slack-app-manifest.json) as JSON with the
/ofsted command's Request URL filled in. Paste it into Slack: api.slack.com/apps
→ Create New App → From a manifest. docs/deploy.md ("A Slack app") has the steps.

Options:
  --request-url URL   the SlackCommandsUrl output of the deployed stack (https)
  --command NAME      the slash command's name (default /ofsted)
  -h, --help          show this help

Example:
  npx --no-install ofsted-watch slack-manifest --request-url "$(aws cloudformation describe-stacks --stack-name OfstedWatch \\
      --query "Stacks[0].Outputs[?OutputKey=='SlackCommandsUrl'].OutputValue" --output text)"`;

interface Manifest {
  features: { slash_commands: { command: string; url: string }[] };
}

export function fillManifest(manifest: Manifest, requestUrl: string, command = '/ofsted'): Manifest {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    throw new UsageError(`--request-url "${requestUrl}" is not a URL: give the stack's SlackCommandsUrl output`);
  }
  if (url.protocol !== 'https:') throw new UsageError('--request-url must be https: Slack posts slash commands only to https URLs');
  if (!/^\/[a-z0-9_-]{1,31}$/.test(command)) throw new UsageError(`--command "${command}" must be a slash and up to 31 lower-case letters, digits, - or _`);
  const filled = structuredClone(manifest);
  filled.features.slash_commands = filled.features.slash_commands.map((c) => ({ ...c, command, url: url.href }));
  return filled;
}

export const command: Command = {
  name: 'slack-manifest',
  summary: 'print the Slack app manifest with the /ofsted Request URL filled in',
  help: HELP,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, { 'request-url': { type: 'string' }, command: { type: 'string' } }, false);
    if (positionals.length) throw new UsageError('give the URL with --request-url');
    if (!values['request-url']) throw new UsageError('give --request-url: the SlackCommandsUrl output of the deployed stack');
    const manifest = JSON.parse(await readFile(MANIFEST_FILE, 'utf8')) as Manifest;
    io.out(JSON.stringify(fillManifest(manifest, values['request-url'], values.command), null, 2));
    return 0;
  },
};
