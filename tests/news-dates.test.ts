import { describe, expect, it } from 'vitest';
import { datelineDate, datesIn, daysBeforeAnchor, timeAnchor } from '#shared/news/when.ts';
import { sentenceSignals } from '#shared/news/signals.ts';

const spans = (sentence: string, anchor: string | null) => datesIn(sentence, anchor).map((d) => [d.text.trim().replace(/,$/, ''), d.from, d.to]);
const told = (sentence: string, anchor: string | null) =>
  sentenceSignals(sentence, { anchor, referenceYear: anchor ? Number(anchor.slice(0, 4)) : null })
    .filter((s) => s.kind !== 'concern' && s.kind !== 'positive')
    .map((s) => [s.rule, s.time, s.why.replace(/ \(.*$/, '')]);

describe('dates read against the publication date', () => {
  it('reads a month without a year as the latest one not after publication, never next year', () => {
    expect(spans('In August, Suffolk County Council saw its rating downgraded', '2024-12-06')).toEqual([['August', '2024-08-01', '2024-08-31']]);
    expect(spans('a letter sent in January', '2024-08-31')).toEqual([['January', '2024-01-01', '2024-01-31']]);
    expect(spans('The commissioner will report in March', '2024-08-31')).toEqual([['March', '2025-03-01', '2025-03-31']]);
    expect(spans('rated inadequate by Ofsted in January', '2016-05-13')).toEqual([['January', '2016-01-01', '2016-01-31']]);
  });

  it('reads "last October", "January this year", "earlier this year", seasons and bare years', () => {
    expect(spans('rated inadequate last October', '2024-03-10')).toEqual([['last October', '2023-10-01', '2023-10-31']]);
    expect(spans('rated inadequate in January this year', '2016-05-13')).toEqual([['in January this year', '2016-01-01', '2016-01-31']]);
    expect(spans('a report earlier this year', '2024-08-31')).toEqual([['earlier this year', '2024-01-01', '2024-08-31']]);
    expect(spans('visited last summer', '2023-03-01')).toEqual([['last summer', '2022-06-01', '2022-08-31']]);
    expect(spans('rated good in 2019 and in late 2021', '2024-01-01')).toEqual([['2019', '2019-01-01', '2019-12-31'], ['late 2021', '2021-09-01', '2021-12-31']]);
  });

  it('takes written and relative dates from chrono-node, with "July 30" as a day and "four years after" as no date', () => {
    expect(spans('an independent trust was launched on 30 September 2015', '2016-02-17')).toEqual([['on 30 September 2015', '2015-09-30', '2015-09-30']]);
    expect(spans('During the visit on July 30 and 31, inspectors found', '2024-08-31')).toEqual([['July 30', '2024-07-30', '2024-07-30']]);
    expect(spans('rated inadequate by Ofsted last month', '2016-09-19')).toEqual([['last month', '2016-08-01', '2016-08-31']]);
    expect(spans('The rating comes four years after the last inspection', '2014-07-01')).toEqual([]);
    expect(spans('It had 2019 children in care and a £2020 budget', '2022-01-01')).toEqual([]);
  });

  it('without a publication date, reads a month named in the past tense as history, a day named as news', () => {
    expect(told('In March, Ofsted rated Derbyshire County Council inadequate.', null)).toEqual([['rates-object', 'past', 'history:calendar-without-date']]);
    expect(told('On 3 March, Ofsted rated Derbyshire County Council inadequate.', null)).toEqual([['rates-object', 'now', 'news']]);
  });

  it('knows how far back an offset is without a publication date, and a calendar month not at all', () => {
    const [ago] = datesIn('rated inadequate two months ago', null);
    const [august] = datesIn('In August, it was rated inadequate', null);
    expect(daysBeforeAnchor(ago!, null)).toBeGreaterThan(42);
    expect(daysBeforeAnchor(august!, null)).toBeNull();
  });

  it('finds the dateline when no date is given, and prefers the date given', () => {
    expect(datelineDate(['Gabriella Jozwiak', 'Tuesday, February 19, 2019', 'A council was downgraded.'])).toBe('2019-02-19');
    expect(datelineDate(['Author: Joao Santos, LDRS. Published 6th Dec 2024'])).toBe('2024-12-06');
    expect(datelineDate(['In a probe on 3 September 2023 inspectors found weaknesses.'])).toBeNull();
    expect(datelineDate(['Updated 3 hours ago', 'By Luke Stevenson on November 15, 2022 in Children, Workforce'])).toBe('2022-11-15');
    expect(timeAnchor('2019-03-01T10:00:00Z', ['Tuesday, February 19, 2019'])).toEqual({ date: '2019-03-01', source: 'published' });
    expect(timeAnchor(null, ['Tuesday, February 19, 2019'])).toEqual({ date: '2019-02-19', source: 'dateline' });
    expect(timeAnchor(null, ['No date here.'])).toEqual({ date: null, source: null });
  });
});

describe('news or history, and the rule that says so', () => {
  it('calls history what happened more than six weeks before publication', () => {
    expect(told('In August, Suffolk County Council saw its rating downgraded to requires improvement.', '2024-12-06')).toEqual([['change-to', 'past', 'history:dated']]);
    expect(told('In August, Suffolk County Council saw its rating downgraded to requires improvement.', '2024-09-06')).toEqual([['change-to', 'now', 'news:dated']]);
    expect(told("When Ofsted rated Gloucestershire's children's services as 'inadequate' in June, the council promised change.", '2017-10-20')).toEqual([['rates-object', 'past', 'history:dated']]);
    expect(told('Reading was rated inadequate by Ofsted last month.', '2016-09-19')).toEqual([['rated', 'now', 'news:dated']]);
    expect(told('Sandwell was rated inadequate by Ofsted in 2015.', '2016-01-20')).toEqual([['rated', 'past', 'history:dated']]);
  });

  it('gives an inspection more time before its report than the report before the news', () => {
    expect(told('Ofsted downgraded the service to requires improvement after a visit in January.', '2019-04-19')).toEqual([['change-to', 'now', 'news:dated']]);
  });

  it('reads explicit history words whatever the date', () => {
    expect(told('The original report followed an inspection in November 2023 and found serious and widespread systemic failings.', '2024-08-31')[0]).toEqual(['send-systemic-failings', 'past', 'history:original']);
    expect(told('The authority began working with a government-appointed commissioner in September 2022.', '2024-02-01')).toEqual([['commissioner', 'past', 'history:began-in']]);
    expect(told("Today's damning verdict comes a month after neighbouring Sunderland City Council was also branded inadequate.", null)).toEqual([['rated', 'past', 'history:time-after']]);
    expect(told('Three years later, inspectors ruled that it still required improvement.', null)).toEqual([['requires-improvement', 'past', 'history:sentence-opening']]);
    expect(told('The council was rated inadequate earlier this year, and has since been issued with an improvement notice.', null)).toEqual([
      ['rated', 'past', 'history:calendar-without-date'],
      ['improvement-notice', 'past', 'history:since-then'],
    ]);
  });

  it('reads what follows "since" as history, not what comes before it', () => {
    expect(told('The council had made progress since Ofsted rated its services inadequate.', '2023-05-10')).toEqual([['rates-object', 'past', 'history:since-clause']]);
    expect(told('Stoke-on-Trent has been rated inadequate for the first time since 2015.', '2023-05-10')).toEqual([['rated', 'now', 'news']]);
  });

  it('gives a date to the event beside it, not to one further along the sentence', () => {
    expect(told('The DfE has decided to send a commissioner into a council rated inadequate by Ofsted in January.', '2016-05-13')).toEqual([
      ['commissioner', 'now', 'news'],
      ['rated', 'past', 'history:dated'],
    ]);
    expect(told("Doncaster Children's Services Trust, set up in 2014, is closing as Ofsted downgraded services from 'good' to 'requires improvement'.", '2022-04-13')).toEqual([['change-from-to', 'now', 'news']]);
  });

  it('sets aside negated, hypothetical and general statements, but not a decision reported', () => {
    expect(told('Ofsted have issued no priority actions following the visit.', '2023-06-20')).toEqual([['priority-action', 'not', 'negation']]);
    expect(told('The council is now aiming for an outstanding rating.', '2023-06-20')).toEqual([['grade-rating', 'not', 'hypothetical']]);
    expect(told('The Department for Education said it would issue an improvement notice.', '2017-04-20')).toEqual([['improvement-notice', 'now', 'news']]);
  });

  it('reads counts, shares and examples of councils as general, not news of any one', () => {
    expect(told("The seven judged 'inadequate' in this latest report are: Birmingham; Buckinghamshire.", null)).toEqual([['rated', 'not', 'general']]);
    expect(told('Of the 43 inspections, 10 local authorities were judged good and the remaining 26 were judged as requires improvement.', null).map((t) => t[2])).toEqual(['general', 'general']);
    expect(told("Child social care in more than three-quarters of local authorities inspected by Ofsted last year has been rated 'inadequate'.", null)).toEqual([['rated', 'not', 'general']]);
    expect(told('Councils rated inadequate this year include Thurrock and Croydon.', '2019-12-01')).toEqual([['rated', 'not', 'general']]);
    expect(told('The councils rated inadequate this week are Doncaster and Surrey.', '2019-12-01')).toEqual([['rated', 'now', 'news:dated']]);
  });
});
