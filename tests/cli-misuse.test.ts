/**
 * The CLI in a user's hands when something around it goes wrong: its output
 * piped into a reader that stops (`… | head`), a version asked for. One clear
 * line, never a stack trace; exit status 2 when the command could not do its job.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { ROOT } from './helpers/fresh-clone.ts';
import { runCli } from './helpers/cli.ts';

const NODE = join(ROOT, 'node_modules/.bin/node');

/** Runs the CLI and closes its stdout after the first chunk, as `| head -c1` would. */
function readFirstChunkOnly(args: string[]): Promise<{ status: number | null; stderr: string; first: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, [join(ROOT, 'bin/ofsted-watch.js'), ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let first = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once('data', (chunk: Buffer) => {
      first = chunk.toString();
      child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr, first }));
  });
}

describe('output closed early', () => {
  it('stops with one line and exit status 2 when the reader of its output goes away (EPIPE)', async () => {
    const news = readdirSync(join(ROOT, 'tests/fixtures/news')).filter((f) => f.endsWith('.txt')).map((f) => join('tests/fixtures/news', f));
    const run = await readFirstChunkOnly(['extract-news', ...news, ...news, ...news]);
    expect(run.first).toMatch(/^\{"file":/);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual(['ofsted-watch extract-news: the output was closed before it was all written (EPIPE); stopped.']);
  });
});

describe('--version', () => {
  it('prints the version, exit status 0', async () => {
    const run = await runCli(['--version']);
    expect(run).toMatchObject({ status: 0, stdout: `ofsted-watch ${packageJson.version}\n`, stderr: '' });
  });
});

describe('the standalone Slack receiver on a port in use', () => {
  it('says so in one line, exit status 2', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = await new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(NODE, ['devkit/slack-receiver.ts', '--port', String(port)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        child.on('close', (status) => resolve({ status, stdout, stderr }));
      });
      expect(run).toEqual({ status: 2, stdout: '', stderr: `slack-receiver: port ${port} is in use: is a receiver already running? Give another with --port N.\n` });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
