import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allLoopback } from '#shared/runtime/clients.ts';
import { listenOnLoopback } from '#devkit/listen.ts';
import { slackSignatureHeaders, slashCommandBody } from '#devkit/slash-command.ts';
import { runCli } from './helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('ofsted-watch local', () => {
  it('serves the Ofsted replay, the news feed, the Slack receiver and the national site until stopped', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-test-'));
    const args = ['local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--site-port', '0', '--commands-port', '0', '--site-dir', join(scratch, 'site'), '--as-of', '2019-06-30'];
    const child = spawn(`${ROOT}node_modules/.bin/node`, [`${ROOT}bin/ofsted-watch.js`, ...args], {
      cwd: scratch,
      env: { ...process.env, OFSTED_WATCH_LOCAL_DATA: join(scratch, 'dynamo') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Press Ctrl-C')) resolve();
      });
      child.on('error', reject);
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    const origin = /Ofsted site replay\s+(http:\/\/127\.0\.0\.1:\d+)\s+\(153 councils, as of 2019-06-30: 32 of \d+ reports\)/.exec(out)?.[1];
    const feed = /feed (http:\/\/127\.0\.0\.1:\d+\/\S+)\)/.exec(out)?.[1];
    expect(origin).toBeDefined();
    const provider = await fetch(`${origin}/provider/44/80563`);
    expect(await provider.text()).toMatch(/\/v1\/file\/\d+/);
    expect(await (await fetch(feed!)).text()).toMatch(/<rss/);
    expect(out).toContain('npx --no-install ofsted-watch invoke ofsted-scan --local --now 2019-06-30T18:00:00Z');
    expect(out).toContain('npx --no-install ofsted-watch invoke ofsted-scan --local --now 2019-07-02T09:00:00Z');
    // Where it runs, for invoke --local; the replay's day moves on request.
    const state = JSON.parse(readFileSync(join(scratch, '.local/local.json'), 'utf8')) as { ofstedBaseUrl: string; newsFeedsFile: string };
    expect(state.ofstedBaseUrl).toBe(origin);
    // Its files live in the folder it runs from (and go when it stops), never in a temporary folder left behind.
    expect(state.newsFeedsFile).toBe('.local/local-news-feeds.json');
    expect(JSON.parse(readFileSync(join(scratch, state.newsFeedsFile), 'utf8'))).toEqual([expect.objectContaining({ url: feed })]);
    const moved = await fetch(`${origin}/_replay/as-of`, { method: 'POST', body: JSON.stringify({ asOf: '2019-07-02' }) });
    expect(await moved.json()).toEqual({ asOf: '2019-07-02', reports: 33 });
    expect(await (await fetch(`${origin}/provider/44/80563`)).text()).toContain('1 July 2019');
    // The site it built from the (empty) local table: the map of every council, with its security headers.
    const site = /Site\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(site).toBeDefined();
    const index = await fetch(site!);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect((await index.text()).match(/data-ons-code="E\d{8}"/g)).toHaveLength(153);
    expect((await fetch(`${site}councils/E06000004.html`)).status).toBe(200);
    expect(out).toMatch(/npx --no-install ofsted-watch invoke publish-site --local   # then reload http:\/\/127\.0\.0\.1:\d+\//);
    child.removeAllListeners('exit');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(existsSync(join(scratch, '.local/local.json'))).toBe(false);
    expect(existsSync(join(scratch, '.local/local-news-feeds.json'))).toBe(false);
    rmSync(scratch, { recursive: true, force: true });
  });
});

describe('ofsted-watch local: the Slack command endpoint', () => {
  it('prints its URL, runs signed /ofsted commands against the local table the CLI reads, and refuses unsigned ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-slack-'));
    const env = { ...process.env, OFSTED_WATCH_SLACK_SIGNING_SECRET: 'local-test-secret', OFSTED_WATCH_LOCAL_DATA: join(dir, 'dynamo') };
    const child = spawn(`${ROOT}node_modules/.bin/node`, [`${ROOT}bin/ofsted-watch.js`, 'local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--site-port', '0', '--commands-port', '0'], {
      cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl-C')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
      });
      const url = /^Slack commands  (http:\/\/127\.0\.0\.1:\d+\/slack\/commands)$/m.exec(out)?.[1];
      expect(url).toBeDefined();
      const body = slashCommandBody({ teamId: 'T0LOCAL', channelId: 'C0NEWSROOM', userId: 'U0ME', text: 'subscribe Stockton-on-Tees' });
      const post = (headers: Record<string, string>) => fetch(url!, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
      expect((await post({})).status).toBe(401);
      const answer = await post(slackSignatureHeaders('local-test-secret', body));
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ response_type: 'in_channel', text: expect.stringContaining('Stockton-on-Tees'), blocks: expect.any(Array) });
      const listed = await runCli(['subscriptions', '--json'], { cwd: dir, env: { OFSTED_WATCH_LOCAL_DATA: join(dir, 'dynamo') } });
      expect(listed.status).toBe(0);
      const subs = listed.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(subs).toEqual([expect.objectContaining({ channel: 'C0NEWSROOM', team: 'T0LOCAL', events: ['downgrade', 'urgent_action'] })]);
    } finally {
      child.removeAllListeners('exit');
      const exit = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGINT');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('ofsted-watch local: ports', () => {
  it('refuses two services on one port before starting any', async () => {
    const result = await runCli(['local', '--site-port', '18093', '--commands-port', '18093']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--site-port and --commands-port are both 18093: give each service its own port');
  });
});

describe('crawler politeness', () => {
  it.each([
    [['127.0.0.1:8080'], true],
    [['localhost:3000', '[::1]:9'], true],
    [['reports.ofsted.gov.uk', 'files.ofsted.gov.uk'], false],
    [['127.0.0.1:8080', 'www.communitycare.co.uk'], false],
    [[], false],
  ])('spaces requests unless every host is local: %j → local %s', (hosts, local) => {
    expect(allLoopback(hosts)).toBe(local);
  });
});

describe('ofsted-watch local with its ports taken', () => {
  /** Holds 127.0.0.1:port; resolves to a closer (a no-op when something else holds it already). */
  async function hold(port: number): Promise<() => Promise<void>> {
    const server = createServer();
    return new Promise((resolve) => {
      server.once('error', () => resolve(async () => undefined));
      server.listen(port, '127.0.0.1', () => resolve(() => new Promise((done) => server.close(() => done()))));
    });
  }

  it('says in one line that a port it was given is in use, exit status 2, and leaves nothing running or written', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-test-'));
    try {
      const result = await runCli(['local', '--ofsted-port', '0', '--slack-port', String(port), '--news-port', '0', '--site-port', '0', '--commands-port', '0'], { cwd: scratch, env: { OFSTED_WATCH_LOCAL_DATA: join(scratch, 'dynamo') } });
      expect(result.status).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`ofsted-watch local: port ${port} (--slack-port) is in use: is another \`ofsted-watch local\` running? Stop it, or give another port (--slack-port 0 takes any free one)`]);
      expect(existsSync(join(scratch, '.local/local.json'))).toBe(false);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      rmSync(scratch, { recursive: true, force: true });
    }
  });

  it('takes a free port when a default one is taken, and says so', async () => {
    const release = await hold(8080);
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-test-'));
    const child = spawn(`${ROOT}node_modules/.bin/node`, [`${ROOT}bin/ofsted-watch.js`, 'local', '--slack-port', '0', '--news-port', '0', '--site-port', '0', '--commands-port', '0'], {
      cwd: scratch, env: { ...process.env, OFSTED_WATCH_LOCAL_DATA: join(scratch, 'dynamo') }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Press Ctrl-C')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}${err}`)));
      });
      expect(err).toContain('local: port 8080 is in use, so the Ofsted site replay takes a free port instead');
      expect(out).toMatch(/Ofsted site replay\s+http:\/\/127\.0\.0\.1:(?!8080\b)\d+/);
    } finally {
      child.removeAllListeners('exit');
      child.kill('SIGINT');
      await new Promise((resolve) => child.on('exit', resolve));
      await release();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

describe('invoke --local', () => {
  it('says to start `local` first when none runs from this folder, exit status 2', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-test-'));
    try {
      const result = await runCli(['invoke', 'ofsted-scan', '--local', '--in-memory'], { cwd: scratch });
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('ofsted-watch invoke: no `ofsted-watch local` is running from this folder (.local/local.json not found): start it in another terminal first, from the same folder');
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
