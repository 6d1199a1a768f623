import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allLoopback } from '#shared/runtime/clients.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('ofsted-watch local', () => {
  it('serves the Ofsted replay, the news feed, the Slack receiver and the national site until stopped', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-local-test-'));
    const args = ['local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--site-port', '0', '--site-dir', join(scratch, 'site'), '--until', '2019-07-01'];
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
