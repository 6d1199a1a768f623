/** The small pure rules the report readers are built from. */
import { describe, expect, it } from 'vitest';
import { resolveCouncil } from '#shared/reports/council.ts';
import { dateRange, plausibleVisit } from '#shared/reports/dates.ts';
import { gradeEndingSentence, gradeOf, readGrades, words } from '#shared/reports/grades.ts';
import { dfeNotified } from '#shared/reports/letters.ts';
import { inspectorNames } from '#shared/reports/people.ts';
import { NO_PRIORITY_ACTIONS } from '#shared/reports/priority-actions.ts';
import { responsibleBodies, sendInspectors, sendOutcome } from '#shared/reports/send.ts';
import { cleanText } from '#shared/reports/text.ts';

describe('inspection dates', () => {
  it.each([
    ['11 to 15 September 2023', '2023-09-11', '2023-09-15'],
    ['11 – 22 July 2022', '2022-07-11', '2022-07-22'],
    ['25 October 2021 to 5 November 2021', '2021-10-25', '2021-11-05'],
    ['8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019', '2019-07-08', '2019-08-08'],
    ['19 November-11 December 2013 and 28 – 30 January 2014', '2013-11-19', '2014-01-30'],
    ['5 to 9 December 2022 and 14 to 15 February 2023', '2022-12-05', '2023-02-15'],
    ['1/06/2015 – 25/06/2015', '2015-06-01', '2015-06-25'],
    ['28 July 2016', '2016-07-28', '2016-07-28'],
    ['19 November–30 November 2018', '2018-11-19', '2018-11-30'],
    ['31 January and 1 February 2024', '2024-01-31', '2024-02-01'],
    ['29 December 2014 to 9 January 2015', '2014-12-29', '2015-01-09'],
    ['30 December to 2 January 2015', '2014-12-30', '2015-01-02'],
    ['2nd to 4th March 2020', '2020-03-02', '2020-03-04'],
  ])('%s', (text, start, end) => {
    expect(dateRange(cleanText(text))).toEqual({ start, end });
  });

  it('gives a date printed without a year the letter’s year (the year before if it would follow the letter)', () => {
    expect(dateRange('on 13 and 14 July.', { written: '2021-08-23' })).toEqual({ start: '2021-07-13', end: '2021-07-14' });
    expect(dateRange('Between 20 and 24 June, Ofsted', { written: '2016-08-02' })).toEqual({ start: '2016-06-20', end: '2016-06-24' });
    expect(dateRange('between 28 December and 3 January', { written: '2019-02-14' })).toEqual({ start: '2018-12-28', end: '2019-01-03' });
    expect(dateRange('on 13 and 14 July.')).toBeNull();
  });

  it('never ends before it starts, takes no days from postcodes, and no months from verbs', () => {
    expect(dateRange('3 March 2020 to 1 March 2020')).toEqual({ start: '2020-03-01', end: '2020-03-03' });
    expect(dateRange('Trowbridge BA14 8JN This letter summarises the visit on 6 and 7 July 2022')).toEqual({ start: '2022-07-06', end: '2022-07-07' });
    expect(dateRange('on 4 and 5 October 2022. Leaders may want to act')).toEqual({ start: '2022-10-04', end: '2022-10-05' });
    expect(plausibleVisit({ start: '2022-10-24', end: '2023-10-25' }, 45)).toEqual({ start: '2023-10-24', end: '2023-10-25' });
    expect(plausibleVisit({ start: '2022-10-24', end: '2022-11-04' }, 45)).toEqual({ start: '2022-10-24', end: '2022-11-04' });
  });

  it('gives null when there is no full date, and skips impossible ones', () => {
    expect(dateRange('to be confirmed')).toBeNull();
    expect(dateRange('31 February 2020')).toBeNull();
  });
});

describe('grades', () => {
  it('reads whole cells, including "Not judged" as null', () => {
    expect(gradeOf('Requires improvement to be good')).toBe('requires_improvement');
    expect(gradeOf('requires improvement')).toBe('requires_improvement');
    expect(gradeOf('Not Judged')).toBeNull();
    expect(gradeOf('Adequate')).toBe('adequate');
    expect(gradeOf('Good practice')).toBeUndefined();
  });

  it('reads grades wrapped over lines in a grade column, longest phrase first', () => {
    const stream = ['Requires', 'improvement to be', 'good', 'Good', 'Requires improvement', 'to be good', 'Inadequate'].flatMap((line, at) => words(line).map((word) => ({ word, at })));
    expect(readGrades(stream).map((g) => [g.grade, g.top, g.bottom])).toEqual([
      ['requires_improvement', 0, 2],
      ['good', 3, 3],
      ['requires_improvement', 4, 5],
      ['inadequate', 6, 6],
    ]);
  });

  it.each([
    ["Children's services in Wirral are inadequate", 'inadequate'],
    ['The overall judgement is requires improvement', 'requires_improvement'],
    ["The overall judgement is that children's services require improvement", 'requires_improvement'],
    ["Children's services in Darlington require improvement to be good", 'requires_improvement'],
    ["Children's services in Stockton-on-Tees are good.", 'good'],
    ['The Local Safeguarding Children Board requires improvement', 'requires_improvement'],
    ['The effectiveness of the Local Safeguarding Children Board (LSCB) is outstanding', 'outstanding'],
  ])('headline "%s"', (sentence, grade) => {
    expect(gradeEndingSentence(sentence)).toBe(grade);
  });

  it('does not take a grade word from the middle of a sentence', () => {
    expect(gradeEndingSentence('The authority is not yet delivering good help and protection')).toBeUndefined();
  });
});

describe('names', () => {
  it('drops inspectors’ titles and joins two leads with "; "', () => {
    expect(inspectorNames('Rebecca Quested, His Majesty’s Inspector, and Matthew Reed, His Majesty’s Inspector')).toBe('Rebecca Quested; Matthew Reed');
    expect(inspectorNames('Neil Penswick HMI')).toBe('Neil Penswick');
    expect(inspectorNames('Máire Atherton, His Majesty’s Inspector')).toBe('Máire Atherton');
    expect(inspectorNames('His Majesty’s Inspector')).toBeNull();
  });

  it('resolves printed council names through the register, plainer forms too', () => {
    expect(resolveCouncil(['Metropolitan Borough of Barnsley Council'])?.urn).toBe('80426');
    expect(resolveCouncil(['Nottingham City'])?.urn).toBe('80533');
    expect(resolveCouncil(['Surrey Safeguarding Children Board'])?.urn).toBe('80567');
    expect(resolveCouncil(['City of London'])?.urn).toBe('80450');
    expect(resolveCouncil(['Example Borough Council'])).toBeNull();
  });

  it('resolves trusts and abbreviations, and leaves a trust that serves two councils to other evidence', () => {
    expect(resolveCouncil(['Dudley MBC'])?.urn).toBe('80464');
    expect(resolveCouncil(["Sandwell Children's Trust"])?.urn).toBe('80549');
    expect(resolveCouncil(["Doncaster Children's Services Trust"])?.urn).toBe('80462');
    expect(resolveCouncil(['Slough Children First'])?.urn).toBe('80553');
    expect(resolveCouncil(['Together for Children'])?.urn).toBe('80566');
    expect(resolveCouncil(['Achieving for Children'])).toBeNull();
    expect(resolveCouncil(['Achieving for Children', 'Royal Borough of Kingston upon Thames'])?.urn).toBe('80545');
  });
});

describe('area SEND', () => {
  it('names each responsible body beside an action, without splitting a body whose name has commas', () => {
    expect(responsibleBodies('Bury Metropolitan Borough Council and NHS Greater Manchester ICB')).toEqual(['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB']);
    expect(responsibleBodies('Oxfordshire County Council and NHS Buckinghamshire, Oxfordshire, and Berkshire West ICB')).toEqual([
      'Oxfordshire County Council',
      'NHS Buckinghamshire, Oxfordshire, and Berkshire West ICB',
    ]);
    expect(responsibleBodies("North Northamptonshire Council, NHS Northamptonshire Integrated Care Board and Northamptonshire Children's Trust")).toEqual([
      'North Northamptonshire Council',
      'NHS Northamptonshire Integrated Care Board',
      "Northamptonshire Children's Trust",
    ]);
    expect(responsibleBodies('Halton Borough Council and NHS Cheshire and Merseyside Integrated Care Board (ICB)')).toEqual(['Halton Borough Council', 'NHS Cheshire and Merseyside Integrated Care Board (ICB)']);
  });

  it.each([
    ['Inspection team Ofsted Care Quality Commission Leanne Thirlby, Ofsted HMI Lead inspector Daniel Carrick, CQC Lead inspector Sarah Canto, Ofsted HMI', 'Leanne Thirlby', 'Daniel Carrick'],
    ['Ofsted Care Quality Commission Mr Chris Ellison, Ofsted Lead inspector Andrea Crosby-Josephs, CQC Lead inspector', 'Chris Ellison', 'Andrea Crosby-Josephs'],
    ['Rebecca Sharples, Ofsted HMI Lead Inspector Geraldine Bates, CQC Lead Inspector', 'Rebecca Sharples', 'Geraldine Bates'],
  ])('both leads from a team list read as running text: %s', (text, ofsted, cqc) => {
    expect(sendInspectors({ pages: [], numPages: 0 }, text)).toEqual({ ofsted, cqc });
  });

  it.each([
    ['The local area partnership’s SEND arrangements typically lead to positive experiences and outcomes for children', 'positive'],
    ['The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people', 'inconsistent'],
    ['There are widespread and/or systemic failings leading to significant concerns about the experiences', 'systemic_failings'],
    ['Local area partnership arrangements often lead to inconsistent experiences and outcomes for children.', 'inconsistent'],
    ['There are widespread and / or systemic failings leading to significant concerns about the experiences and outcomes of children.', 'systemic_failings'],
    ['Leaders want arrangements that lead to better outcomes.', null],
    ['Leaders should act so that arrangements lead to positive outcomes for all children.', null],
  ])('outcome of "%s"', (text, outcome) => {
    expect(sendOutcome(cleanText(text))).toBe(outcome);
  });
});

describe('no priority actions', () => {
  it.each([
    ['There are no areas for priority action.', true],
    ['There are no priority actions arising from this visit.', true],
    ['No areas for priority action were identified.', true],
    ['Inspectors did not identify any areas for priority action.', true],
    ['Inspectors identified no areas for priority action during this visit.', true],
    ['Inspectors did not identify areas for priority action at this visit.', true],
    ['Areas for priority action were not identified.', true],
    ['There were no areas identified for priority action.', true],
    ['None.', true],
    ['None identified at this visit.', true],
    ['Leaders have not addressed the areas for priority action from the last visit.', false],
    ['The local authority should submit a priority action plan.', false],
    ['None of the children seen were at immediate risk.', false],
    ['The local authority has not made progress and the following are areas for priority action:', false],
    ['Leaders should ensure that children who are not in school are seen.', false],
  ])('%s', (text, none) => {
    expect(NO_PRIORITY_ACTIONS.test(text)).toBe(none);
  });
});

describe('DfE notification', () => {
  it.each([
    ['Ofsted has notified the Department for Education (DfE) of these areas for priority action.', true],
    ['We have informed the DfE of our findings.', true],
    ['The Department for Education has been notified of the areas for priority action.', true],
    ['The Department for Education appointed a commissioner in 2021.', false],
    ['Leaders from the DfE attended the meeting.', false],
  ])('%s', (text, notified) => {
    expect(dfeNotified(text)).toBe(notified);
  });
});

describe('text clean-up', () => {
  it('turns ligatures, curly quotes, odd spaces and dashes into plain forms', () => {
    expect(cleanText('Chil\uFB01ne\u00A0children\u2019s \u2018front door\u2019 11\u201322')).toBe("Chilfine children's 'front door' 11-22");
  });
});
