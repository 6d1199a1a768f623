/**
 * Slack messages for council events: pure builders from CouncilEvent to a
 * Block Kit payload with a readable notification fallback. Everything that came
 * from outside is escaped (mrkdwn.ts) and every Slack limit is respected
 * (block-kit.ts): long lists end with "and N more".
 */
import type { CouncilEvent, EventInspection, EventKind, EventSource } from '../domain/events.ts';
import { SLACK_LIMITS, type Block, type SlackMessage, type TextObject } from './block-kit.ts';
import { escapeMrkdwn, link, plainText, truncate } from './mrkdwn.ts';
import { isSendEvent, sendChangeFields, sendHeadline, sendInspectionLine, sendOutcomeLabel, sendPriorityActionLines, sendSummary } from './send-message.ts';
import { describeDelivery, describeInspections, describeKinds, describeTarget, type Subscription } from './subscription.ts';
import { fallen, gradeSummary, inadequateNames, judgedByJudgements, judgementLines, judgementsHeadline, movementSentence } from './judgement-wording.ts';
import { formatDate, formatDateRange, frameworkLabel, grade, listPhrase, plural } from './wording.ts';

/** Longest list shown in full; longer ones show this many and "and N more". */
const MAX_LIST_ITEMS = 10;
const MAX_NEWS_LINKS = 5;
/** Digest: events shown (each one block), leaving room for the header, intro and overflow note. */
const MAX_DIGEST_EVENTS = SLACK_LIMITS.blocksPerMessage - 4;
const FALLBACK_MAX = 600;

const EMOJI: Record<EventKind, string> = {
  downgrade: '🔻',
  urgent_action: '🚨',
  upgrade: '🔺',
  first_record: '📋',
  subjudgement_downgrade: '↘️',
  concern: '📰',
  positive: '📰',
  mention: '📰',
};

const mrkdwn = (text: string): TextObject => ({ type: 'mrkdwn', text });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text: truncate(plainText(text), SLACK_LIMITS.headerText), emoji: true } });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(truncate(text, SLACK_LIMITS.sectionText)) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(truncate(text, SLACK_LIMITS.contextText))] });

function isNewsOnly(event: CouncilEvent): boolean {
  return event.inspection === null;
}

function newsSources(event: CouncilEvent): EventSource[] {
  return event.sources.filter((s) => s.type === 'news');
}

function firstOutlet(event: CouncilEvent): string {
  return newsSources(event)[0]?.outlet ?? event.sources[0]?.outlet ?? 'the press';
}

/** What happened, in a few words, without the council: "downgraded to Inadequate". Plain text (unescaped). */
export function eventHeadline(event: CouncilEvent): string {
  if (isSendEvent(event)) return sendHeadline(event);
  const to = event.to ?? event.inspection?.overall ?? null;
  if (isNewsOnly(event)) {
    const outlet = firstOutlet(event);
    switch (event.kind) {
      case 'downgrade':
        return to ? `downgrade to ${grade(to)} reported by ${outlet}` : `downgrade reported by ${outlet}`;
      case 'urgent_action':
        return `urgent action reported by ${outlet}`;
      case 'concern':
        return `concern reported by ${outlet}`;
      case 'positive':
        return `good news reported by ${outlet}`;
      default:
        return `in the news (${outlet})`;
    }
  }
  if (judgedByJudgements(event)) return judgementsHeadline(event);
  switch (event.kind) {
    case 'downgrade':
      return `downgraded to ${grade(to)}`;
    case 'upgrade':
      return `upgraded to ${grade(to)}`;
    case 'urgent_action':
      if (event.priorityActions.length > 0) return `${plural(event.priorityActions.length, 'area')} for priority action`;
      return event.alsoKinds.includes('first_record') ? 'urgent action: first inspection judged inadequate' : 'urgent action: judged inadequate';
    case 'subjudgement_downgrade': {
      const down = fallen(event).length;
      return `${down === 1 ? 'a judgement' : plural(down, 'judgement')} went down`;
    }
    case 'first_record':
      return to ? `first inspection on record: ${grade(to)}` : 'first inspection on record';
    default:
      return event.kind.replace(/_/g, ' ');
  }
}

/** "Children's services inspection (ILACS), 20–24 May 2019". Plain text. */
function inspectionLine(inspection: EventInspection): string {
  if (isSendEvent({ inspection })) return sendInspectionLine(inspection);
  const framework = frameworkLabel(inspection.framework);
  const name = inspection.publicationType || 'Inspection';
  const dates = formatDateRange(inspection.start, inspection.end);
  return `${name}${framework && !name.includes(framework) ? ` (${framework})` : ''}${dates ? `, ${dates}` : ''}`;
}

function publishedNote(inspection: EventInspection): string {
  const published = formatDate(inspection.published);
  return published ? ` · published ${published}` : '';
}

/**
 * A bulleted (or numbered) mrkdwn list, split into sections within Slack's limit, with "and N more".
 * Items are escaped here, unless `escaped` says they already are mrkdwn.
 */
function listSections(title: string, items: readonly string[], numbered: boolean, moreNote: string, escaped = false): Block[] {
  const shown = items.slice(0, MAX_LIST_ITEMS);
  const lines = shown.map((item, i) => `${numbered ? `${i + 1}.` : '•'} ${escaped ? item : escapeMrkdwn(item.replace(/\s+/g, ' ').trim())}`);
  if (items.length > shown.length) lines.push(`_…and ${items.length - shown.length} more ${moreNote}_`);
  const blocks: Block[] = [];
  let current = `*${title}*`;
  for (const line of lines) {
    const candidate = `${current}\n${line}`;
    if (candidate.length <= SLACK_LIMITS.sectionText) {
      current = candidate;
    } else {
      blocks.push(section(current));
      current = truncate(line, SLACK_LIMITS.sectionText);
    }
  }
  blocks.push(section(current));
  return blocks;
}

function gradeChangeFields(event: CouncilEvent): Block | null {
  if (!event.previous || !event.inspection) return null;
  const field = (label: string, g: string, inspection: EventInspection) =>
    mrkdwn(truncate(`*${label}*\n${escapeMrkdwn(g)}\n${escapeMrkdwn(`${inspectionLine(inspection)}${publishedNote(inspection)}`)}`, SLACK_LIMITS.sectionFieldText));
  const send = isSendEvent(event) ? sendChangeFields(event) : null;
  if (send) return { type: 'section', fields: send.map((f) => field(f.label, f.value, f.inspection)) };
  // By judgements (the 2026 framework) a side may have no overall grade: say what it has instead.
  const before = judgedByJudgements(event) ? gradeSummary(event.previous) : grade(event.from ?? event.previous.overall);
  const now = judgedByJudgements(event) ? gradeSummary(event.inspection) : grade(event.to ?? event.inspection.overall);
  return { type: 'section', fields: [field('Before', before, event.previous), field('Now', now, event.inspection)] };
}

function summaryText(event: CouncilEvent): string {
  const council = escapeMrkdwn(event.council.name);
  const inspection = event.inspection;
  if (!inspection) {
    const outlet = `*${escapeMrkdwn(firstOutlet(event))}*`;
    const to = event.to ? ` to *${escapeMrkdwn(grade(event.to))}*` : '';
    const lead: Partial<Record<EventKind, string>> = {
      downgrade: `${outlet} reports that ${council} was downgraded${to}:`,
      urgent_action: `${outlet} reports that ${council} was told to take urgent action:`,
      concern: `${outlet} reports a concern about ${council}:`,
      positive: `${outlet} reports good news about ${council}:`,
    };
    const quote = event.evidence ? `\n>${escapeMrkdwn(truncate(event.evidence.replace(/\s+/g, ' ').trim(), 1500))}` : '';
    const unconfirmed = event.kind === 'downgrade' || event.kind === 'urgent_action' ? '\n_Reported in the press; not yet matched to an Ofsted report on record._' : '';
    return `${lead[event.kind] ?? `${outlet} mentions ${council}:`}${quote}${unconfirmed}`;
  }
  if (isSendEvent(event)) return sendSummary(event);
  const line = escapeMrkdwn(inspectionLine(inspection));
  const published = escapeMrkdwn(publishedNote(inspection));
  if ((event.kind === 'downgrade' || event.kind === 'upgrade') && judgedByJudgements(event)) {
    return `${line}${published}\nOfsted gave children's services in ${council} ${inspection.overall ? 'judgements' : 'four judgements and no overall grade (the 2026 framework)'}: ${escapeMrkdwn(movementSentence(event))}`;
  }
  switch (event.kind) {
    case 'downgrade':
    case 'upgrade':
      return `Ofsted judged children's services in ${council} *${escapeMrkdwn(grade(event.to))}* overall, ${event.kind === 'downgrade' ? 'down' : 'up'} from *${escapeMrkdwn(grade(event.from))}* at the previous inspection.`;
    case 'urgent_action': {
      const actions = event.priorityActions.length;
      const inadequate = inadequateNames(inspection, event.judgementChanges);
      const what = [
        actions > 0 ? `named *${plural(actions, 'area')} for priority action*` : '',
        inspection.overall === 'inadequate' ? 'judged overall effectiveness *Inadequate*' : '',
        inadequate.length > 0 && inspection.overall !== 'inadequate' ? `judged ${escapeMrkdwn(listPhrase(inadequate))} *Inadequate*` : '',
      ].filter(Boolean);
      const first = event.alsoKinds.includes('first_record') ? `\nThe first inspection of ${council} on record.` : '';
      return `${line}${published}\nOfsted ${what.length ? what.join(' and ') : 'asked for urgent action'} at ${council}.${first}`;
    }
    case 'subjudgement_downgrade':
      return `${line}${published}\nOverall effectiveness stayed *${escapeMrkdwn(grade(inspection.overall))}*, but ${fallen(event).length === 1 ? 'one judgement' : 'some judgements'} went down.`;
    case 'first_record':
      return `${line}${published}\nThe first graded inspection of ${council} on record${inspection.overall ? `: *${escapeMrkdwn(grade(inspection.overall))}*` : ''}.`;
    default:
      return `${line}${published}`;
  }
}

function linksText(event: CouncilEvent): string | null {
  const links: string[] = [];
  if (event.inspection) {
    links.push(`• ${link(event.inspection.reportUrl, 'Report (PDF)')}`);
    links.push(`• ${link(event.inspection.providerUrl, `${event.council.name} on the Ofsted site`)}`);
  }
  const news = newsSources(event);
  for (const source of news.slice(0, MAX_NEWS_LINKS)) {
    links.push(`• ${link(source.url, `${source.outlet}: ${source.title ?? 'article'}`)}`);
  }
  if (news.length > MAX_NEWS_LINKS) links.push(`• _…and ${news.length - MAX_NEWS_LINKS} more news reports_`);
  return links.length ? `*Read more*\n${links.join('\n')}` : null;
}

/** The one-line notification text (escaped mrkdwn). */
export function eventFallback(event: CouncilEvent): string {
  const what = eventHeadline(event);
  let detail = '';
  if (event.inspection && isSendEvent(event)) {
    detail = ` (${inspectionLine(event.inspection)})`;
  } else if (event.inspection && (event.kind === 'downgrade' || event.kind === 'upgrade') && !judgedByJudgements(event)) {
    const dates = formatDateRange(event.inspection.start, event.inspection.end);
    detail = ` (from ${grade(event.from)} to ${grade(event.to)}${dates ? `, inspection ${dates}` : ''})`;
  } else if (event.inspection) {
    const dates = formatDateRange(event.inspection.start, event.inspection.end);
    detail = dates ? ` (${event.inspection.publicationType || 'inspection'}, ${dates})` : '';
  }
  return truncate(escapeMrkdwn(`${event.council.name}: ${what}${detail}`.replace(/\s+/g, ' ')), FALLBACK_MAX);
}

/** The alert for one event. */
export function buildEventMessage(event: CouncilEvent): SlackMessage {
  const blocks: Block[] = [header(`${EMOJI[event.kind]} ${event.council.name}: ${eventHeadline(event)}`), section(summaryText(event))];
  const fields = event.kind === 'downgrade' || event.kind === 'upgrade' ? gradeChangeFields(event) : null;
  if (fields) blocks.push(fields);
  const judgements = judgementLines(event);
  if (judgements.length > 0) blocks.push(...listSections('Judgements', judgements, false, 'judgements'));
  if (event.priorityActions.length > 0 && isSendEvent(event)) {
    blocks.push(...listSections('Areas for priority action, and who must act', sendPriorityActionLines(event), true, 'in the report', true));
  } else if (event.priorityActions.length > 0) {
    blocks.push(...listSections('Areas for priority action', event.priorityActions, true, 'in the report'));
  }
  const links = linksText(event);
  if (links) blocks.push(section(links));
  const detected = formatDate(event.detectedAt);
  blocks.push(context(`ofsted-watch${detected ? ` · found ${detected}` : ''}`));
  return { text: eventFallback(event), blocks: capBlocks(blocks), unfurl_links: false, unfurl_media: false };
}

/** Keeps within 50 blocks: the last kept block says how much was left out. */
function capBlocks(blocks: Block[]): Block[] {
  if (blocks.length <= SLACK_LIMITS.blocksPerMessage) return blocks;
  const kept = blocks.slice(0, SLACK_LIMITS.blocksPerMessage - 1);
  return [...kept, context(`_…and ${blocks.length - kept.length} more parts left out (Slack allows ${SLACK_LIMITS.blocksPerMessage} blocks)_`)];
}

/** One digest line for an event: headline in bold, then the key fact and links. */
function digestSection(event: CouncilEvent): Block {
  const title = `${EMOJI[event.kind]} *${escapeMrkdwn(`${event.council.name}: ${eventHeadline(event)}`)}*`;
  const facts: string[] = [];
  if (event.inspection) {
    if ((event.kind === 'downgrade' || event.kind === 'upgrade') && event.from && event.to) facts.push(`${grade(event.from)} → ${grade(event.to)}`);
    if (isSendEvent(event)) facts.push(`${event.previous?.sendOutcome ? `${sendOutcomeLabel(event.previous.sendOutcome)} → ` : ''}${sendOutcomeLabel(event.inspection.sendOutcome)}`);
    facts.push(inspectionLine(event.inspection));
  } else if (event.evidence) {
    facts.push(`“${truncate(event.evidence.replace(/\s+/g, ' ').trim(), 400)}”`);
  }
  const links: string[] = [];
  if (event.inspection) links.push(link(event.inspection.reportUrl, 'Report (PDF)'), link(event.inspection.providerUrl, 'Ofsted page'));
  for (const source of newsSources(event).slice(0, 3)) links.push(link(source.url, source.outlet));
  const actions = event.priorityActions.length ? `\n_${plural(event.priorityActions.length, 'area')} for priority action_` : '';
  return section(`${title}\n${escapeMrkdwn(facts.join(' · '))}${actions}${links.length ? `\n${links.join(' · ')}` : ''}`);
}

/** One message for a day's events (digest subscriptions). `day` is the UK date, yyyy-mm-dd. */
export function buildDigestMessage(events: readonly CouncilEvent[], day: string): SlackMessage {
  const shown = events.slice(0, MAX_DIGEST_EVENTS);
  const blocks: Block[] = [
    header(`Ofsted watch daily digest: ${plural(events.length, 'alert')}`),
    context(escapeMrkdwn(`${formatDate(day) ?? day} · events found since the last digest`)),
    ...shown.map(digestSection),
  ];
  if (events.length > shown.length) blocks.push(section(`_…and ${events.length - shown.length} more alerts not shown (Slack allows ${SLACK_LIMITS.blocksPerMessage} blocks in a message)_`));
  const names = events.map((e) => `${e.council.name} (${eventHeadline(e)})`);
  const text = `Ofsted watch digest, ${formatDate(day) ?? day}: ${plural(events.length, 'alert')}: ${names.join('; ')}`;
  return { text: truncate(escapeMrkdwn(text), FALLBACK_MAX), blocks, unfurl_links: false, unfurl_media: false };
}

/** The `--test` sample: shows the channel is connected and what it will get. */
export function buildTestMessage(subscription: Pick<Subscription, 'id' | 'target' | 'events' | 'delivery' | 'inspections'>, digestHour: number): SlackMessage {
  const what = `This channel will get alerts about ${describeTarget(subscription.target)} for ${describeKinds(subscription.events)} (${describeInspections(subscription.inspections)}), ${describeDelivery(subscription.delivery, digestHour)}.`;
  return {
    text: escapeMrkdwn(`ofsted-watch is connected. ${what}`),
    blocks: [
      header('✅ ofsted-watch is connected'),
      section(escapeMrkdwn(what)),
      section(
        `*An alert looks like this:*\n🔻 *Example Council: downgraded to Requires improvement*\nGood → Requires improvement · Children's services inspection (ILACS), with links to the report and the council's Ofsted page.`,
      ),
      context(escapeMrkdwn(`Test message for subscription ${subscription.id}. Stop these alerts with: npx ofsted-watch unsubscribe ${subscription.id}`)),
    ],
    unfurl_links: false,
    unfurl_media: false,
  };
}
