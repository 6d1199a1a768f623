import { gradedByOf, type InspectionRecord } from '#shared/domain/inspection.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';

/** An inspection record with plausible defaults, for tests of rules over history. */
export function record(overrides: Partial<InspectionRecord> & { fileId: string; published: string }): InspectionRecord {
  const facts: Omit<InspectionRecord, 'gradedBy'> = {
    framework: 'ilacs',
    kind: 'inspection',
    subtype: 'ilacs standard',
    councilName: 'Stockton-on-Tees Borough Council',
    council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' },
    inspectionStart: null,
    inspectionEnd: null,
    leadInspector: null,
    overall: 'good',
    judgements: {},
    priorityActions: [],
    priorityActionsCarriedOver: false,
    dfeNotified: false,
    sendOutcome: null,
    cqcLeadInspector: null,
    pages: 1,
    sourceUrl: `http://files.example/v1/file/${overrides.fileId}`,
    providerUrl: 'http://reports.example/provider/44/80563',
    publicationType: "Children's services inspection",
    contentSha256: `sha-${overrides.fileId}`,
    parserVersion: 'test',
    ...overrides,
  };
  return { ...facts, gradedBy: overrides.gradedBy === undefined ? gradedByOf(facts) : overrides.gradedBy };
}

export function newsEvent(overrides: Partial<CouncilEvent> & { id: string }): CouncilEvent {
  return {
    kind: 'downgrade',
    alsoKinds: [],
    council: { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' },
    from: 'requires_improvement',
    to: 'inadequate',
    previous: null,
    inspection: null,
    priorityActions: [],
    judgementChanges: [],
    evidence: 'Stoke-on-Trent has been rated inadequate by Ofsted.',
    sources: [{ type: 'news', url: `https://news.example/${overrides.id}`, outlet: 'Community Care', title: 'Council branded inadequate', published: '2022-11-25' }],
    detectedAt: '2022-11-25T10:00:00.000Z',
    occurredOn: '2022-11-25',
    ...overrides,
  };
}
