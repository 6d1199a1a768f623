import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectEvent } from '#shared/crawl/detect.ts';
import { listCouncilEvents, recordEvent } from '#shared/events/store.ts';
import { findSameStory, sameStoryReason } from '#shared/events/merge.ts';
import { extractCouncilEvents } from '#shared/news/extract.ts';
import { toCouncilEvent } from '#shared/news/events.ts';
import { articleFromPlainText } from '#shared/news/text.ts';
import { useLocalDynamo } from './helpers/dynamo.ts';
import { newsEvent, record } from './helpers/records.ts';

const torbay = { urn: '80564', onsCode: 'E06000027', name: 'Torbay' };
const adequate2013 = record({ fileId: 'tb1', published: '2013-06-01', framework: 'sif', overall: 'adequate', council: torbay });
const inadequate2016 = record({ fileId: 'tb2', published: '2016-01-21', framework: 'sif', overall: 'inadequate', council: torbay });
const judgement = detectEvent({ record: inadequate2016, history: [adequate2013], mode: 'live', now: '2016-01-21T12:00:00Z' })!;

/** The real Torbay article (a commissioner appointed months after the inadequate judgement) as the news scan records it. */
function torbayNews(published: string) {
  const text = readFileSync(join(import.meta.dirname, 'fixtures/news/communitycare-torbay-commissioner.txt'), 'utf8');
  const [event] = extractCouncilEvents(articleFromPlainText(text, published)).filter((e) => e.council.name === 'Torbay');
  return toCouncilEvent(event!, { outlet: 'Community Care', url: 'https://www.communitycare.co.uk/2016/05/13/commissioner', title: 'Commissioner appointed', published }, new Date(`${published}T09:00:00Z`));
}

describe('which events tell the same story', () => {
  it('keeps an intervention apart from the judgement it follows, however close in time', () => {
    const news = { ...torbayNews('2016-05-13'), council: judgement.council };
    expect(news).toMatchObject({ kind: 'urgent_action', intervention: 'commissioner' });
    expect(sameStoryReason(judgement, news)).toBeNull();
    expect(sameStoryReason(judgement, { ...news, occurredOn: '2016-01-22' })).toBeNull();
    expect(findSameStory([judgement], news)).toBeUndefined();
  });

  it('joins two outlets reporting the same intervention, but not two different interventions', () => {
    const first = newsEvent({ id: 'n1', kind: 'urgent_action', intervention: 'commissioner', occurredOn: '2016-05-13' });
    const second = newsEvent({ id: 'n2', kind: 'urgent_action', intervention: 'commissioner', occurredOn: '2016-05-16' });
    const notice = newsEvent({ id: 'n3', kind: 'urgent_action', intervention: 'improvement notice', occurredOn: '2016-05-16' });
    expect(sameStoryReason(first, second)).toBe('same intervention (commissioner)');
    expect(sameStoryReason(first, notice)).toBeNull();
    expect(sameStoryReason(first, { ...second, occurredOn: '2016-07-20' })).toBeNull();
  });

  it('joins a press report to the Ofsted publication it reports on up to six weeks after it, never later', () => {
    const stoke = { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' };
    const ofsted = detectEvent({
      record: record({ fileId: 's2', published: '2022-11-25', overall: 'inadequate', council: stoke }),
      history: [record({ fileId: 's1', published: '2015-08-12', framework: 'sif', overall: 'requires_improvement', council: stoke })],
      mode: 'live',
      now: '2022-11-25T12:00:00Z',
    })!;
    expect(sameStoryReason(ofsted, newsEvent({ id: 'a', occurredOn: '2022-11-26' }))).toBe('press report of the Ofsted publication');
    expect(sameStoryReason(ofsted, newsEvent({ id: 'b', occurredOn: '2023-01-06' }))).toBe('press report of the Ofsted publication');
    expect(sameStoryReason(ofsted, newsEvent({ id: 'c', occurredOn: '2023-01-09' }))).toBeNull();
    expect(sameStoryReason(newsEvent({ id: 'd', occurredOn: '2022-11-26' }), newsEvent({ id: 'e', occurredOn: '2022-11-28' }))).toBe('same news');
  });
});

describe('recordEvent with interventions, on dynalite', () => {
  const local = useLocalDynamo();

  it('writes a commissioner appointed after an inadequate judgement as a new event, and a second outlet into it', async () => {
    const news = { ...torbayNews('2016-05-13'), council: judgement.council };
    expect((await recordEvent(local(), judgement)).status).toBe('created');
    expect(await recordEvent(local(), news)).toEqual({ status: 'created', eventId: news.id });
    const other = { ...news, id: 'news-other-outlet', sources: [{ type: 'news' as const, url: 'https://herald.example/torbay', outlet: 'Herald Express', published: '2016-05-14' }], occurredOn: '2016-05-14' };
    expect(await recordEvent(local(), other)).toEqual({ status: 'merged', eventId: news.id });
    const stored = await listCouncilEvents(local(), judgement.council.urn);
    expect(stored.map((s) => s.event.id).sort()).toEqual([judgement.id, news.id].sort());
  });
});
