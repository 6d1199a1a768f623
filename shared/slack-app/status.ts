/**
 * `/ofsted status <council>`: where a council stands, from what the watch has
 * recorded. Pure: inspection records and events in, a Slack reply out.
 *
 * - Latest grades: the latest full inspection with grades (SIF or ILACS), its
 *   overall grade (none on the 2026 framework) and every judgement, and the one before.
 * - Open areas for priority action: those named by letters published after that
 *   inspection (a full inspection reviews and closes what letters before it named).
 * - The last events the watch found, newest first, with their sources.
 * - Links to the reports and to the council's page on the Ofsted reports site.
 */
import type { Block } from '../alerts/block-kit.ts';
import { eventHeadline } from '../alerts/message.ts';
import { escapeMrkdwn, link, truncate } from '../alerts/mrkdwn.ts';
import { formatDate, formatDateRange, grade, judgementLabel, plural } from '../alerts/wording.ts';
import { byHistoryOrder, historyDate } from '../crawl/detect.ts';
import type { Council } from '../domain/council.ts';
import type { CouncilEvent } from '../domain/events.ts';
import { isComparableInspection, type InspectionRecord } from '../domain/inspection.ts';
import { providerPageUrl } from '../ofsted-site/urls.ts';
import { context, section, type SlackReply } from './replies.ts';

const MAX_EVENTS = 5;
const MAX_ACTIONS = 10;
const MAX_REPORTS = 5;

export interface CouncilStatus {
  council: Council;
  latest: InspectionRecord | null;
  previous: InspectionRecord | null;
  /** Letters since the latest full inspection that named areas for priority action. */
  openActions: { record: InspectionRecord; actions: string[] }[];
  recentEvents: CouncilEvent[];
  /** Newest first. */
  reports: InspectionRecord[];
  /** The council's page on the Ofsted reports site, when it has one. */
  pageUrl: string | null;
}

export function councilStatus(council: Council, records: readonly InspectionRecord[], events: readonly CouncilEvent[]): CouncilStatus {
  const ordered = [...records].sort(byHistoryOrder);
  const graded = ordered.filter((r) => isComparableInspection(r));
  const latest = graded.at(-1) ?? null;
  const since = latest ? historyDate(latest) : '';
  const openActions = ordered
    .filter((r) => r !== latest && historyDate(r) >= since && r.priorityActions.length > 0)
    .map((record) => ({ record, actions: record.priorityActions }));
  const recentEvents = [...events]
    .sort((a, b) => (b.occurredOn ?? b.detectedAt).localeCompare(a.occurredOn ?? a.detectedAt) || b.detectedAt.localeCompare(a.detectedAt))
    .slice(0, MAX_EVENTS);
  const pageUrl = ordered.find((r) => r.providerUrl)?.providerUrl ?? (council.current ? providerPageUrl(council.urn) : null);
  return { council, latest, previous: graded.at(-2) ?? null, openActions, recentEvents, reports: ordered.reverse(), pageUrl };
}

function gradesText(record: InspectionRecord): string {
  const lines = [record.overall ? `*Overall effectiveness: ${grade(record.overall)}*` : '_No overall effectiveness grade (2026 framework)_'];
  for (const [key, value] of Object.entries(record.judgements)) {
    if (value) lines.push(`${escapeMrkdwn(judgementLabel(key))}: ${grade(value)}`);
  }
  return lines.join('\n');
}

function reportLabel(record: InspectionRecord): string {
  const when = formatDate(record.published) ?? formatDateRange(record.inspectionStart, record.inspectionEnd) ?? 'date unknown';
  return `${record.publicationType || 'Report'}, ${when}`;
}

export function statusReply(status: CouncilStatus): SlackReply {
  const { council, latest, previous } = status;
  const name = escapeMrkdwn(council.name);
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: truncate(`${council.name}: children's services`, 150), emoji: true } }];
  if (!council.current) blocks.push(context('_This council no longer runs children\'s services; its history is kept._'));
  if (!latest && status.reports.length === 0 && status.recentEvents.length === 0) {
    blocks.push(section(`ofsted-watch has no reports of ${name} on record yet: its Ofsted page has not been read, or holds nothing the watch compares.`));
  }
  if (latest) {
    const before = previous ? `\n_Before: ${grade(previous.overall)}${previous.overall ? '' : ' overall'} (${escapeMrkdwn(reportLabel(previous))})_` : '';
    blocks.push(section(`*Latest grades* (${link(latest.sourceUrl, reportLabel(latest))})\n${gradesText(latest)}${before}`));
  } else if (status.reports.length) {
    blocks.push(section(`No graded inspection of ${name} on record.`));
  }
  if (status.openActions.length) {
    const count = status.openActions.reduce((n, o) => n + o.actions.length, 0);
    const lines = status.openActions.flatMap(({ record, actions }) => [
      `_${link(record.sourceUrl, reportLabel(record))}:_`,
      ...actions.slice(0, MAX_ACTIONS).map((a, i) => `${i + 1}. ${escapeMrkdwn(a.replace(/\s+/g, ' ').trim())}`),
    ]);
    blocks.push(section(`*Open areas for priority action (${count})*, named since the latest full inspection\n${lines.join('\n')}`));
  } else if (latest) {
    blocks.push(section('*Open areas for priority action:* none named since the latest full inspection.'));
  }
  if (status.recentEvents.length) {
    const lines = status.recentEvents.map((e) => {
      const when = formatDate(e.occurredOn ?? e.detectedAt.slice(0, 10)) ?? '';
      const source = e.inspection?.reportUrl ?? e.sources[0]?.url ?? null;
      return `• ${when}: ${link(source, eventHeadline(e))}${e.sources.length > 1 ? ` _(${plural(e.sources.length, 'source')})_` : ''}`;
    });
    blocks.push(section(`*Last events*\n${lines.join('\n')}`));
  }
  const reports = status.reports.slice(0, MAX_REPORTS).map((r) => `• ${link(r.sourceUrl, reportLabel(r))}`);
  if (reports.length) blocks.push(section(`*Reports*\n${reports.join('\n')}${status.reports.length > MAX_REPORTS ? `\n_…and ${status.reports.length - MAX_REPORTS} older_` : ''}`));
  if (status.pageUrl) blocks.push(context(`${link(status.pageUrl, `${council.name} on the Ofsted reports site`)} · URN ${escapeMrkdwn(council.urn)}`));
  const summary = latest ? `${council.name}: ${grade(latest.overall)}${latest.overall ? '' : ' (no overall grade)'} at the latest inspection` : `${council.name}: no graded inspection on record`;
  const actions = status.openActions.length ? `; ${plural(status.openActions.reduce((n, o) => n + o.actions.length, 0), 'open area')} for priority action` : '';
  return { response_type: 'ephemeral', text: escapeMrkdwn(`${summary}${actions}`), blocks };
}
