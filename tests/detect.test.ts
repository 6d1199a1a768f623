import { describe, expect, it } from 'vitest';
import { detectEvent } from '#shared/crawl/detect.ts';
import { isAlertable } from '#shared/domain/events.ts';
import type { Grade } from '#shared/domain/grades.ts';
import { record } from './helpers/records.ts';

const now = '2026-11-22T09:00:00.000Z';
const good2016 = record({ fileId: 'a', published: '2016-08-05', framework: 'sif', overall: 'good', judgements: { helpAndProtection: 'good', lookedAfter: 'requires_improvement', leadership: 'good' } });
const ri2019 = record({ fileId: 'b', published: '2019-07-01', overall: 'requires_improvement', judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCareAndCareLeavers: 'requires_improvement' } });

describe('detectEvent', () => {
  it('emits a downgrade with from/to and the previous inspection when overall gets worse', () => {
    const event = detectEvent({ record: ri2019, history: [good2016], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', from: 'good', to: 'requires_improvement', alsoKinds: [] });
    expect(event?.previous?.fileId).toBe('a');
    expect(event?.judgementChanges).toEqual([
      { key: 'impactOfLeaders', from: 'good', to: 'requires_improvement' },
      { key: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
    ]);
  });

  it('makes a council\'s first report a first_record, not an alert, when nothing in it is inadequate', () => {
    const event = detectEvent({ record: ri2019, history: [], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'first_record', alsoKinds: [], from: null, previous: null });
  });

  it('makes a council\'s first report an urgent action when it judges anything inadequate, every judgement a change from null', () => {
    const bcp = record({ fileId: 'bcp', published: '2022-02-11', overall: 'inadequate', judgements: { impactOfLeaders: 'inadequate', helpAndProtection: 'inadequate', inCareAndCareLeavers: 'requires_improvement', careLeavers: null } });
    const event = detectEvent({ record: bcp, history: [], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'urgent_action', alsoKinds: ['first_record'], from: null, to: 'inadequate' });
    expect(event?.judgementChanges).toEqual([
      { key: 'impactOfLeaders', from: null, to: 'inadequate' },
      { key: 'helpAndProtection', from: null, to: 'inadequate' },
      { key: 'inCareAndCareLeavers', from: null, to: 'requires_improvement' },
    ]);
  });

  it('treats the first readable report after unreadable ones like a first report', () => {
    const visit = record({ fileId: 'v', published: '2021-01-01', framework: 'other', kind: 'focused_visit', overall: null });
    const inadequate = record({ fileId: 'w', published: '2022-01-01', overall: null, judgements: { impactOfLeaders: 'inadequate', helpAndProtection: 'good', inCare: 'good', careLeavers: 'good' } });
    expect(detectEvent({ record: inadequate, history: [visit], mode: 'live', now })).toMatchObject({ kind: 'urgent_action', alsoKinds: [], previous: null });
  });

  it('records a baseline without events', () => {
    expect(detectEvent({ record: ri2019, history: [good2016], mode: 'baseline', now })).toBeNull();
  });

  it('marks a downgrade to inadequate as also an urgent action, one event not two', () => {
    const event = detectEvent({ record: { ...ri2019, overall: 'inadequate' }, history: [good2016], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', alsoKinds: ['urgent_action'], to: 'inadequate' });
  });

  it('emits urgent_action for a letter naming areas for priority action', () => {
    const visit = record({ fileId: 'c', published: '2022-10-20', framework: 'other', kind: 'focused_visit', overall: null, priorityActions: ['Strategy meetings', 'Assessments', 'Management oversight'] });
    const event = detectEvent({ record: visit, history: [good2016, ri2019], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'urgent_action', from: null, to: null });
    expect(event?.priorityActions).toHaveLength(3);
  });

  it('emits nothing for a letter without priority actions', () => {
    const visit = record({ fileId: 'c', published: '2022-10-20', framework: 'other', kind: 'focused_visit', overall: null });
    expect(detectEvent({ record: visit, history: [ri2019], mode: 'live', now })).toBeNull();
  });

  it('emits urgent_action for any inadequate judgement with an unchanged overall grade', () => {
    const current = record({ fileId: 'd', published: '2023-05-09', overall: 'requires_improvement', judgements: { careLeavers: 'inadequate', inCare: 'requires_improvement' } });
    const event = detectEvent({ record: current, history: [ri2019], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'urgent_action', alsoKinds: ['subjudgement_downgrade'] });
  });

  it('emits an upgrade, and compares only full inspections (not an LSCB review in between)', () => {
    const lscb = record({ fileId: 'l', published: '2018-01-01', framework: 'other', kind: 'other', overall: 'outstanding', judgements: { lscb: 'outstanding' } });
    const good2023 = record({ fileId: 'e', published: '2023-05-09', overall: 'good' });
    expect(detectEvent({ record: good2023, history: [ri2019, lscb], mode: 'live', now })).toMatchObject({ kind: 'upgrade', from: 'requires_improvement', to: 'good' });
    const ri2020 = record({ fileId: 'f', published: '2020-01-01', overall: 'requires_improvement' });
    expect(detectEvent({ record: ri2020, history: [good2016, lscb], mode: 'live', now })).toMatchObject({ kind: 'downgrade', from: 'good' });
  });

  it('treats historic "adequate" like requires improvement', () => {
    const adequate = record({ fileId: 'g', published: '2012-01-01', framework: 'sif', overall: 'adequate' });
    const ri = record({ fileId: 'h', published: '2015-01-01', framework: 'sif', overall: 'requires_improvement' });
    expect(detectEvent({ record: ri, history: [adequate], mode: 'live', now })).toBeNull();
  });

  it('emits a subjudgement_downgrade when the overall grade holds but a judgement falls', () => {
    const before = record({ fileId: 'i', published: '2019-01-01', overall: 'good', judgements: { helpAndProtection: 'good', inCare: 'good' } });
    const after = record({ fileId: 'j', published: '2023-01-01', overall: 'good', judgements: { helpAndProtection: 'requires_improvement', inCare: 'good' } });
    expect(detectEvent({ record: after, history: [before], mode: 'live', now })).toMatchObject({
      kind: 'subjudgement_downgrade',
      judgementChanges: [{ key: 'helpAndProtection', from: 'good', to: 'requires_improvement' }],
    });
  });

  it('does not alert twice for one inspection published again with the same findings', () => {
    const report = record({ fileId: 'r1', published: '2022-02-11', inspectionStart: '2021-12-06', inspectionEnd: '2021-12-17', overall: 'inadequate', judgements: { impactOfLeaders: 'inadequate' } });
    const again = { ...report, fileId: 'r2', published: '2022-02-14' };
    expect(detectEvent({ record: report, history: [], mode: 'live', now })).toMatchObject({ kind: 'urgent_action' });
    expect(detectEvent({ record: again, history: [report], mode: 'live', now })).toBeNull();
    // Corrected grades are compared with the inspection before, not with the first version of the same one.
    const corrected = { ...report, fileId: 'r3', published: '2022-02-20', overall: 'requires_improvement' as const, judgements: { impactOfLeaders: 'requires_improvement' as const } };
    expect(detectEvent({ record: corrected, history: [good2016, report], mode: 'live', now })).toMatchObject({ kind: 'downgrade', from: 'good', previous: { fileId: 'a' } });
  });

  it('does not alert on an older report discovered after a newer one', () => {
    expect(detectEvent({ record: good2016, history: [ri2019], mode: 'live', now })).toBeNull();
  });

  it('gives the same event id whatever the run, so writes are idempotent', () => {
    const a = detectEvent({ record: ri2019, history: [good2016], mode: 'live', now });
    const b = detectEvent({ record: ri2019, history: [good2016, ri2019], mode: 'live', now: '2030-01-01T00:00:00Z' });
    expect(a?.id).toBe(b?.id);
    expect(a?.id).toBe('ofsted-80563-b');
  });
});

describe('detectEvent on the 2026 framework (four judgements, no overall grade)', () => {
  const four = (impactOfLeaders: Grade, helpAndProtection: Grade, inCare: Grade, careLeavers: Grade) => ({ impactOfLeaders, helpAndProtection, inCare, careLeavers });
  const somerset2022 = record({ fileId: 's22', published: '2022-09-21', overall: 'good', judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCareAndCareLeavers: 'good', careLeavers: null } });
  const somerset2026 = record({ fileId: 's26', published: '2026-06-17', overall: null, judgements: four('requires_improvement', 'requires_improvement', 'requires_improvement', 'good') });

  it('is a downgrade when any judgement is worse than the same one at the previous full inspection, with every change', () => {
    const event = detectEvent({ record: somerset2026, history: [somerset2022], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', alsoKinds: [], from: 'good', to: null, previous: { fileId: 's22', overall: 'good' } });
    expect(event?.inspection).toMatchObject({ gradedBy: 'judgements', judgements: somerset2026.judgements });
    expect(event?.judgementChanges).toEqual([
      { key: 'impactOfLeaders', from: 'good', to: 'requires_improvement' },
      { key: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
      { key: 'inCare', from: 'good', to: 'requires_improvement' },
    ]);
  });

  it('is an upgrade (not an alert) when some judgements are better and none worse', () => {
    const blackpool2023 = record({ fileId: 'b23', published: '2023-02-01', overall: 'requires_improvement', judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCareAndCareLeavers: 'good', careLeavers: null } });
    const blackpool2026 = record({ fileId: 'b26', published: '2026-07-28', overall: null, judgements: four('outstanding', 'good', 'outstanding', 'outstanding') });
    const event = detectEvent({ record: blackpool2026, history: [blackpool2023], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'upgrade', alsoKinds: [] });
    expect(isAlertable(event!)).toBe(false);
    expect(event?.judgementChanges.map((c) => c.key)).toEqual(['impactOfLeaders', 'helpAndProtection', 'inCare', 'careLeavers']);
  });

  it('is a downgrade when one judgement falls and another rises', () => {
    const before = record({ fileId: 'm1', published: '2023-03-01', overall: 'good', judgements: four('good', 'good', 'good', 'requires_improvement') });
    const after = record({ fileId: 'm2', published: '2026-08-01', overall: null, judgements: four('good', 'requires_improvement', 'good', 'good') });
    const event = detectEvent({ record: after, history: [before], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade' });
    expect(event?.judgementChanges).toEqual([
      { key: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
      { key: 'careLeavers', from: 'requires_improvement', to: 'good' },
    ]);
  });

  it('is a downgrade and an urgent action when judgements fall to inadequate (one event, not "null to null" urgent action)', () => {
    const before = record({ fileId: 't1', published: '2022-05-01', overall: 'requires_improvement', judgements: four('requires_improvement', 'requires_improvement', 'good', 'good') });
    const after = record({ fileId: 't2', published: '2026-08-20', overall: null, judgements: four('inadequate', 'inadequate', 'good', 'good') });
    expect(detectEvent({ record: after, history: [before], mode: 'live', now })).toMatchObject({ kind: 'downgrade', alsoKinds: ['urgent_action'] });
  });

  it('compares across frameworks: SIF leadership, looked after and care leavers stand for the 2026 judgements', () => {
    const sif = record({ fileId: 'sif', published: '2017-01-01', framework: 'sif', overall: 'good', judgements: { helpAndProtection: 'good', lookedAfter: 'outstanding', adoption: 'good', careLeavers: 'good', leadership: 'good' } });
    const after = record({ fileId: 'i26', published: '2026-07-01', overall: null, judgements: four('good', 'good', 'good', 'good') });
    const event = detectEvent({ record: after, history: [sif], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', judgementChanges: [{ key: 'inCare', from: 'outstanding', to: 'good' }] });
  });

  it('compares two 2026 reports judgement by judgement, and is quiet when nothing changed', () => {
    const first = record({ fileId: 'n1', published: '2026-05-01', overall: null, judgements: four('good', 'good', 'good', 'good') });
    const same = record({ fileId: 'n2', published: '2026-11-01', overall: null, judgements: four('good', 'good', 'good', 'good') });
    expect(detectEvent({ record: same, history: [first], mode: 'live', now })).toBeNull();
    const worse = record({ fileId: 'n3', published: '2026-11-01', overall: null, judgements: four('good', 'good', 'good', 'requires_improvement') });
    expect(detectEvent({ record: worse, history: [first], mode: 'live', now })).toMatchObject({ kind: 'downgrade', judgementChanges: [{ key: 'careLeavers', from: 'good', to: 'requires_improvement' }] });
  });
});

describe('detectEvent: what is compared with what', () => {
  const four = (impactOfLeaders: Grade, helpAndProtection: Grade, inCare: Grade, careLeavers: Grade) => ({ impactOfLeaders, helpAndProtection, inCare, careLeavers });

  it('gives a fall to inadequate on the 2026 framework as one downgrade carrying every changed judgement (Trafford, August 2026)', () => {
    const before = record({ fileId: 'tr23', published: '2023-04-01', overall: 'requires_improvement', judgements: four('requires_improvement', 'requires_improvement', 'requires_improvement', 'good') });
    const after = record({ fileId: 'tr26', published: '2026-08-20', overall: null, judgements: four('inadequate', 'inadequate', 'requires_improvement', 'good') });
    const event = detectEvent({ record: after, history: [before], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', alsoKinds: ['urgent_action'], from: 'requires_improvement', to: null, previous: { fileId: 'tr23' } });
    expect(event?.judgementChanges).toEqual([
      { key: 'impactOfLeaders', from: 'requires_improvement', to: 'inadequate' },
      { key: 'helpAndProtection', from: 'requires_improvement', to: 'inadequate' },
    ]);
  });

  it('does not alert a 2026 report that improved on an inadequate inspection, one judgement still requiring improvement (Liverpool, July 2026)', () => {
    const before = record({ fileId: 'lv23', published: '2023-06-01', overall: 'inadequate', judgements: four('inadequate', 'inadequate', 'requires_improvement', 'requires_improvement') });
    const after = record({ fileId: 'lv26', published: '2026-07-15', overall: null, judgements: four('good', 'good', 'good', 'requires_improvement') });
    const event = detectEvent({ record: after, history: [before], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'upgrade', alsoKinds: [] });
    expect(isAlertable(event!)).toBe(false);
  });

  it('fills both 2026 judgements from the pre-2023 combined "children in care and care leavers"', () => {
    const before = record({ fileId: 'c21', published: '2021-03-01', overall: 'good', judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCareAndCareLeavers: 'good', careLeavers: null } });
    const after = record({ fileId: 'c26', published: '2026-09-01', overall: null, judgements: four('good', 'good', 'good', 'requires_improvement') });
    expect(detectEvent({ record: after, history: [before], mode: 'live', now })).toMatchObject({
      kind: 'downgrade',
      judgementChanges: [{ key: 'careLeavers', from: 'good', to: 'requires_improvement' }],
    });
  });

  it('never counts a judgement the previous inspection did not grade as a fall', () => {
    const sif = record({ fileId: 'sif', published: '2016-01-01', framework: 'sif', overall: 'good', judgements: { helpAndProtection: 'good', lookedAfter: 'good', adoption: null, careLeavers: null, leadership: 'good' } });
    const after = record({ fileId: 'i26', published: '2026-07-01', overall: null, judgements: four('good', 'good', 'good', 'requires_improvement') });
    const event = detectEvent({ record: after, history: [sif], mode: 'live', now });
    expect(event).toBeNull();
  });

  it('is quiet when the overall grade and every judgement are the same as before', () => {
    const first = record({ fileId: 'e1', published: '2019-01-01', overall: 'good', judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCareAndCareLeavers: 'good' } });
    const second = record({ fileId: 'e2', published: '2023-01-01', overall: 'good', judgements: four('good', 'good', 'good', 'good') });
    expect(detectEvent({ record: second, history: [first], mode: 'live', now })).toBeNull();
  });

  it('judges a report like a first report when the full inspection before it could not be graded, never against an older one', () => {
    const old = record({ fileId: 'o1', published: '2016-01-01', framework: 'sif', overall: 'outstanding', judgements: { helpAndProtection: 'outstanding', lookedAfter: 'outstanding', careLeavers: 'outstanding', leadership: 'outstanding' } });
    // Inspected in 2021: it had an overall grade, which could not be read.
    const unread = record({ fileId: 'o2', published: '2021-05-01', inspectionStart: '2021-03-01', overall: null, judgements: {} });
    const ri = record({ fileId: 'o3', published: '2026-07-01', overall: null, judgements: four('requires_improvement', 'good', 'good', 'good') });
    expect(detectEvent({ record: ri, history: [old, unread], mode: 'live', now })).toBeNull();
    const inadequate = record({ fileId: 'o4', published: '2026-07-01', overall: null, judgements: four('inadequate', 'good', 'good', 'good') });
    expect(detectEvent({ record: inadequate, history: [old, unread], mode: 'live', now })).toMatchObject({ kind: 'urgent_action', alsoKinds: [], previous: null, from: null });
  });

  it('does not alert twice for the very same file published again, even when its dates could not be read', () => {
    const report = record({ fileId: 'f1', published: '2024-02-13', overall: 'inadequate', judgements: four('inadequate', 'inadequate', 'inadequate', 'requires_improvement'), contentSha256: 'same-bytes' });
    const again = { ...report, fileId: 'f2', published: '2024-03-01' };
    expect(detectEvent({ record: report, history: [], mode: 'live', now })).toMatchObject({ kind: 'urgent_action' });
    expect(detectEvent({ record: again, history: [report], mode: 'live', now })).toBeNull();
  });
});
