/**
 * Letters (focused visits, monitoring visits, JTAIs, area SEND) and ILACS layout
 * variations the fixture set lacks, rebuilt as PDFs with the test writer in the
 * layouts Ofsted uses, and read by the same extractReport as real reports.
 */
import { describe, expect, it } from 'vitest';
import { extractReport } from '#shared/reports/extract.ts';
import { ilacsPdf, letterPdf } from './reports/layouts.ts';

const PRIORITY = [
  'The identification and screening of risk and need.',
  'The quality of assessments and decision-making, so that children receive the help they need without delay.',
  'The quality and effectiveness of managerial oversight, timely case allocation, and supervision.',
];

describe('focused visit letters', () => {
  it('reads kind, council, dates, inspector, bulleted priority actions (wrapped) and the DfE notification', async () => {
    const pdf = letterPdf({
      title: 'Focused visit to Stockton-on-Tees children’s services',
      opening: [
        'This letter summarises the findings of the focused visit to Stockton-on-Tees children’s services',
        'on 20 and 21 September 2022. His Majesty’s Inspectors for this visit were Rebecca Quested and',
        'Kathryn Grindrod.',
        { gap: 8 } as never,
        'Inspectors looked at the local authority’s arrangements for the ‘front door’. This visit was carried',
        'out under the inspection of local authority children’s services (ILACS) framework.',
      ],
      body: [
        { heading: 'Areas for priority action' },
        { bullet: ['The identification and screening of risk and need.'] },
        { bullet: ['The quality of assessments and decision-making, so that children receive the help', 'they need without delay.'] },
        { bullet: ['The quality and effectiveness of managerial oversight, timely case allocation, and', 'supervision.'] },
        { gap: 6 },
        'Ofsted has notified the Department for Education (DfE) of these areas for priority action. The',
        'local authority should submit a written action plan to Ofsted within 70 working days.',
        { heading: 'Areas for improvement' },
        { bullet: ['The quality of children’s plans.'] },
      ],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({
      framework: 'ilacs',
      kind: 'focused_visit',
      councilName: 'Stockton-on-Tees',
      council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' },
      inspectionStart: '2022-09-20',
      inspectionEnd: '2022-09-21',
      leadInspector: 'Rebecca Quested',
      overall: null,
      judgements: {},
      priorityActions: PRIORITY,
      dfeNotified: true,
    });
  });

  it('finds no priority actions and no DfE notification in a letter without them', async () => {
    const pdf = letterPdf({
      title: 'Focused visit to Tameside children’s services',
      date: '2 August 2022',
      opening: [
        'This letter summarises the findings of the focused visit to Tameside children’s services on 14 and',
        '15 June 2022. His Majesty’s Inspectors for this visit were Andy Waugh and Lisa Walsh.',
      ],
      body: [{ heading: 'Areas for improvement' }, { bullet: ['The timeliness of assessments.'] }, 'Leaders from the Department for Education attended a meeting.'],
      signatory: ['Andy Waugh', 'His Majesty’s Inspector'],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({ kind: 'focused_visit', council: { urn: '80569' }, inspectionStart: '2022-06-14', inspectionEnd: '2022-06-15', leadInspector: 'Andy Waugh', priorityActions: [], dfeNotified: false });
  });

  it('follows numbered priority actions over a page break, skipping the page number', async () => {
    const pdf = letterPdf({
      title: 'Focused visit to Hackney children’s services',
      opening: ['This letter summarises the findings of the focused visit to Hackney children’s services on 5 and 6', 'February 2019. Her Majesty’s Inspectors for this visit were Brenda McInerney and Jane Smith.'],
      padding: 4,
      body: [
        { heading: 'Areas for priority action' },
        { numbered: '1.', lines: ['The response to children who are at risk of significant harm, so that protective', 'action is taken without delay.'] },
        { numbered: '2.', lines: ['Management oversight and supervision of social work practice, so that drift is'] },
        { pageBreak: true },
        { at: 100, text: 'identified and addressed.' },
        { numbered: '3.', lines: ['The quality of assessments and plans for children living with neglect.'] },
        { heading: 'Areas for improvement' },
        'The quality of written records.',
      ],
      signatory: ['Brenda McInerney', 'Her Majesty’s Inspector'],
    });
    const facts = await extractReport(pdf);
    expect(facts.pages).toBeGreaterThan(1);
    expect(facts.priorityActions).toEqual([
      'The response to children who are at risk of significant harm, so that protective action is taken without delay.',
      'Management oversight and supervision of social work practice, so that drift is identified and addressed.',
      'The quality of assessments and plans for children living with neglect.',
    ]);
    expect(facts).toMatchObject({ kind: 'focused_visit', council: { urn: '80496' }, inspectionStart: '2019-02-05', inspectionEnd: '2019-02-06', leadInspector: 'Brenda McInerney' });
  });
});

describe('monitoring visit letters', () => {
  it('reads a monitoring visit after an inadequate judgement', async () => {
    const pdf = letterPdf({
      title: 'Monitoring visit to Bournemouth, Christchurch and Poole children’s services',
      date: '12 July 2022',
      opening: [
        'This letter summarises the findings of the monitoring visit to Bournemouth, Christchurch and Poole',
        'children’s services on 7 and 8 June 2022. This was the first monitoring visit since the local authority',
        'was judged inadequate in December 2021. Her Majesty’s Inspectors for this visit were Anna Gravelle',
        'and Steve Lowe.',
      ],
      body: [{ heading: 'Areas covered by the visit' }, 'Inspectors reviewed the progress made in the local authority ‘front door’ service.'],
      signatory: ['Anna Gravelle', 'Her Majesty’s Inspector'],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({
      framework: 'ilacs',
      kind: 'monitoring_visit',
      council: { urn: '2532287' },
      inspectionStart: '2022-06-07',
      inspectionEnd: '2022-06-08',
      leadInspector: 'Anna Gravelle',
      overall: null,
      priorityActions: [],
      dfeNotified: false,
    });
  });

  it('counts a pre-2018 monitoring visit under the SIF', async () => {
    const pdf = letterPdf({
      title: 'Monitoring visit of Birmingham local authority children’s services',
      date: '3 March 2016',
      opening: ['This letter summarises the findings of the monitoring visit to Birmingham local authority children’s', 'services on 2 and 3 February 2016.'],
      body: [],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({ framework: 'sif', kind: 'monitoring_visit', council: { urn: '80429' }, inspectionStart: '2016-02-02', inspectionEnd: '2016-02-03' });
  });
});

describe('joint targeted area inspections and area SEND inspections', () => {
  it('reads a JTAI letter with paragraph priority actions', async () => {
    const pdf = letterPdf({
      title: ['Joint targeted area inspection of the multi-agency response to children and', 'families who need help in Harrow'],
      date: '10 July 2023',
      opening: [
        'Between 15 and 19 May 2023, Ofsted, the Care Quality Commission (CQC) and His Majesty’s',
        'Inspectorate of Constabulary and Fire & Rescue Services (HMICFRS) carried out a joint inspection of',
        'the multi-agency response to children and families who need help in Harrow.',
      ],
      body: [
        { heading: 'Areas for priority action' },
        'Leaders across the partnership should ensure that the early help offer is understood by',
        'professionals and families, so that children get help at the right time.',
        { gap: 10 },
        'The local authority should work with the police so that information about domestic abuse',
        'incidents is shared without delay.',
        { heading: 'What needs to improve?' },
        'The quality of multi-agency plans.',
      ],
      signatory: ['Yvette Stanley', 'National Director, Regulation and Social Care, Ofsted'],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({
      framework: 'other',
      kind: 'jtai',
      council: { urn: '80499' },
      inspectionStart: '2023-05-15',
      inspectionEnd: '2023-05-19',
      leadInspector: null,
      overall: null,
      priorityActions: [
        'Leaders across the partnership should ensure that the early help offer is understood by professionals and families, so that children get help at the right time.',
        'The local authority should work with the police so that information about domestic abuse incidents is shared without delay.',
      ],
    });
  });

  it('takes the area from the last "in" of a JTAI title that wraps, and reads older title forms', async () => {
    const wrapped = letterPdf({
      title: ['Joint targeted area inspection of the multi-agency response to children living in', 'households with domestic abuse in Stockton-on-Tees'],
      opening: ['Between 4 and 8 June 2018, Ofsted and its partner inspectorates carried out a joint inspection.'],
      body: [],
    });
    expect(await extractReport(wrapped)).toMatchObject({ kind: 'jtai', council: { urn: '80563' }, inspectionStart: '2018-06-04', inspectionEnd: '2018-06-08' });
    const older = letterPdf({ title: 'Joint local area SEND inspection in Kent', opening: ['Between 22 and 26 January 2019, Ofsted and the Care Quality Commission inspected the local area.'], body: [] });
    expect(await extractReport(older)).toMatchObject({ kind: 'send', subtype: 'joint local area send inspection', council: { urn: '80476' } });
  });

  it('skips a sentence that introduces the bulleted priority actions', async () => {
    const pdf = letterPdf({
      title: 'Focused visit to Medway children’s services',
      opening: ['This letter summarises the findings of the focused visit to Medway children’s services on 3 and 4', 'October 2023.'],
      body: [
        { heading: 'Areas for priority action' },
        'Leaders should take urgent action to improve:',
        { bullet: ['the timeliness of strategy meetings for children at risk of harm'] },
        { bullet: ['the oversight of children who are privately fostered.'] },
        { heading: 'Areas for improvement' },
        'The quality of supervision.',
      ],
    });
    expect((await extractReport(pdf)).priorityActions).toEqual(['the timeliness of strategy meetings for children at risk of harm', 'the oversight of children who are privately fostered.']);
  });

  it('reads an area SEND inspection with its outcome and priority actions', async () => {
    const pdf = letterPdf({
      title: 'Area SEND inspection of Stockton-on-Tees Local Area Partnership',
      date: '20 February 2024',
      opening: [
        'Inspection dates: 15 to 19 January 2024',
        'There are widespread and/or systemic failings leading to significant concerns about the experiences',
        'and outcomes of children and young people with special educational needs and/or disabilities (SEND).',
      ],
      body: [{ heading: 'Areas for priority action' }, { bullet: ['Leaders should improve the timeliness of education, health and care plans.'] }, { heading: 'Areas for improvement' }, 'Leaders should improve transition planning.'],
    });
    const facts = await extractReport(pdf);
    expect(facts).toMatchObject({
      framework: 'send',
      kind: 'send',
      subtype: 'area send inspection',
      sendOutcome: 'systemic_failings',
      council: { urn: '80563' },
      inspectionStart: '2024-01-15',
      inspectionEnd: '2024-01-19',
      overall: null,
      priorityActions: ['Leaders should improve the timeliness of education, health and care plans.'],
    });
  });
});

describe('ILACS front-page variations', () => {
  const rows = (overall: Parameters<typeof ilacsPdf>[0]['rows'][number]) => [
    { label: ['The impact of leaders on social work', 'practice with children and families'], grade: ['Good'] },
    { label: ['The experiences and progress of', 'children who need help and protection'], grade: ['Requires improvement', 'to be good'], place: 'centre' as const },
    { label: ['The experiences and progress of', 'children in care'], grade: ['Inadequate'], place: 'above' as const },
    { label: ['The experiences and progress of care', 'leavers'], grade: ['Outstanding'] },
    overall,
  ];
  const base = { title: ['Inspection of Stockton-on-Tees local', 'authority children’s services'], dates: '6 to 17 March 2023', lead: ['Joanna Warburton, His Majesty’s Inspector'] };
  const want = { impactOfLeaders: 'good', helpAndProtection: 'requires_improvement', inCare: 'inadequate', careLeavers: 'outstanding' };

  it('pairs wrapped, centred and above-the-label grades with their rows, and an overall split above and below', async () => {
    const facts = await extractReport(ilacsPdf({ ...base, rows: rows({ label: ['Overall effectiveness'], grade: ['Requires improvement', 'to be good'], place: 'split' }) }));
    expect(facts).toMatchObject({ framework: 'ilacs', kind: 'inspection', council: { urn: '80563' }, overall: 'requires_improvement', judgements: want, leadInspector: 'Joanna Warburton' });
  });

  it('reads an overall grade printed on a line of its own below its label, under a "Judgements / Grades" header', async () => {
    const facts = await extractReport(ilacsPdf({ ...base, gradeHeader: 'Grades', rows: rows({ label: ['Overall effectiveness'], grade: ['', 'Inadequate'] }) }));
    expect(facts.overall).toBe('inadequate');
    expect(facts.judgements).toEqual(want);
  });

  it('finds the grade column when the "Grade" header is centred to the right of left-aligned grades', async () => {
    const facts = await extractReport(ilacsPdf({ ...base, gradeHeaderX: 380, rows: rows({ label: ['Overall effectiveness'], grade: ['Requires improvement to be good'] }) }));
    expect(facts.overall).toBe('requires_improvement');
    expect(facts.judgements).toEqual(want);
  });

  it('follows the table on to page 2', async () => {
    const facts = await extractReport(ilacsPdf({ ...base, rowsOnPage2: 2, rows: rows({ label: ['Overall effectiveness'], grade: ['Good'] }) }));
    expect(facts.overall).toBe('good');
    expect(facts.judgements).toEqual(want);
  });
});
