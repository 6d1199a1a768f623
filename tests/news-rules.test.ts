import { describe, expect, it } from 'vitest';
import { findCouncilMentions } from '#shared/news/mentions.ts';
import { passingRole } from '#shared/news/roles.ts';
import { sentenceSignals, type Signal } from '#shared/news/signals.ts';
import { articleSentences, articleFromPlainText, splitSentences } from '#shared/news/text.ts';

const names = (text: string, titleCase = false) => findCouncilMentions(text, { titleCase }).mentions.map((m) => m.council.name);
const signals = (text: string, referenceYear: number | null = 2024) =>
  sentenceSignals(text, { anchor: null, referenceYear }).map((s: Signal) => ({ kind: s.kind, time: s.time, from: s.from, to: s.to, rule: s.rule }));

describe('council names in text', () => {
  it('takes the longest name first and keeps suffixes out of the name', () => {
    const [mention] = findCouncilMentions('Stockton-on-Tees Borough Council said.').mentions;
    expect(mention).toMatchObject({ text: 'Stockton-on-Tees', council: { onsCode: 'E06000004' } });
    expect(names('Stockton Council and Stockton Borough Council')).toEqual(['Stockton-on-Tees', 'Stockton-on-Tees']);
  });

  it('reads possessives, "&" and "St." as the council', () => {
    expect(names("Stoke's previous inspection")).toEqual(['Stoke-on-Trent']);
    expect(names('Brighton & Hove City Council')).toEqual(['Brighton and Hove']);
    expect(names('St. Helens and Saint Helens')).toEqual(['St Helens', 'St Helens']);
  });

  it('does not read a council inside a longer place name', () => {
    expect(names('a family hub in Stoke Newington')).toEqual([]);
    expect(names('Greater Manchester Police said')).toEqual([]);
    expect(names('Newcastle-under-Lyme borough')).toEqual([]);
    expect(names('a Stockton-based charity')).toEqual([]);
  });

  it('does not read a lower-case word or a sentence-initial everyday word as a council', () => {
    expect(names('Reading the report, inspectors were reading notes at the bury.')).toEqual([]);
    expect(names('Reading Borough Council said')).toEqual(['Reading']);
    expect(names('a place that is not a council: Skegness')).toEqual([]);
  });

  it('sets aside a name two councils share', () => {
    const found = findCouncilMentions('Kingston council was rated good.');
    expect(found.mentions).toEqual([]);
    expect(found.ambiguous[0]!.candidates.map((c) => c.name).sort()).toEqual(['Kingston upon Hull', 'Kingston upon Thames']);
    expect(names('Kingston upon Thames and Hull')).toEqual(['Kingston upon Thames', 'Kingston upon Hull']);
  });

  it('accepts capitalised neighbours in a title-case headline', () => {
    expect(names("Sheffield Children's Services Rated Inadequate", true)).toEqual(['Sheffield']);
  });
});

describe('passing mentions', () => {
  const role = (sentence: string, name: string) => {
    const start = sentence.indexOf(name);
    return passingRole(sentence, start, start + name.length);
  };
  it('names the rule that makes a council a bystander', () => {
    expect(role('through a partnership with neighbouring Hartlepool council', 'Hartlepool')).toBe('partner');
    expect(role('a former director of children’s services at Telford and Wrekin', 'Telford and Wrekin')).toBe('came-from');
    expect(role('an adviser from Leeds will help', 'Leeds')).toBe('expert-from');
    expect(role('supported by Leeds City Council', 'Leeds')).toBe('supporter');
    expect(role('Like Birmingham, the council', 'Birmingham')).toBe('comparison');
    expect(role('Telford and Wrekin’s former director joined', 'Telford and Wrekin')).toBe('former-role');
  });
  it('leaves the subject of a sentence alone', () => {
    expect(role('Ofsted said Stockton needed to take urgent action', 'Stockton')).toBeNull();
    expect(role("Performance had declined since Stoke's previous inspection", 'Stoke')).toBeNull();
  });
});

describe('signals in a sentence', () => {
  it('reads grades only where they are judgements', () => {
    expect(signals("The council was branded 'inadequate' by inspectors")).toEqual([expect.objectContaining({ kind: 'grade', to: 'inadequate', time: 'now' })]);
    expect(signals('This was considered good practice.').filter((s) => s.kind === 'grade')).toEqual([]);
    expect(signals('Children’s services were judged requires improvement to be good.')[0]).toMatchObject({ to: 'requires_improvement' });
  });

  it('reads a change with both ends, up or down', () => {
    expect(signals('It improved from requires improvement to good.')[0]).toMatchObject({ kind: 'upgrade', from: 'requires_improvement', to: 'good' });
    expect(signals("It was downgraded from 'good' to 'inadequate'.")[0]).toMatchObject({ kind: 'downgrade', from: 'good', to: 'inadequate' });
  });

  it('reads "down from" and "up from" as a change from that grade', () => {
    expect(signals("It was rated requires improvement, down from 'good'.").find((s) => s.kind === 'downgrade')).toMatchObject({ from: 'good', rule: 'down-from' });
    expect(signals('Now rated good, up from requires improvement.').find((s) => s.kind === 'upgrade')).toMatchObject({ from: 'requires_improvement' });
  });

  it('finds each wording of urgent action', () => {
    for (const sentence of [
      'The council needs to take urgent action.',
      'Inspectors named three areas for priority action.',
      'Ofsted notified the Department for Education.',
      'The council was issued with an improvement notice.',
      'The minister issued a statutory direction.',
      'A commissioner has been appointed to oversee services.',
      'The council has been told to make urgent improvements.',
    ]) {
      expect(signals(sentence).some((s) => s.kind === 'urgent_action' && s.time === 'now'), sentence).toBe(true);
    }
  });

  it('tells history from news', () => {
    expect(signals('Ofsted downgraded it to requires improvement in 2019.')[0]!.time).toBe('past');
    expect(signals('It was rated good when it was last inspected.')[0]!.time).toBe('past');
    expect(signals('when it was rated as requires improvement')[0]!.time).toBe('past');
    expect(signals('The council had been rated inadequate.')[0]!.time).toBe('past');
    expect(signals('It said it had notified the Department for Education.')[0]!.time).toBe('now');
    expect(signals('It was rated inadequate this week, two years after 2022.', 2024)[0]!.time).toBe('now');
  });

  it('sets aside negated, hypothetical and general statements', () => {
    expect(signals('Inspectors found no areas for priority action.')[0]!.time).toBe('not');
    expect(signals('The council could be issued with an improvement notice.')[0]!.time).toBe('not');
    expect(signals('The notice was lifted in March.')).toEqual([]);
    expect(signals('other authorities who have moved from inadequate to outstanding')[0]!.time).toBe('not');
    expect(signals('One in ten councils are rated inadequate.')[0]!.time).toBe('not');
  });
});

describe('signals in wordings met in real coverage', () => {
  it('reads a grade given to "the local authority" and an overall effectiveness grade', () => {
    expect(signals('Ofsted found the local authority department to be inadequate.')[0]).toMatchObject({ kind: 'grade', to: 'inadequate', time: 'now' });
    expect(signals('It was judged requires improvement for care leavers, with overall effectiveness as inadequate.').find((s) => s.rule === 'overall-effectiveness')).toMatchObject({ to: 'inadequate', time: 'now' });
  });

  it('reads "last year", a cause after "following" and a dated aside as history', () => {
    expect(signals("It was taken over after receiving an 'inadequate' rating last year.")[0]!.time).toBe('past');
    expect(signals('It was judged inadequate, and following statutory direction from the DfE, it set up a company.', null).find((s) => s.kind === 'urgent_action')!.time).toBe('past');
    expect(signals('Inspectors commended Surrey council, rated inadequate in 2018, for its care leavers work.', null).find((s) => s.kind === 'grade')!.time).toBe('past');
  });

  it('reads a quoted grade standing before names as where things stand, and shares of councils as general', () => {
    expect(signals("It found uneven progress at 'inadequate' Surrey, Newham and Medway.").find((s) => s.kind === 'grade')!.time).toBe('past');
    expect(signals("More than a quarter judged 'inadequate' in the annual report")[0]!.time).toBe('not');
    expect(signals("The council was branded 'inadequate' by inspectors")[0]!.time).toBe('now');
  });
});

describe('article text', () => {
  it('splits sentences without breaking at abbreviations', () => {
    expect(splitSentences('Cllr. Smith said so. Mr. Jones agreed! Then “Ofsted” left.')).toEqual(['Cllr. Smith said so.', 'Mr. Jones agreed!', 'Then “Ofsted” left.']);
    expect(splitSentences('It will appoint a commissioner in the next few weeks.“Their task will be to assess it.')).toEqual(['It will appoint a commissioner in the next few weeks.', '“Their task will be to assess it.']);
  });

  it('gives the title, standfirst and body roles and drops furniture and comments', () => {
    const text = 'Headline here\n\nThe standfirst tells the story in more than a few words, without a full stop\n\nPhoto: someone\n\nBody sentence one. Body sentence two.\n\nMore from Community Care\n\n2 Responses to Headline here\n\nA comment naming Leeds.';
    const sentences = articleSentences(articleFromPlainText(text));
    expect(sentences.map((s) => s.role)).toEqual(['headline', 'standfirst', 'body', 'body']);
    expect(sentences.map((s) => s.text).join(' ')).not.toMatch(/Leeds|Photo|More from/);
  });
});
