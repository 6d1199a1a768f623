/** Fields every inspection report prints near its top: council, dates, lead inspector. */
import { dateRange } from './dates.ts';
import { fieldValue, titleBlock, type ReportDocument } from './document.ts';
import { joinLines } from './layout.ts';
import { inspectorNames } from './people.ts';

export const DATES_LABEL = /^(?:inspection|review|visit) dates?\b\s*:?/i;
const LEAD_LABEL = /^lead inspectors?\b\s*:?/i;

/** The "Inspection dates:" value; it runs on to the next line only when visibly unfinished ("… 7 August 2019 to"). */
export function datesField(doc: ReportDocument): string | undefined {
  return fieldValue(doc, DATES_LABEL, 2, 0, (value) => !/\b(?:19|20)\d\d$/.test(value) || /(?:\bto|\band|[-,])$/.test(value))?.value;
}

export function inspectionDates(doc: ReportDocument): { inspectionStart: string | null; inspectionEnd: string | null } {
  const field = datesField(doc);
  const range = field ? dateRange(field) : null;
  return { inspectionStart: range?.start ?? null, inspectionEnd: range?.end ?? null };
}

/** Only a "Lead inspector(s):" field counts (SIF and older reports name theirs elsewhere, or not at all). */
export function leadInspector(doc: ReportDocument): string | null {
  const field = fieldValue(doc, LEAD_LABEL, 2);
  return field ? inspectorNames(field.value) : null;
}

/**
 * The council as the title block prints it: the title block's text less the
 * report-type phrases (`titles`), e.g. "Calderdale Metropolitan Borough Council",
 * or the X of "Inspection of X local authority children's services".
 */
export function councilFromTitle(doc: ReportDocument, titles: readonly RegExp[]): string | null {
  const block = titleBlock(doc, DATES_LABEL);
  let text = joinLines(block);
  const inner = /inspection of (.+?) local authority children'?s services/i.exec(text);
  if (inner) return tidyName(inner[1]!);
  for (const title of titles) text = text.replace(title, ' | ');
  const name = text
    .split('|')
    .map((s) => tidyName(s))
    .find((s) => s.length > 1);
  return name ?? null;
}

export function tidyName(text: string): string {
  return text
    .replace(/\s+\d{1,2}$/, '') // footnote mark
    .replace(/^[\s,.:;-]+|[\s,.:;-]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
