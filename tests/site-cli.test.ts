/**
 * The commands that build the site from the table the other commands use:
 * `site --out DIR` and `invoke publish-site`, against dynalite over HTTP with
 * records and events written by the real stores.
 */
import { load } from 'cheerio';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putInspection } from '#shared/crawl/store.ts';
import { recordEvent } from '#shared/events/store.ts';
import { runCli } from './helpers/cli.ts';
import { useLocalDynamo } from './helpers/dynamo.ts';
import { newsEvent, record } from './helpers/records.ts';

const db = useLocalDynamo();
const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-site-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

beforeAll(async () => {
  await putInspection(db(), record({ fileId: '1', published: '2016-08-05', framework: 'sif', overall: 'good', judgements: { leadership: 'good', lookedAfter: 'good', helpAndProtection: 'good', careLeavers: 'good' } }));
  await putInspection(db(), record({ fileId: '2', published: '2019-07-01', overall: 'requires_improvement', judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCareAndCareLeavers: 'good' } }));
  await recordEvent(db(), newsEvent({ id: 'news-stoke', occurredOn: '2022-11-25' }));
});

describe('ofsted-watch site --out DIR', () => {
  it('builds the site from the table named in the environment', async () => {
    const out = join(scratch, 'site');
    const result = await runCli(['site', '--out', out], { env: { OFSTED_WATCH_DYNAMO_ENDPOINT: db().endpoint } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/from 2 reports and 1 event, built in \d+ ms; 322 written, 0 unchanged/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe(`file://${out}/index.html`);
    const index = load(readFileSync(join(out, 'index.html'), 'utf8'));
    expect(index('a.hex[data-ons-code="E06000004"]').attr('data-grade')).toBe('requires_improvement');
    // Stoke's press report is an urgent action: listed, and in the feeds.
    expect(index('ol.events').text()).toMatch(/Stoke-on-Trent/);
    expect(readFileSync(join(out, 'councils/E06000021.atom'), 'utf8')).toMatch(/<title>Stoke-on-Trent: Downgrade<\/title>/);
    expect(readFileSync(join(out, 'data/councils.csv'), 'utf8')).toMatch(/\r\nE06000004,80563,Stockton-on-Tees,North East,2019-07-01,ilacs,requires_improvement,requires_improvement,requires_improvement,good,good,,0,/);

    const again = await runCli(['site', '--out', out], { env: { OFSTED_WATCH_DYNAMO_ENDPOINT: db().endpoint } });
    // Only the files that say when they were built change (index.html shows the minute, data/README.md the second).
    const [, written, unchanged] = /(\d+) written, (\d+) unchanged/.exec(again.stdout)!;
    expect(Number(written)).toBeLessThanOrEqual(2);
    expect(Number(written) + Number(unchanged)).toBe(322);
  });

  it('refuses a missing --out or a bad --base-url with a usage error', async () => {
    expect((await runCli(['site'])).status).toBe(2);
    const bad = await runCli(['site', '--out', scratch, '--base-url', 'not a url']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--base-url "not a url" is not an http\(s\) URL/);
  });
});

describe('ofsted-watch invoke publish-site', () => {
  it('runs the Lambda handler locally, publishing into a folder instead of the bucket', async () => {
    const dir = join(scratch, 'published');
    const result = await runCli(['invoke', 'publish-site', '--json', '--endpoint', db().endpoint, '--site-dir', dir, '--site-url', 'https://site.example']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/"msg":"run_finished","function":"publish-site"/);
    const summary = JSON.parse(result.stdout.slice(result.stdout.lastIndexOf('\n{\n') + 1)) as { written: number; records: number; target: string };
    expect(summary).toMatchObject({ written: 322, records: 2, target: `folder ${dir}` });
    expect(readFileSync(join(dir, 'feed.atom'), 'utf8')).toContain('href="https://site.example/councils/E06000021.html"');
  });
});
