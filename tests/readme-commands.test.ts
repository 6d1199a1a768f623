/**
 * The commands the README, docs/deploy.md and every --help tell a user to type
 * work on a fresh clone with the machine's own Node (20 here), not only under
 * npm: the CLI is run from the repository with `npx --no-install` (or `npm
 * exec`), which uses the project's Node 24 and never fetches a package of that
 * name from the registry; a TypeScript file is run with `npx --no-install node`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '#cli/commands.ts';
import { main } from '#cli/main.ts';
import { freshClone, ROOT } from './helpers/fresh-clone.ts';

const run = promisify(execFile);

/** Lines of shell in the markdown's ```sh blocks, comments and blank lines left out. */
function shellLines(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).map((line) => line.replace(/\s+#.*$/, '').trim()).filter((line) => line && !line.startsWith('#'));
}

/** Commands quoted in prose and tables: `npx …`, `npm …`, `node …`. */
function quotedCommands(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/`((?:npx|npm|node) [^`]+)`/g)].map((m) => m[1]!);
}

async function helpTexts(): Promise<string[]> {
  const texts: string[] = [];
  const io = { out: (line: string) => texts.push(line), err: (line: string) => texts.push(line) };
  await main(['--help'], io);
  for (const load of Object.values(COMMANDS)) texts.push((await load()).help);
  return texts.join('\n').split('\n');
}

/** A line that runs the CLI or a TypeScript file in a way that fails on a fresh clone, or may fetch from the registry. */
function unsafe(line: string): boolean {
  if (/(^|[\s(`])npx (?!--no-install )/.test(line)) return true; // npx without --no-install (npx --no-install cdk, node… are fine)
  if (/(^|[\s(`])node (?!--)\S+\.ts\b/.test(line) && !/npx --no-install node /.test(line)) return true; // the system's Node cannot run .ts
  return false;
}

describe('the commands users are told to type', () => {
  it('all run the CLI through npx --no-install (or npm exec) and TypeScript through npx --no-install node', async () => {
    const lines = [
      ...['README.md', 'docs/deploy.md'].flatMap((file) => [...shellLines(file), ...quotedCommands(file)]),
      ...(await helpTexts()),
      ...readFileSync(join(ROOT, '.ci/run'), 'utf8').split('\n').filter((line) => !line.trimStart().startsWith('#')),
    ];
    expect(lines.filter(unsafe)).toEqual([]);
    expect(lines.filter((line) => /npx --no-install ofsted-watch \w/.test(line)).length).toBeGreaterThan(20);
  });
});

describe('on a fresh clone with the system Node', () => {
  const clone = freshClone();
  afterAll(() => clone.remove());
  const sh = (command: string) => run('sh', ['-c', command], { cwd: clone.dir, env: clone.env, timeout: 120_000 });

  it('runs every CLI command the README names, and the receiver, from the repository', async () => {
    const { stdout: version } = await sh('node --version');
    expect(version).toMatch(/^v20\./); // the machine's own Node, as a new user has it
    const named = [...new Set([...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/npx --no-install ofsted-watch ([a-z][a-z-]*)/g)].map((m) => m[1]!))];
    expect(named.sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const name of named) {
      const { stdout } = await sh(`npx --no-install ofsted-watch ${name} --help`);
      expect(stdout, name).toContain(`Usage: `);
    }
    expect((await sh('npm exec ofsted-watch -- --version')).stdout).toMatch(/^ofsted-watch \d+\.\d+\.\d+$/m);
    expect((await sh('npx --no-install node devkit/slack-receiver.ts --help')).stdout).toContain('A local Slack incoming-webhook receiver');
    // Run by the system's Node directly, the CLI says how to run it instead of failing obscurely.
    const direct = await sh('node bin/ofsted-watch.js --version').then(() => null, (error: { code: number; stderr: string }) => error);
    expect(direct?.code).toBe(2);
    expect(direct?.stderr).toContain('Run it from the repository through npm (npx --no-install ofsted-watch');
  }, 240_000);
});
