/**
 * The site built from real letters scanned as the schedule scans them: an area
 * SEND report colours the SEND measure and opens its priority actions; a focused
 * visit's priority actions close when the next full inspection comes.
 */
import { load } from 'cheerio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureLetterPublications } from '#devkit/replay/fixture-model.ts';
import { listInspections } from '#shared/crawl/store.ts';
import { buildSite } from '#shared/site/build.ts';
import { MEASURES } from '#shared/site/measures.ts';
import { readSiteData } from '#shared/site/source.ts';
import { publicationsOf, startScanHarness, type ScanHarness } from './helpers/scan-harness.ts';

const BURY = '80443';
const STOCKTON = '80563';
const letters = fixtureLetterPublications();
const letter = (urn: string, published: string) => letters.find((p) => p.urn === urn && p.published === published)!;

let harness: ScanHarness;
let index: ReturnType<typeof load>;
let site: ReturnType<typeof buildSite>;

beforeAll(async () => {
  harness = await startScanHarness([
    ...publicationsOf(BURY, STOCKTON),
    letter(BURY, '2024-05-07'), // area SEND: widespread and/or systemic failings, five areas for priority action
    letter(STOCKTON, '2022-10-26'), // focused visit: three areas for priority action, before the 2023 inspection
  ]);
  const scan = await harness.scan();
  expect(scan.anomalies).toBe(0);
  site = buildSite({ ...(await readSiteData(harness.db)), builtAt: '2026-11-02T10:00:00.000Z' });
  index = load(new TextDecoder().decode(site.get('index.html')!.body));
}, 120_000);

afterAll(() => harness?.close());

const valueOf = (ons: string, measure: string) =>
  index(`a.hex[data-ons-code="${ons}"]`).attr('data-values')!.split(' ')[MEASURES.findIndex((m) => m.id === measure)];

describe('the site from real letters', () => {
  it('colours Bury by its area SEND outcome and counts the SEND report\'s priority actions as open', async () => {
    const send = (await listInspections(harness.db, BURY)).find((record) => record.kind === 'send')!;
    expect(send.sendOutcome).toBe('systemic_failings');
    expect(valueOf('E08000002', 'sendOutcome')).toBe('systemic_failings');
    expect(Number(valueOf('E08000002', 'priorityActions'))).toBeGreaterThanOrEqual(send.priorityActions.length);
    expect(send.priorityActions.length).toBeGreaterThan(0);
    const page = load(new TextDecoder().decode(site.get('councils/E08000002.html')!.body));
    expect(page('ol.timeline').text()).toMatch(/Area SEND inspection[\s\S]*Outcome: Widespread or systemic failings/);
    expect(page('dl.standing').text()).toMatch(/Area SEND outcome\s*Widespread or systemic failings/);
  });

  it('closes Stockton-on-Tees\'s 2022 priority actions with its 2023 inspection, and keeps the letter in its timeline', () => {
    expect(valueOf('E06000004', 'priorityActions')).toBe('0');
    const page = load(new TextDecoder().decode(site.get('councils/E06000004.html')!.body));
    const visit = page('ol.timeline > li').filter((_, el) => page(el).find('time').attr('datetime') === '2022-10-26');
    expect(visit.text()).toMatch(/Focused visit/);
    expect(visit.text()).toMatch(/\d areas? for priority action/);
  });
});
