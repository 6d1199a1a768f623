/**
 * Two scans at once against one table: the second finds the first holding the
 * scan, says so in one info line and does nothing (no error, no exit status 1);
 * the data ends as one run leaves it. A lease left by a process that is gone
 * (Ctrl-C, a crash) does not hold the next run up.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { listCouncilEvents } from '#shared/events/store.ts';
import { getCursor, listInspections } from '#shared/crawl/store.ts';
import { dynamoRunLease } from '#shared/store/dynamo-lease.ts';
import { SCANS } from '#shared/store/keys.ts';
import { runNewsScan } from '#shared/news/scan.ts';
import { dynamoNewsStores } from '#shared/news/store.ts';
import { createHttpClient } from '#shared/http/index.ts';
import { silentLogger } from '#shared/runtime/log.ts';
import { articleFromText, startNewsSite } from '#devkit/news-site.ts';
import { startLocalDynamo } from '#devkit/dynalite.ts';
import { captureLogger, publicationsOf, startScanHarness, type ScanHarness } from './helpers/scan-harness.ts';

const STOCKTON = '80563';
let harness: ScanHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('one Ofsted scan at a time', () => {
  it('lets the second of two simultaneous runs skip with an info line, and the data ends right', async () => {
    harness = await startScanHarness(publicationsOf(STOCKTON));
    const second = captureLogger();
    const [a, b] = await Promise.all([harness.scan(), harness.scan({ logger: second })]);
    const [ran, skipped] = a.skipped ? [b, a] : [a, b];
    expect(skipped).toMatchObject({ skipped: true, recordsWritten: 0, cursorAdvanced: false });
    expect(ran).toMatchObject({ skipped: false, cursorAdvanced: true });
    const skippedLog = (a.skipped ? harness.logger : second).lines;
    expect(skippedLog.filter((line) => line.level !== 'debug')).toEqual([
      { level: 'info', message: 'scan_skipped', fields: { message: expect.stringMatching(/^another ofsted-scan run is scanning \(since \S+; it holds the scan until \S+ at the latest\): this run leaves the work to it$/) } },
    ]);
    expect((await listInspections(harness.db, STOCKTON)).length).toBe(publicationsOf(STOCKTON).length);
    expect((await getCursor(harness.db)).version).toBe(1);
    // The lease was let go: the next run scans.
    expect(await harness.scan()).toMatchObject({ skipped: false, recordsWritten: 0, cursorAdvanced: true });
  });

  it('takes over a lease whose holder on this machine is gone, but not one whose holder runs', async () => {
    const db = await startLocalDynamo();
    try {
      const now = new Date().toISOString();
      const later = new Date(Date.now() + 600_000).toISOString();
      const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
      const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
      await new Promise((resolve) => gone.on('exit', resolve));
      try {
        expect(await dynamoRunLease(db, SCANS.ofsted, { host: 'this-host', pid: child.pid! }).acquire(now, later)).toMatchObject({ held: true });
        // Another process of this machine, while the holder runs: held.
        expect(await dynamoRunLease(db, SCANS.ofsted, { host: 'this-host', pid: process.pid }).acquire(now, later)).toEqual({ held: false, since: now, until: later });
        child.kill('SIGKILL');
        await new Promise((resolve) => child.on('exit', resolve));
        // The holder is gone: the lease is stale and is taken at once.
        expect(await dynamoRunLease(db, SCANS.ofsted, { host: 'this-host', pid: process.pid }).acquire(now, later)).toMatchObject({ held: true });
        // A holder on another machine is never second-guessed, however its pid reads here.
        expect(await dynamoRunLease(db, SCANS.news, { host: 'another-host', pid: gone.pid! }).acquire(now, later)).toMatchObject({ held: true });
        expect(await dynamoRunLease(db, SCANS.news, { host: 'this-host', pid: process.pid }).acquire(now, later)).toMatchObject({ held: false });
        // Past its time, any lease is free.
        expect(await dynamoRunLease(db, SCANS.news, { host: 'this-host', pid: process.pid }).acquire(new Date(Date.now() + 700_000).toISOString(), later)).toMatchObject({ held: true });
      } finally {
        child.kill('SIGKILL');
      }
    } finally {
      await db.close();
    }
  });
});

describe('one news scan at a time', () => {
  it('lets the second of two simultaneous runs skip with an info line', async () => {
    const db = await startLocalDynamo();
    const news = await startNewsSite({ outlet: 'Gazette', feeds: [{ id: 'g', format: 'rss' }] });
    news.addArticle('g', articleFromText('stoke', 'Stoke-on-Trent children\'s services rated inadequate\nOfsted has rated Stoke-on-Trent City Council\'s children\'s services inadequate.', { published: new Date().toISOString(), shape: 'opengraph' }));
    const http = createHttpClient({ version: 't', contactUrl: 'https://example.org/c', allowedHosts: [news.host], perHostIntervalMs: 0, logger: silentLogger });
    try {
      const feeds = [{ id: 'g', outlet: 'Gazette', url: news.feedUrl('g'), allowedHosts: [news.host] }];
      const loggers = [captureLogger(), captureLogger()];
      const runs = await Promise.all(loggers.map((logger) => runNewsScan({ ...dynamoNewsStores(db), http, feeds, logger })));
      expect(runs.map((run) => run.skipped).sort()).toEqual([false, true]);
      const skipped = loggers[runs.findIndex((run) => run.skipped)]!;
      expect(skipped.lines).toEqual([{ level: 'info', message: 'news_scan_skipped', fields: { message: expect.stringMatching(/^another news-scan run is reading the feeds/) } }]);
      expect(await listCouncilEvents(db, '80564')).toHaveLength(1);
    } finally {
      await http.close();
      await news.close();
      await db.close();
    }
  });
});
