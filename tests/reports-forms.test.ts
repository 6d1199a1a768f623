/**
 * Forms of full inspection report the fixtures show once or not at all, rebuilt
 * with the test PDF writer and read by the same class-level rules: grade cells
 * in capitals or with a footnote mark glued on, a 2026 table whose grades print
 * above or split around their labels, and pre-2013 inspections of safeguarding
 * and looked after children services, which carry two overall effectiveness
 * grades (safeguarding, then looked after children) many pages apart.
 */
import { describe, expect, it } from 'vitest';
import { extractReport } from '#shared/reports/extract.ts';
import { ilacsPdf, type IlacsRow } from './reports/layouts.ts';
import { legacyReportPdf, type LegacySection } from './reports/legacy-layout.ts';

const row = (label: string[], grade: string[], place?: IlacsRow['place']): IlacsRow => ({ label, grade, place });
const LEADERS = ['The impact of leaders on social work', 'practice with children and families'];
const HELP = ['The experiences and progress of', 'children who need help and protection'];
const IN_CARE = ['The experiences and progress of', 'children in care'];
const LEAVERS = ['The experiences and progress of care', 'leavers'];

describe('judgement tables: grade cells as printed', () => {
  it('reads a 2026 table (four rows, no overall) with grades in capitals, footnote marks, and cells above or split around their labels (Trafford-like)', async () => {
    const pdf = ilacsPdf({
      title: ['Inspection of Trafford local authority', 'children’s services'],
      dates: '15 to 26 June 2026',
      lead: ['Jane Doe, His Majesty’s Inspector'],
      rows: [
        row(LEADERS, ['INADEQUATE']),
        row(HELP, ['Inadequate2'], 'above'),
        row(IN_CARE, ['Requires improvement', 'to be good'], 'split'),
        row(LEAVERS, ['Requires improvement to be', 'good1'], 'centre'),
      ],
      after: [
        'Since the last inspection in 2023, when overall effectiveness was judged to be requires',
        'improvement to be good, the help and protection children receive has deteriorated.',
      ],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({
      framework: 'ilacs',
      kind: 'inspection',
      overall: null,
      gradedBy: 'judgements',
      council: { name: 'Trafford' },
      judgements: { impactOfLeaders: 'inadequate', helpAndProtection: 'inadequate', inCare: 'requires_improvement', careLeavers: 'requires_improvement' },
    });
  });

  it('reads an overall effectiveness row whose grade carries a footnote mark', async () => {
    const pdf = ilacsPdf({
      title: ['Inspection of Trafford local authority', 'children’s services'],
      dates: '13 to 24 March 2023',
      lead: ['Jane Doe, His Majesty’s Inspector'],
      rows: [
        row(LEADERS, ['Good']),
        row(HELP, ['Good']),
        row(IN_CARE, ['Good']),
        row(LEAVERS, ['Outstanding']),
        row(['Overall effectiveness'], ['Good1']),
      ],
    });
    expect(await extractReport(pdf)).toMatchObject({ overall: 'good', gradedBy: 'overall', judgements: { careLeavers: 'outstanding' } });
  });
});

describe('pre-2013 inspections of safeguarding and looked after children services', () => {
  const section = (heading: string, grade: string, paragraphs?: string[]): LegacySection => ({ heading, grade, paragraphs });
  const report = (lookedAfter: string, prose?: string[]) =>
    legacyReportPdf({
      title: ['Inspection of safeguarding and looked', 'after children services'],
      council: 'Medway Council',
      dates: '12 – 23 March 2012',
      pages: [
        [section('Overall effectiveness', 'Grade 3 (Adequate)'), section('Capacity for improvement', 'Grade 2 (Good)', prose)],
        ...Array.from({ length: 12 }, () => []),
        [section('Overall effectiveness', lookedAfter), section('Capacity for improvement', 'Grade 3 (Adequate)')],
      ],
    });

  it('reads both overall effectiveness grades, the looked after children one fourteen pages on', async () => {
    const facts = await extractReport(report('Grade 4 (Inadequate)'));
    expect(facts).toMatchObject({
      framework: 'other',
      kind: 'inspection',
      subtype: 'safeguarding and looked after children services inspection',
      council: { name: 'Medway' },
      overall: 'adequate',
      judgements: { capacityToImprove: 'good', lookedAfter: 'inadequate' },
      gradedBy: null,
    });
  });

  it('takes no grade from prose that opens a line with "overall effectiveness" recalling an earlier inspection', async () => {
    const prose = [
      '14. The inspection of safeguarding and looked after children arrangements in August 2009 judged',
      'overall effectiveness for looked after children as inadequate',
      'and progress has been made in meeting its recommendations since then.',
    ];
    const facts = await extractReport(report('Grade 2 (Good)', prose));
    expect(facts).toMatchObject({ overall: 'adequate', judgements: { capacityToImprove: 'good', lookedAfter: 'good' } });
  });

  it('reads a 2013 inspection of looked after children services alone: one overall grade', async () => {
    const pdf = legacyReportPdf({
      title: ['Inspection of looked after children', 'services'],
      council: 'Kent County Council',
      dates: '15 – 19 July 2013',
      pages: [[section('Overall effectiveness of services for looked after children and young people', 'Grade 4 (Inadequate)'), section('Capacity to improve', 'Grade 3 (Adequate)')]],
    });
    expect(await extractReport(pdf)).toMatchObject({
      subtype: 'looked after children services inspection',
      overall: 'inadequate',
      judgements: { capacityToImprove: 'adequate' },
    });
  });
});
