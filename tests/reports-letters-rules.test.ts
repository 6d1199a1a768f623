/**
 * The general rules letters are read by, on letters rebuilt in Ofsted's layout
 * with the forms the real fixtures show only once or not at all: an explicit "no
 * priority actions", earlier ones carried over, a "what needs to improve" list
 * straight after, sub-items, trusts and abbreviations for the council, a title
 * that names no area, and dates printed without a year.
 */
import { describe, expect, it } from 'vitest';
import { extractReport } from '#shared/reports/extract.ts';
import { letterPdf } from './reports/layouts.ts';

const opening = (council: string, dates = '3 and 4 October 2023') => [
  `This letter summarises the findings of the focused visit to ${council} children’s services`,
  `on ${dates}. His Majesty’s Inspectors for this visit were Jo Smith and Sam Patel.`,
];
const improve = [{ heading: 'What needs to improve in this area of social work practice' }, { bullet: ['The quality of written plans for children.'] }];

describe('areas for priority action, item by item', () => {
  it('gives none for a letter that says there are none, and says nothing was carried over', async () => {
    const facts = await extractReport(
      letterPdf({ title: 'Focused visit to Warrington children’s services', opening: opening('Warrington'), body: [{ heading: 'Areas for priority action' }, 'There are no areas for priority action arising from this visit.', ...improve] }),
    );
    expect(facts).toMatchObject({ kind: 'focused_visit', council: { urn: '80575' }, priorityActions: [], priorityActionsCarriedOver: false, dfeNotified: false });
  });

  it('gives none, carried over, when earlier areas for priority action remain and no new ones are named', async () => {
    const facts = await extractReport(
      letterPdf({
        title: 'Focused visit to Halton children’s services',
        opening: opening('Halton'),
        body: ['The areas for priority action identified at the focused visit in March 2021 remain, and', 'leaders continue to address them.', ...improve],
      }),
    );
    expect(facts).toMatchObject({ priorityActions: [], priorityActionsCarriedOver: true });
  });

  it('stops at a "what needs to improve" heading printed close under the last item, and keeps sub-items in their item', async () => {
    const facts = await extractReport(
      letterPdf({
        title: 'Focused visit to Slough children’s services',
        opening: opening('Slough'),
        body: [
          { heading: 'Areas for priority action' },
          'The local authority needs to take swift and decisive action to address:',
          { bullet: ['The response to children at risk of harm, including:'] },
          { at: 116, text: '- the timeliness of strategy meetings' },
          { at: 116, text: '- the quality of child protection enquiries.' },
          { bullet: ['Management oversight of social work practice.'] },
          'What needs to improve',
          { bullet: ['The quality of supervision.'] },
        ],
      }),
    );
    expect(facts.priorityActions).toEqual([
      'The response to children at risk of harm, including: the timeliness of strategy meetings the quality of child protection enquiries.',
      'Management oversight of social work practice.',
    ]);
  });

  it('does not take a mention of a priority action in the findings for a list', async () => {
    const facts = await extractReport(
      letterPdf({
        title: 'Joint targeted area inspection of Walsall',
        opening: ['Between 7 and 11 November 2022, Ofsted, the Care Quality Commission and HMICFRS carried', 'out a joint inspection.'],
        body: ['The partnership has identified the voice of children as a priority action for the', 'partnership.', ...improve],
      }),
    );
    expect(facts).toMatchObject({ kind: 'jtai', council: { urn: '80574' }, priorityActions: [], priorityActionsCarriedOver: false });
  });
});

describe('the council behind a letter', () => {
  it.each([
    ['Focused visit to Sandwell Children’s Trust', '80549'],
    ['Focused visit to Doncaster Children’s Services Trust', '80462'],
    ['Monitoring visit to Together for Children', '80566'],
    ['Focused visit to Dudley MBC children’s services', '80464'],
    ['Focused visit to Bradford Children and Families Trust', '80449'],
  ])('%s', async (title, urn) => {
    const facts = await extractReport(letterPdf({ title, opening: ['This letter summarises the findings of the visit on 3 and 4 October 2023.'], body: [] }));
    expect(facts.council?.urn).toBe(urn);
  });

  it('reads the address block when the title names no area (and a trust that serves two councils)', async () => {
    const jtai = letterPdf({
      title: ['Joint targeted area inspection of the multi-agency response to children’s mental', 'health'],
      addressee: ['Terence Herbert, Director of Children’s Services, Wiltshire Council', 'Chief Constable of Wiltshire Police', 'County Hall, Bythesea Road', 'Trowbridge', 'BA14 8JN'],
      opening: ['Between 4 and 8 March 2024, Ofsted and its partner inspectorates carried out a joint inspection.'],
      body: [],
    });
    expect(await extractReport(jtai)).toMatchObject({ kind: 'jtai', council: { urn: '80580' }, inspectionStart: '2024-03-04', inspectionEnd: '2024-03-08' });
    const afc = letterPdf({
      title: 'Focused visit to Achieving for Children',
      addressee: ['Ian Dodds', 'Director of Children’s Services', 'London Borough of Richmond upon Thames', 'Civic Centre', 'TW1 3BZ'],
      opening: ['This letter summarises the findings of the visit on 3 and 4 October 2023.'],
      body: [],
    });
    expect((await extractReport(afc)).council?.urn).toBe('80513');
  });
});

describe('dates and inspectors', () => {
  it('gives a date without a year the letter’s year, and the year before for a visit that ran into January', async () => {
    const summer = await extractReport(letterPdf({ title: 'Focused visit to Durham children’s services', date: '23 August 2021', opening: opening('Durham', '13 and 14 July'), body: [] }));
    expect(summer).toMatchObject({ inspectionStart: '2021-07-13', inspectionEnd: '2021-07-14' });
    const winter = await extractReport(letterPdf({ title: 'Focused visit to Durham children’s services', date: '1 February 2019', opening: opening('Durham', '31 December and 2 January'), body: [] }));
    expect(winter).toMatchObject({ inspectionStart: '2018-12-31', inspectionEnd: '2019-01-02' });
  });

  it('reads a misprinted year as the visit it must be, never ending before it starts', async () => {
    const facts = await extractReport(letterPdf({ title: 'Focused visit to Darlington children’s services', date: '28 November 2023', opening: opening('Darlington', '24 October 2022 to 25 October 2023'), body: [] }));
    expect(facts).toMatchObject({ inspectionStart: '2023-10-24', inspectionEnd: '2023-10-25' });
  });

  it('takes the signatory as the lead inspector, not a wrapped line that starts "lead inspector"', async () => {
    const facts = await extractReport(
      letterPdf({
        title: 'Focused visit to Sefton children’s services',
        opening: [
          'This letter summarises the findings of a focused visit to Sefton children’s services on 3 and 4',
          'March 2021. Inspectors spoke to social workers and managers, and looked at records. The',
          'lead inspector was on site for both days and the director agreed the arrangements.',
        ],
        body: [],
        signatory: ['Mandy Nightingale', 'Her Majesty’s Inspector'],
      }),
    );
    expect(facts.leadInspector).toBe('Mandy Nightingale');
  });
});
