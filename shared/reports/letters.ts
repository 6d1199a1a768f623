/**
 * Letters with no grade: focused visits, monitoring visits, joint targeted area
 * inspections (JTAIs), and area SEND inspections. What matters in them: the areas
 * for priority action they name, and whether Ofsted notified the Department for
 * Education.
 */
import type { ReportKind } from '../domain/inspection.ts';
import { dateRange, datesIn } from './dates.ts';
import { fieldValue, pageText, sentenceWith, type ReportDocument } from './document.ts';
import { datesField, tidyName } from './front.ts';
import type { Line } from './layout.ts';
import { inspectorNames } from './people.ts';
import type { Reading } from './reading.ts';
import { isBulletGlyph } from './text.ts';

export type LetterKind = Extract<ReportKind, 'focused_visit' | 'monitoring_visit' | 'jtai' | 'send'>;

interface LetterTitle {
  kind: LetterKind;
  subtype: string;
  /** Group 1 is the council (or area) name. */
  title: RegExp;
}

export const LETTER_TITLES: LetterTitle[] = [
  { kind: 'focused_visit', subtype: 'focused visit', title: /^focused visit (?:to|of|in) (.+?)(?:'s)? (?:local authority )?children'?s services\b/i },
  { kind: 'monitoring_visit', subtype: 'monitoring visit', title: /^monitoring visit (?:to|of|in) (.+?)(?:'s)? (?:local authority )?children'?s services\b/i },
  { kind: 'focused_visit', subtype: 'assurance visit', title: /^assurance visit (?:to|of|in) (.+?)(?:'s)? (?:local authority )?children'?s services\b/i },
  { kind: 'jtai', subtype: 'joint targeted area inspection', title: /^joint targeted area inspection (?:\(jtai\) )?of (?:the )?.+ in (?:the )?(.+?)\.?$/i },
  { kind: 'jtai', subtype: 'joint targeted area inspection', title: /^joint targeted area inspection (?:\(jtai\) )?(?:of|in) (?!the multi-agency)(?:the )?(.+?)\.?$/i },
  { kind: 'send', subtype: 'area send inspection', title: /^area send (?:full |monitoring )?inspection of (?:the )?(.+?)(?: local area partnership)?\.?$/i },
  { kind: 'send', subtype: 'joint local area send inspection', title: /^joint (?:local )?area send (?:inspection|revisit) in (?:the )?(.+?)\.?$/i },
];

/** Sentences that say which kind of letter this is, when the title line is not found. */
export const LETTER_SENTENCES: { kind: LetterKind; subtype: string; pattern: RegExp }[] = [
  { kind: 'focused_visit', subtype: 'focused visit', pattern: /\b(?:findings|outcomes?) of (?:the|a|our) focused visit\b/i },
  { kind: 'monitoring_visit', subtype: 'monitoring visit', pattern: /\b(?:findings|outcomes?) of (?:the|a|our) (?:\w+ )?monitoring visit\b/i },
  { kind: 'jtai', subtype: 'joint targeted area inspection', pattern: /\bjoint targeted area inspection\b/i },
  { kind: 'send', subtype: 'area send inspection', pattern: /\b(?:area|local area) send (?:full )?inspection\b|\bspecial educational needs and\/or disabilities \(send\) arrangements\b/i },
];

export interface LetterTitleMatch {
  kind: LetterKind;
  subtype: string;
  name: string;
  line: Line;
}

/** The letter's title ("Focused visit to X children’s services"), which may wrap over two or three lines. */
export function findLetterTitle(doc: ReportDocument, maxPage = 1): LetterTitleMatch | undefined {
  for (const lines of doc.pages.slice(0, maxPage + 1)) {
    for (let k = 0; k < lines.length; k++) {
      // The title and the lines that continue it (same type size, close below), longest reading first.
      const block = [lines[k]!.text];
      for (let extra = 1; extra < 3 && k + extra < lines.length; extra++) {
        const next = lines[k + extra]!;
        if (Math.abs(next.size - lines[k]!.size) > 1 || lines[k + extra - 1]!.y - next.y > next.size * 1.8) break;
        block.push(next.text);
      }
      for (let n = block.length; n >= 1; n--) {
        const text = block.slice(0, n).join(' ');
        if (text.length > 220) continue;
        for (const t of LETTER_TITLES) {
          const m = t.title.exec(text);
          if (m) return { kind: t.kind, subtype: t.subtype, name: tidyName(m[1]!), line: lines[k]! };
        }
      }
    }
  }
  return undefined;
}

/** Kind of letter by its title, else by what its first page says it is. */
export function letterKind(doc: ReportDocument): { kind: LetterKind; subtype: string } | undefined {
  const title = findLetterTitle(doc);
  if (title) return title;
  const text = pageText(doc, 0, 0);
  const sentence = LETTER_SENTENCES.find((s) => s.pattern.test(text));
  return sentence && { kind: sentence.kind, subtype: sentence.subtype };
}

const PRIORITY_HEADING =
  /^(?:(?:the )?areas? (?:identified )?for priority action(?:s)?(?: (?:are|is|were))?|priority actions?|(?:ofsted|inspectors) (?:has |have )?identified the following areas? for priority action)\s*:?$/i;
/** Headings that end a list of priority actions (only when the line looks like a heading: short, with space above). */
const NEXT_HEADING =
  /^(?:areas? for (?:improvement|development)|what needs to improve|what (?:the )?(?:local (?:authority|area partnership)|partnership) (?:needs|should)|main findings|headline findings|findings|next steps|information about this|areas? of strength|what is working well|leadership|summary|the (?:local )?(?:partnership|area)'?s? (?:response|arrangements))\b/i;
const SIGN_OFF = /^(?:yours (?:sincerely|faithfully)|ofsted will take|this letter will be published)/i;

function isHeadingLike(line: Line, gap: number): boolean {
  return line.text.split(' ').length <= 12 && !/[.,;]$/.test(line.text) && gap > line.size * 1.5;
}
const ITEM_NUMBER = /^(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|\(?[ivx]{1,4}[.)])\s+/i;

/** Furniture repeated on each page of a letter: page numbers, "Page 2 of 6", short running titles in small print. */
function isFurniture(line: Line, bodySize: number): boolean {
  return /^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$/i.test(line.text) || line.size < bodySize * 0.8;
}

function startsItem(line: Line): { text: string; marker: number } | undefined {
  const first = line.items[0]!;
  if (isBulletGlyph(first.str)) return { text: line.text.replace(/^\S\s*/, ''), marker: first.x };
  if (/^•\s*/.test(line.text)) return { text: line.text.replace(/^•\s*/, ''), marker: line.x };
  const m = ITEM_NUMBER.exec(line.text);
  if (m) return { text: line.text.slice(m[0].length), marker: line.x };
  return undefined;
}

function tidyAction(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, (all, a: string, b: string) => (/[a-z]/.test(b) ? `${a}-${b}` : all))
    .trim();
}

/**
 * The areas for priority action under their heading: bulleted or numbered items
 * (each running on over indented lines and across a page break), or — with no
 * markers — one item per paragraph, up to the next heading.
 */
export function priorityActions(doc: ReportDocument): string[] {
  const out: string[] = [];
  const all = doc.pages.flatMap((lines) => lines);
  const bodySize = median(all.map((l) => l.size)) ?? 11;
  for (let h = 0; h < all.length; h++) {
    if (!PRIORITY_HEADING.test(all[h]!.text)) continue;
    const heading = all[h]!;
    const items: string[] = [];
    let current: { parts: string[]; markerX: number; textX: number } | undefined;
    let previous: Line = heading;
    let marked: boolean | undefined;
    // "The local authority should address:" may introduce the bullets: start at the first marked item close below.
    let from = h + 1;
    const lookahead = all.slice(h + 1, h + 6).filter((l) => !isFurniture(l, bodySize));
    const firstItem = lookahead.findIndex((l) => !!startsItem(l));
    if (firstItem > 0 && lookahead.slice(0, firstItem).some((l) => /:$/.test(l.text))) {
      from = all.indexOf(lookahead[firstItem]!);
      previous = all[from - 1]!;
      marked = true;
    }
    for (let k = from; k < all.length; k++) {
      const line = all[k]!;
      if (isFurniture(line, bodySize)) continue;
      const samePage = line.page === previous.page;
      // Across a page break the gap says nothing: a finished sentence above counts as a paragraph's end.
      const gap = samePage ? previous.y - line.y : /[.;:]$/.test(previous.text) ? line.size * 2.5 : line.size * 1.2;
      if (PRIORITY_HEADING.test(line.text) || SIGN_OFF.test(line.text) || (NEXT_HEADING.test(line.text) && isHeadingLike(line, gap))) break;
      const item = startsItem(line);
      if (marked === undefined) marked = !!item;
      if (marked) {
        if (item) {
          if (current) items.push(tidyAction(current.parts.join(' ')));
          // Where the item's text starts: after a bullet or number printed as its own run, else a hanging indent's worth in.
          const loneMarker = line.items.length > 1 && (isBulletGlyph(line.items[0]!.str) || ITEM_NUMBER.test(`${line.items[0]!.str.trim()} `));
          current = { parts: [item.text], markerX: item.marker, textX: loneMarker ? line.items[1]!.x : item.marker + 24 };
        } else if (current && line.x > current.markerX + 4 && line.x < current.textX + 12 && gap < line.size * 2.2) {
          current.parts.push(line.text);
        } else {
          break;
        }
      } else {
        // Paragraph items: a gap wider than a line starts the next; a short line with no full stop after a gap is a heading.
        const newParagraph = !current || gap > line.size * 1.9;
        if (newParagraph && current && !/[.;:]$/.test(line.text) && line.text.split(' ').length <= 8) break;
        if (newParagraph) {
          if (current) items.push(tidyAction(current.parts.join(' ')));
          current = { parts: [line.text], markerX: line.x, textX: line.x };
        } else {
          current!.parts.push(line.text);
        }
        if (items.length >= 12) break;
      }
      previous = line;
    }
    if (current) items.push(tidyAction(current.parts.join(' ')));
    for (const item of items) if (item && !out.includes(item)) out.push(item);
  }
  return out;
}

function median(values: number[]): number | undefined {
  if (!values.length) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

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

const SEND_OUTCOMES: { outcome: string; pattern: RegExp }[] = [
  { outcome: 'widespread and/or systemic failings', pattern: /\bwidespread and\/or systemic failings\b/i },
  { outcome: 'inconsistent experiences and outcomes', pattern: /\barrangements (?:typically )?lead to inconsistent experiences and outcomes\b/i },
  { outcome: 'positive experiences and outcomes', pattern: /\barrangements typically lead to positive experiences and outcomes\b/i },
];

/** Who led the visit: "lead inspector" named in the text, else the signatory, else the first inspector named. */
export function letterInspector(doc: ReportDocument, text: string): string | null {
  const field = fieldValue(doc, /^lead inspectors?\b\s*:?/i, 1);
  if (field) return inspectorNames(field.value);
  const named =
    /\b(?:the )?lead inspector (?:was|is|for this (?:visit|inspection) was)\s+([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+){1,3})/u.exec(text) ??
    /([A-Z][\p{L}'’-]+(?: [A-Z][\p{L}'’-]+){1,3}),? \(?lead inspector\)?/u.exec(text);
  if (named) return inspectorNames(named[1]!);
  const all = doc.pages.flatMap((l) => l);
  const sign = all.findIndex((l) => /^yours (?:sincerely|faithfully)/i.test(l.text));
  if (sign >= 0) {
    for (const line of all.slice(sign + 1, sign + 4)) {
      const name = inspectorNames(line.text);
      if (name) return name.split('; ')[0]!;
    }
  }
  const team = /inspectors? for this (?:visit|inspection) (?:were|was)\s+([^.]+)\./i.exec(text);
  if (team) return inspectorNames(team[1]!)?.split('; ')[0] ?? null;
  return null;
}

/** The dates of the visit: a dates field, else the first sentence after the title that gives a date with a year. */
function letterDates(doc: ReportDocument, after: string): { inspectionStart: string | null; inspectionEnd: string | null } {
  const field = datesField(doc);
  let range = field ? dateRange(field) : null;
  if (!range) {
    // The "findings of … on 20 and 21 September 2022" sentence, else the first sentence after the title with a date.
    const sentences = after.split(/(?<=[.!?])\s+(?=[A-Z"'(])/);
    const sentence = sentences.find((s) => /\b(?:findings|outcomes?) of\b/i.test(s) && datesIn(s).length) ?? sentences.find((s) => datesIn(s).length);
    range = sentence ? dateRange(sentence) : null;
  }
  return { inspectionStart: range?.start ?? null, inspectionEnd: range?.end ?? null };
}

export function readLetter(doc: ReportDocument, kind: LetterKind, subtype: string): Reading {
  const title = findLetterTitle(doc);
  const text = pageText(doc);
  const titleAt = title ? text.indexOf(title.line.text) : -1;
  const after = titleAt >= 0 ? text.slice(titleAt + title!.line.text.length) : text.slice(text.search(/\bdear\b/i) >= 0 ? text.search(/\bdear\b/i) : 0);
  const send = kind === 'send' ? SEND_OUTCOMES.find((o) => o.pattern.test(text)) : undefined;
  const findings = /\bfindings of (?:the|a|our) [a-z -]+? (?:to|of|in) (.+?)(?:'s)? (?:local authority )?children'?s services\b/i.exec(text);
  const dates = letterDates(doc, after);
  // Focused visits belong to ILACS (2018 on); monitoring visits to whichever framework judged the LA inadequate.
  const framework = kind === 'send' || kind === 'jtai' ? 'other' : kind === 'monitoring_visit' && dates.inspectionStart && dates.inspectionStart < '2018-01-01' ? 'sif' : 'ilacs';
  return {
    framework,
    kind,
    subtype: send ? `${subtype}: ${send.outcome}` : subtype,
    councilName: title?.name ?? (findings ? tidyName(findings[1]!) : null),
    otherNames: findings ? [tidyName(findings[1]!)] : [],
    ...dates,
    leadInspector: kind === 'jtai' ? null : letterInspector(doc, text),
    overall: null,
    judgements: {},
    priorityActions: priorityActions(doc),
    dfeNotified: dfeNotified(text),
  };
}
