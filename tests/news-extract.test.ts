import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCouncilEvents, readNews, type ExtractedEvent } from '#shared/news/extract.ts';
import { toCouncilEvent } from '#shared/news/events.ts';
import { articleFromPlainText } from '#shared/news/text.ts';
import { isAlertable } from '#shared/domain/events.ts';

const NEWS = join(import.meta.dirname, 'fixtures/news');

interface Expected {
  articles: {
    file: string;
    published?: string | null;
    alert: { council: string; kind: string; from?: string; to?: string }[];
    no_alert: { council: string }[];
    kinds?: { council: string; kind: string; from?: string; to?: string }[];
    absent?: string[];
    /** Written articles whose time is told only by the publication date. */
    date_only?: boolean;
  }[];
}

function eventsOf(path: string, published: string | null = null): ExtractedEvent[] {
  return extractCouncilEvents(articleFromPlainText(readFileSync(path, 'utf8'), published));
}

function alertable(events: ExtractedEvent[]) {
  return events.filter((e) => isAlertable({ kind: e.kind as never, alsoKinds: [] }));
}

for (const [title, folder] of [
  ['real articles', NEWS],
  ['written articles modelled on real coverage', join(NEWS, 'written')],
] as const) {
  const expected = JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')) as Expected;
  describe(`news extraction on ${title}`, () => {
    for (const article of expected.articles) {
      const dates = [...new Set([article.published ?? null, ...(article.date_only ? [] : [null])])];
      for (const published of dates) {
        it(`${article.file} (${published ? `published ${published}` : 'no date given'}): exactly the expected alertable events`, () => {
          const events = eventsOf(join(folder, article.file), published);
          // A council may have two alertable events: a judgement and an intervention told beside it.
          const alerted = new Map<string, string[]>();
          for (const e of alertable(events)) alerted.set(e.council.onsCode, [...(alerted.get(e.council.onsCode) ?? []), e.kind]);
          expect([...alerted.keys()].sort()).toEqual(article.alert.map((a) => a.council).sort());
          for (const want of article.alert) {
            expect(alerted.get(want.council), want.council).toContain(want.kind);
            const event = events.find((e) => e.council.onsCode === want.council && e.kind === want.kind)!;
            if (want.from) expect(event.from).toBe(want.from);
            if (want.to) expect(event.to).toBe(want.to);
            expect(event.evidence.length).toBeGreaterThan(10);
            expect(event.rule).not.toBe('named');
          }
          for (const quiet of article.no_alert) {
            // A council named that must not alert: no event at all (a list it could not read) or one that is not alertable.
            const event = events.find((e) => e.council.onsCode === quiet.council);
            expect(['downgrade', 'urgent_action'], `${quiet.council} in ${article.file}`).not.toContain(event?.kind);
          }
          for (const want of article.kinds ?? []) {
            const event = events.find((e) => e.council.onsCode === want.council && e.kind === want.kind) ?? events.find((e) => e.council.onsCode === want.council)!;
            expect({ kind: event.kind, from: event.from, to: event.to }).toEqual({ kind: want.kind, from: want.from ?? null, to: want.to ?? null });
          }
          for (const name of article.absent ?? []) expect(events.map((e) => e.council.name)).not.toContain(name);
        });
      }
    }
  });
}

describe('grades each real article states', () => {
  const { grades } = JSON.parse(readFileSync(join(NEWS, 'grades.json'), 'utf8')) as { grades: { file: string; council: string; from: string | null; to: string | null }[] };
  const { articles } = JSON.parse(readFileSync(join(NEWS, 'expected.json'), 'utf8')) as Expected;
  for (const want of grades) {
    it(`${want.file}: ${want.council} ${want.from ?? 'null'} -> ${want.to ?? 'null'}`, () => {
      const published = articles.find((a) => a.file === want.file)?.published ?? null;
      const event = eventsOf(join(NEWS, want.file), published).find((e) => e.council.onsCode === want.council);
      expect({ from: event?.from, to: event?.to }).toEqual({ from: want.from, to: want.to });
    });
  }
});

describe('news extraction details', () => {
  it('quotes the sentence that shows the event as evidence', () => {
    const [stockton] = eventsOf(join(NEWS, 'communitycare-stockton-focused-visit.txt'));
    expect(stockton!.council.name).toBe('Stockton-on-Tees');
    expect(stockton!.evidence).toMatch(/urgent action/);
  });

  it('marks the council the article is about as its subject, and only that one', () => {
    const events = eventsOf(join(NEWS, 'communitycare-tameside-focused-visit.txt'));
    expect(events.filter((e) => e.subject).map((e) => e.council.name)).toEqual(['Tameside']);
  });

  it('gives nothing for an article that names no council', () => {
    expect(extractCouncilEvents(articleFromPlainText('Ofsted changes its inspections\n\nCouncils rated inadequate will be visited more often.'))).toEqual([]);
  });

  it('reads a grade change from the previous grade the article gives', () => {
    const text = 'Council rated inadequate\n\nOfsted has rated Walsall Council inadequate.\n\nAt its previous inspection in 2019 Walsall was judged good.';
    const [walsall] = extractCouncilEvents(articleFromPlainText(text));
    expect(walsall).toMatchObject({ kind: 'downgrade', from: 'good', to: 'inadequate', alsoKinds: expect.arrayContaining(['urgent_action']) });
  });

  it('takes an inadequate rating with no earlier grade as urgent action', () => {
    const [walsall] = extractCouncilEvents(articleFromPlainText('Walsall Council rated inadequate by Ofsted\n\nInspectors found serious failings.'));
    expect(walsall).toMatchObject({ kind: 'urgent_action', from: null, to: 'inadequate' });
  });

  it('uses the publication date to tell last year from this year', () => {
    const text = 'Inspection news\n\nWalsall was rated inadequate in 2023, inspectors said.';
    expect(extractCouncilEvents({ ...articleFromPlainText(text), published: '2023-05-01' })[0]!.kind).toBe('urgent_action');
    expect(extractCouncilEvents({ ...articleFromPlainText(text), published: '2025-05-01' })[0]!.kind).not.toBe('urgent_action');
  });

  it('gives a council named with a shared name no event, and its news to nobody', () => {
    const events = extractCouncilEvents(articleFromPlainText('Kingston council rated inadequate\n\nKingston council has been rated inadequate by Ofsted.'));
    expect(events).toEqual([]);
  });

  it('keeps a partner council named in the news sentence out of the news', () => {
    const text = 'Council told to take urgent action\n\nOfsted said Halton, which runs its front door in partnership with Warrington, must take urgent action.';
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.find((e) => e.council.name === 'Halton')?.kind).toBe('urgent_action');
    expect(events.find((e) => e.council.name === 'Warrington')?.kind).toBe('mention');
  });

  it('does not treat the Children\'s Commissioner or a lifted notice as urgent action', () => {
    const text = [
      'Notice lifted at Salford',
      'The Department for Education has lifted the improvement notice on Salford City Council.',
      "The Children's Commissioner for England visited Salford to meet young people.",
    ].join('\n\n');
    const [salford] = extractCouncilEvents(articleFromPlainText(text));
    expect(salford!.council.name).toBe('Salford');
    expect(['downgrade', 'urgent_action']).not.toContain(salford!.kind);
  });

  it('treats "downgraded in 2019" beside newer news as history', () => {
    const text = 'Focused visit to Bolton\n\nOfsted praised Bolton in a focused visit this week.\n\nBolton was downgraded to requires improvement in 2019.';
    const [bolton] = extractCouncilEvents({ ...articleFromPlainText(text), published: '2024-02-01' });
    expect(bolton!.kind).toBe('positive');
  });

  it('reads "Ofsted rates <council> inadequate" with the council between verb and grade', () => {
    const [slough] = extractCouncilEvents(articleFromPlainText("Ofsted rates Slough Borough Council's children's services inadequate\n\nInspectors found serious failings."));
    expect(slough).toMatchObject({ kind: 'urgent_action', to: 'inadequate' });
  });

  it('gives a commissioner to the council it is appointed for, not the council the person comes from', () => {
    const text = [
      'Commissioner named for Stoke-on-Trent',
      "Telford and Wrekin's director of children's services has been appointed as commissioner for Stoke-on-Trent's children's services.",
      'The appointment follows an inadequate judgement last month.',
    ].join('\n\n');
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.find((e) => e.council.name === 'Stoke-on-Trent')?.kind).toBe('urgent_action');
    expect(['downgrade', 'urgent_action']).not.toContain(events.find((e) => e.council.name === 'Telford and Wrekin')?.kind);
  });

  it('does not move the story to a council named deep in a sentence', () => {
    const text = [
      'Oldham told to take urgent action',
      'Oldham Council has been told to take urgent action after a focused visit by Ofsted.',
      'The improvement board will be chaired by the director of children\'s services at Trafford.',
      'Inspectors said too many children were waiting for help.',
    ].join('\n\n');
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.find((e) => e.council.name === 'Oldham')?.kind).toBe('urgent_action');
    expect(events.find((e) => e.council.name === 'Trafford')?.kind).toBe('mention');
  });

  it('keeps a bystander described as "which remains inadequate" out of the news', () => {
    const text = 'Solihull improves to good\n\nSolihull has improved from requires improvement to good, Ofsted said.\n\nNeighbouring Birmingham, which remains inadequate, has asked for advice.';
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.find((e) => e.council.name === 'Solihull')?.kind).toBe('upgrade');
    expect(['downgrade', 'urgent_action']).not.toContain(events.find((e) => e.council.name === 'Birmingham')?.kind);
  });

  it('gives a grade told of a list to every council in it', () => {
    const text = 'Three councils rated inadequate\n\nThe councils rated inadequate by Ofsted this week are Doncaster, Milton Keynes and Surrey County Council.';
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.map((e) => [e.council.name, e.kind])).toEqual([
      ['Doncaster', 'urgent_action'],
      ['Milton Keynes', 'urgent_action'],
      ['Surrey', 'urgent_action'],
    ]);
  });

  it('reads "St Helens in Lancashire" as where St Helens is, not news about Lancashire', () => {
    const text = 'Latest inspection results\n\nSt Helens in Lancashire this week became the latest to be rated inadequate by Ofsted.';
    const events = extractCouncilEvents(articleFromPlainText(text));
    expect(events.find((e) => e.council.name === 'St Helens')?.kind).toBe('urgent_action');
    expect(events.find((e) => e.council.name === 'Lancashire')?.kind).toBe('mention');
  });

  it('gives from and to for "rated requires improvement, down from good"', () => {
    const text = "Council's children's services slip\n\nOfsted has rated Cheshire East's children's services requires improvement to be good, down from 'good'.";
    const [cheshire] = extractCouncilEvents(articleFromPlainText(text));
    expect(cheshire).toMatchObject({ kind: 'downgrade', from: 'good', to: 'requires_improvement' });
  });

  it('reads the same words as news in April and as history in September', () => {
    const path = join(NEWS, 'written/derbytelegraph-march-inadequate.txt');
    expect(eventsOf(path, '2023-04-10').map((e) => [e.kind, e.from, e.to])).toEqual([['downgrade', 'good', 'inadequate']]);
    const [september] = eventsOf(path, '2023-09-10');
    expect(september!.kind).toBe('mention');
    expect(september!.dropped.map((d) => [d.signal, d.reason])).toEqual([
      ['rates-object', 'history'],
      ['rates-object', 'history'],
      ['rated', 'history'],
    ]);
    expect(september!.dropped[0]!.detail).toBe('history:same-event-dated-elsewhere');
  });

  it("reads an article with no date given against its dateline", () => {
    const text = readFileSync(join(NEWS, 'hitsradio-suffolk-plans-after-downgrade.txt'), 'utf8');
    const reading = readNews(articleFromPlainText(text));
    expect(reading.anchor).toEqual({ date: '2024-12-06', source: 'dateline' });
    expect(reading.events[0]!.dropped.find((d) => d.signal === 'change-to')!.detail).toMatch(/^history:dated \(August = 2024-08-01\.\.2024-08-31, 97 days before publication\)$/);
  });

  it('gives every dropped candidate its reason: negation, hypothetical, passing mention, other subject', () => {
    const text = [
      'Ofsted visits Walsall',
      'Walsall Council has avoided an inadequate rating, and inspectors found no areas for priority action.',
      'The council could yet face an improvement notice, officials warned.',
      'Like Sandwell, which was judged inadequate this week, it has struggled to recruit.',
      "Separately, a Walsall Council-run children's home was rated inadequate.",
    ].join('\n\n');
    const { events } = readNews({ ...articleFromPlainText(text), published: '2023-06-01' });
    const walsall = events.find((e) => e.council.name === 'Walsall')!;
    const sandwell = events.find((e) => e.council.name === 'Sandwell')!;
    expect(walsall.kind).not.toMatch(/downgrade|urgent_action/);
    expect(walsall.dropped.map((d) => `${d.signal}:${d.reason}`)).toEqual(['grade-rating:negation', 'priority-action:negation', 'improvement-notice:hypothetical', 'rated:other subject']);
    expect(sandwell).toMatchObject({ kind: 'mention', dropped: [{ signal: 'rated', reason: 'passing mention', detail: 'passing:comparison' }] });
  });

  it("gives an intervention story one event when the council's grade is only quoted beside it", () => {
    const events = eventsOf(join(NEWS, 'communitycare-gloucestershire-improvement-notice.txt'), '2017-08-15');
    expect(events.map((e) => [e.kind, e.to, e.intervention])).toEqual([['urgent_action', 'inadequate', 'improvement notice']]);
  });

  it('gives a judgement and an intervention told together two events, with two ids', () => {
    const path = join(NEWS, 'written/communitycare-branded-failing.txt');
    const events = eventsOf(path, '2017-04-20');
    expect(events.map((e) => [e.kind, e.from, e.to, e.intervention, e.rule])).toEqual([
      ['downgrade', 'good', 'inadequate', null, 'grade-compare:branded-failing'],
      ['urgent_action', null, 'inadequate', 'improvement notice', 'intervention:improvement-notice'],
    ]);
    const source = { outlet: 'Community Care', url: 'https://example.org/tower-hamlets', title: 't', published: '2017-04-20' };
    const ids = events.map((e) => toCouncilEvent(e, source, new Date('2017-04-20T10:00:00Z')).id);
    expect(new Set(ids).size).toBe(2);
  });
});

describe('wordings met in real coverage', () => {
  const read = (published: string | null, ...lines: string[]) =>
    extractCouncilEvents({ ...articleFromPlainText(lines.join('\n\n')), published }).map((e) => [e.council.name, e.kind, e.from, e.to]);

  it('reads a change told "to X from Y", either way', () => {
    expect(read(null, 'Council slips', "Leeds City Council's children's services have dropped to 'requires improvement' from 'good', Ofsted said today.")).toEqual([['Leeds', 'downgrade', 'good', 'requires_improvement']]);
    expect(read(null, 'Council improves', "Leeds City Council's children's services have improved to 'good' from 'requires improvement'.")).toEqual([['Leeds', 'upgrade', 'requires_improvement', 'good']]);
  });

  it('reads services ordered into a trust as an intervention, and services run by one as a state', () => {
    expect(read('2013-10-01', 'Trust for Doncaster', "The education secretary has ordered that Doncaster Council's children's services be run by an independent trust.")).toEqual([['Doncaster', 'urgent_action', null, null]]);
    expect(read('2019-10-01', 'Praise', 'Inspectors praised Sunderland, whose services are now run by a trust.')[0]![1]).toBe('positive');
  });

  it('reads a DfE-appointed improvement adviser as an intervention', () => {
    expect(read('2019-05-01', 'Adviser for Thurrock', 'The Department for Education has appointed Jane Smith as improvement adviser to Thurrock Council following its inadequate judgement in March.')).toEqual([['Thurrock', 'urgent_action', null, 'inadequate']]);
  });

  it('gives no news to the councils another joins, nor to one standing under a notice', () => {
    expect(read('2014-03-01', 'Council rated inadequate', "Coventry City Council's children's services have been rated inadequate, and it joins Birmingham, Doncaster and Slough as councils rated inadequate.")).toEqual([
      ['Coventry', 'urgent_action', null, 'inadequate'],
      ['Birmingham', 'mention', null, null],
      ['Doncaster', 'mention', null, null],
      ['Slough', 'mention', null, null],
    ]);
    expect(read('2018-03-02', 'Leeds praised', "Leeds City Council's children's services were rated outstanding by Ofsted this week.", 'Birmingham, which has been under an improvement notice since 2014, has asked Leeds for help.')[1]).toEqual(['Birmingham', 'mention', null, null]);
  });

  it('gives commissioners to every council of a list that follows a comma', () => {
    const events = read('2017-03-02', 'Commissioners for four councils', "The Department for Education will appoint commissioners at four councils whose children's services have been rated inadequate by Ofsted, in Barnet, Kirklees, Reading and Worcestershire.");
    expect(events.map(([name, kind]) => `${name}:${kind}`)).toEqual(['Barnet:urgent_action', 'Kirklees:urgent_action', 'Reading:urgent_action', 'Worcestershire:urgent_action']);
  });

  it('reads a grade of the safeguarding board or the fostering service as another subject', () => {
    const events = readNews({
      ...articleFromPlainText(["Hull's children's services improve", "Kingston upon Hull City Council's children's services were rated requires improvement by Ofsted, up from inadequate.", 'The Local Safeguarding Children Board was judged inadequate.', "The council's fostering service was rated inadequate in a separate inspection."].join('\n\n')),
      published: '2016-02-01',
    }).events;
    expect(events.map((e) => [e.council.name, e.kind])).toEqual([['Kingston upon Hull', 'upgrade']]);
    expect(events[0]!.dropped.map((d) => d.detail)).toEqual(['other-subject:safeguarding board', 'other-subject:fostering or adoption agency']);
  });
});

