/**
 * Areas for priority action in focused-visit, monitoring-visit and JTAI letters:
 * the items under an "Areas for priority action" heading, each whole across line
 * and page breaks, without the sentence that introduces them ("The local
 * authority needs to take swift and decisive action to address the following
 * areas of weakness:"), and ending where the next list ("What needs to improve")
 * or section begins. Items are bulleted (•, ◼), numbered, or plain paragraphs.
 */
import { bodyLines, bodySize, type ReportDocument } from './document.ts';
import { joinItems, type Line } from './layout.ts';
import { displayText, isBulletGlyph } from './text.ts';

export interface PriorityActions {
  actions: string[];
  /** The letter says earlier areas for priority action remain, and names no new ones. */
  carriedOver: boolean;
}

/** A line that is the heading of the list, e.g. "Areas for priority action", "Area for priority action:". */
const PRIORITY_HEADING =
  /^(?:the )?(?:areas?|matters?|issues?) (?:identified )?(?:for|requiring|that requires?|that needs?) (?:urgent )?priority actions?(?: (?:are|is|were|include)| (?:for|by) (?:the )?[A-Z][^.;:,]{2,60})?\s*[:?]?$|^(?:urgent )?priority actions?\s*:?$|^(?:ofsted|inspectors|we) (?:has |have )?identified the following (?:areas? for )?priority actions?\s*:?$/i;
/** An introduction that recalls earlier areas for priority action ("At the last visit, inspectors identified the following…"). */
const EARLIER = /\b(?:previous|last|earlier|prior|preceding|progress|since|revisit\w*)\b|\b(?:19|20)\d\d\b/i;
/** A look back that names no time ("Inspectors reviewed the areas for priority action:"), unless it introduces "the following". */
const REVIEWED = /\b(?:against|review\w*|consider\w*|evaluat\w*|tested|follow(?:ed|ing) up)\b/i;
/** A paragraph ending in a colon that introduces the list ("…to address the following areas for priority action:"). */
const PRIORITY_INTRO = /\b(?:following|these|the) (?:\w+ ){0,2}(?:areas?|issues?|matters?) (?:for|of|requiring|(?:that |which )?(?:requires?|needs?)) (?:urgent )?priority actions?[^.,;]*:$|\bareas? for priority actions?(?: (?:are|is|were|include))?\s*:$/i;

/** A paragraph whose last sentence introduces the list without a colon ("…to address the following areas of weakness."). */
const LIST_INTRO = /\b(?:the following|as follows)\b[^.]*\.$/i;
/** Headings that end the list: the next list's, printed in a line of up to 14 words. */
const NEXT_LIST =
  /^(?:areas? for (?:improvement|development)|areas? of strength|what needs to improve|what (?:the )?(?:local (?:authority|area partnership)|partnership|leaders) (?:needs?|should|must)|next steps\b)/i;
/** Other section headings, short (a paragraph item may start "Findings from audits…" or "Evaluation of risk…"). */
const NEXT_SECTION =
  /^(?:(?:main|headline|key|summary of|inspection|other) findings|findings\b|case study|information about|what is working well|(?:key )?strengths\b|practice (?:strengths|that needs)|evaluation of|context\b|overview\b|summary\b|background\b|recommendations?\b|the (?:local )?(?:partnership|area)'?s? (?:response|arrangements))/i;
const SIGN_OFF =
  /^(?:yours? (?:sincerely|faithfully)|(?:ofsted|we|inspectors) will (?:take|consider|return|revisit|undertake|carry out|continue to|write|monitor)|this letter will be published|(?:we|ofsted) (?:have|has) (?:notified|informed|advised)|(?:the )?(?:department for education|dfe)(?: \(dfe\))? (?:has|have|was|were) (?:been )?(?:notified|informed|made aware)|(?:the )?(?:local authority|partnership|local area partnership) (?:should|must|is required to) (?:submit|prepare|produce|provide|send)|you should (?:submit|prepare|provide|send)|an action plan)/i;
/** "Priority action(s)" as the actions, not the "priority action plan" written in answer to them. */
const ACTIONS = String.raw`priority actions?\b(?! plans?\b)`;
/** "There are no areas for priority action", "Inspectors did not identify any priority actions", "None.": an answer, never an item. */
const AREAS = String.raw`(?:new |further |other |additional )?(?:(?:areas?|issues?|matters?) (?:(?:were |have been )?identified )?(?:for|of|requiring|that (?:require|need)) (?:urgent )?)?${ACTIONS}`;
export const NO_PRIORITY_ACTIONS = new RegExp(
  [
    String.raw`\bthere (?:are|were|is|was) no ${AREAS}`,
    String.raw`\bno ${AREAS}`,
    String.raw`\bnot (?:\w+ ){0,2}any ${AREAS}`,
    String.raw`\b(?:not|n't) (?:identify|find|make|raise|set|give|name|see)\w* (?:any )?${AREAS}`,
    String.raw`\b${AREAS} (?:were|was|have been|has been|are|is) not (?:identified|found|made|raised|set|given|needed|required)\b`,
    String.raw`\bpriority actions?:? (?:none|nil|n\/a)\b`,
    String.raw`^(?:•\s*)?(?:none|nil|n\/a|not applicable)(?: (?:were |was )?(?:identified|found|noted))?(?: (?:at|during|in|from|on) this (?:visit|inspection))?\.?$`,
  ].join('|'),
  'i',
);
/** Words that turn "… priority action … remain" away from the actions themselves ("…, although some weaknesses remain", "no longer remain", "have been addressed, and some … remain"). */
const NOT_THE_ACTIONS = String.raw`(?:although|but|however|while|whilst|whereas|no longer|not|some|other|(?:been|were|was|are) (?:\w+ )?(?:addressed|met|resolved))`;
/** Sentences saying earlier areas for priority action still stand. */
const CARRIED_OVER = [
  new RegExp(String.raw`\bexisting (?:areas? (?:for|of) )?${ACTIONS}`, 'i'),
  new RegExp(
    String.raw`\b(?:areas? (?:for|of) )?${ACTIONS}(?:(?!\b${NOT_THE_ACTIONS}\b)[^.;:])*\b(?:remains?|continues? to (?:apply|stand)|still (?:apply|stand)|(?:have|has) not (?:yet )?been (?:fully )?(?:met|addressed|resolved))\b`,
    'i',
  ),
  new RegExp(String.raw`\b(?:remains?|continues? to be|are still) (?:an? )?(?:areas?|issues?) (?:for|of) ${ACTIONS}`, 'i'),
];

const ITEM_NUMBER = /^(?:\(?\d{1,2}[.)]|\(?[a-h][.)]|\(?[ivx]{1,4}[.)])\s+/i;
const DASH = /^[-\u2212\u2013\u2014o]$/;

type MarkerKind = 'bullet' | 'number' | 'dash';
interface Marker {
  kind: MarkerKind;
  x: number;
  /** The item's own text, without its marker. */
  text: string;
}

function display(items: Line['items']): string {
  return joinItems(items, displayText);
}

/** The list marker a line starts with: a bullet glyph (alone or leading the run), a number, or a dash/"o" set apart. */
export function lineMarker(line: Line): Marker | undefined {
  const [first, second] = line.items;
  if (!first) return undefined;
  const glyph = first.str.trim();
  if (isBulletGlyph(glyph) && second) return { kind: 'bullet', x: first.x, text: display(line.items.slice(1)) };
  if (/^•\s*\S/.test(line.text) && isBulletGlyph([...line.display][0] ?? '')) return { kind: 'bullet', x: line.x, text: line.display.replace(/^\S\s*/u, '') };
  if (DASH.test(glyph) && second && second.x - first.x > 6) return { kind: 'dash', x: first.x, text: display(line.items.slice(1)) };
  // A Wingdings bullet read without its font's mapping ("§" for ■, "Ø" for ➢, "ü" for ✓), printed apart from its text.
  if (/^[§Øüq]$/.test(glyph) && second && second.x - first.x > 6) return { kind: 'bullet', x: first.x, text: display(line.items.slice(1)) };
  if (/^[-\u2212\u2013]\s+\S/.test(line.display)) return { kind: 'dash', x: line.x, text: line.display.replace(/^\S\s+/, '') };
  const number = ITEM_NUMBER.exec(line.text);
  if (number) return { kind: 'number', x: line.x, text: line.display.replace(ITEM_NUMBER, '') };
  return undefined;
}

function words(line: Line): number {
  return line.text.split(' ').length;
}

/** Space above a line on its page; NaN at the top of a page. */
function gapAbove(lines: Line[], k: number): number {
  const previous = lines[k - 1];
  return previous && previous.page === lines[k]!.page ? previous.y - lines[k]!.y : Number.NaN;
}

/** A line that starts its own block: after space, after a finished sentence, or out to the left of the text above. */
function setApart(lines: Line[], k: number, size: number): boolean {
  const line = lines[k]!;
  const previous = lines[k - 1];
  return !(gapAbove(lines, k) < size * 1.3) || !previous || /[.;:!?]$/.test(previous.text) || line.x < previous.x - 4;
}

/** A heading as printed: capitalised and set apart ("areas for priority action" wrapped into a sentence is not one). */
function isHeading(lines: Line[], k: number, size: number): boolean {
  return /^[A-Z]/.test(lines[k]!.text) && setApart(lines, k, size);
}

/** A heading of the next section (set apart from the text above), a second priority heading, or the letter's closing. */
function endsSection(lines: Line[], k: number, size: number): boolean {
  const line = lines[k]!;
  const apart = setApart(lines, k, size);
  return SIGN_OFF.test(line.text) || (apart && (PRIORITY_HEADING.test(line.text) || nextSection(line)));
}

/** A heading of the section after the list: heading-shaped (no full stop or comma at its end), and short unless it names the next list. */
function nextSection(line: Line): boolean {
  if (/[.,;]$/.test(line.text)) return false;
  if (NEXT_LIST.test(line.text)) return words(line) <= 14;
  return NEXT_SECTION.test(line.text) && (words(line) <= 8 || /[?:]$/.test(line.text));
}

/** A short line with no closing punctuation, set apart from the text above: a (sub)heading. */
function headingLike(line: Line, gap: number, size: number): boolean {
  return words(line) <= 10 && !/[.,;]$/.test(line.text) && /^[A-Z'"(]/.test(line.text) && !(gap < size * 1.5);
}

export function tidyAction(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/(\w)- (\w)/g, (all, a: string, b: string) => (/[a-z]/.test(b) ? `${a}-${b}` : all))
    .replace(/\s+([,.;:])/g, '$1')
    .trim();
}

interface Paragraph {
  lines: Line[];
  text: string;
}

/**
 * The lines from `from` to the end of the section, grouped into paragraphs by the
 * space between them. A (sub)heading ends the section, unless the list is
 * sub-headed ("Leadership", "Health"): then its short sub-headings are passed over.
 */
function paragraphs(lines: Line[], from: number, size: number, subheaded = false): Paragraph[] {
  const out: Paragraph[] = [];
  let afterHeading = false;
  for (let k = from; k < lines.length; k++) {
    const line = lines[k]!;
    if (endsSection(lines, k, size)) break;
    const gap = gapAbove(lines, k);
    const previous = out.at(-1)?.lines.at(-1);
    const fresh = afterHeading || !previous || (Number.isNaN(gap) ? /[.;:]$/.test(previous.text) : gap > size * 1.5);
    afterHeading = false;
    if (fresh && headingLike(line, previous ? gap : size * 2, size)) {
      if (subheaded && words(line) <= 4) {
        afterHeading = true;
        continue;
      }
      if (previous) break;
    }
    if (fresh) out.push({ lines: [line], text: '' });
    else out.at(-1)!.lines.push(line);
  }
  for (const p of out) p.text = tidyAction(p.lines.map((l) => l.display).join(' '));
  return out;
}

function isTopItem(line: Line | undefined, top: Marker): boolean {
  const marker = line && lineMarker(line);
  return !!marker && Math.abs(marker.x - top.x) <= 4 && marker.kind === top.kind;
}

/** Marked items (bullets or numbers at one indent), their continuation lines and sub-items, from line `first`. */
function markedItems(lines: Line[], first: number, size: number, subheaded: boolean): string[] {
  const top = lineMarker(lines[first]!)!;
  const items: string[][] = [];
  for (let k = first; k < lines.length; k++) {
    const line = lines[k]!;
    if (endsSection(lines, k, size)) break;
    const gap = gapAbove(lines, k);
    const marker = lineMarker(line);
    const current = items.at(-1);
    if (marker && isTopItem(line, top)) {
      items.push([marker.text]);
    } else if (current && marker && marker.x > top.x + 4) {
      current.push(marker.text); // a sub-item belongs to its item
    } else if (current && line.x > top.x + 4 && !(gap > size * 2.5)) {
      current.push(line.display);
    } else if (current && Math.abs(line.x - top.x) <= 4 && (gap < size * 1.45 || (Number.isNaN(gap) && /^[a-z]/.test(line.text))) && !/[.;:]$/.test(lines[k - 1]!.text)) {
      current.push(line.display); // no hanging indent: the item's next line starts under its marker (on the next page, mid-sentence)
    } else if (subheaded && headingLike(line, gap, size) && words(line) <= 4 && isTopItem(lines[k + 1], top)) {
      continue; // in a list under sub-headings ("Leadership", "Practice"), the next one
    } else {
      break;
    }
  }
  return items.map((parts) => tidyAction(parts.join(' ')));
}

/** A short sub-heading ("Leadership") straight under the heading, with longer text under it: the list is sub-headed. */
function subheadedAt(lines: Line[], start: number, size: number): boolean {
  const [line, next] = [lines[start], lines[start + 1]];
  return !!line && !!next && !endsSection(lines, start, size) && headingLike(line, size * 2, size) && words(line) <= 4 && !headingLike(next, gapAbove(lines, start + 1), size);
}

/** The items after a heading at `start` (the first line after it). */
function listAfter(lines: Line[], start: number, size: number): string[] {
  const subheaded = subheadedAt(lines, start, size);
  // "There are no areas for priority action" straight after the heading: nothing else under it is one.
  const first = paragraphs(lines, start, size, subheaded)[0];
  if (first && NO_PRIORITY_ACTIONS.test(first.text.replace(/^\S\s+/u, ''))) return [];
  // Up to three introductory paragraphs (or a sub-heading) may come before the first marked item; another heading may not.
  let intro = 0;
  let subheadedList = subheaded;
  for (let k = start; k < lines.length && k < start + 20; k++) {
    const line = lines[k]!;
    if (endsSection(lines, k, size)) break;
    if (lineMarker(line)) return markedItems(lines, k, size, subheadedList);
    const gap = gapAbove(lines, k);
    const heading = headingLike(line, k === start ? size * 2 : gap, size);
    if (heading && words(line) <= 4 && lineMarker(lines[k + 1] ?? line)) subheadedList = true;
    else if (heading && k > start && !/:$/.test(line.text)) break; // another section, not an introduction ending in a colon
    if (k > start && gap > size * 1.5) intro++;
    if (intro >= 3) break;
  }
  // No markers: one item a paragraph, less any paragraph that introduces the list.
  const items: string[] = [];
  for (const p of paragraphs(lines, start, size, subheaded)) {
    if (!items.length && (/:$/.test(p.text) || LIST_INTRO.test(p.text))) continue;
    if (NO_PRIORITY_ACTIONS.test(p.text)) break; // "There are no areas for priority action."
    items.push(p.text);
    if (items.length >= 10) break;
  }
  return items;
}

/** Every area for priority action a letter names, in order, each once. */
export function priorityActions(doc: ReportDocument, fullText: string): PriorityActions {
  const lines = bodyLines(doc);
  const size = bodySize(doc);
  const actions: string[] = [];
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    let start: number | undefined;
    if (PRIORITY_HEADING.test(line.text) && isHeading(lines, k, size)) start = k + 1;
    else if (/:$/.test(line.text) && introducesNewList(introText(lines, k, size))) start = k + 1;
    if (start === undefined) continue;
    for (const item of listAfter(lines, start, size)) {
      if (item && !NO_PRIORITY_ACTIONS.test(item) && !actions.includes(item)) actions.push(item);
    }
  }
  const sentences = fullText.split(/(?<=[.!?])\s+/);
  const carriedOver = !actions.length && sentences.some((s) => !NO_PRIORITY_ACTIONS.test(s) && CARRIED_OVER.some((p) => p.test(s)));
  return { actions, carriedOver };
}

/** A paragraph ending in a colon that introduces this letter's own list, not a look back at earlier ones. */
function introducesNewList(intro: string): boolean {
  if (!PRIORITY_INTRO.test(intro) || EARLIER.test(intro)) return false;
  return !REVIEWED.test(intro) || /\bthe following\b/i.test(intro);
}

/** The paragraph that ends at line `end`. */
function introText(lines: Line[], end: number, size: number): string {
  let k = end;
  while (k > 0 && lines[k - 1]!.page === lines[k]!.page && gapAbove(lines, k) <= size * 1.5) k--;
  return lines
    .slice(k, end + 1)
    .map((l) => l.text)
    .join(' ');
}
