import { describe, expect, it } from 'vitest';
import { detectEvent } from '#shared/crawl/detect.ts';
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

  it('makes a council\'s first report a first_record, even when it is inadequate', () => {
    const event = detectEvent({ record: { ...ri2019, overall: 'inadequate' }, history: [], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'first_record', alsoKinds: [] });
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
