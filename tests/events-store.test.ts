import { describe, expect, it } from 'vitest';
import { useLocalDynamo } from './helpers/dynamo.ts';
import { listCouncilEvents, recordEvent } from '#shared/events/store.ts';
import { detectEvent } from '#shared/crawl/detect.ts';
import { newsEvent, record } from './helpers/records.ts';

const stoke = { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' };
const ri2015 = record({ fileId: 's1', published: '2015-08-12', framework: 'sif', overall: 'requires_improvement', council: stoke });
const inadequate2022 = record({ fileId: 's2', published: '2022-11-25', overall: 'inadequate', council: stoke });
const ofstedEvent = detectEvent({ record: inadequate2022, history: [ri2015], mode: 'live', now: '2022-11-25T12:00:00Z' })!;

describe('recordEvent on dynalite', () => {
  const local = useLocalDynamo();

  it('writes an event once; writing it again changes nothing', async () => {
    expect(await recordEvent(local(), ofstedEvent)).toEqual({ status: 'created', eventId: ofstedEvent.id });
    expect(await recordEvent(local(), { ...ofstedEvent, detectedAt: '2030-01-01T00:00:00Z' })).toEqual({ status: 'exists', eventId: ofstedEvent.id });
    const stored = await listCouncilEvents(local(), stoke.urn);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.event.detectedAt).toBe('2022-11-25T12:00:00Z');
  });

  it('merges a news report of the same story into the Ofsted event, once', async () => {
    const news = newsEvent({ id: 'news-stoke-1', occurredOn: '2022-11-26' });
    expect(await recordEvent(local(), news)).toEqual({ status: 'merged', eventId: ofstedEvent.id });
    expect(await recordEvent(local(), news)).toEqual({ status: 'exists', eventId: ofstedEvent.id });
    const [stored] = await listCouncilEvents(local(), stoke.urn);
    expect(stored?.event.sources.map((source) => source.type)).toEqual(['ofsted', 'news']);
    expect(stored?.event.kind).toBe('downgrade');
  });

  it('merges a second outlet\'s report of the same news into the first, so subscribers get one alert', async () => {
    const hartlepool = { urn: '80473', onsCode: 'E06000001', name: 'Hartlepool' };
    const first = newsEvent({ id: 'news-h-1', council: hartlepool, kind: 'urgent_action', occurredOn: '2024-03-01' });
    const second = newsEvent({
      id: 'news-h-2',
      council: hartlepool,
      kind: 'urgent_action',
      occurredOn: '2024-03-02',
      sources: [{ type: 'news', url: 'https://echo.example/h', outlet: 'The Northern Echo', title: 'Hartlepool told to act', published: '2024-03-02' }],
    });
    expect((await recordEvent(local(), first)).status).toBe('created');
    expect(await recordEvent(local(), second)).toEqual({ status: 'merged', eventId: 'news-h-1' });
    const stored = await listCouncilEvents(local(), hartlepool.urn);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.event.sources.map((source) => source.outlet)).toEqual(['Community Care', 'The Northern Echo']);
  });

  it('keeps news about another time as its own event', async () => {
    const old = newsEvent({ id: 'news-stoke-old', occurredOn: '2021-01-10' });
    expect(await recordEvent(local(), old)).toEqual({ status: 'created', eventId: 'news-stoke-old' });
  });

  it('folds a later Ofsted record into a news-only event, taking its inspection facts', async () => {
    const tameside = { urn: '80569', onsCode: 'E08000008', name: 'Tameside' };
    const news = newsEvent({ id: 'news-tameside', council: tameside, kind: 'urgent_action', from: null, to: null, occurredOn: '2024-02-13' });
    expect((await recordEvent(local(), news)).status).toBe('created');
    const earlier = record({ fileId: 't1', published: '2019-01-01', overall: 'requires_improvement', council: tameside });
    const report = record({ fileId: 't2', published: '2024-02-13', overall: 'inadequate', council: tameside });
    const fromOfsted = detectEvent({ record: report, history: [earlier], mode: 'live', now: '2024-02-14T00:00:00Z' })!;
    expect(await recordEvent(local(), fromOfsted)).toEqual({ status: 'merged', eventId: 'news-tameside' });
    const [stored] = await listCouncilEvents(local(), tameside.urn);
    expect(stored?.event).toMatchObject({ id: 'news-tameside', kind: 'urgent_action', from: 'requires_improvement', to: 'inadequate' });
    expect(stored?.event.alsoKinds).toContain('downgrade');
    expect(stored?.event.inspection?.fileId).toBe('t2');
  });

  it('takes no overall grade from the press for a report that has none (the 2026 framework)', async () => {
    const somerset = { urn: '80555', onsCode: 'E06000066', name: 'Somerset' };
    const news = newsEvent({ id: 'news-somerset', council: somerset, kind: 'downgrade', from: 'good', to: 'requires_improvement', occurredOn: '2026-06-17' });
    await recordEvent(local(), news);
    const before = record({ fileId: 's1', published: '2022-09-21', overall: 'good', council: somerset, judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCareAndCareLeavers: 'good' } });
    const report = record({ fileId: 's2', published: '2026-06-17', overall: null, council: somerset, judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'good', inCare: 'good', careLeavers: 'good' } });
    const fromOfsted = detectEvent({ record: report, history: [before], mode: 'live', now: '2026-06-18T00:00:00Z' })!;
    expect(await recordEvent(local(), fromOfsted)).toEqual({ status: 'merged', eventId: 'news-somerset' });
    const [stored] = await listCouncilEvents(local(), somerset.urn);
    expect(stored?.event).toMatchObject({ kind: 'downgrade', from: 'good', to: null, judgementChanges: [{ key: 'impactOfLeaders', from: 'good', to: 'requires_improvement' }] });
  });
});
