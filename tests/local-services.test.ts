import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
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
    const args = ['local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--site-port', '0', '--commands-port', '0', '--site-dir', join(scratch, 'site'), '--until', '2019-07-01'];
    const child = spawn(`${ROOT}node_modules/.bin/node`, [`${ROOT}bin/ofsted-watch.js`, ...args], {
      cwd: ROOT,
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
    const origin = /Ofsted site replay\s+(http:\/\/127\.0\.0\.1:\d+)\s+\(153 councils, 32 reports\)/.exec(out)?.[1];
    const feed = /feed (http:\/\/127\.0\.0\.1:\d+\/\S+)\)/.exec(out)?.[1];
    expect(origin).toBeDefined();
    const provider = await fetch(`${origin}/provider/44/80563`);
    expect(await provider.text()).toMatch(/\/v1\/file\/\d+/);
    expect(await (await fetch(feed!)).text()).toMatch(/<rss/);
    expect(out).toMatch(/npx ofsted-watch invoke ofsted-scan --ofsted-base-url http:\/\/127\.0\.0\.1:\d+/);
    // The site it built from the (empty) local table: the map of every council, with its security headers.
    const site = /Site\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)?.[1];
    expect(site).toBeDefined();
    const index = await fetch(site!);
    expect(index.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect((await index.text()).match(/data-ons-code="E\d{8}"/g)).toHaveLength(153);
    expect((await fetch(`${site}councils/E06000004.html`)).status).toBe(200);
    expect(out).toMatch(/npx ofsted-watch invoke publish-site --site-dir /);
    child.removeAllListeners('exit');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
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
  it('says which port is taken and which option moves it, stops what it started, and exits 1', async () => {
    const holder = createServer();
    const { port } = await listenOnLoopback(holder);
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-port-'));
    try {
      const args = ['local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--site-port', String(port), '--commands-port', '0', '--site-dir', join(scratch, 'site')];
      const result = await runCli(args, { cwd: scratch, env: { OFSTED_WATCH_LOCAL_DATA: join(scratch, 'dynamo') } });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1, for the national site, is already in use`);
      expect(result.stderr).toContain('--site-port N');
      expect(result.stdout).not.toContain('Press Ctrl-C');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 60_000);

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
