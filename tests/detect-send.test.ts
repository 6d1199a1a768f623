/**
 * Area SEND inspections as events: widespread and/or systemic failings, or any
 * area for priority action, is an urgent action; an outcome worse than the
 * area's previous SEND inspection is a downgrade. SEND outcomes are never
 * compared with children's services grades.
 */
import { describe, expect, it } from 'vitest';
import { detectEvent } from '#shared/crawl/detect.ts';
import type { InspectionRecord, SendOutcome } from '#shared/domain/inspection.ts';
import { eventArea } from '#shared/domain/events.ts';
import { record } from './helpers/records.ts';

const now = '2024-05-08T09:00:00.000Z';
const OWNERS = ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'];

function send(fileId: string, published: string, outcome: SendOutcome | null, priorityActions: string[] = [], extra: Partial<InspectionRecord> = {}): InspectionRecord {
  return record({
    ...extra,
    fileId,
    published,
    framework: 'send',
    kind: 'send',
    overall: null,
    sendOutcome: outcome,
    priorityActions,
    priorityActionOwners: priorityActions.map(() => OWNERS),
    publicationType: 'Area SEND full inspection',
    subtype: extra.subtype ?? 'area send inspection',
  });
}

const focusedVisit = record({ fileId: 'fv', published: '2019-08-23', framework: 'ilacs', kind: 'focused_visit', overall: null, publicationType: "Children's services focused visit" });
const goodInspection = record({ fileId: 'ilacs', published: '2021-12-17', overall: 'good' });

describe('detectEvent for area SEND inspections', () => {
  it('makes systemic failings with priority actions an urgent action, with the owners of each action', () => {
    const event = detectEvent({ record: send('s2', '2024-05-07', 'systemic_failings', ['Act on waiting times.', 'Improve EHC plans.']), history: [focusedVisit, goodInspection], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'urgent_action', alsoKinds: [], from: null, to: null, previous: null, priorityActions: ['Act on waiting times.', 'Improve EHC plans.'] });
    expect(event?.priorityActionOwners).toEqual([OWNERS, OWNERS]);
    expect(event?.inspection).toMatchObject({ framework: 'send', kind: 'send', sendOutcome: 'systemic_failings' });
    expect(event && eventArea(event)).toBe('send');
  });

  it('makes systemic failings alone urgent, and a priority action alone urgent', () => {
    expect(detectEvent({ record: send('s2', '2024-05-07', 'systemic_failings'), history: [focusedVisit], mode: 'live', now })?.kind).toBe('urgent_action');
    expect(detectEvent({ record: send('s2', '2024-05-07', 'inconsistent', ['Act on waiting times.']), history: [focusedVisit], mode: 'live', now })?.kind).toBe('urgent_action');
  });

  it('gives no event for a first SEND outcome that is positive or inconsistent, whatever the children’s services grade was', () => {
    expect(detectEvent({ record: send('s2', '2024-05-07', 'inconsistent'), history: [goodInspection], mode: 'live', now })).toBeNull();
    expect(detectEvent({ record: send('s2', '2024-05-07', 'positive'), history: [focusedVisit], mode: 'live', now })).toBeNull();
  });

  it('is a downgrade when the outcome is worse than the area’s previous SEND inspection', () => {
    const earlier = send('s1', '2023-06-01', 'positive');
    const event = detectEvent({ record: send('s2', '2024-05-07', 'inconsistent'), history: [earlier, goodInspection], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', alsoKinds: [], from: null, to: null });
    expect(event?.previous).toMatchObject({ fileId: 's1', sendOutcome: 'positive' });
    expect(event?.inspection).toMatchObject({ fileId: 's2', sendOutcome: 'inconsistent' });

    const failing = detectEvent({ record: send('s3', '2025-05-07', 'systemic_failings', ['Act on waiting times.']), history: [earlier], mode: 'live', now });
    expect(failing).toMatchObject({ kind: 'downgrade', alsoKinds: ['urgent_action'] });
  });

  it('compares with the last full SEND inspection, not a monitoring inspection, and notes an improvement as an upgrade', () => {
    const earlier = send('s1', '2023-06-01', 'systemic_failings');
    const monitoring = send('m1', '2024-01-10', null, [], { subtype: 'area send monitoring inspection' });
    const event = detectEvent({ record: send('s2', '2025-05-07', 'inconsistent'), history: [earlier, monitoring], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'upgrade', previous: { fileId: 's1', sendOutcome: 'systemic_failings' } });
    expect(detectEvent({ record: monitoring, history: [earlier], mode: 'live', now })).toBeNull();
  });

  it('never compares a children’s services inspection with a SEND outcome', () => {
    const inadequateAfterSend = record({ fileId: 'late', published: '2025-01-01', overall: 'requires_improvement' });
    const event = detectEvent({ record: inadequateAfterSend, history: [send('s1', '2024-05-07', 'positive'), goodInspection], mode: 'live', now });
    expect(event).toMatchObject({ kind: 'downgrade', previous: { fileId: 'ilacs' }, from: 'good', to: 'requires_improvement' });
    expect(event && eventArea(event)).toBe('childrens_services');
  });
});
