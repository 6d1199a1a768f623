/** The Ofsted scan's decisions as tables of cases: plain data in, decisions out. No I/O. */
import { describe, expect, it } from 'vitest';
import type { FailureKind } from '#shared/domain/errors.ts';
import type { InspectionRecord } from '#shared/domain/inspection.ts';
import {
  downloadFailureFate,
  emptyPageAnomaly,
  needsWork,
  nextCursor,
  planScan,
  publicationMode,
  readFailureFate,
  recordAnomalies,
  scanMode,
  stateAfterFailure,
  unreadableFileAnomaly,
  type FailureFate,
} from '#shared/crawl/plan.ts';
import type { CouncilScanState, ListedProvider } from '#shared/crawl/ports.ts';
import { record } from './helpers/records.ts';

const stockton = { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' };
const provider = (urn: string, latestReportDate: string | null = '2019-07-01'): ListedProvider => ({ urn, name: `Provider ${urn}`, latestReportDate });
const state = (urn: string, latestReportDate: string | null, publicationCount = 2): CouncilScanState => ({ urn, latestReportDate, publicationCount, lastVisitedAt: '2019-06-01T09:00:00Z' });
const register = new Set(['80563', '80564', '80569']);
const plan = (providers: ListedProvider[], states: CouncilScanState[] = [], registerSize = 3) =>
  planScan({ providers, states: new Map(states.map((s) => [s.urn, s])), councilUrn: (urn) => (register.has(urn) ? urn : null), registerSize });

describe('which councils a run reads', () => {
  const cases: [string, ListedProvider[], CouncilScanState[], string[]][] = [
    ['a council never read', [provider('80563')], [], ['80563']],
    ['the listing shows the same latest report date: skipped', [provider('80563', '2019-07-01')], [state('80563', '2019-07-01')], []],
    ['the listing shows a newer date: read', [provider('80563', '2019-08-01')], [state('80563', '2019-07-01')], ['80563']],
    ['still no date, and no publications known: skipped', [provider('80563', null)], [state('80563', null, 0)], []],
    ['no date shown, but publications were known: read again', [provider('80563', null)], [state('80563', null, 2)], ['80563']],
    ['a date appears for a council that had none: read', [provider('80563', '2024-01-01')], [state('80563', null, 0)], ['80563']],
    ['a provider the register does not know: not read', [provider('99999')], [], []],
  ];
  it.each(cases)('%s', (_name, providers, states, visited) => {
    expect(plan(providers, states, 1).visits.map((visit) => visit.urn)).toEqual(visited);
  });

  it('keeps the listing order and position, and the known state, of each visit', () => {
    const known = state('80569', '2019-01-01');
    const { visits } = plan([provider('99999'), provider('80569', '2020-01-01'), provider('80563')], [known]);
    expect(visits).toEqual([
      { index: 1, urn: '80569', provider: provider('80569', '2020-01-01'), state: known },
      { index: 2, urn: '80563', provider: provider('80563'), state: undefined },
    ]);
  });
});

describe('anomalies the listing shows', () => {
  const cases: [string, number, number, string[], boolean][] = [
    ['153 of 153', 153, 153, [], false],
    ['138 of 153 (90%): still trusted', 138, 153, [], false],
    ['137 of 153: too short, the cursor holds', 137, 153, ['listing_short'], true],
    ['none at all', 0, 153, ['listing_short'], true],
  ];
  it.each(cases)('%s', (_name, listed, registerSize, kinds, short) => {
    const providers = Array.from({ length: listed }, () => provider('80563'));
    const result = plan(providers, [], registerSize);
    expect(result.anomalies.map((a) => a.kind)).toEqual(kinds);
    expect(result.listingShort).toBe(short);
  });

  it('names a provider the register does not know', () => {
    expect(plan([provider('99999')], [], 1).anomalies).toEqual([
      { kind: 'unknown_provider', message: 'listing names provider 99999 (Provider 99999), which is not in the register', urn: '99999' },
    ]);
  });

  it('calls an empty provider page broken only when the council had publications', () => {
    const page = (n: number) => ({ providerUrl: 'https://reports.ofsted.gov.uk/provider/44/80563', publications: Array.from({ length: n }) });
    expect(emptyPageAnomaly(stockton, page(0), 3)).toMatchObject({ kind: 'provider_empty', urn: '80563' });
    expect(emptyPageAnomaly(stockton, page(0), 0)).toBeNull();
    expect(emptyPageAnomaly(stockton, page(2), 3)).toBeNull();
  });
});

describe('the fate of a publication whose file failed', () => {
  const downloads: [string, FailureKind, FailureFate][] = [
    ['network, 429, 5xx, timeout: retried until it works', 'retryable', 'retry'],
    ['a refused request (404, robots): a few times', 'permanent', 'retry_a_few_times'],
    ['something unexpected: a few times', 'unexpected', 'retry_a_few_times'],
  ];
  it.each(downloads)('download: %s', (_name, kind, fate) => {
    expect(downloadFailureFate(kind)).toBe(fate);
  });

  const reads: [string, string, FailureFate][] = [
    ['HTML served for a PDF ("Report not found")', 'not_pdf', 'dead'],
    ['over the size cap', 'too_large', 'dead'],
    ['the reader timed out', 'timeout', 'retry'],
    ['a damaged PDF (a bad transfer?)', 'damaged_pdf', 'retry_a_few_times'],
    ['unreadable', 'unreadable', 'retry_a_few_times'],
  ];
  it.each(reads)('read: %s', (_name, code, fate) => {
    expect(readFailureFate(code)).toBe(fate);
  });

  const after: [FailureFate, number, 'dead' | 'failed'][] = [
    ['dead', 1, 'dead'],
    ['retry_a_few_times', 1, 'failed'],
    ['retry_a_few_times', 2, 'failed'],
    ['retry_a_few_times', 3, 'dead'],
    ['retry', 3, 'failed'],
    ['retry', 30, 'failed'],
  ];
  it.each(after)('%s on run %i of 3: %s', (fate, attempts, expected) => {
    expect(stateAfterFailure(fate, attempts, 3)).toBe(expected);
  });

  it('needs no more work once done or dead', () => {
    expect([undefined, { state: 'failed' as const }, { state: 'done' as const }, { state: 'dead' as const }].map(needsWork)).toEqual([true, true, false, false]);
  });

  it('raises file_not_pdf for HTML, report_unreadable for the rest', () => {
    const publication = { fileId: 'f1', url: 'https://files.ofsted.gov.uk/v1/file/f1', type: "Children's services inspection", published: '2019-07-01', eventDate: null };
    expect(unreadableFileAnomaly(stockton, publication, { code: 'not_pdf', message: 'HTML' })).toEqual({
      kind: 'file_not_pdf',
      message: "Stockton-on-Tees: Children's services inspection (2019-07-01) could not be read: HTML",
      urn: '80563',
      url: publication.url,
    });
    expect(unreadableFileAnomaly(stockton, publication, { code: 'damaged_pdf', message: 'bad xref' }).kind).toBe('report_unreadable');
  });
});

describe('anomalies a read report raises', () => {
  const stoke = { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' };
  const cases: [string, Partial<InspectionRecord>, { council: typeof stoke | null; councilName: string | null }, string[]][] = [
    ['a graded ILACS report of the right council', { overall: 'good', council: stockton }, { council: stockton, councilName: 'Stockton-on-Tees' }, []],
    ['a report naming another council', { overall: 'good', council: stockton }, { council: stoke, councilName: 'Stoke' }, ['council_mismatch']],
    ['a report naming no council it could match', { overall: 'good', council: stockton }, { council: null, councilName: null }, []],
    ['a full inspection with no grade', { overall: null, council: stockton }, { council: stockton, councilName: 'Stockton' }, ['missing_grade']],
    ['both', { overall: null, council: stockton }, { council: stoke, councilName: 'Stoke' }, ['council_mismatch', 'missing_grade']],
  ];
  it.each(cases)('%s', (_name, overrides, facts, kinds) => {
    expect(recordAnomalies(stockton, facts, record({ ...overrides, fileId: 'x', published: '2019-07-01' })).map((a) => a.kind)).toEqual(kinds);
  });
});

describe('baseline or live, and the cursor', () => {
  const modes: [string, string | null, boolean, 'baseline' | 'live', 'baseline' | 'live'][] = [
    ['published before the watch began', '2019-06-01', true, 'live', 'baseline'],
    ['published on the day the watch began', '2019-06-30', true, 'live', 'baseline'],
    ['published since, on a council read before', '2019-07-01', true, 'live', 'live'],
    ['published since, on a council read for the first time', '2019-07-01', false, 'baseline', 'live'],
    ['undated, on a council read before, in a live run', null, true, 'live', 'live'],
    ['undated, on a new council', null, false, 'live', 'baseline'],
    ['undated, in the baseline run', null, true, 'baseline', 'baseline'],
  ];
  it.each(modes)('%s', (_name, published, known, runMode, expected) => {
    expect(publicationMode(published, '2019-06-30', known, runMode)).toBe(expected);
  });

  it('records the history as a baseline until a first run got through everything', () => {
    expect(scanMode({ baselineDone: false, lastSuccessAt: null, version: 0 })).toBe('baseline');
    expect(scanMode({ baselineDone: true, lastSuccessAt: '2019-06-30T09:00:00Z', version: 1 })).toBe('live');
  });

  it('moves the cursor only when nothing failed and nothing was left for later', () => {
    expect(nextCursor({ failures: 0, deferred: 0 }, '2019-07-01T09:00:00Z')).toEqual({ baselineDone: true, lastSuccessAt: '2019-07-01T09:00:00Z' });
    expect(nextCursor({ failures: 1, deferred: 0 }, '2019-07-01T09:00:00Z')).toBeNull();
    expect(nextCursor({ failures: 0, deferred: 12 }, '2019-07-01T09:00:00Z')).toBeNull();
  });
});
