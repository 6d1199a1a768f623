/**
 * A copy of this working tree as a fresh clone has it (the files git tracks or
 * would track; no .local, no test output), with the installed node_modules and
 * the fixtures linked rather than copied, and the environment of a user's
 * shell: the system's Node and npm first on PATH (not the project's Node 24,
 * which npm scripts put there), and none of ofsted-watch's own variables.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface FreshClone {
  dir: string;
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export function freshClone(): FreshClone {
  const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-clone-'));
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file && !file.startsWith('tests/fixtures/'));
  for (const file of files) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    try {
      cpSync(join(ROOT, file), join(dir, file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the working tree
    }
  }
  symlinkSync(join(ROOT, 'tests/fixtures'), join(dir, 'tests/fixtures'));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const path = (process.env.PATH ?? '').split(':').filter((part) => !part.includes('node_modules')).join(':');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('OFSTED_WATCH_') && !key.startsWith('npm_') && !key.startsWith('VITEST') && key !== 'NODE_OPTIONS'));
  return { dir, env: { ...env, PATH: path }, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface ShellRun {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when stdout contains `text`; rejects if the process exits first or `ms` pass. */
  waitFor(text: string | RegExp, ms: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Runs a shell script in the clone, in its own process group (so it and its children can be stopped together). */
export function shell(clone: FreshClone, script: string): ShellRun {
  const child = spawn('sh', ['-e', '-c', script], { cwd: clone.dir, env: clone.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return {
    child,
    output: () => ({ stdout, stderr }),
    exited,
    waitFor: (text, ms) =>
      new Promise<void>((resolve, reject) => {
        const found = () => (typeof text === 'string' ? stdout.includes(text) : text.test(stdout));
        const timer = setInterval(() => {
          if (found()) done(resolve);
        }, 100);
        const limit = setTimeout(() => done(() => reject(new Error(`not seen in ${ms} ms: ${String(text)}\n${stdout}\n${stderr}`))), ms);
        void exited.then(() => setTimeout(() => done(() => (found() ? resolve() : reject(new Error(`exited before ${String(text)}:\n${stdout}\n${stderr}`)))), 200));
        function done(settle: () => void) {
          clearInterval(timer);
          clearTimeout(limit);
          settle();
        }
      }),
  };
}
