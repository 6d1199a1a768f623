/**
 * Letters with no grade: focused visits, monitoring visits, joint targeted area
 * inspections (JTAIs), and area SEND inspections. What matters in them: the areas
 * for priority action they name (priority-actions.ts; send.ts for the area SEND
 * table), whether Ofsted notified the Department for Education, and for area
 * SEND the outcome and both lead inspectors.
 */
import { addressNames } from './council.ts';
import { dateRange, datesIn, plausibleVisit } from './dates.ts';
import { fieldValue, pageText, sentenceWith, type ReportDocument } from './document.ts';
import { datesField, tidyName } from './front.ts';
import { findLetterTitle, NAME_END, type LetterKind } from './letter-title.ts';
import { inspectorNames, signatory } from './people.ts';
import { priorityActions } from './priority-actions.ts';
import type { Reading } from './reading.ts';
import { sendInspectors, sendOutcome, sendPriorityTable } from './send.ts';

export { findLetterTitle, letterKind, LETTER_TITLES, type LetterKind } from './letter-title.ts';

const DFE = String.raw`(?:the\s+)?(?:department for education|dfe|secretary of state(?: for education)?)`;
const DFE_NOTIFIED = [
  new RegExp(String.raw`\b(?:notified|informed|advised|alerted|written to|notify|inform)\s+${DFE}\b`, 'i'),
  new RegExp(String.raw`\b(?:department for education|dfe)\b(?:\s*\(dfe\))?\s+(?:has|have|was|were|will be)\s+(?:been\s+)?(?:notified|informed|made aware|advised)\b`, 'i'),
  new RegExp(String.raw`\bshared\s+(?:these|the|our|its)\s+(?:findings|areas for priority action|concerns)\s+with\s+${DFE}\b`, 'i'),
];

export function dfeNotified(text: string): boolean {
  const sentence = sentenceWith(text, /department for education|\bdfe\b|secretary of state/i) ?? '';
  if (!sentence) return false;
  return text
    .split(/(?<=[.!?])\s+/)
    .filter((s) => /department for education|\bdfe\b|secretary of state/i.test(s))
    .some((s) => !/\b(?:not|no longer)\s+(?:been\s+)?(?:notified|informed)\b/i.test(s) && DFE_NOTIFIED.some((p) => p.test(s)));
}

/** The letter's own date: a line on page 1 that is a date and nothing else ("23 August 2021"), else the first date above "Dear". */
export function letterDate(doc: ReportDocument): string | undefined {
  const lines = (doc.pages[0] ?? []).slice(0, 40);
  const alone = lines.find((line) => /^\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}$/.test(line.text));
  if (alone) return datesIn(alone.text)[0];
  const dear = lines.findIndex((line) => /^dear\b/i.test(line.text));
  return dear > 0 ? datesIn(lines.slice(0, dear).map((l) => l.text).join(' '))[0] : undefined;
}

/** Visits last days (a JTAI up to a few weeks): a longer range is a misprinted year. */
const LONGEST_VISIT_DAYS = 45;

/** The dates of the visit: a dates field, else the sentence after the title that says when the visit was. */
function letterDates(doc: ReportDocument, after: string): { inspectionStart: string | null; inspectionEnd: string | null } {
  const context = { written: letterDate(doc) };
  const field = datesField(doc);
  let range = field ? dateRange(field, context) : null;
  if (!range) {
    const sentences = after.split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
    const sentence =
      sentences.find((s) => /\b(?:findings|outcomes?) of\b|\bbetween\b|\b(?:visit|inspection) (?:took place|was carried out|on)\b/i.test(s) && datesIn(s, context).length) ??
      sentences.find((s) => datesIn(s, context).length);
    range = sentence ? dateRange(sentence, context) : null;
  }
  if (range) range = plausibleVisit(range, LONGEST_VISIT_DAYS);
  return { inspectionStart: range?.start ?? null, inspectionEnd: range?.end ?? null };
}

/** Who led the visit: the signatory, else the "lead inspector" the text names, else the first inspector named. */
export function letterInspector(doc: ReportDocument, text: string): string | null {
  const signed = signatory(doc.pages.flat());
  if (signed) return signed;
  const field = fieldValue(doc, /^lead inspectors?\s*:/i, 1);
  const fromField = field && inspectorNames(field.value);
  if (fromField) return fromField;
  const named =
    /\b(?:the )?lead inspector (?:was|is|for this (?:visit|inspection) was)\s+([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+){1,3})/u.exec(text) ??
    /([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+){1,3}),? \(?lead inspector\)?/u.exec(text);
  if (named) return inspectorNames(named[1]!);
  const team = /inspectors? (?:for this (?:visit|inspection) )?(?:were|was)\s+([^.]+)\./i.exec(text);
  if (team) return inspectorNames(team[1]!)?.split('; ')[0] ?? null;
  return null;
}

/** The council as the letter's opening sentence names it ("the findings of the focused visit to X children's services"). */
const FINDINGS = new RegExp(String.raw`\bfindings of (?:the|a|our) [a-z -]+? (?:to|of|in) (?:the )?(.+?)${NAME_END.source}`, 'i');

export function readLetter(doc: ReportDocument, kind: LetterKind, subtype: string): Reading {
  const title = findLetterTitle(doc);
  const text = pageText(doc);
  const titleAt = title ? text.indexOf(title.line.text) : -1;
  const dear = text.search(/\bdear\b/i);
  const after = titleAt >= 0 ? text.slice(titleAt + title!.line.text.length) : text.slice(Math.max(dear, 0));
  const findings = FINDINGS.exec(text);
  const dates = letterDates(doc, after);
  const lists = kind === 'send' ? sendPriorityTable(doc) : null;
  const listed = lists ? { actions: lists.actions, carriedOver: false } : priorityActions(doc, text);
  const inspectors = kind === 'send' ? sendInspectors(doc, text) : undefined;
  // Focused visits belong to ILACS (2018 on); monitoring visits to whichever framework judged the LA inadequate.
  const framework =
    kind === 'send' ? 'send' : kind === 'jtai' ? 'other' : kind === 'monitoring_visit' && dates.inspectionStart && dates.inspectionStart < '2018-01-01' ? 'sif' : 'ilacs';
  // A monitoring inspection gives no outcome of its own (the one it recalls is the full inspection's).
  const outcome = kind === 'send' && !/monitoring/.test(subtype) ? sendOutcome(text) : null;
  return {
    framework,
    kind,
    subtype,
    councilName: title?.name ?? (findings ? tidyName(findings[1]!) : null),
    otherNames: [...(findings ? [tidyName(findings[1]!)] : []), ...addressNames(doc)],
    ...dates,
    leadInspector: kind === 'jtai' ? null : inspectors ? inspectors.ofsted : letterInspector(doc, text),
    cqcLeadInspector: inspectors?.cqc ?? null,
    overall: null,
    judgements: {},
    priorityActions: listed.actions,
    priorityActionsCarriedOver: listed.carriedOver,
    ...(kind === 'send' ? { priorityActionOwners: lists?.owners ?? listed.actions.map(() => []) } : {}),
    dfeNotified: dfeNotified(text),
    sendOutcome: outcome,
  };
}
