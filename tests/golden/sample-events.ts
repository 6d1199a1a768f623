/**
 * Council events for the message tests, built from real published facts
 * (Stockton-on-Tees, Stoke-on-Trent, Tameside: see tests/fixtures) with
 * illustrative file ids. One per message kind the alerts send.
 */
import { detectEvent } from '#shared/crawl/detect.ts';
import type { CouncilRef } from '#shared/domain/council.ts';
import type { CouncilEvent, EventInspection, EventSource } from '#shared/domain/events.ts';
import type { Grade } from '#shared/domain/grades.ts';
import type { InspectionRecord } from '#shared/domain/inspection.ts';
import { record } from '../helpers/records.ts';

const STOCKTON = { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' };
const STOKE = { urn: '80564', onsCode: 'E06000021', name: 'Stoke-on-Trent' };
const TAMESIDE = { urn: '80569', onsCode: 'E08000008', name: 'Tameside' };
const SCILLY = { urn: '80455', onsCode: 'E06000053', name: 'Isles of Scilly' };
const NORTH_TYNESIDE = { urn: '80529', onsCode: 'E08000022', name: 'North Tyneside' };
const BURY = { urn: '80443', onsCode: 'E08000002', name: 'Bury' };
const HARTLEPOOL = { urn: '80473', onsCode: 'E06000001', name: 'Hartlepool' };
const SOMERSET = { urn: '80555', onsCode: 'E06000066', name: 'Somerset' };
const BLACKPOOL = { urn: '80431', onsCode: 'E06000009', name: 'Blackpool' };
const BCP = { urn: '2532287', onsCode: 'E06000058', name: 'Bournemouth, Christchurch and Poole' };
/** Not a real council: the mixed 2026 result below is invented to show that message. */
const EXAMPLE = { urn: '99999', onsCode: 'E06999999', name: 'Example Borough' };

/** An ILACS report as the scan records it (Ofsted URLs), from the grades its front page prints. */
function ilacsRecord(
  council: CouncilRef,
  fields: { fileId: string; start: string; end: string; published: string; overall: Grade | null; judgements: InspectionRecord['judgements'] },
): InspectionRecord {
  return record({
    council,
    councilName: council.name,
    fileId: fields.fileId,
    inspectionStart: fields.start,
    inspectionEnd: fields.end,
    published: fields.published,
    overall: fields.overall,
    judgements: fields.judgements,
    sourceUrl: `https://files.ofsted.gov.uk/v1/file/${fields.fileId}`,
    providerUrl: `https://reports.ofsted.gov.uk/provider/44/${council.urn}`,
  });
}

const four = (impactOfLeaders: Grade, helpAndProtection: Grade, inCare: Grade, careLeavers: Grade) => ({ impactOfLeaders, helpAndProtection, inCare, careLeavers });
const combined = (impactOfLeaders: Grade, helpAndProtection: Grade, inCareAndCareLeavers: Grade) => ({ impactOfLeaders, helpAndProtection, inCareAndCareLeavers, careLeavers: null });

/** The event the scan's change detection gives for `current` after `history` (so the golden shows what would really be sent). */
function detected(current: InspectionRecord, history: InspectionRecord[], detectedAt: string): CouncilEvent {
  const found = detectEvent({ record: current, history, mode: 'live', now: detectedAt });
  if (!found) throw new Error(`no event for ${current.council.name} ${current.published}`);
  return found;
}

function inspection(urn: string, fields: Partial<EventInspection> & Pick<EventInspection, 'framework' | 'kind' | 'start' | 'end' | 'published' | 'overall' | 'fileId'>): EventInspection {
  return {
    publicationType: fields.kind === 'focused_visit' ? "Children's services focused visit" : fields.kind === 'send' ? 'Area SEND full inspection' : "Children's services inspection",
    reportUrl: `https://files.ofsted.gov.uk/v1/file/${fields.fileId}`,
    providerUrl: `https://reports.ofsted.gov.uk/provider/44/${urn}`,
    ...fields,
  };
}

function ofsted(inspectionOf: EventInspection): EventSource {
  return { type: 'ofsted', url: inspectionOf.reportUrl, outlet: 'Ofsted', published: inspectionOf.published };
}

const communityCare = (path: string, title: string, published: string): EventSource => ({
  type: 'news',
  url: `https://www.communitycare.co.uk/${path}`,
  outlet: 'Community Care',
  title,
  published,
});

function event(fields: Partial<CouncilEvent> & Pick<CouncilEvent, 'id' | 'kind' | 'council' | 'detectedAt'>): CouncilEvent {
  return {
    alsoKinds: [],
    from: null,
    to: null,
    previous: null,
    inspection: null,
    priorityActions: [],
    judgementChanges: [],
    evidence: null,
    sources: [],
    occurredOn: null,
    ...fields,
  };
}

const stockton2016 = inspection(STOCKTON.urn, { framework: 'sif', kind: 'inspection', start: '2016-05-23', end: '2016-06-16', published: '2016-08-05', overall: 'good', fileId: '2588912' });
const stockton2019 = inspection(STOCKTON.urn, { framework: 'ilacs', kind: 'inspection', start: '2019-05-20', end: '2019-05-24', published: '2019-07-01', overall: 'requires_improvement', fileId: '50097839' });
const stocktonVisit = inspection(STOCKTON.urn, { framework: 'ilacs', kind: 'focused_visit', start: '2022-09-06', end: '2022-09-07', published: '2022-10-28', overall: null, fileId: '50199702' });
const stoke2015 = inspection(STOKE.urn, { framework: 'sif', kind: 'inspection', start: '2015-06-01', end: '2015-06-25', published: '2015-08-12', overall: 'requires_improvement', fileId: '2502331' });
const stoke2022 = inspection(STOKE.urn, { framework: 'ilacs', kind: 'inspection', start: '2022-10-03', end: '2022-10-14', published: '2022-11-25', overall: 'requires_improvement', fileId: '50203544' });
const tameside2016 = inspection(TAMESIDE.urn, { framework: 'sif', kind: 'inspection', start: '2016-09-12', end: '2016-10-06', published: '2016-12-20', overall: 'inadequate', fileId: '2628845' });
const tameside2019 = inspection(TAMESIDE.urn, { framework: 'ilacs', kind: 'inspection', start: '2019-03-04', end: '2019-03-15', published: '2019-05-02', overall: 'requires_improvement', fileId: '50078437' });
const scilly = inspection(SCILLY.urn, { framework: 'ilacs', kind: 'inspection', start: '2019-10-14', end: '2019-10-18', published: '2019-12-06', overall: 'good', fileId: '50132007' });

// Bury's area SEND inspection, February 2024 (tests/fixtures/ofsted-letters): systemic failings, six
// areas for priority action, each owned by the council and the NHS integrated care board.
const burySend = inspection(BURY.urn, { framework: 'send', kind: 'send', start: '2024-02-12', end: '2024-02-16', published: '2024-05-07', overall: null, sendOutcome: 'systemic_failings', fileId: '50250101' });
const BURY_OWNERS = ['Bury Metropolitan Borough Council', 'NHS Greater Manchester ICB'];
export const BURY_SEND_ACTIONS = [
  'Leaders across the partnership should ensure that the SEND strategy continues to be implemented to improve the lived experiences of children and young people with SEND. This should be overseen by shared strategic governance to ensure that the pace of improvement is maintained.',
  'Leaders across the partnership should establish and implement a strategic approach to high-quality transitions for children and young people with SEND from birth to 25.',
];
// Hartlepool's area SEND inspection of 2023 found positive experiences and outcomes; the later,
// worse one is illustrative (the framework's re-inspections are due from 2026).
const hartlepoolSend2023 = inspection(HARTLEPOOL.urn, { framework: 'send', kind: 'send', start: '2023-03-20', end: '2023-03-24', published: '2023-05-16', overall: null, sendOutcome: 'positive', fileId: '50215511' });
const hartlepoolSend2026 = inspection(HARTLEPOOL.urn, { framework: 'send', kind: 'send', start: '2026-03-09', end: '2026-03-13', published: '2026-05-12', overall: null, sendOutcome: 'inconsistent', fileId: '50300777' });

export const STOCKTON_PRIORITY_ACTIONS = [
  'The identification and screening of risk and need.',
  'The quality of assessments and decision-making.',
  'The quality and effectiveness of managerial oversight, timely case allocation, and supervision.',
];

export const SAMPLE_EVENTS = {
  downgrade: event({
    id: 'evt-stockton-2019-ilacs',
    kind: 'downgrade',
    council: STOCKTON,
    from: 'good',
    to: 'requires_improvement',
    previous: stockton2016,
    inspection: stockton2019,
    judgementChanges: [
      { key: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
      { key: 'leadership', from: 'good', to: 'requires_improvement' },
    ],
    sources: [ofsted(stockton2019)],
    detectedAt: '2019-07-01T06:12:00.000Z',
    occurredOn: '2019-07-01',
  }),
  urgent_action: event({
    id: 'evt-stockton-2022-fv',
    kind: 'urgent_action',
    council: STOCKTON,
    inspection: stocktonVisit,
    priorityActions: STOCKTON_PRIORITY_ACTIONS,
    sources: [
      ofsted(stocktonVisit),
      communityCare(
        '2022/11/15/councils-lack-of-social-workers-and-demand-spike-led-to-delays-in-children-receiving-help-finds-ofsted/',
        'Council’s lack of social workers and demand spike led to delays in children receiving help, finds Ofsted',
        '2022-11-15',
      ),
    ],
    detectedAt: '2022-10-28T07:30:00.000Z',
    occurredOn: '2022-10-28',
  }),
  upgrade: event({
    id: 'evt-tameside-2019-ilacs',
    kind: 'upgrade',
    council: TAMESIDE,
    from: 'inadequate',
    to: 'requires_improvement',
    previous: tameside2016,
    inspection: tameside2019,
    sources: [ofsted(tameside2019)],
    detectedAt: '2019-05-02T06:05:00.000Z',
    occurredOn: '2019-05-02',
  }),
  subjudgement_downgrade: event({
    id: 'evt-stoke-2022-ilacs',
    kind: 'subjudgement_downgrade',
    council: STOKE,
    from: 'requires_improvement',
    to: 'requires_improvement',
    previous: stoke2015,
    inspection: stoke2022,
    judgementChanges: [{ key: 'care_leavers', from: 'good', to: 'requires_improvement' }],
    sources: [ofsted(stoke2022)],
    detectedAt: '2022-11-25T06:40:00.000Z',
    occurredOn: '2022-11-25',
  }),
  first_record: event({
    id: 'evt-scilly-2019-ilacs',
    kind: 'first_record',
    council: SCILLY,
    to: 'good',
    inspection: scilly,
    sources: [ofsted(scilly)],
    detectedAt: '2019-12-06T06:00:00.000Z',
    occurredOn: '2019-12-06',
  }),
  send_urgent_action: event({
    id: 'evt-bury-2024-send',
    kind: 'urgent_action',
    council: BURY,
    inspection: burySend,
    priorityActions: BURY_SEND_ACTIONS,
    priorityActionOwners: [BURY_OWNERS, BURY_OWNERS],
    sources: [ofsted(burySend)],
    detectedAt: '2024-05-07T08:10:00.000Z',
    occurredOn: '2024-05-07',
  }),
  send_downgrade: event({
    id: 'evt-hartlepool-2026-send',
    kind: 'downgrade',
    council: HARTLEPOOL,
    previous: hartlepoolSend2023,
    inspection: hartlepoolSend2026,
    sources: [ofsted(hartlepoolSend2026)],
    detectedAt: '2026-05-12T08:00:00.000Z',
    occurredOn: '2026-05-12',
  }),
  news_downgrade: event({
    id: 'evt-news-stoke-inadequate',
    kind: 'downgrade',
    alsoKinds: ['urgent_action'],
    council: STOKE,
    to: 'inadequate',
    evidence: 'Stoke-on-Trent’s children’s services have been rated inadequate by Ofsted, down from requires improvement at its previous inspection in 2015.',
    sources: [communityCare('2019/04/stoke-inadequate/', 'Stoke children’s services rated inadequate', '2019-04-12')],
    detectedAt: '2019-04-12T09:00:00.000Z',
    occurredOn: '2019-04-12',
  }),
  news_urgent_action: event({
    id: 'evt-news-stockton-urgent',
    kind: 'urgent_action',
    council: STOCKTON,
    evidence: 'Following the visit, Ofsted said Stockton needed to take urgent action to improve the identification and screening of risk and need.',
    sources: [communityCare('2022/11/stockton-focused-visit/', 'Stockton told to take urgent action after focused visit', '2022-11-15')],
    detectedAt: '2022-11-15T10:00:00.000Z',
    occurredOn: '2022-11-15',
  }),
  news_concern: event({
    id: 'evt-news-tameside-concern',
    kind: 'concern',
    council: TAMESIDE,
    evidence: 'Services for children in need of help and protection had deteriorated, with systemic delay in too many children’s cases, inspectors found.',
    sources: [communityCare('2023/02/tameside-focused-visit/', 'Tameside services deteriorated, finds Ofsted', '2023-02-20')],
    detectedAt: '2023-02-20T08:00:00.000Z',
    occurredOn: '2023-02-20',
  }),
  news_positive: event({
    id: 'evt-news-north-tyneside-positive',
    kind: 'positive',
    council: NORTH_TYNESIDE,
    evidence: 'North Tyneside was praised by inspectors for stable, skilled teams & “excellent” leadership.',
    sources: [communityCare('2023/02/round-up/', 'Ofsted round-up: praise for North Tyneside & Redbridge', '2023-02-20')],
    detectedAt: '2023-02-20T08:05:00.000Z',
    occurredOn: '2023-02-20',
  }),
  news_mention: event({
    id: 'evt-news-stockton-mention',
    kind: 'mention',
    council: STOCKTON,
    evidence: 'Stockton-on-Tees commissions its front door service through a partnership with neighbouring Hartlepool council.',
    sources: [communityCare('2023/03/front-doors/', 'How councils share front door services', '2023-03-01')],
    detectedAt: '2023-03-01T08:00:00.000Z',
    occurredOn: '2023-03-01',
  }),
  // The 2026 framework (four judgements, no overall grade), from the real reports in tests/fixtures/ofsted-reports.
  downgrade_2026: detected(
    ilacsRecord(SOMERSET, { fileId: '50290001', start: '2026-04-27', end: '2026-05-01', published: '2026-06-17', overall: null, judgements: four('requires_improvement', 'requires_improvement', 'requires_improvement', 'good') }),
    [ilacsRecord(SOMERSET, { fileId: '50195431', start: '2022-07-18', end: '2022-07-29', published: '2022-09-21', overall: 'good', judgements: combined('good', 'good', 'good') })],
    '2026-06-17T06:10:00.000Z',
  ),
  upgrade_2026: detected(
    ilacsRecord(BLACKPOOL, { fileId: '50293002', start: '2026-06-08', end: '2026-06-19', published: '2026-07-28', overall: null, judgements: four('outstanding', 'good', 'outstanding', 'outstanding') }),
    [ilacsRecord(BLACKPOOL, { fileId: '50207003', start: '2022-12-05', end: '2022-12-16', published: '2023-02-01', overall: 'requires_improvement', judgements: combined('requires_improvement', 'requires_improvement', 'good') })],
    '2026-07-28T06:10:00.000Z',
  ),
  mixed_2026: detected(
    ilacsRecord(EXAMPLE, { fileId: '50295004', start: '2026-06-01', end: '2026-06-12', published: '2026-07-20', overall: null, judgements: four('requires_improvement', 'inadequate', 'good', 'outstanding') }),
    [ilacsRecord(EXAMPLE, { fileId: '50211005', start: '2023-03-06', end: '2023-03-17', published: '2023-05-02', overall: 'good', judgements: four('good', 'requires_improvement', 'good', 'good') })],
    '2026-07-20T06:10:00.000Z',
  ),
  // Bournemouth, Christchurch and Poole, formed in 2019: its first inspection (real grades), inadequate.
  urgent_action_new_council: detected(
    ilacsRecord(BCP, { fileId: '50177006', start: '2021-12-06', end: '2021-12-17', published: '2022-02-11', overall: 'inadequate', judgements: combined('inadequate', 'inadequate', 'requires_improvement') }),
    [],
    '2022-02-11T06:10:00.000Z',
  ),
} satisfies Record<string, CouncilEvent>;

/** A headline that tries to ping the whole channel and break the mrkdwn. */
export const HOSTILE_EVENT: CouncilEvent = event({
  id: 'evt-hostile',
  kind: 'urgent_action',
  council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees <!here>' },
  evidence: 'Council & partners "failed" <!channel> children, says <@U024BE7LH> report > summary @everyone',
  sources: [
    {
      type: 'news',
      url: 'https://news.example.org/a?x=1&y=<2>',
      outlet: 'The <!channel> Times & Post',
      title: '<!channel> Urgent: council <b>failed</b> | children',
      published: '2024-01-10',
    },
    { type: 'news', url: 'javascript:alert(1)', outlet: 'Evil', title: 'not a link', published: null },
  ],
  detectedAt: '2024-01-10T09:00:00.000Z',
  occurredOn: '2024-01-10',
});

/** A council named in 30 priority actions, each long: must stay within Slack's limits. */
export function eventWithManyActions(count = 30): CouncilEvent {
  return {
    ...SAMPLE_EVENTS.urgent_action,
    id: `evt-many-${count}`,
    priorityActions: Array.from(
      { length: count },
      (_, i) =>
        `Priority action ${i + 1}: the quality and effectiveness of managerial oversight, timely case allocation and supervision, so that children receive help and protection promptly & consistently across every team in the service.`,
    ),
    judgementChanges: Array.from({ length: 14 }, (_, i) => ({ key: `judgementNumber${i + 1}`, from: 'good' as const, to: 'inadequate' as const })),
    sources: [
      ...SAMPLE_EVENTS.urgent_action.sources,
      ...Array.from({ length: 12 }, (_, i) => ({
        type: 'news' as const,
        url: `https://news.example.org/story-${i + 1}`,
        outlet: `Outlet ${i + 1}`,
        title: `Coverage number ${i + 1} of the same focused visit, with a long headline that goes on and on`,
        published: '2022-11-16',
      })),
    ],
  };
}
