/** How an event reads on the site and in the feeds (pure). */
import type { CouncilEvent, EventKind, EventSource } from '../domain/events.ts';
import { gradeLabel, isGrade } from '../domain/grades.ts';
import { html, longDate, type Html } from './html.ts';

const KIND_LABELS: Record<EventKind, string> = {
  downgrade: 'Downgrade',
  urgent_action: 'Urgent action',
  upgrade: 'Upgrade',
  first_record: 'First record',
  subjudgement_downgrade: 'A judgement went down',
  concern: 'Concern in the press',
  positive: 'Good news in the press',
  mention: 'Mentioned in the press',
};

export function kindLabel(kind: EventKind): string {
  return KIND_LABELS[kind] ?? kind;
}

const JUDGEMENT_LABELS: Record<string, string> = {
  impactOfLeaders: 'impact of leaders',
  helpAndProtection: 'help and protection',
  inCare: 'children in care',
  careLeavers: 'care leavers',
  inCareAndCareLeavers: 'children in care and care leavers',
  lookedAfter: 'children looked after',
  leadership: 'leadership, management and governance',
  adoption: 'adoption',
  overall: 'overall effectiveness',
};

export function judgementLabel(key: string): string {
  return JUDGEMENT_LABELS[key] ?? key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function words(grade: unknown): string {
  return isGrade(grade) ? gradeLabel(grade) : 'no grade';
}

/** Judgement changes under either name the event has had (`judgementChanges`, or `changes` from 2026). */
function judgementChanges(event: CouncilEvent): { judgement: string; from: unknown; to: unknown }[] {
  const later = (event as { changes?: { judgement?: string; key?: string; from?: unknown; to?: unknown }[] }).changes;
  const list = Array.isArray(later) ? later : event.judgementChanges ?? [];
  return list.map((c) => ({ judgement: (c as { judgement?: string }).judgement ?? (c as { key?: string }).key ?? '', from: c.from, to: c.to }));
}

/** One line: "Good → Requires improvement; 3 areas for priority action". */
export function eventSummary(event: CouncilEvent): string {
  const parts: string[] = [];
  const changed = Boolean(event.from && event.to && event.from !== event.to);
  if (changed) parts.push(`${words(event.from)} → ${words(event.to)}`);
  else if (event.to) parts.push(`overall ${words(event.to)}`);
  const changes = judgementChanges(event).filter((c) => c.judgement && c.judgement !== 'overall');
  if (changes.length && !changed) {
    parts.push(changes.map((c) => `${judgementLabel(c.judgement)} ${c.from ? `${words(c.from)} → ` : ''}${words(c.to)}`).join(', '));
  }
  const actions = event.priorityActions?.length ?? 0;
  if (actions) parts.push(`${actions} area${actions === 1 ? '' : 's'} for priority action`);
  return parts.join('; ');
}

export function eventDate(event: CouncilEvent): string {
  return event.occurredOn ?? event.inspection?.published ?? event.detectedAt.slice(0, 10);
}

export function sourceLinks(sources: readonly EventSource[]): Html {
  return html`${sources.map(
    (source, i) => html`${i ? ', ' : ''}<a href="${source.url}">${source.type === 'ofsted' ? 'Ofsted report' : source.outlet}${source.type === 'news' && source.title ? html`: ${source.title}` : ''}</a>`,
  )}`;
}

/** An event as a list item: date, council, kind, what changed, sources. */
export function eventItem(event: CouncilEvent, councilLink: Html | null): Html {
  const kinds = [event.kind, ...event.alsoKinds.filter((k) => k !== event.kind)];
  return html`<li class="event"><time datetime="${eventDate(event)}">${longDate(eventDate(event))}</time> ${councilLink ?? ''}
<span class="kind kind-${event.kind}">${kinds.map(kindLabel).join(', ')}</span>${eventSummary(event) ? html`: ${eventSummary(event)}` : ''}${event.evidence ? html` <q>${event.evidence}</q>` : ''}
${event.sources.length ? html`<span class="sources">(${sourceLinks(event.sources)})</span>` : ''}</li>
`;
}
