import { MisuseError, processIo, UsageError, type CliIo } from './command.ts';
import { COMMANDS } from './commands.ts';
import packageJson from '../package.json' with { type: 'json' };

async function overview(): Promise<string> {
  const lines = ['Usage: ofsted-watch <command> [options]', '', 'Commands:'];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load();
    lines.push(`  ${name.padEnd(16)} ${command.summary}`);
  }
  lines.push(
    '',
    'Run `ofsted-watch <command> --help` for a command\'s options, `ofsted-watch --version` for the version.',
    'Run it from the repository: `npx --no-install ofsted-watch …` or `npm exec ofsted-watch -- …` (the',
    'project\'s own Node 24; --no-install never fetches a package of that name from the npm registry).',
  );
  return lines.join('\n');
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-V') {
    io.out(`ofsted-watch ${packageJson.version}`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(await overview());
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    io.err(`ofsted-watch: unknown command "${name}".`);
    io.err(await overview());
    return 2;
  }
  const command = await load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ofsted-watch ${name}: ${error.message}`);
      io.err(`Run \`ofsted-watch ${name} --help\` for usage.`);
      return 2;
    }
    if (error instanceof MisuseError) {
      io.err(`ofsted-watch ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}
