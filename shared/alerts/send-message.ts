/**
 * How an area SEND inspection reads in an alert: it is not a judgement of the
 * council's children's services but a joint Ofsted and CQC inspection of the
 * local area partnership (the council and its NHS integrated care board), with
 * one of three outcomes instead of a grade, and areas for priority action each
 * owned by named bodies. Pure: mrkdwn strings out, everything from outside escaped.
 */
import type { CouncilEvent, EventInspection } from '../domain/events.ts';
import type { SendOutcome } from '../domain/inspection.ts';
import { escapeMrkdwn } from './mrkdwn.ts';
import { formatDate, formatDateRange, plural } from './wording.ts';

/** The outcome in a few words, for headers and Before/Now fields. */
const OUTCOME_SHORT: Record<SendOutcome, string> = {
  positive: 'positive experiences and outcomes',
  inconsistent: 'inconsistent experiences and outcomes',
  systemic_failings: 'widespread and/or systemic failings',
};

/** The outcome as the report states it. */
const OUTCOME_SENTENCE: Record<SendOutcome, string> = {
  positive: "The local area partnership's SEND arrangements typically lead to positive experiences and outcomes for children and young people with SEND.",
  inconsistent: "The local area partnership's SEND arrangements lead to inconsistent experiences and outcomes for children and young people with SEND.",
  systemic_failings:
    'There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with SEND, which the local area partnership must address urgently.',
};

export function isSendEvent(event: Pick<CouncilEvent, 'inspection'>): boolean {
  return event.inspection?.framework === 'send' || event.inspection?.kind === 'send';
}

export function sendOutcomeLabel(outcome: SendOutcome | null | undefined): string {
  return outcome ? OUTCOME_SHORT[outcome] : 'no outcome given';
}

/** What happened, without the council. Plain text. */
export function sendHeadline(event: CouncilEvent): string {
  const now = event.inspection?.sendOutcome;
  switch (event.kind) {
    case 'downgrade':
      return `area SEND outcome worse: ${sendOutcomeLabel(now)}`;
    case 'upgrade':
      return `area SEND outcome better: ${sendOutcomeLabel(now)}`;
    case 'urgent_action':
      return now === 'systemic_failings'
        ? `area SEND inspection found widespread and/or systemic failings`
        : `area SEND inspection: ${plural(event.priorityActions.length, 'area')} for priority action`;
    case 'first_record':
      return `first area SEND inspection on record: ${sendOutcomeLabel(now)}`;
    default:
      return `area SEND inspection: ${sendOutcomeLabel(now)}`;
  }
}

/** "Area SEND inspection by Ofsted and CQC, 12–16 February 2024". Plain text. */
export function sendInspectionLine(inspection: EventInspection): string {
  const dates = formatDateRange(inspection.start, inspection.end);
  return `Area SEND inspection by Ofsted and CQC${dates ? `, ${dates}` : ''}`;
}

/** The summary section: whose inspection this is, the outcome in words, and what it was before. */
export function sendSummary(event: CouncilEvent): string {
  const inspection = event.inspection!;
  const council = escapeMrkdwn(event.council.name);
  const published = formatDate(inspection.published);
  const lines = [
    `${escapeMrkdwn(sendInspectionLine(inspection))}${published ? ` · published ${escapeMrkdwn(published)}` : ''}`,
    `Ofsted and the Care Quality Commission inspected the *${council} local area partnership*: the council and the NHS integrated care board, jointly responsible for services for children and young people with special educational needs and/or disabilities (SEND). This is not a judgement of the council's children's social care.`,
    `*Outcome:* ${escapeMrkdwn(inspection.sendOutcome ? OUTCOME_SENTENCE[inspection.sendOutcome] : 'the report gives no outcome.')}`,
  ];
  const before = event.previous?.sendOutcome;
  if (before && (event.kind === 'downgrade' || event.kind === 'upgrade')) {
    const when = formatDateRange(event.previous!.start, event.previous!.end) ?? formatDate(event.previous!.published);
    lines.push(`${event.kind === 'downgrade' ? 'Worse than' : 'Better than'} the previous area SEND inspection${when ? ` (${escapeMrkdwn(when)})` : ''}: *${escapeMrkdwn(OUTCOME_SHORT[before])}*.`);
  }
  if (event.priorityActions.length > 0) {
    lines.push(`Ofsted named *${plural(event.priorityActions.length, 'area')} for priority action*; the partnership must send a priority action plan.`);
  }
  return lines.join('\n');
}

/** Before/Now outcomes for a SEND downgrade or upgrade (mrkdwn field texts). */
export function sendChangeFields(event: CouncilEvent): { label: string; value: string; inspection: EventInspection }[] | null {
  if (!event.previous || !event.inspection) return null;
  return [
    { label: 'Before', value: sendOutcomeLabel(event.previous.sendOutcome), inspection: event.previous },
    { label: 'Now', value: sendOutcomeLabel(event.inspection.sendOutcome), inspection: event.inspection },
  ];
}

/** Each priority action with the bodies responsible for it: "text — Council; ICB" (the owners in italics). */
export function sendPriorityActionLines(event: CouncilEvent): string[] {
  return event.priorityActions.map((action, i) => {
    const owners = event.priorityActionOwners?.[i] ?? [];
    const text = escapeMrkdwn(action.replace(/\s+/g, ' ').trim());
    return owners.length ? `${text}\n      _Responsible: ${escapeMrkdwn(owners.join('; '))}_` : text;
  });
}
