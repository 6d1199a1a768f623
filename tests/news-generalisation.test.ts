import { describe, expect, it } from 'vitest';
import { extractCouncilEvents } from '#shared/news/extract.ts';
import { articleFromPlainText } from '#shared/news/text.ts';

/** One council's primary event from a two-line article: "kind from→to". */
function read(headline: string, body: string, published = '2024-05-01'): Record<string, string> {
  const events = extractCouncilEvents(articleFromPlainText(`${headline}\n\n${body}`, published));
  return Object.fromEntries(events.map((e) => [e.council.name, `${e.kind} ${e.from ?? '-'}→${e.to ?? '-'}`]));
}

describe('forms of the news the press uses, read by class', () => {
  it('reads an opening phrase with its own time apart from the news after it', () => {
    expect(read('Ofsted verdict on Walsall', "Previously rated good, Walsall's children's services have now been rated inadequate by Ofsted.").Walsall).toBe('downgrade good→inadequate');
    expect(read('Ofsted verdict on Walsall', 'Walsall Council, which was rated good in 2019, has been rated inadequate by Ofsted.').Walsall).toBe('downgrade good→inadequate');
    expect(read('Ofsted verdict', 'The council, rated good at its last inspection, is now rated requires improvement by Ofsted, inspectors said of Walsall.').Walsall).toBe('downgrade good→requires_improvement');
  });

  it('gives history words after a compared grade to that grade', () => {
    const body = "Bedford Borough Council's children's services were judged inadequate by Ofsted, down from requires improvement at the council's previous inspection in 2019.";
    expect(read('Ofsted round-up', body).Bedford).toBe('downgrade requires_improvement→inadequate');
  });

  it('reads present-tense headline verbs and a lost grade without a determiner', () => {
    expect(read('Bedford falls to inadequate', 'Ofsted published its report on Tuesday.').Bedford).toMatch(/^downgrade .*→inadequate$/);
    expect(read("Hampshire Children's Services Lose 'Outstanding' Rating After Ofsted Visit", "Hampshire County Council's children's services have been rated good by Ofsted.").Hampshire).toBe('downgrade outstanding→good');
  });

  it('reads interventions told in other words', () => {
    expect(read("Walsall gets children's services commissioner", 'The Department for Education said the move followed an Ofsted inspection.').Walsall).toMatch(/^urgent_action/);
    expect(read("Government intervenes in Walsall children's services", 'Ministers said Ofsted had found serious failings.').Walsall).toMatch(/^urgent_action/);
    expect(read('Walsall news', 'An improvement notice has been issued to Walsall Council.').Walsall).toMatch(/^urgent_action/);
    expect(read('Walsall news', 'An improvement adviser, appointed by the Department for Education, will work alongside Walsall Council.').Walsall).toMatch(/^urgent_action/);
    expect(read('Walsall news', 'The education secretary has used her powers under section 497A to direct Walsall Council to work with a partner.').Walsall).toMatch(/^urgent_action/);
  });

  it('gives a commissioner to the council appointed now, not the one the person served before', () => {
    const first = read('Commissioner news', "Children's services need help, the DfE said. The commissioner appointed in Dudley this week previously worked as commissioner at Walsall in 2021.");
    expect(first.Dudley).toMatch(/^urgent_action/);
    expect(first.Walsall).not.toMatch(/^urgent_action/);
    const second = read('Commissioner news', "Children's services need help, the DfE said. Jane Smith, who was appointed commissioner in Walsall last year, has now been appointed commissioner in Dudley.");
    expect(second.Dudley).toMatch(/^urgent_action/);
    expect(second.Walsall).not.toMatch(/^urgent_action/);
  });

  it('does not take other commissioners, powers or directions for an intervention in children\'s services', () => {
    expect(read('Visit to Salford', "The Children's Commissioner for England visited Salford to meet children in care.").Salford).not.toMatch(/^urgent_action/);
    expect(read('Council news', 'Walsall Council used its powers to close the road, said the council, whose children\'s services Ofsted rated good.').Walsall).not.toMatch(/^urgent_action/);
    expect(read('Ofsted news', 'The minister directed Ofsted to inspect Walsall again.').Walsall).not.toMatch(/^urgent_action/);
    expect(read('Commissioners for Nottingham', 'The government is sending commissioners into Nottingham City Council after a best value inspection found failings in its finances.').Nottingham).not.toMatch(/^urgent_action/);
  });

  it('keeps negated verb chains and "stopped short of" out of the news', () => {
    expect(read('Calderdale news', 'The council has not been issued with an improvement notice, Ofsted said.').Calderdale).not.toMatch(/^urgent_action/);
    expect(read('Norfolk news', "Ofsted stopped short of rating Norfolk's children's services inadequate, judging them to require improvement instead.").Norfolk).toBe('concern -→requires_improvement');
  });

  it('reads "told to improve" as requires improvement, except after a visit that gives no grade', () => {
    expect(read('Bolton Council told to improve children\'s services', 'Bolton was rated good by Ofsted at its last full inspection, in 2019.').Bolton).toBe('downgrade good→requires_improvement');
    expect(read('Bolton Council told to improve after focused visit', 'Bolton was rated good by Ofsted at its last full inspection, in 2019.').Bolton).not.toMatch(/^downgrade/);
  });

  it('gives no event from grade words in an article with no children\'s services or inspection in it', () => {
    expect(read("Councillors brand Brent housing repairs service 'failing'", 'Brent Council\'s housing repairs service has been branded "failing" by councillors.').Brent).not.toMatch(/^urgent_action/);
  });

  it('reads a grade given by another inspectorate to another body as another subject', () => {
    expect(read('Devon and Cornwall Police rated inadequate', 'Devon and Cornwall Police has been rated inadequate by the inspectorate.').Devon).not.toMatch(/^urgent_action/);
    expect(read("Care watchdog rates Haringey adult social care 'inadequate'", "Haringey Council's adult social care services have been rated inadequate by the Care Quality Commission.").Haringey).not.toMatch(/^(?:urgent_action|downgrade)/);
  });

  it('does not read a month that looks forward as history', () => {
    expect(read('Luton to lose control of children\'s services', "Ministers have decided Luton's children's services will be run by an independent children's trust from next April.", '').Luton).toMatch(/^urgent_action/);
  });
});
