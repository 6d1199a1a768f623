/**
 * The scheduled scan over provider pages drawn as the site draws them today
 * (li.timeline__day, span.event__title around a.publication-link,
 * div.event__metadata > time[pubdate]), with real letters: a focused visit, a
 * JTAI and an area SEND report.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { listCouncilEvents } from '#shared/events/store.ts';
import { listInspections } from '#shared/crawl/store.ts';
import { fixtureLetterPublications } from '#devkit/replay/fixture-model.ts';
import { parseProviderPage } from '#shared/ofsted-site/provider-page.ts';
import { manualClock, startScanHarness, type ScanHarness } from './helpers/scan-harness.ts';

const SOUTHEND = '80559';
const STOCKTON = '80563';
const BURY = '80443';
const letters = fixtureLetterPublications();
const letter = (urn: string, published: string) => letters.find((p) => p.urn === urn && p.published === published)!;

let harness: ScanHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('Ofsted scan of letters on the timeline the site serves today', () => {
  it('records a JTAI, a focused visit and an area SEND report, and alerts on the priority actions', async () => {
    const clock = manualClock('2022-01-01');
    const jtai = letter(SOUTHEND, '2018-05-09');
    harness = await startScanHarness([jtai, letter(STOCKTON, '2018-01-15'), letter(BURY, '2019-08-23')], { now: clock.now });
    const baseline = await harness.scan();
    expect(baseline).toMatchObject({ mode: 'baseline', recordsWritten: 3, anomalies: 0 });

    // The provider page is drawn in the site's current markup.
    const html = await (await fetch(`${harness.site.origin}/provider/44/${SOUTHEND}`)).text();
    expect(html).toMatch(/<li class="timeline__day">\s*<p class="timeline__date"><time/);
    expect(html).toMatch(/<span class="event__title heading--sub"><a class="publication-link"[^>]*>Joint area child protection inspection <span class="nonvisual">Joint area child protection inspection, pdf - 09 May 2018<\/span><\/a>\s*<div class="event__metadata">Published <time pubdate>/);

    clock.set('2023-07-01');
    const focused = letter(SOUTHEND, '2022-05-09');
    const send = letter(SOUTHEND, '2023-06-09');
    const stocktonVisit = letter(STOCKTON, '2022-10-26');
    const burySend = letter(BURY, '2024-05-07');
    for (const publication of [focused, send, stocktonVisit, burySend]) harness.site.publish(publication);
    const page = parseProviderPage(await (await fetch(`${harness.site.origin}/provider/44/${SOUTHEND}`)).text(), `${harness.site.origin}/provider/44/${SOUTHEND}`);
    expect(page.ok && page.layout).toBe('timeline');
    expect(page.ok && page.publications.map((p) => [p.type, p.published, p.eventDate])).toEqual([
      ['Area SEND full inspection', '2023-06-09', '2023-03-06'],
      ["Children's services focused visit", '2022-05-09', '2022-03-22'],
      ['Joint area child protection inspection', '2018-05-09', '2018-03-19'],
    ]);

    const live = await harness.scan();
    expect(live).toMatchObject({ mode: 'live', recordsWritten: 4, anomalies: 0, failures: 0 });

    const southend = await listInspections(harness.db, SOUTHEND);
    expect(southend.map((r) => [r.kind, r.framework, r.publicationType, r.inspectionStart])).toEqual(
      expect.arrayContaining([
        ['jtai', 'other', 'Joint area child protection inspection', '2018-03-19'],
        ['focused_visit', 'ilacs', "Children's services focused visit", '2022-03-22'],
        ['send', 'send', 'Area SEND full inspection', '2023-03-06'],
      ]),
    );
    expect(southend.find((r) => r.kind === 'send')).toMatchObject({ sendOutcome: 'inconsistent', leadInspector: 'Katherine Douglas', cqcLeadInspector: 'Liz Fox', priorityActions: [] });

    expect(await listCouncilEvents(harness.db, SOUTHEND)).toEqual([]); // no priority actions, no SEND inspection before
    const [urgent, ...rest] = await listCouncilEvents(harness.db, STOCKTON);
    expect(rest).toEqual([]);
    expect(urgent?.event).toMatchObject({ kind: 'urgent_action', council: { urn: STOCKTON } });
    expect(urgent?.event.priorityActions).toEqual([
      'The identification and screening of risk and need.',
      'The quality of assessments and decision-making.',
      'The quality and effectiveness of managerial oversight, timely case allocation, and supervision.',
    ]);

    // Bury's area SEND report: systemic failings and six areas for priority action, each with its owners.
    const [bury, ...more] = await listCouncilEvents(harness.db, BURY);
    expect(more).toEqual([]);
    expect(bury?.event).toMatchObject({ kind: 'urgent_action', inspection: { framework: 'send', kind: 'send', sendOutcome: 'systemic_failings', publicationType: 'Area SEND full inspection' } });
    expect(bury?.event.priorityActions).toHaveLength(6);
    expect(bury?.event.priorityActionOwners).toEqual(Array(6).fill(['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB']));
  });
});
