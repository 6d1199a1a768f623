/**
 * The README's local walkthrough, run literally on a fresh copy of the
 * repository with the system's Node and npm, as a new user would: `local` in
 * one shell (left running), every other line of the block in a second shell.
 * It must end with Ofsted's downgrade of Stockton-on-Tees (its 2019 report,
 * published the day after the baseline) at the local Slack receiver, and
 * `local` must stop on Ctrl-C leaving nothing behind.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshClone, ROOT, shell, type FreshClone, type ShellRun } from './helpers/fresh-clone.ts';

/** The README's shell block that starts `ofsted-watch local`. */
function walkthroughBlock(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.split('\n').filter((line) => line.trim()));
  const block = blocks.find((lines) => /ofsted-watch local\b/.test(lines[0] ?? ''));
  if (!block) throw new Error('README.md has no shell block starting with `ofsted-watch local`');
  return block;
}

let clone: FreshClone | undefined;
let local: ShellRun | undefined;
afterAll(() => {
  try {
    if (local?.child.pid) process.kill(-local.child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  clone?.remove();
});

describe('the README walkthrough', () => {
  it('ends with an Ofsted downgrade alert at the local Slack receiver', async () => {
    const [start, ...rest] = walkthroughBlock();
    const commands = rest.filter((line) => !line.trimStart().startsWith('#'));
    expect(start).toMatch(/^npx --no-install ofsted-watch local --as-of \d{4}-\d{2}-\d{2}\b/);
    clone = freshClone();
    local = shell(clone, start!);
    await local.waitFor('Press Ctrl-C to stop.', 60_000);

    // `local` prints the same commands as the README gives (comments aside).
    const strip = (line: string) => line.replace(/#.*$/, '').trim();
    const printed = local.output().stdout.split('\n').map(strip).filter((line) => line.startsWith('npx ') || line.startsWith('export '));
    expect(printed).toEqual(commands.map(strip).filter((line) => !line.includes(' site --out ')));

    const others = shell(clone, commands.join('\n'));
    const status = await others.exited;
    const { stdout, stderr } = others.output();
    console.log(`--- the second terminal (exit ${status}) ---\n${stdout.split('\n').filter((l) => !/^\d\d:\d\d:\d\d · (run started|news event recorded|alert sent|delivery created)/.test(l)).join('\n')}\n${stderr}`);
    expect(status, `${stdout}\n${stderr}`).toBe(0);
    await local.waitFor('Stockton-on-Tees: downgraded to Requires improvement', 30_000);

    const received = local.output().stdout;
    const alert = received.slice(received.indexOf('Stockton-on-Tees: downgraded to Requires improvement'));
    console.log(`--- the Slack receiver, in the first terminal ---\n${alert.split('\n──')[0]}`);
    // Ofsted's own record: the report on the replay site, and the judgements before and after.
    expect(alert).toMatch(/Report \(PDF\) \(http:\/\/127\.0\.0\.1:\d+\/v1\/file\/\d+\)/);
    expect(alert).toContain('down from *Good* at the previous inspection');
    expect(alert).toContain('found 2 July 2019');
    // The second scan found exactly that publication; the first one none.
    expect(stdout).toMatch(/event recorded \(council=Stockton-on-Tees, urn=80563, kind=downgrade, from=good, to=requires_improvement/);

    // Ctrl-C in its terminal: SIGINT to the whole foreground group (the shell, npx and ofsted-watch).
    process.kill(-local.child.pid!, 'SIGINT');
    await local.exited;
    expect(local.output().stderr).toContain('stopped.');
    expect(existsSync(join(clone.dir, '.local/local.json'))).toBe(false);
    expect(existsSync(join(clone.dir, '.local/local-news-feeds.json'))).toBe(false);
    expect(existsSync(join(clone.dir, '.local/my-site/index.html'))).toBe(true);
  }, 300_000);
});
