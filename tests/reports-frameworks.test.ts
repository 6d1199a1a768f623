/**
 * Where a report's grade comes from, across frameworks: the 2026 framework's four
 * judgements and no overall grade; the 2014 SIF headline sentence; and never
 * prose that recalls an earlier inspection's grade.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradedByOf, gradeMissing } from '#shared/domain/inspection.ts';
import { extractReport } from '#shared/reports/extract.ts';
import { readIlacs } from '#shared/reports/ilacs.ts';
import { pageLines } from '#shared/reports/layout.ts';
import { openPdf } from '#shared/reports/pdf.ts';
import type { ReportDocument } from '#shared/reports/document.ts';
import { ilacsPdf } from './reports/layouts.ts';
import { sifFrontPagePdf, type SifFrontPage } from './reports/sif-layout.ts';

const REPORTS = new URL('./fixtures/ofsted-reports/', import.meta.url);
const real = (file: string) => new Uint8Array(readFileSync(new URL(file, REPORTS)));

/** The first two pages of a real report as lines, less the lines `drop` matches. */
async function realPages(file: string, drop?: RegExp): Promise<ReportDocument> {
  const source = await openPdf(real(file));
  try {
    const pages = [pageLines(await source.page(1)), pageLines(await source.page(2))];
    return { pages: pages.map((lines) => lines.filter((line) => !drop?.test(line.text))), numPages: source.numPages };
  } finally {
    await source.close();
  }
}

describe('the 2026 framework: four judgements, no overall grade', () => {
  it.each([
    ['80555_somerset/2026-06-17_ilacs.pdf', { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCare: 'requires_improvement', careLeavers: 'good' }],
    ['80489_brent/2026-06-17_ilacs.pdf', { impactOfLeaders: 'good', helpAndProtection: 'good', inCare: 'good', careLeavers: 'good' }],
    ['80431_blackpool/2026-07-28_ilacs.pdf', { impactOfLeaders: 'outstanding', helpAndProtection: 'good', inCare: 'outstanding', careLeavers: 'outstanding' }],
  ])('%s has no overall grade, is graded by judgements, and ignores "when services were judged to be good"', async (file, judgements) => {
    const facts = await extractReport(real(file));
    expect(facts).toMatchObject({ framework: 'ilacs', kind: 'inspection', overall: null, gradedBy: 'judgements', judgements });
  });

  it('keeps the overall grade of a report inspected just before the change (Norfolk, February 2026)', async () => {
    const facts = await extractReport(real('80418_norfolk/2026-05-18_ilacs.pdf'));
    expect(facts).toMatchObject({ overall: 'outstanding', gradedBy: 'overall' });
  });

  const rows = [
    { label: ['The impact of leaders on social work', 'practice with children and families'], grade: ['Good'] },
    { label: ['The experiences and progress of', 'children who need help and protection'], grade: ['Requires improvement', 'to be good'] },
    { label: ['The experiences and progress of', 'children in care'], grade: ['Good'] },
    { label: ['The experiences and progress of care', 'leavers'], grade: ['Requires improvement to be good'], place: 'centre' as const },
  ];
  const liverpool = {
    title: ['Inspection of Liverpool local authority', 'children’s services'],
    dates: '11 to 22 May 2026',
    lead: ['Jane Doe, His Majesty’s Inspector'],
    rows,
    after: [
      'Services for children in Liverpool have improved considerably since the inspection in 2023, when',
      'overall effectiveness was judged to be inadequate. Leaders have transformed the help that',
      'children receive.',
    ],
  };

  it('never takes an earlier inspection’s grade from prose ("when overall effectiveness was judged to be inadequate")', async () => {
    const facts = await extractReport(ilacsPdf(liverpool));
    expect(facts).toMatchObject({
      overall: null,
      gradedBy: 'judgements',
      council: { urn: '80485' },
      judgements: { impactOfLeaders: 'good', helpAndProtection: 'requires_improvement', inCare: 'good', careLeavers: 'requires_improvement' },
    });
  });

  it('still reads a present-tense overall sentence when a report prints no table at all', async () => {
    const sentence = ilacsPdf({ ...liverpool, rows: [], after: ['The overall effectiveness of children’s services in Liverpool is good.', ...liverpool.after] });
    expect((await extractReport(sentence)).overall).toBe('good');
    const midLine = ilacsPdf({ ...liverpool, rows: [], after: ['Children are safe. The overall effectiveness of children’s services in Liverpool is', 'requires improvement to be good.', ...liverpool.after] });
    expect((await extractReport(midLine)).overall).toBe('requires_improvement');
    const history = ilacsPdf({ ...liverpool, rows: [] });
    expect((await extractReport(history)).overall).toBeNull();
  });
});

describe('real reports that recall an earlier grade in prose', () => {
  it.each([
    // "Since the last Ofsted inspection in November 2018, when Blackpool local authority children's services was judged to be inadequate overall, …"
    ['80431_blackpool/2023-02-01_ilacs.pdf', 'requires_improvement'],
    // "Since a judgement of inadequate for overall effectiveness at the last inspection in 2019, St Helens children's services have been on an improvement journey."
    ['80560_st-helens/2023-09-04_ilacs.pdf', 'good'],
  ])('%s takes its grade from its table, and with that row gone gives none rather than the earlier inadequate', async (file, grade) => {
    expect((await extractReport(real(file))).overall).toBe(grade);
    const withoutRow = readIlacs(await realPages(file, /^overall effectiveness\b/i));
    expect(withoutRow.overall).toBeNull();
    // Inspected before 2026, it should have had an overall grade: not compared by its judgements, an anomaly instead.
    expect(gradedByOf(withoutRow)).toBeNull();
    expect(gradeMissing(withoutRow)).toBe(true);
  });
});

describe('SIF headline sentences of the first reports (2013-2014)', () => {
  const grades = { helpAndProtection: 'Inadequate', lookedAfter: 'Requires improvement', adoption: 'Good', careLeavers: 'Requires improvement', leadership: 'Inadequate' };
  const headline = (...runs: [string, number?, number?][]): SifFrontPage['headline'] =>
    runs.map(([text, x = 71, size = 14]) => ({ text, x, y: size < 10 ? 557 : 551, size }));

  it.each<[string, SifFrontPage, string]>([
    ['"The overall judgement is Inadequate", the paragraph under it in the same type', { council: 'Birmingham City Council', headline: headline(['The overall judgement is Inadequate']), paragraphSize: 14, grades }, 'inadequate'],
    ['"The overall judgement is good"', { council: 'Blackpool Council', headline: headline(['The overall judgement is good']), grades }, 'good'],
    [
      '"… is that children’s services require improvement." with a footnote mark of its own',
      { council: 'Manchester City Council', headline: headline(['The overall judgement is that children’s services require improvement.'], ['2', 470, 8]), grades },
      'requires_improvement',
    ],
    [
      'the same with the footnote digit in the same run, and the next sentence in the same type',
      { council: 'Staffordshire County Council', headline: headline(['The overall judgement is that children’s services require improvement.2 There are']), paragraphSize: 14, grades },
      'requires_improvement',
    ],
  ])('%s', async (_name, spec, overall) => {
    const facts = await extractReport(sifFrontPagePdf(spec));
    expect(facts).toMatchObject({ framework: 'sif', kind: 'inspection', overall, gradedBy: 'overall' });
    expect(facts.judgements).toMatchObject({ helpAndProtection: 'inadequate', leadership: 'inadequate', adoption: 'good' });
  });
});
