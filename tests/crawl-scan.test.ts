import { afterEach, describe, expect, it } from 'vitest';
import { listCouncilEvents } from '#shared/events/store.ts';
import { getCursor, getPublication, listAnomalies, listInspections } from '#shared/crawl/store.ts';
import { renderListingPage } from '#devkit/replay/markup.ts';
import { manualClock, publicationsOf, startScanHarness, type ScanHarness } from './helpers/scan-harness.ts';

const STOCKTON = '80563';
const STOKE = '80564';
const stockton = publicationsOf(STOCKTON);
const stockton2016 = stockton.find((p) => p.published.startsWith('2016'))!;
const stockton2019 = stockton.find((p) => p.published.startsWith('2019'))!;
const today = () => new Date().toISOString().slice(0, 10);

let harness: ScanHarness | undefined;

/** Baseline of Stockton-on-Tees's 2016 report on 1 June 2019, then its 2019 report appears on 1 July. */
async function baselineThenPublish2019(clock = manualClock('2019-06-01')): Promise<ScanHarness> {
  const started = await startScanHarness([stockton2016], { now: clock.now });
  await started.scan();
  clock.set('2019-07-01');
  started.site.publish(stockton2019);
  return started;
}
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Ofsted scan against the replay site and dynalite', () => {
  it('records a baseline without events, then alerts on a downgrade, then finds nothing new', async () => {
    const clock = manualClock('2019-06-01');
    harness = await startScanHarness([stockton2016], { now: clock.now });
    const baseline = await harness.scan();
    expect(baseline).toMatchObject({ mode: 'baseline', providersListed: 153, recordsWritten: 1, cursorAdvanced: true });
    expect(baseline.events.created).toBe(0);
    expect(await listCouncilEvents(harness.db, STOCKTON)).toEqual([]);

    clock.set('2019-07-01');
    harness.site.publish(stockton2019);
    const live = await harness.scan();
    expect(live).toMatchObject({ mode: 'live', recordsWritten: 1, events: { created: 1, merged: 0, exists: 0 } });
    const [stored] = await listCouncilEvents(harness.db, STOCKTON);
    expect(stored?.event).toMatchObject({ kind: 'downgrade', from: 'good', to: 'requires_improvement', council: { urn: STOCKTON, onsCode: 'E06000004' } });
    expect(stored?.event.inspection?.reportUrl).toBe(harness.site.fileUrl(stockton2019.fileId));
    expect(stored?.event.previous?.fileId).toBe(stockton2016.fileId);

    const again = await harness.scan();
    expect(again).toMatchObject({ recordsWritten: 0, events: { created: 0, merged: 0, exists: 0 }, anomalies: 0 });
    expect(await listCouncilEvents(harness.db, STOCKTON)).toHaveLength(1);
  });

  it('keeps a no-change poll to the two listing pages, without the unconfirmed date filter', async () => {
    harness = await startScanHarness(publicationsOf(STOCKTON, STOKE));
    await harness.scan();
    const before = harness.site.requestLog.length;
    const summary = await harness.scan();
    const requests = harness.site.requestLog.slice(before);
    expect(summary).toMatchObject({ providersListed: 153, providersVisited: 0, anomalies: 0 });
    expect(requests.length).toBeLessThanOrEqual(3);
    expect(requests.map((r) => r.path)).toEqual([expect.stringContaining('start=0&rows=100'), expect.stringContaining('start=100&rows=100')]);
    expect(requests.every((r) => !r.path.includes('latest_report_date'))).toBe(true);
  });

  it('never takes a listing that comes back empty for "nothing new": an anomaly, and the cursor waits', async () => {
    harness = await startScanHarness([stockton2016]);
    await harness.scan();
    const cursor = await getCursor(harness.db);
    // The site answering "0 results" (as a filter in a form it does not accept would): 200, a well-formed page.
    const empty = renderListingPage({ total: 0, start: 0, rows: 100, councils: [] }, new URL(harness.site.listingUrl()));
    harness.site.inject('/search', { kind: 'status', status: 200, body: empty });
    const summary = await harness.scan();
    expect(summary).toMatchObject({ providersListed: 0, cursorAdvanced: false });
    expect(summary.failures).toBeGreaterThan(0);
    expect((await listAnomalies(harness.db, today())).map((a) => a.kind)).toContain('listing_short');
    expect((await getCursor(harness.db)).lastSuccessAt).toBe(cursor.lastSuccessAt);
  });

  it('turns HTML served for a PDF into an anomaly and keeps scanning other councils', async () => {
    const dead = publicationsOf('80429'); // Birmingham's 2012 link serves Ofsted's "Report not found" page
    harness = await startScanHarness([...dead, stockton2016]);
    const summary = await harness.scan();
    expect(summary.recordsWritten).toBe(1);
    const anomalies = await listAnomalies(harness.db, today());
    expect(anomalies.map((a) => a.kind)).toContain('file_not_pdf');
    expect((await getPublication(harness.db, '80429', dead[0]!.fileId))?.lastError?.code).toBe('not_pdf');
    expect(harness.logger.lines.some((line) => line.level === 'warn' && /could not be read/.test(line.message))).toBe(true);
  });

  it('retries through a 429 with Retry-After and a 500 within one run', async () => {
    harness = await startScanHarness([stockton2016]);
    harness.site.inject(`/provider/44/${STOCKTON}`, { kind: 'status', status: 429, retryAfter: '1' }, { times: 1 });
    harness.site.inject(`/v1/file/${stockton2016.fileId}`, { kind: 'status', status: 500 }, { times: 1 });
    const summary = await harness.scan();
    expect(summary).toMatchObject({ recordsWritten: 1, failures: 0, cursorAdvanced: true });
    const providerHits = harness.site.requestsTo(`/provider/44/${STOCKTON}`);
    expect(providerHits.map((hit) => hit.status)).toEqual([429, 200]);
    expect(providerHits[1]!.time - providerHits[0]!.time).toBeGreaterThanOrEqual(900);
  });

  for (const [name, fault] of [
    ['a timeout', { kind: 'hang' }],
    ['a connection reset', { kind: 'reset' }],
    ['a truncated PDF', { kind: 'truncate' }],
  ] as const) {
    it(`holds the cursor after ${name} on a report file, and recovers on the next run`, async () => {
      harness = await startScanHarness([stockton2016]);
      const fault_ = harness.site.inject(`/v1/file/${stockton2016.fileId}`, fault);
      const failed = await harness.scan();
      expect(failed).toMatchObject({ recordsWritten: 0, cursorAdvanced: false });
      expect(failed.failures).toBeGreaterThan(0);
      expect((await getCursor(harness.db)).baselineDone).toBe(false);
      expect((await getPublication(harness.db, STOCKTON, stockton2016.fileId))?.state).toBe('failed');
      fault_.remove();
      const recovered = await harness.scan();
      expect(recovered).toMatchObject({ mode: 'baseline', recordsWritten: 1, cursorAdvanced: true });
      expect((await getPublication(harness.db, STOCKTON, stockton2016.fileId))?.state).toBe('done');
    });
  }

  it('reports a changed provider-page layout as an anomaly, not as "no publications"', async () => {
    harness = await baselineThenPublish2019();
    harness.site.inject(`/provider/44/${STOCKTON}`, { kind: 'layout', markup: 'broken' });
    const summary = await harness.scan();
    expect(summary).toMatchObject({ cursorAdvanced: false, recordsWritten: 0 });
    expect((await listAnomalies(harness.db, '2019-07-01')).map((a) => a.kind)).toContain('provider_layout');
    harness.site.clearFaults();
    const next = await harness.scan();
    expect(next.events.created).toBe(1);
  });

  it('survives drifted markup (other classes, same links and text)', async () => {
    harness = await startScanHarness([stockton2016, stockton2019]);
    harness.site.setMarkup('drifted');
    const summary = await harness.scan();
    expect(summary).toMatchObject({ recordsWritten: 2, anomalies: 0 });
  });

  it('flags a listing with far fewer councils than the register and holds the cursor', async () => {
    harness = await startScanHarness([stockton2016], { councils: (urn) => Number(urn) < 80500 });
    const summary = await harness.scan();
    expect(summary.providersListed).toBeLessThan(100);
    expect(summary.cursorAdvanced).toBe(false);
    expect((await listAnomalies(harness.db, today())).map((a) => a.kind)).toContain('listing_short');
    expect((await getCursor(harness.db)).baselineDone).toBe(false);
  });

  it('records every report of a council with its parsed grades', async () => {
    harness = await startScanHarness(publicationsOf(STOKE));
    await harness.scan();
    const records = await listInspections(harness.db, STOKE);
    expect(records.map((r) => [r.published, r.framework, r.overall])).toEqual([
      ['2015-08-12', 'sif', 'requires_improvement'],
      ['2022-11-25', 'ilacs', 'requires_improvement'],
    ]);
    expect(records.every((r) => r.contentSha256.length === 64 && r.parserVersion)).toBe(true);
  });
});

describe('Ofsted scan time budget', () => {
  it('stops taking new work at the deadline, holds the cursor, and finishes on the next run', async () => {
    harness = await startScanHarness(publicationsOf(STOCKTON, STOKE));
    const first = await harness.scan({ deadline: Date.now() - 1 });
    expect(first).toMatchObject({ recordsWritten: 0, cursorAdvanced: false });
    expect(first.deferred).toBe(153);
    expect(harness.logger.lines.some((line) => /time budget reached: 153 councils/.test(line.message))).toBe(true);
    const second = await harness.scan();
    expect(second).toMatchObject({ recordsWritten: 5, deferred: 0, cursorAdvanced: true });
  });
});

describe('Ofsted scan listing', () => {
  it('reads only the councils whose latest report date changed, and each of them once', async () => {
    const clock = manualClock('2019-06-01');
    harness = await baselineThenPublish2019(clock);
    const before = harness.site.requestLog.length;
    const poll = await harness.scan();
    expect(poll).toMatchObject({ providersListed: 153, providersVisited: 1, events: { created: 1, merged: 0, exists: 0 } });
    expect(harness.site.requestLog.slice(before).map((r) => r.path.replace(/\?.*$/, ''))).toEqual(['/search', '/search', `/provider/44/${STOCKTON}`, `/v1/file/${stockton2019.fileId}`]);
    clock.set('2019-07-03');
    const again = await harness.scan();
    expect(again).toMatchObject({ providersListed: 153, providersVisited: 0 });
  });
});

describe('Ofsted scan: what was published before the watch began is baseline, what came after is news', () => {
  it('records a council first read after the watch began: its earlier reports quietly, its new one as news', async () => {
    const clock = manualClock('2019-06-01');
    harness = await startScanHarness([stockton2016], { now: clock.now });
    const down = harness.site.inject(`/provider/44/${STOCKTON}`, { kind: 'status', status: 500 });
    const first = await harness.scan();
    expect(first).toMatchObject({ mode: 'baseline', recordsWritten: 0, cursorAdvanced: false });
    down.remove();
    clock.set('2019-07-01');
    harness.site.publish(stockton2019);
    const second = await harness.scan();
    expect(second).toMatchObject({ recordsWritten: 2, events: { created: 1 } });
    const events = await listCouncilEvents(harness.db, STOCKTON);
    expect(events.map(({ event }) => [event.inspection?.fileId, event.kind])).toEqual([[stockton2019.fileId, 'downgrade']]);
    expect((await getPublication(harness.db, STOCKTON, stockton2016.fileId))?.baseline).toBe(true);
    expect((await getPublication(harness.db, STOCKTON, stockton2019.fileId))?.baseline).toBe(false);
  });

  it("alerts a council's first report when it is inadequate (Harrow, 2025)", async () => {
    const clock = manualClock('2025-03-01');
    harness = await startScanHarness([], { now: clock.now });
    await harness.scan();
    clock.set('2025-03-05');
    const harrow = publicationsOf('80499');
    for (const publication of harrow) harness.site.publish(publication);
    await harness.scan();
    const [stored] = await listCouncilEvents(harness.db, '80499');
    expect(stored?.event).toMatchObject({ kind: 'urgent_action', alsoKinds: ['first_record'], to: 'inadequate', previous: null });
  });

  it('compares a 2026 report by its judgements and does not call its missing overall grade an anomaly', async () => {
    const clock = manualClock('2026-01-10');
    const [somerset2022, somerset2026] = publicationsOf('80555').sort((a, b) => a.published.localeCompare(b.published));
    harness = await startScanHarness([somerset2022!], { now: clock.now });
    await harness.scan();
    clock.set('2026-06-17');
    harness.site.publish(somerset2026!);
    const live = await harness.scan();
    expect(live).toMatchObject({ recordsWritten: 1, anomalies: 0, events: { created: 1 } });
    const [stored] = await listCouncilEvents(harness.db, '80555');
    expect(stored?.event).toMatchObject({ kind: 'downgrade', from: 'good', to: null, inspection: { gradedBy: 'judgements', overall: null } });
    expect(stored?.event.judgementChanges.map((c) => c.key)).toEqual(['impactOfLeaders', 'helpAndProtection', 'inCare']);
    expect(await listAnomalies(harness.db, '2026-06-17')).toEqual([]);
  });
});
