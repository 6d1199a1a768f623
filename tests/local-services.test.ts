import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allLoopback } from '#shared/runtime/clients.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

describe('ofsted-watch local', () => {
  it('serves the Ofsted replay, the news feed and the Slack receiver until stopped', async () => {
    const child = spawn(`${ROOT}node_modules/.bin/node`, [`${ROOT}bin/ofsted-watch.js`, 'local', '--ofsted-port', '0', '--slack-port', '0', '--news-port', '0', '--until', '2019-07-01'], {
      cwd: ROOT,
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
    child.removeAllListeners('exit');
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
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
