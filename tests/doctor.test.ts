/**
 * `ofsted-watch doctor` against local stand-ins of the real sources: the
 * replay of the Ofsted site (its listing filter honoured in chosen date forms,
 * or ignored; its provider pages in today's markup, or drifted) and a local
 * news site. Each check says in words what held; exit status 1 if any did not.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFromText, startNewsSite, type NewsSite } from '#devkit/news-site.ts';
import { fixtureSiteModel } from '#devkit/replay/fixture-model.ts';
import { startReplaySite, type ReplaySite } from '#devkit/replay-site.ts';
import { runCli } from './helpers/cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-doctor-'));
let replay: ReplaySite;
let news: NewsSite;
let feeds: string;

beforeAll(async () => {
  replay = await startReplaySite({ model: fixtureSiteModel() });
  news = await startNewsSite({ outlet: 'Gazette', feeds: [{ id: 'g', format: 'rss' }] });
  news.addArticle('g', articleFromText('stoke', 'Stoke-on-Trent children\'s services rated inadequate\nOfsted has rated Stoke-on-Trent City Council\'s children\'s services inadequate.', { published: '2025-06-01T09:00:00Z', shape: 'json-ld' }));
  feeds = join(scratch, 'feeds.json');
  writeFileSync(feeds, JSON.stringify([{ id: 'gazette', outlet: 'Gazette', url: news.feedUrl('g') }]));
});
afterAll(async () => {
  await Promise.all([replay.close(), news.close()]);
  rmSync(scratch, { recursive: true, force: true });
});

const doctor = (site: ReplaySite, ...extra: string[]) =>
  runCli(['doctor', '--ofsted-base-url', site.origin, '--news-feeds', feeds, '--contact-url', 'https://example.org/ofsted-watch', ...extra], { cwd: scratch });
const lineOf = (stdout: string, name: string) => stdout.split('\n').find((line) => line.includes(` ${name}: `)) ?? '';

describe('ofsted-watch doctor', () => {
  it('says each check held, in words, and exits 0 when the sources are as the parsers expect', async () => {
    const before = replay.requestLog.length; // the log is the file's: other tests' requests come first
    const { status, stdout, stderr } = await doctor(replay);
    expect(status, `${stdout}${stderr}`).toBe(0);
    expect(stdout).toMatch(/^ofsted-watch doctor: reading http:\/\/127\.0\.0\.1:\d+ and 1 news feed as ofsted-watch\/\d+\.\d+\.\d+ \(\+https:\/\/example\.org\/ofsted-watch\)$/m);
    expect(lineOf(stdout, 'Ofsted listing')).toMatch(/^ {2}held {10}Ofsted listing: 153 councils over 2 pages, \d+ with a latest report date; the register has 153$/);
    expect(lineOf(stdout, 'listing date filter')).toMatch(/held {10}listing date filter: \d+ of 153 councils have a latest report on or after \d{4}-\d\d-\d\d\. The site honours the date written DD-MM-YYYY, the form ofsted-watch writes \(written DD-MM-YYYY, the filter listed exactly those \d+; written DD\/MM\/YYYY, the filter listed exactly those \d+; written YYYY-MM-DD/);
    expect(lineOf(stdout, 'provider page')).toMatch(/held {10}provider page: .+: \d+ publications?, the newest ".+" published \d{4}-\d\d-\d\d, in the newer timeline markup$/);
    expect(lineOf(stdout, 'report')).toMatch(/held {10}report: .+ published \d{4}-\d\d-\d\d: (ILACS|SEND|SIF) /);
    expect(lineOf(stdout, 'feed gazette')).toMatch(/held {10}feed gazette: http:\/\/127\.0\.0\.1:\d+\/feeds\/g\.xml: 1 item, the newest of 2025-06-01; its newest article reads \("Stoke-on-Trent children's services rated inadequate"\)$/);
    expect(stdout.trim().split('\n').at(-1)).toBe('All 5 checks held.');
    // Every request went out with our User-Agent and its contact URL.
    const own = replay.requestLog.slice(before);
    expect(own.length).toBeGreaterThan(0);
    for (const request of own) expect(request.userAgent).toMatch(/\(\+https:\/\/example\.org\/ofsted-watch\)$/);
  });

  it('says a provider page has drifted from the markups it knows, and exits 1', async () => {
    replay.setMarkup('drifted');
    try {
      const { status, stdout } = await doctor(replay);
      expect(status).toBe(1);
      expect(lineOf(stdout, 'provider page')).toMatch(/^ {2}did not hold {2}provider page: .+, read only by its links and words: the page is in neither known markup \(the timeline, nor the older hidden labels\), so it has changed/);
      expect(stdout.trim().split('\n').at(-1)).toBe('1 of 5 checks did not hold: provider page.');
    } finally {
      replay.setMarkup('timeline');
    }
  });

  it('says which date form the site honours, and that the filter did not hold when the site ignores the form ofsted-watch writes', async () => {
    const isoOnly = await startReplaySite({ model: fixtureSiteModel(), dateForms: ['YYYY-MM-DD'] });
    const ignoring = await startReplaySite({ model: fixtureSiteModel(), dateForms: [] });
    try {
      const iso = await doctor(isoOnly, '--json');
      expect(iso.status).toBe(1);
      const checks = iso.stdout.trim().split('\n').map((line) => JSON.parse(line) as { name: string; held: boolean; detail: string });
      expect(checks.map((c) => [c.name, c.held])).toEqual([['Ofsted listing', true], ['listing date filter', false], ['provider page', true], ['report', true], ['feed gazette', true]]);
      expect(checks[1]).toMatchObject({ scansRelyOnIt: false });
      expect(checks[1]!.detail).toMatch(/: the site honours YYYY-MM-DD, but ofsted-watch writes DD-MM-YYYY \(DEFAULT_LISTING_DATE_FORM, shared\/ofsted-site\/urls\.ts\) \(written DD-MM-YYYY, the filter listed all 153: ignored; written DD\/MM\/YYYY, the filter listed all 153: ignored; written YYYY-MM-DD, the filter listed exactly those \d+\)\. Polls do not depend on it: the scan reads the whole listing$/);
      const none = await doctor(ignoring);
      expect(none.status).toBe(1);
      expect(none.stdout.trim().split('\n').at(-1)).toBe('1 of 5 checks did not hold: listing date filter.');
      expect(lineOf(none.stdout, 'listing date filter')).toMatch(/^ {2}did not hold {2}listing date filter: \d+ of 153 councils have a latest report on or after \S+: the site honours none of the forms tried \(written DD-MM-YYYY, the filter listed all 153: ignored; /);
    } finally {
      await Promise.all([isoOnly.close(), ignoring.close()]);
    }
  });

  it('says a feed that is gone, or a report that is not a PDF, did not hold', async () => {
    const gone = join(scratch, 'gone.json');
    writeFileSync(gone, JSON.stringify([{ id: 'gone', outlet: 'Gone', url: `${news.origin}/feeds/nothing.xml` }]));
    const dead = replay.inject(/^\/v1\/file\//, { kind: 'html_instead_of_pdf' });
    try {
      const { status, stdout } = await runCli(['doctor', '--ofsted-base-url', replay.origin, '--news-feeds', gone, '--contact-url', 'https://example.org/c'], { cwd: scratch });
      expect(status).toBe(1);
      expect(lineOf(stdout, 'feed gone')).toMatch(/did not hold {2}feed gone: http:\/\/127\.0\.0\.1:\d+\/feeds\/nothing\.xml could not be read: http_status: /);
      expect(lineOf(stdout, 'report')).toMatch(/did not hold {2}report: .+ could not be read: not_pdf: /);
      expect(stdout.trim().split('\n').at(-1)).toBe('2 of 5 checks did not hold: report, feed gone.');
    } finally {
      dead.remove();
    }
  });

  it('is the check the weekly canary Lambda runs: check-sources logs each check and counts those that did not hold', async () => {
    const run = async () => {
      const result = await runCli(['invoke', 'check-sources', '--json', '--ofsted-base-url', replay.origin, '--news-feeds', feeds, '--contact-url', 'https://example.org/c'], { cwd: scratch });
      const lines = result.stdout.split('\n').filter((line) => line.startsWith('{"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      return { ...result, lines };
    };
    const good = await run();
    expect(good.status, good.stderr).toBe(0);
    expect(good.stderr).not.toContain('DynamoDB'); // it has no table
    expect(good.lines.filter((line) => line.msg === 'source_check').map((line) => [line.check, line.held])).toEqual([['Ofsted listing', true], ['listing date filter', true], ['provider page', true], ['report', true], ['feed gazette', true]]);
    expect(good.lines).toContainEqual(expect.objectContaining({ Function: 'check-sources', SourceChecksFailed: 0 }));
    replay.setMarkup('drifted');
    try {
      const drifted = await run();
      expect(drifted.status).toBe(0); // the run worked; what it found is in the metric
      expect(drifted.lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'source_check', check: 'provider page', held: false }));
      expect(drifted.lines).toContainEqual(expect.objectContaining({ msg: 'run_finished', failed: ['provider page'], message: '1 of 5 checks did not hold: provider page.' }));
      expect(drifted.lines).toContainEqual(expect.objectContaining({ Function: 'check-sources', SourceChecksFailed: 1 }));
    } finally {
      replay.setMarkup('timeline');
    }
    // A site that ignores the date filter is logged as a check that did not hold, but the alarm's metric does not count it: polls never use the filter.
    const ignoring = await startReplaySite({ model: fixtureSiteModel(), dateForms: [] });
    try {
      const result = await runCli(['invoke', 'check-sources', '--json', '--ofsted-base-url', ignoring.origin, '--news-feeds', feeds, '--contact-url', 'https://example.org/c'], { cwd: scratch });
      const lines = result.stdout.split('\n').filter((line) => line.startsWith('{"')).map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(result.status, result.stderr).toBe(0);
      expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'source_check', check: 'listing date filter', held: false }));
      expect(lines).toContainEqual(expect.objectContaining({ msg: 'run_finished', failed: ['listing date filter'] }));
      expect(lines).toContainEqual(expect.objectContaining({ Function: 'check-sources', SourceChecksFailed: 0 }));
    } finally {
      await ignoring.close();
    }
  });

  it('refuses bad options with a usage error', async () => {
    const { status, stderr } = await runCli(['doctor', '--ofsted-base-url', 'nowhere'], { cwd: scratch });
    expect(status).toBe(2);
    expect(stderr).toContain('--ofsted-base-url "nowhere" is not an http(s) URL');
  });
});
