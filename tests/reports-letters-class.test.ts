/**
 * Letters in the forms the class takes but the real fixtures show once or not at
 * all, rebuilt as PDFs in Ofsted's layout: every wording of "there are no areas
 * for priority action", "areas for priority action" wrapped into running text,
 * a look back at earlier areas for priority action, lists under sub-headings,
 * numbered and lettered lists across a page break, carried-over wording, SEND
 * outcome sentences and SEND tables whose owner cell spans rows or names two
 * bodies on lines of their own. A false urgent action is the worst failure here.
 */
import { describe, expect, it } from 'vitest';
import { resolveCouncil } from '#shared/reports/council.ts';
import { dateRange } from '#shared/reports/dates.ts';
import { extractReport } from '#shared/reports/extract.ts';
import { responsibleBodies } from '#shared/reports/send.ts';
import { cleanText } from '#shared/reports/text.ts';
import { letterPdf } from './reports/layouts.ts';
import { buildPdf, type Page } from './reports/pdf-writer.ts';
import type { Flow } from './reports/pdf-writer.ts';

const opening = (council: string, dates = '3 and 4 October 2023') => [
  `This letter summarises the findings of the focused visit to ${council} children’s services`,
  `on ${dates}. His Majesty’s Inspectors for this visit were Jo Smith and Sam Patel.`,
];
const improve: Flow[] = [{ heading: 'What needs to improve in this area of social work practice' }, { bullet: ['The quality of written plans for children.'] }];
const findings: Flow[] = [
  { heading: 'Main findings' },
  'Children are seen promptly and social workers know them well. Leaders have strengthened the',
  'front door and partners understand thresholds.',
  { gap: 8 },
  'Managers give clear direction and supervision is regular, although the recording of',
  'supervision is variable.',
];

async function actionsOf(body: Flow[], council = 'Warrington') {
  const facts = await extractReport(letterPdf({ title: `Focused visit to ${council} children’s services`, opening: opening(council), body }));
  return { actions: facts.priorityActions, carriedOver: facts.priorityActionsCarriedOver };
}

describe('a letter that says it has no areas for priority action gives none', () => {
  it.each([
    ['None.'],
    ['None identified.'],
    ['Inspectors identified no areas for priority action during this visit.'],
    ['Inspectors did not identify areas for priority action at this visit.'],
    ['Areas for priority action were not identified at this visit.'],
    ['There were no areas identified for priority action.'],
    ['No priority actions were identified during this focused visit.'],
  ])('"%s" under the heading', async (answer) => {
    expect(await actionsOf([{ heading: 'Areas for priority action' }, answer, ...improve, ...findings])).toEqual({ actions: [], carriedOver: false });
  });
});

describe('no list where the words are not a heading', () => {
  it('ignores "areas for priority action" wrapped on to a line of its own in running text', async () => {
    const got = await actionsOf([
      { heading: 'Headline findings' },
      'Since the last focused visit, leaders have made good progress in addressing the',
      'areas for priority action',
      'identified in 2019. Children now have an allocated social worker and visits are timely.',
      { gap: 8 },
      'Senior leaders have invested in the workforce and caseloads are now manageable.',
      ...improve,
    ]);
    expect(got.actions).toEqual([]);
  });

  it('ignores a list that recalls the earlier areas for priority action under review', async () => {
    const got = await actionsOf([
      'This visit considered the progress made by leaders against the areas for priority action:',
      { bullet: ['delays in case allocation and assessment'] },
      { bullet: ['management oversight and supervision.'] },
      ...findings,
      ...improve,
    ]);
    expect(got.actions).toEqual([]);
  });

  it('gives a genuine new list after one that looked back', async () => {
    const got = await actionsOf([
      'Inspectors reviewed progress against the areas for priority action:',
      { bullet: ['the timeliness of assessments.'] },
      { heading: 'Areas for priority action' },
      { bullet: ['The response to children at risk of exploitation.'] },
      ...improve,
    ]);
    expect(got.actions).toEqual(['The response to children at risk of exploitation.']);
  });
});

describe('lists in every form', () => {
  it('reads paragraph items under sub-headings (an older JTAI layout), and stops at the next section', async () => {
    const got = await actionsOf([
      { heading: 'Areas for priority action' },
      { at: 72, text: 'Leadership', size: 11, bold: true },
      { gap: 8 },
      'Leaders do not have oversight of the response to children who go missing from home.',
      { gap: 8 },
      { at: 72, text: 'Health', size: 11, bold: true },
      { gap: 8 },
      'Health visitors do not share information about risk with the multi-agency safeguarding hub.',
      { heading: 'Areas for improvement' },
      'Strategy discussions should involve all relevant agencies.',
      ...findings,
    ]);
    expect(got.actions).toEqual([
      'Leaders do not have oversight of the response to children who go missing from home.',
      'Health visitors do not share information about risk with the multi-agency safeguarding hub.',
    ]);
  });

  it('passes over an introduction that ends in a full stop before paragraph items', async () => {
    const got = await actionsOf([
      { heading: 'Areas for priority action' },
      'The local authority needs to take swift and decisive action to address the following areas of',
      'weakness.',
      { gap: 8 },
      'The timeliness of initial child protection conferences.',
      { gap: 8 },
      'Management oversight of children subject to pre-proceedings.',
      ...improve,
    ]);
    expect(got.actions).toEqual(['The timeliness of initial child protection conferences.', 'Management oversight of children subject to pre-proceedings.']);
  });

  it.each([
    [[{ heading: 'Areas that require priority action' }]],
    [['Inspectors found that the following areas require priority action:']],
    [[{ heading: 'Priority actions' }, 'Leaders need to take swift action on the following issues that need priority action:']],
  ] as Flow[][][])('reads the items under other wordings of the heading: %j', async (heading) => {
    const got = await actionsOf([...heading, { bullet: ['The timeliness of strategy discussions.'] }, { bullet: ['Management oversight of casework.'] }, ...improve]);
    expect(got.actions).toEqual(['The timeliness of strategy discussions.', 'Management oversight of casework.']);
  });

  it.each(['-', '–', '·'])('reads a list bulleted with "%s"', async (glyph) => {
    const got = await actionsOf([
      { heading: 'Areas for priority action' },
      { bullet: ['The timeliness of strategy discussions for children at risk of', 'significant harm.'], glyph },
      { bullet: ['Management oversight of casework.'], glyph },
      ...improve,
    ]);
    expect(got.actions).toEqual(['The timeliness of strategy discussions for children at risk of significant harm.', 'Management oversight of casework.']);
  });

  it('reads bullets after three introductory paragraphs (a JTAI addressing each agency)', async () => {
    const got = await actionsOf([
      { heading: 'Areas for priority action' },
      'Urgent action is required by the NHS trust to assure itself of the quality of its safeguarding',
      'practice.',
      { gap: 8 },
      'Too many children remain in situations of risk and harm, and leaders do not know this.',
      { gap: 8 },
      'Priority action should be taken to address the following areas:',
      { bullet: ['The oversight of professional curiosity across practice.'] },
      { bullet: ['The quality of supervision by health staff.'] },
      ...improve,
    ]);
    expect(got.actions).toEqual(['The oversight of professional curiosity across practice.', 'The quality of supervision by health staff.']);
  });

  it('ends paragraph items at the next steps: the DfE told, Ofsted to return', async () => {
    const got = await actionsOf([
      { heading: 'Areas for priority action' },
      'The timeliness of initial child protection conferences.',
      { gap: 8 },
      'The Department for Education has been notified of this area for priority action, and the local',
      'authority will receive separate correspondence.',
      { gap: 8 },
      'Ofsted will return to evaluate progress within six months.',
    ]);
    expect(got.actions).toEqual(['The timeliness of initial child protection conferences.']);
  });

  it('reads a lettered list, and a numbered list whose item runs over a page break', async () => {
    const lettered = await actionsOf([
      { heading: 'Areas for priority action' },
      'The local authority needs to take swift and decisive action to address the following:',
      { numbered: '(a)', lines: ['the allocation of children to a social worker without delay'] },
      { numbered: '(b)', lines: ['the quality of management oversight.'] },
      ...improve,
    ]);
    expect(lettered.actions).toEqual(['the allocation of children to a social worker without delay', 'the quality of management oversight.']);
    const filler = Array.from({ length: 40 }, () => 'Inspectors met social workers and leaders and reviewed the records of children.');
    const numbered = await actionsOf([
      ...filler,
      { heading: 'Areas for priority action' },
      ...Array.from({ length: 3 }, () => 'Inspectors looked at the experiences of children in care and care leavers in the area.'),
      { gap: 8 },
      { numbered: '1.', lines: ['The sufficiency of suitable placements, so that children do not live in'] },
      { pageBreak: true },
      { at: 100, text: 'unregistered accommodation.' },
      { numbered: '2.', lines: ['Management oversight of children’s plans.'] },
      ...improve,
    ]);
    expect(numbered.actions).toEqual(['The sufficiency of suitable placements, so that children do not live in unregistered accommodation.', 'Management oversight of children’s plans.']);
  });

  it('reads lists under headings that name who must act, and bullets read as "§" without their font', async () => {
    const got = await actionsOf([
      { heading: 'Areas for priority action for the local safeguarding partnership' },
      { bullet: ['Leaders should make sure that strategy discussions include the police.'], glyph: '§' },
      { heading: 'Areas for priority action for Devon and Cornwall Police' },
      { bullet: ['The police should record the voice of children at every incident.'], glyph: '§' },
      ...improve,
    ]);
    expect(got.actions).toEqual(['Leaders should make sure that strategy discussions include the police.', 'The police should record the voice of children at every incident.']);
  });

  it('reads on past items whose lines start like a section heading ("Findings from…", "Evaluation of…")', async () => {
    const paragraphsList = await actionsOf([
      { heading: 'Areas for priority action' },
      'The quality of assessments, so that risks to children are understood.',
      { gap: 8 },
      'Findings from audits, which are not used to improve the quality of',
      'practice for children.',
      ...improve,
    ]);
    expect(paragraphsList.actions).toEqual(['The quality of assessments, so that risks to children are understood.', 'Findings from audits, which are not used to improve the quality of practice for children.']);
    const bullets = await actionsOf([
      { heading: 'Areas for priority action' },
      { bullet: ['Management oversight of children at risk of harm is weak.', 'Evaluation of risk by managers does not lead to timely action.'] },
      { bullet: ['The sufficiency of the workforce.'] },
      ...improve,
    ]);
    expect(bullets.actions).toEqual(['Management oversight of children at risk of harm is weak. Evaluation of risk by managers does not lead to timely action.', 'The sufficiency of the workforce.']);
  });

  it('keeps an item whole when it runs over a page break with no hanging indent', async () => {
    const got = await actionsOf([
      ...Array.from({ length: 44 }, () => 'Inspectors met social workers and leaders and reviewed the records of children.'),
      { heading: 'Areas for priority action' },
      { at: 72, text: '• The timeliness of visits to children subject to child protection enquiries and' },
      { pageBreak: true },
      { at: 72, text: 'the quality of the plans that follow them.' },
      { at: 72, text: '• Management oversight of the front door.' },
      ...improve,
    ]);
    expect(got.actions).toEqual(['The timeliness of visits to children subject to child protection enquiries and the quality of the plans that follow them.', 'Management oversight of the front door.']);
  });
});

describe('a monitoring visit that reviews earlier areas for priority action', () => {
  it('names none of them as its own', async () => {
    const facts = await extractReport(
      letterPdf({
        title: 'Monitoring visit to Sandwell children’s services',
        date: '9 March 2017',
        opening: [
          'This letter summarises the findings of the monitoring visit to Sandwell children’s services on 21 and',
          '22 February 2017. The visit was the second monitoring visit since the local authority was judged',
          'inadequate. The inspectors were Sam Patel and Jo Smith, Her Majesty’s Inspectors.',
        ],
        body: [
          { heading: 'Areas covered by the visit' },
          'During the visit, inspectors reviewed the progress made in the following areas for priority action:',
          { bullet: ['the timeliness of assessments for children in need of help and protection'] },
          { bullet: ['management oversight of child protection enquiries.'] },
          { heading: 'Overview' },
          'Leaders have made steady progress. Assessments are now timely for most children.',
        ],
        signatory: ['Sam Patel', 'Her Majesty’s Inspector'],
      }),
    );
    expect(facts).toMatchObject({
      kind: 'monitoring_visit',
      framework: 'sif',
      council: { urn: '80549' },
      inspectionStart: '2017-02-21',
      inspectionEnd: '2017-02-22',
      leadInspector: 'Sam Patel',
      priorityActions: [],
      priorityActionsCarriedOver: false,
    });
  });
});

describe('earlier areas for priority action carried over', () => {
  it.each([
    ['The areas for priority action identified at the previous focused visit continue to be areas for priority action.', true],
    ['The areas for priority action from the visit in May 2022 remain in place.', true],
    ['Progress has been made against the areas for priority action from the last visit, although some weaknesses remain.', false],
    ['The areas for priority action from the last visit no longer remain: leaders have addressed them.', false],
    ['The existing priority action plan remains in place and is monitored by the improvement board.', false],
    ['The areas for priority action from the last visit have been addressed, and some areas for improvement remain.', false],
    ['The areas for priority action from the last visit have not been addressed.', true],
  ])('%s', async (sentence, carriedOver) => {
    const got = await actionsOf([{ heading: 'Headline findings' }, sentence, ...improve, ...findings]);
    expect(got).toEqual({ actions: [], carriedOver });
  });
});

describe('area SEND', () => {
  it('splits two bodies an owner cell prints on lines of their own, with no "and" between', () => {
    expect(responsibleBodies('Bury Metropolitan Borough Council NHS Greater Manchester ICB')).toEqual(['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB']);
    expect(responsibleBodies("Doncaster Children's Services Trust")).toEqual(["Doncaster Children's Services Trust"]);
  });

  interface Row {
    owner: string[];
    action: string[];
    /** The row starts on a new page, under the header printed again. */
    newPage?: boolean;
  }
  const header = (y: number, wrapped: boolean): Page =>
    wrapped
      ? [
          { text: 'Responsible', x: 62, y: y + 7, size: 12, bold: true },
          { text: 'Areas for priority action', x: 224, y, size: 12, bold: true },
          { text: 'body', x: 62, y: y - 7, size: 12, bold: true },
        ]
      : [
          { text: 'Responsible body', x: 62, y, size: 12, bold: true },
          { text: 'Areas for priority action', x: 224, y, size: 12, bold: true },
        ];

  /** An area SEND report: outcome on page 1, the table from page 2 with rows as given (owner lines beside action lines). */
  function sendReport(rows: Row[], options: { wrappedHeader?: boolean } = {}): Uint8Array {
    const page1: Page = [
      { text: 'Area SEND inspection of Bury Local Area Partnership', x: 57, y: 760, size: 20, bold: true },
      { text: 'Inspection dates: 12 to 16 February 2024', x: 57, y: 730, size: 12 },
      { text: 'Dates of previous inspection: 26 to 30 November 2018', x: 57, y: 712, size: 12 },
      { text: 'Inspection outcome', x: 57, y: 680, size: 14, bold: true },
      { text: 'The local area partnership’s special educational needs and/or disabilities (SEND)', x: 57, y: 655, size: 12 },
      { text: 'arrangements lead to inconsistent experiences and outcomes for children and young', x: 57, y: 640, size: 12 },
      { text: 'people with SEND. The local area partnership must work jointly to make improvements.', x: 57, y: 625, size: 12 },
    ];
    const pages: Page[] = [page1, [{ text: 'Areas for priority action', x: 57, y: 760, size: 14, bold: true }, ...header(735, !!options.wrappedHeader)]];
    let y = 715;
    for (const row of rows) {
      if (row.newPage) {
        pages.push(header(750, !!options.wrappedHeader));
        y = 730;
      }
      const height = Math.max(row.owner.length, row.action.length);
      for (let k = 0; k < height; k++) {
        if (row.owner[k]) pages.at(-1)!.push({ text: row.owner[k]!, x: 62, y, size: 12 });
        if (row.action[k]) pages.at(-1)!.push({ text: row.action[k]!, x: 224, y, size: 12 });
        y -= 14.5;
      }
    }
    pages.at(-1)!.push({ text: 'Areas for improvement', x: 57, y: y - 30, size: 14, bold: true }, { text: 'Leaders should improve communication with parents.', x: 62, y: y - 55, size: 12 });
    pages.forEach((page, k) => page.push({ text: String(k + 1), x: 519, y: 30, size: 10 }));
    return buildPdf(pages);
  }

  it('reads a table whose header wraps ("Responsible" / "body") and is printed again over a page break', async () => {
    const council = ['Bury Metropolitan', 'Borough Council and', 'NHS Greater', 'Manchester ICB'];
    const facts = await extractReport(
      sendReport(
        [
          { owner: council, action: ['Leaders should improve the timeliness of education,', 'health and care plans.'] },
          { owner: council, action: ['Leaders should improve the quality of support for', 'children while they wait for assessment.'], newPage: true },
        ],
        { wrappedHeader: true },
      ),
    );
    expect(facts.priorityActions).toEqual([
      'Leaders should improve the timeliness of education, health and care plans.',
      'Leaders should improve the quality of support for children while they wait for assessment.',
    ]);
    expect(facts.priorityActionOwners).toEqual([
      ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'],
      ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'],
    ]);
  });

  it('gives each action of a table its owners, where the owner cell spans two rows and names two bodies on lines of their own', async () => {
    const facts = await extractReport(
      sendReport([
        {
          owner: ['Bury Metropolitan', 'Borough Council', 'NHS Greater', 'Manchester ICB'],
          action: ['Leaders across the partnership should improve the', 'timeliness of education, health and care', 'plans.'],
        },
        { owner: [], action: ['Leaders should improve the quality of support for', 'children while they wait for assessment.'] },
      ]),
    );
    expect(facts).toMatchObject({ kind: 'send', council: { urn: '80443' }, sendOutcome: 'inconsistent', inspectionStart: '2024-02-12', inspectionEnd: '2024-02-16' });
    expect(facts.priorityActions).toEqual([
      'Leaders across the partnership should improve the timeliness of education, health and care plans.',
      'Leaders should improve the quality of support for children while they wait for assessment.',
    ]);
    expect(facts.priorityActionOwners).toEqual([
      ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'],
      ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'],
    ]);
  });
});

describe('dates and councils as letters print them', () => {
  it.each([
    ['28 February to 1 March 2019', '2019-02-28', '2019-03-01'],
    ['30 November – 2 December 2021', '2021-11-30', '2021-12-02'],
    ['28 December 2021 to 7 January 2022', '2021-12-28', '2022-01-07'],
    ['between 31 January and 2 February 2024', '2024-01-31', '2024-02-02'],
    ['Monday 7 to Friday 11 March 2022', '2022-03-07', '2022-03-11'],
  ])('%s', (text, start, end) => {
    expect(dateRange(cleanText(text))).toEqual({ start, end });
  });

  it.each([
    ['the London Borough of Barking and Dagenham', '80486'],
    ['City of Bradford Metropolitan District Council', '80449'],
    ['the local area of Kent', '80476'],
    ['Kirklees Council', '80478'],
    ['Bristol City Council', resolveCouncil(['Bristol'])?.urn],
    ['Leeds City Council Children and Families Services', '80481'],
    ["Hull City Council Children's Social Care", '80477'],
    ["Kent County Council children's services department", '80476'],
  ])('%s', (name, urn) => {
    expect(urn).toBeTruthy();
    expect(resolveCouncil([name])?.urn).toBe(urn);
  });
});
