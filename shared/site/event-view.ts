/** How an event reads on the site and in the feeds (pure). */
import type { CouncilEvent, EventKind, EventSource } from '../domain/events.ts';
import { gradeLabel, isGrade } from '../domain/grades.ts';
import { html, longDate, outsideLink, type Html } from './html.ts';
import { sendOutcomeLabel } from './measures.ts';

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

/**
 * One line: "Good → Requires improvement; 3 areas for priority action". Where
 * the overall grade did not change (or there is none, from 2026), the
 * judgements that changed; with nothing earlier to compare, the inadequate ones.
 */
export function eventSummary(event: CouncilEvent): string {
  const parts: string[] = [];
  const outcome = event.inspection?.sendOutcome;
  if (outcome) {
    const before = event.previous?.sendOutcome;
    parts.push(before && before !== outcome ? `area SEND: ${sendOutcomeLabel(before)} → ${sendOutcomeLabel(outcome)}` : `area SEND: ${sendOutcomeLabel(outcome)}`);
  }
  const changed = Boolean(event.from && event.to && event.from !== event.to);
  if (changed) parts.push(`${words(event.from)} → ${words(event.to)}`);
  else if (event.to) parts.push(`overall ${words(event.to)}`);
  const changes = judgementChanges(event).filter((c) => c.judgement && c.judgement !== 'overall');
  const compared = changes.filter((c) => isGrade(c.from));
  if (!changed && compared.length) {
    parts.push(compared.map((c) => `${judgementLabel(c.judgement)} ${words(c.from)} → ${words(c.to)}`).join(', '));
  } else if (!changed && event.to !== 'inadequate') {
    const inadequate = changes.filter((c) => c.to === 'inadequate').map((c) => judgementLabel(c.judgement));
    if (inadequate.length) parts.push(`inadequate: ${inadequate.join(', ')}`);
  }
  const actions = event.priorityActions?.length ?? 0;
  if (actions) parts.push(`${actions} area${actions === 1 ? '' : 's'} for priority action`);
  return parts.join('; ');
}

/** The kinds to name: the primary one first; "first record" only when it is all there is. */
export function kindsLabel(event: Pick<CouncilEvent, 'kind' | 'alsoKinds'>): string {
  const kinds = [event.kind, ...event.alsoKinds.filter((k) => k !== event.kind)];
  const named = kinds.length > 1 ? kinds.filter((k) => k !== 'first_record') : kinds;
  return named.map(kindLabel).join(', ');
}

export function eventDate(event: CouncilEvent): string {
  return event.occurredOn ?? event.inspection?.published ?? event.detectedAt.slice(0, 10);
}

export function sourceLinks(sources: readonly EventSource[]): Html {
  return html`${sources.map(
    (source, i) => html`${i ? ', ' : ''}${outsideLink(source.url, html`${source.type === 'ofsted' ? 'Ofsted report' : source.outlet}${source.type === 'news' && source.title ? html`: ${source.title}` : ''}`)}`,
  )}`;
}

/** An event as a list item: date, council, kind, what changed, sources. */
export function eventItem(event: CouncilEvent, councilLink: Html | null): Html {
  return html`<li class="event"><time datetime="${eventDate(event)}">${longDate(eventDate(event))}</time> ${councilLink ?? ''}
<span class="kind kind-${event.kind}">${kindsLabel(event)}</span>${eventSummary(event) ? html`: ${eventSummary(event)}` : ''}${event.evidence ? html` <q>${event.evidence}</q>` : ''}
${event.sources.length ? html`<span class="sources">(${sourceLinks(event.sources)})</span>` : ''}</li>
`;
}
