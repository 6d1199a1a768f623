/**
 * One council's page (pure): where it stands, then every inspection and letter
 * as a timeline, newest first, with the events and press coverage of each,
 * and press reports of their own. A predecessor's history (Cumbria's for
 * Cumberland) follows, marked as such.
 */
import type { Council } from '../domain/council.ts';
import type { CouncilEvent } from '../domain/events.ts';
import type { InspectionRecord } from '../domain/inspection.ts';
import { byHistoryOrder, historyDate, ofstedEventId } from '../crawl/detect.ts';
import { providerPageUrl } from '../ofsted-site/urls.ts';
import { predecessorsOf, successorsOf } from '../register/register.ts';
import { eventDate, eventItem, eventSummary, judgementLabel, kindsLabel, sourceLinks } from './event-view.ts';
import { html, longDate, outsideLink, page, type Html } from './html.ts';
import { gradeWords, measureValue, sendOutcomeLabel, valueLabel, MEASURES } from './measures.ts';
import { fourJudgements, gradedByJudgementsOnly, isFullInspection, sendOutcomeOf, type CouncilStanding } from './standing.ts';

const KIND_LABELS: Record<string, string> = {
  inspection: 'Inspection of children’s services',
  focused_visit: 'Focused visit',
  monitoring_visit: 'Monitoring visit',
  jtai: 'Joint targeted area inspection',
  send: 'Area SEND inspection',
};
const FRAMEWORK_LABELS: Record<string, string> = { ilacs: 'ILACS', sif: 'Single inspection framework (SIF)', send: 'Area SEND framework', other: 'Other' };

export function recordKindLabel(record: InspectionRecord): string {
  return KIND_LABELS[record.kind] ?? (record.publicationType || 'Other publication');
}

function grades(record: InspectionRecord): Html {
  const items: Html[] = [];
  const outcome = sendOutcomeOf(record);
  if (outcome) items.push(html`<li>Outcome: <strong>${sendOutcomeLabel(outcome)}</strong></li>`);
  if (isFullInspection(record)) {
    items.push(html`<li>Overall effectiveness: <strong>${record.overall ? gradeWords(record.overall) : gradedByJudgementsOnly(record) ? 'No grade (not given since 2026)' : 'No grade'}</strong></li>`);
    const four = fourJudgements(record);
    for (const [key, grade] of Object.entries(four)) items.push(html`<li>${judgementLabel(key).replace(/^./, (c) => c.toUpperCase())}: ${gradeWords(grade)}</li>`);
  } else {
    const judged = Object.entries(record.judgements ?? {});
    if (record.overall) items.push(html`<li>Overall: ${gradeWords(record.overall)}</li>`);
    for (const [key, grade] of judged) items.push(html`<li>${judgementLabel(key).replace(/^./, (c) => c.toUpperCase())}: ${gradeWords(grade)}</li>`);
    if (!record.overall && judged.length === 0 && !outcome) items.push(html`<li>No grade (letters and visits are not graded)</li>`);
  }
  return html`<ul class="grades">${items}</ul>`;
}

function cqcLead(record: InspectionRecord): string | null {
  const lead: unknown = record.cqcLeadInspector;
  return typeof lead === 'string' && lead.trim() ? lead.trim() : null;
}

function priorityActions(record: InspectionRecord): Html {
  const actions = record.priorityActions ?? [];
  const ownerOf = (i: number) => {
    const bodies = record.priorityActionOwners?.[i]?.filter((body) => typeof body === 'string' && body.trim());
    return bodies?.length ? ` (responsible: ${bodies.join(', ')})` : '';
  };
  if (actions.length === 0) return html``;
  return html`<details><summary>${actions.length} area${actions.length === 1 ? '' : 's'} for priority action${record.dfeNotified ? '; Ofsted notified the Department for Education' : ''}</summary>
<ol>${actions.map((text, i) => html`<li>${text}${ownerOf(i)}</li>`)}</ol></details>`;
}

function recordItem(record: InspectionRecord, event: CouncilEvent | undefined): Html {
  const day = historyDate(record);
  const press = event?.sources.filter((s) => s.type === 'news') ?? [];
  return html`<li class="record" id="r-${record.fileId}"><article>
<h3><time datetime="${day}">${longDate(day)}</time>: ${recordKindLabel(record)}</h3>
<p class="meta">${FRAMEWORK_LABELS[record.framework] ?? record.framework}${record.inspectionStart ? html`; inspected ${longDate(record.inspectionStart)}${record.inspectionEnd && record.inspectionEnd !== record.inspectionStart ? html` to ${longDate(record.inspectionEnd)}` : ''}` : ''}${record.leadInspector ? html`; lead inspector ${record.leadInspector}` : ''}${cqcLead(record) ? html`; CQC lead inspector ${cqcLead(record)}` : ''}. ${outsideLink(record.sourceUrl, 'The report')}</p>
${grades(record)}
${priorityActions(record)}
${event ? html`<p class="event-line"><span class="kind kind-${event.kind}">${kindsLabel(event)}</span>${eventSummary(event) ? html`: ${eventSummary(event)}` : ''}</p>` : ''}
${press.length ? html`<p class="press">In the press: ${sourceLinks(press)}</p>` : ''}
</article></li>
`;
}

function timeline(records: readonly InspectionRecord[], events: readonly CouncilEvent[], listed: ReadonlyMap<string, CouncilEvent>): Html {
  const byRecord = new Map<string, CouncilEvent>();
  for (const record of records) {
    const event = events.find((e) => e.inspection?.fileId === record.fileId) ?? listed.get(ofstedEventId(record));
    if (event) byRecord.set(record.fileId, event);
  }
  const pressOnly = events.filter((e) => !e.inspection || !records.some((r) => r.fileId === e.inspection!.fileId));
  const entries: { day: string; id: string; item: Html }[] = [
    ...records.map((record) => ({ day: historyDate(record), id: record.fileId, item: recordItem(record, byRecord.get(record.fileId)) })),
    ...pressOnly.map((event) => ({ day: eventDate(event), id: event.id, item: eventItem(event, null) })),
  ];
  entries.sort((a, b) => b.day.localeCompare(a.day) || b.id.localeCompare(a.id));
  return entries.length ? html`<ol class="timeline">
${entries.map((e) => e.item)}</ol>` : html`<p>Nothing recorded yet.</p>`;
}

export interface CouncilPageInput {
  council: Council;
  standing: CouncilStanding;
  records: readonly InspectionRecord[];
  /** The events the table holds for this council. */
  events: readonly CouncilEvent[];
  /** Events derived from its history (ids as the detection rule gives them). */
  listed: ReadonlyMap<string, CouncilEvent>;
  /** Predecessors' records and events, by predecessor. */
  predecessors: { council: Council; records: readonly InspectionRecord[]; events: readonly CouncilEvent[] }[];
}

function standingList(standing: CouncilStanding): Html {
  return html`<dl class="standing">${MEASURES.map((m) => html`<dt>${m.label}</dt><dd>${valueLabel(m.id, measureValue(standing, m.id), standing)}</dd>`)}</dl>
${standing.openPriorityActions.length ? html`<h3>Open areas for priority action</h3><ol>${standing.openPriorityActions.map((a) => html`<li>${a.text} <span class="from">(${recordKindLabel(a.record)}, ${longDate(historyDate(a.record))})</span></li>`)}</ol>` : ''}`;
}

export function councilPage(input: CouncilPageInput): string {
  const { council, standing } = input;
  const records = [...input.records].sort(byHistoryOrder);
  const related = [
    ...successorsOf(council).map((c) => html`<li>Succeeded by <a href="${c.onsCode}.html">${c.name}</a>${council.succeededOn ? ` on ${longDate(council.succeededOn)}` : ''}</li>`),
    ...predecessorsOf(council).map((c) => html`<li>Took over from <a href="${c.onsCode}.html">${c.name}</a>${c.succeededOn ? ` on ${longDate(c.succeededOn)}` : ''} (its history is below)</li>`),
  ];
  const main = html`<p class="crumbs"><a href="../index.html">All councils</a></p>
<h1>${council.name}</h1>
<p class="meta">${council.region}; ONS code ${council.onsCode}; Ofsted URN ${council.urn}${council.current ? '' : '; no longer runs children’s services'}.</p>
<ul class="links"><li><a href="${providerPageUrl(council.urn)}">${council.name} on the Ofsted reports site</a></li><li><a href="${council.onsCode}.atom">Alerts for ${council.name} (Atom feed)</a></li>${related}</ul>
<section aria-labelledby="standing-title">
<h2 id="standing-title">Where it stands</h2>
${standing.latest ? html`<p>Latest full inspection: ${longDate(historyDate(standing.latest))} (${FRAMEWORK_LABELS[standing.latest.framework] ?? standing.latest.framework}).</p>` : html`<p>No full inspection recorded yet.</p>`}
${standingList(standing)}
</section>
<section aria-labelledby="timeline-title">
<h2 id="timeline-title">Every inspection and letter, newest first</h2>
${timeline(records, input.events, input.listed)}
</section>
${input.predecessors.map((p) => html`<section aria-labelledby="pre-${p.council.urn}">
<h2 id="pre-${p.council.urn}">Before ${p.council.succeededOn ? longDate(p.council.succeededOn) : 'the change'}: ${p.council.name}</h2>
${timeline([...p.records].sort(byHistoryOrder), p.events, input.listed)}
</section>`)}`;
  return page({
    title: `${council.name}: Ofsted inspections of children’s services — ofsted-watch`,
    description: `Every Ofsted inspection and letter on ${council.name}'s children's services since 2012, with its latest grades.`,
    root: '../',
    feed: { href: `${council.onsCode}.atom`, title: `ofsted-watch: alerts for ${council.name}` },
    main,
  });
}
