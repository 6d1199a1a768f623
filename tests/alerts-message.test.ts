import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockKitProblems, SLACK_LIMITS, type SlackMessage } from '#shared/alerts/block-kit.ts';
import { buildDigestMessage, buildEventMessage, buildTestMessage } from '#shared/alerts/message.ts';
import { escapeMrkdwn, link, truncate } from '#shared/alerts/mrkdwn.ts';
import { eventWithManyActions, HOSTILE_EVENT, SAMPLE_EVENTS, STOCKTON_PRIORITY_ACTIONS } from './golden/sample-events.ts';

const UPDATE = process.env.UPDATE_GOLDEN === '1';

/** Compares with tests/golden/<name>.json; UPDATE_GOLDEN=1 rewrites the file instead. */
function expectGolden(name: string, message: SlackMessage): void {
  const file = new URL(`./golden/${name}.json`, import.meta.url);
  const json = `${JSON.stringify(message, null, 2)}\n`;
  if (UPDATE) writeFileSync(file, json);
  expect(existsSync(file), `missing golden file tests/golden/${name}.json: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(JSON.parse(json)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

function allText(message: SlackMessage): string[] {
  const texts = [message.text];
  for (const block of message.blocks) {
    if ('text' in block && block.text) texts.push(block.text.text);
    if ('fields' in block && block.fields) texts.push(...block.fields.map((f) => f.text));
    if ('elements' in block) texts.push(...block.elements.map((e) => e.text));
  }
  return texts;
}

describe('alert messages: golden Block Kit for each kind', () => {
  for (const [name, event] of Object.entries(SAMPLE_EVENTS)) {
    it(`${name} matches tests/golden/${name}.json and is valid Block Kit`, () => {
      const message = buildEventMessage(event);
      expect(blockKitProblems(message)).toEqual([]);
      expectGolden(name, message);
    });
  }

  it('digest matches its golden file', () => {
    const message = buildDigestMessage([SAMPLE_EVENTS.downgrade, SAMPLE_EVENTS.urgent_action, SAMPLE_EVENTS.send_downgrade, SAMPLE_EVENTS.news_concern], '2022-10-29');
    expect(blockKitProblems(message)).toEqual([]);
    expectGolden('digest', message);
  });

  it('--test sample matches its golden file', () => {
    const message = buildTestMessage(
      { id: 'sub_test1234', target: { type: 'councils', councils: [SAMPLE_EVENTS.downgrade.council, SAMPLE_EVENTS.news_downgrade.council] }, events: ['downgrade', 'urgent_action'], delivery: 'instant' },
      8,
    );
    expect(blockKitProblems(message)).toEqual([]);
    expectGolden('test-message', message);
  });
});

describe('alert content', () => {
  it('a downgrade shows both grades with the dates of both inspections, and links to report, Ofsted page', () => {
    const message = buildEventMessage(SAMPLE_EVENTS.downgrade);
    const text = allText(message).join('\n');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: '🔻 Stockton-on-Tees: downgraded to Requires improvement' } });
    expect(text).toContain('*Good*');
    expect(text).toContain('*Requires improvement*');
    expect(text).toContain('23 May – 16 June 2016');
    expect(text).toContain('20–24 May 2019');
    expect(text).toContain('<https://files.ofsted.gov.uk/v1/file/50097839|Report (PDF)>');
    expect(text).toContain('<https://reports.ofsted.gov.uk/provider/44/80563|Stockton-on-Tees on the Ofsted site>');
    expect(message.text).toBe('Stockton-on-Tees: downgraded to Requires improvement (from Good to Requires improvement, inspection 20–24 May 2019)');
  });

  it('urgent action lists every area for priority action and links the news coverage', () => {
    const text = allText(buildEventMessage(SAMPLE_EVENTS.urgent_action)).join('\n');
    STOCKTON_PRIORITY_ACTIONS.forEach((action, i) => expect(text).toContain(`${i + 1}. ${action}`));
    expect(text).toContain('named *3 areas for priority action*');
    expect(text).toMatch(/<https:\/\/www\.communitycare\.co\.uk\/2022\/11\/15\/[^|]+\|Community Care: Council’s lack of social workers/);
  });

  it('an area SEND alert says it is a joint Ofsted and CQC inspection of the local area partnership, gives the outcome in words, each action with its owners, and the report', () => {
    const message = buildEventMessage(SAMPLE_EVENTS.send_urgent_action);
    const text = allText(message).join('\n');
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '🚨 Bury: area SEND inspection found widespread and/or systemic failings' } });
    expect(text).toContain('Ofsted and the Care Quality Commission inspected the *Bury local area partnership*');
    expect(text).toContain('*Outcome:* There are widespread and/or systemic failings leading to significant concerns');
    expect(text).toContain(`1. ${SAMPLE_EVENTS.send_urgent_action.priorityActions[0]}\n      _Responsible: Bury Metropolitan Borough Council; NHS Greater Manchester ICB_`);
    expect(text).toContain('<https://files.ofsted.gov.uk/v1/file/50250101|Report (PDF)>');
    expect(text).not.toMatch(/Requires improvement|Inadequate|not graded/);

    const down = allText(buildEventMessage(SAMPLE_EVENTS.send_downgrade)).join('\n');
    expect(down).toContain('*Before*\npositive experiences and outcomes');
    expect(down).toContain('*Now*\ninconsistent experiences and outcomes');
    expect(down).toContain('Worse than the previous area SEND inspection (20–24 March 2023): *positive experiences and outcomes*.');

    const hostile = { ...SAMPLE_EVENTS.send_urgent_action, priorityActionOwners: [['<!channel> Council & ICB'], []] };
    const escaped = allText(buildEventMessage(hostile)).join('\n');
    expect(escaped).toContain('_Responsible: &lt;!channel&gt; Council &amp; ICB_');
    expect(escaped).not.toContain('<!channel>');
  });

  it('a news-only downgrade says who reported it and links the article', () => {
    const message = buildEventMessage(SAMPLE_EVENTS.news_downgrade);
    expect(message.blocks[0]).toMatchObject({ text: { text: '🔻 Stoke-on-Trent: downgrade to Inadequate reported by Community Care' } });
    expect(allText(message).join('\n')).toContain('|Community Care: Stoke children’s services rated inadequate>');
  });
});

describe('alerts on the 2026 framework (four judgements, no overall grade)', () => {
  const NO_GRADE = /\bnull\b|\bNone\b|\bundefined\b|not graded|: *\n|→ *$|to *$/m;
  const framework2026 = { downgrade_2026: SAMPLE_EVENTS.downgrade_2026, upgrade_2026: SAMPLE_EVENTS.upgrade_2026, mixed_2026: SAMPLE_EVENTS.mixed_2026 };

  it('names what fell in the header (Somerset, June 2026)', () => {
    const message = buildEventMessage(SAMPLE_EVENTS.downgrade_2026);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: '🔻 Somerset: help and protection, children in care and leadership downgraded to Requires improvement' } });
    expect(message.text).toMatch(/^Somerset: help and protection, children in care and leadership downgraded to Requires improvement/);
  });

  it.each(Object.entries(framework2026))('%s lists all four judgements before and after', (_name, event) => {
    const text = allText(buildEventMessage(event)).join('\n');
    for (const label of ['Impact of leaders on social work practice', 'Children who need help and protection', 'Children in care', 'Care leavers']) {
      expect(text).toMatch(new RegExp(`• ${label}: (Outstanding|Good|Requires improvement|Inadequate)( → (Outstanding|Good|Requires improvement|Inadequate)| \\(no change\\))\n`));
    }
  });

  it.each(Object.entries({ ...framework2026, urgent_action_new_council: SAMPLE_EVENTS.urgent_action_new_council }))('%s never shows a missing grade as null, None or empty', (_name, event) => {
    for (const text of allText(buildEventMessage(event))) expect(text).not.toMatch(NO_GRADE);
    expect(buildDigestMessage([event], '2026-07-28').text).not.toMatch(NO_GRADE);
  });

  it('a mixed result is a downgrade that names only what fell, worst first, and shows what rose in the list', () => {
    const message = buildEventMessage(SAMPLE_EVENTS.mixed_2026);
    expect(message.blocks[0]).toMatchObject({ text: { text: '🔻 Example Borough: help and protection downgraded to Inadequate, leadership to Requires improvement' } });
    expect(allText(message).join('\n')).toContain('• Care leavers: Good → Outstanding');
  });

  it('an upgrade names what rose; an inadequate first inspection of a new council says it is the first', () => {
    expect(buildEventMessage(SAMPLE_EVENTS.upgrade_2026).blocks[0]).toMatchObject({ text: { text: '🔺 Blackpool: children in care, care leavers and leadership upgraded to Outstanding, help and protection to Good' } });
    const first = allText(buildEventMessage(SAMPLE_EVENTS.urgent_action_new_council)).join('\n');
    expect(first).toContain('🚨 Bournemouth, Christchurch and Poole: urgent action: first inspection judged inadequate');
    expect(first).toContain('The first inspection of Bournemouth, Christchurch and Poole on record.');
    expect(first).toContain('• Children who need help and protection: Inadequate\n');
  });

  it('an urgent action on the new framework names the inadequate judgements, not "null to null"', () => {
    const event = { ...SAMPLE_EVENTS.downgrade_2026, kind: 'urgent_action' as const, previous: null, from: null, judgementChanges: [],
      inspection: { ...SAMPLE_EVENTS.downgrade_2026.inspection!, judgements: { impactOfLeaders: 'inadequate' as const, helpAndProtection: 'inadequate' as const, inCare: 'good' as const, careLeavers: 'good' as const } } };
    const message = buildEventMessage(event);
    expect(message.blocks[0]).toMatchObject({ text: { text: '🚨 Somerset: urgent action: help and protection and leadership judged Inadequate' } });
    for (const text of allText(message)) expect(text).not.toMatch(NO_GRADE);
  });
});

describe('escaping what came from outside', () => {
  const message = buildEventMessage(HOSTILE_EVENT);
  const texts = allText(message);

  it('no text anywhere can ping: <!channel>, <!here>, <@U…> and bare @everyone are neutralised', () => {
    for (const text of texts) {
      expect(text).not.toMatch(/<!channel>|<!here>|<@U/);
      expect(text).not.toMatch(/@everyone|@channel|@here/);
    }
    expect(texts.join('\n')).toContain('&lt;!channel&gt;');
  });

  it('the fallback text is escaped too', () => {
    expect(message.text).toContain('Stockton-on-Tees &lt;!here&gt;');
    expect(message.text).not.toContain('<');
  });

  it('link labels are escaped, URLs cannot break out, non-http links are dropped', () => {
    const links = texts.join('\n');
    expect(links).toContain('|The &lt;!channel&gt; Times &amp; Post: &lt;!channel&gt; Urgent: council &lt;b&gt;failed&lt;/b&gt; ¦ children>');
    expect(links).toContain('<https://news.example.org/a?x=1&y=%3C2%3E|');
    expect(links).not.toContain('javascript:');
    // Every < opens a well-formed link: <http(s)://…|label>.
    for (const text of texts) {
      for (const match of text.matchAll(/</g)) expect(text.slice(match.index)).toMatch(/^<https?:\/\/[^<>|\s]+\|[^<>]*>/);
    }
  });

  it('escape helpers: & < > and truncation never splits an entity', () => {
    expect(escapeMrkdwn('a & <b> c')).toBe('a &amp; &lt;b&gt; c');
    expect(truncate('ab &amp; cd', 6)).toBe('ab…');
    expect(link('ftp://x', 'a<b')).toBe('a&lt;b');
  });
});

describe("Slack's limits", () => {
  it('30 long priority actions, 14 judgement changes and 13 news links stay within every limit, ending lists with "and N more"', () => {
    const event = eventWithManyActions(30);
    const message = buildEventMessage(event);
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    const text = allText(message).join('\n');
    expect(text).toContain('1. Priority action 1:');
    expect(text).toContain('10. Priority action 10:');
    expect(text).not.toContain('Priority action 11:');
    expect(text).toContain('…and 20 more in the report');
    expect(text).toContain('…and 4 more judgements');
    expect(text).toContain('…and 8 more news reports');
  });

  it('a header never exceeds 150 characters, a section never 3,000', () => {
    const long = { ...SAMPLE_EVENTS.news_concern, council: { ...SAMPLE_EVENTS.news_concern.council, name: 'X'.repeat(400) }, evidence: 'word '.repeat(2000) };
    const message = buildEventMessage(long);
    expect(blockKitProblems(message)).toEqual([]);
    const headerBlock = message.blocks[0]!;
    expect(headerBlock.type === 'header' && headerBlock.text.text.length).toBe(SLACK_LIMITS.headerText);
  });

  it('a digest of 120 events keeps to 50 blocks and says how many more there are', () => {
    const events = Array.from({ length: 120 }, (_, i) => ({ ...SAMPLE_EVENTS.downgrade, id: `e${i}`, council: { ...SAMPLE_EVENTS.downgrade.council, name: `Council ${i}` } }));
    const message = buildDigestMessage(events, '2024-05-01');
    expect(blockKitProblems(message)).toEqual([]);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
    expect(allText(message).join('\n')).toContain('…and 74 more alerts not shown');
    expect(message.blocks[0]).toMatchObject({ text: { text: 'Ofsted watch daily digest: 120 alerts' } });
  });

  it('the validator reports each broken limit', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } },
      { type: 'section', text: { type: 'mrkdwn', text: 's'.repeat(3001) } },
      ...Array.from({ length: 49 }, () => ({ type: 'divider' })),
    ];
    const problems = blockKitProblems({ text: 'x', blocks });
    expect(problems).toEqual([
      '51 blocks (at most 50)',
      'blocks[0]: header text is 151 characters (at most 150)',
      'blocks[1]: section text is 3001 characters (at most 3000)',
    ]);
    expect(blockKitProblems({})).toEqual(['no text and no blocks']);
    expect(blockKitProblems({ text: 'x', blocks: [{ type: 'sectoin' }] })).toEqual(['blocks[0]: unsupported block type "sectoin"']);
  });
});
