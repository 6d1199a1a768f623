/**
 * Area SEND inspection reports (Ofsted and CQC, of the local area partnership,
 * 2023 framework): the outcome, the two lead inspectors from the "Inspection
 * team" table, and the areas for priority action table, each action beside the
 * responsible bodies that own it.
 */
import type { SendOutcome } from '../domain/inspection.ts';
import { bodyLines, bodySize, type ReportDocument } from './document.ts';
import { makeLine, type Line } from './layout.ts';
import { tidyAction } from './priority-actions.ts';

const OUTCOMES: { outcome: SendOutcome; pattern: RegExp }[] = [
  { outcome: 'systemic_failings', pattern: /\bwidespread and\s*(?:\/\s*|,\s*)?or\s+systemic failings\b/i },
  { outcome: 'inconsistent', pattern: /\b(?:arrangements|partnership|area) (?:typically |often |generally )?leads? to inconsistent experiences and outcomes\b/i },
  { outcome: 'positive', pattern: /\b(?:arrangements|partnership|area) typically leads? to positive experiences and outcomes\b/i },
];

/** The outcome the report gives: the first outcome sentence in it (page 1 states it under "Inspection outcome"). */
export function sendOutcome(text: string): SendOutcome | null {
  let best: { outcome: SendOutcome; at: number } | undefined;
  for (const { outcome, pattern } of OUTCOMES) {
    const at = text.search(pattern);
    if (at >= 0 && (!best || at < best.at)) best = { outcome, at };
  }
  return best?.outcome ?? null;
}

/** Where on a line the text matching `pattern` starts (x in points), however the line's runs are cut. */
function xOf(line: Line, pattern: RegExp): number | null {
  let text = '';
  const xs: number[] = [];
  for (const item of line.items) {
    if (text && !text.endsWith(' ')) {
      text += ' ';
      xs.push(item.x);
    }
    for (let i = 0; i < item.str.length; i++) xs.push(item.x + (item.width * i) / Math.max(1, item.str.length));
    text += item.str;
  }
  const at = text.search(pattern);
  return at < 0 ? null : xs[at]!;
}

/** The items of a line left of `x` and from `x` on, as two lines (either may be null). */
function split(line: Line, x: number): [Line | null, Line | null] {
  const left = line.items.filter((i) => i.x < x - 2);
  const right = line.items.filter((i) => i.x >= x - 2);
  return [left.length ? makeLine(line.page, left) : null, right.length ? makeLine(line.page, right) : null];
}

/** "Adam Sproston HMI, Ofsted lead inspector" -> "Adam Sproston"; "Mr Chris Ellison, Ofsted Lead inspector" -> "Chris Ellison". */
function nameInCell(cell: string): string | null {
  const name = cell
    .split(',')[0]!
    .replace(/\s+(?:HMI|Ofsted|CQC|lead|inspector)\b.*$/i, '')
    .replace(/^(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+/i, '')
    .trim();
  return /^[A-Z][\p{L}'’.-]*(?:\s+[A-Z][\p{L}'’.-]*)+$/u.test(name) ? name : null;
}

export interface SendInspectors {
  ofsted: string | null;
  cqc: string | null;
}

/**
 * The "Inspection team" table: an Ofsted column and a Care Quality Commission
 * column, each with its lead first ("Leanne Thirlby, Ofsted HMI Lead inspector").
 * A lead cell may wrap ("…Ofsted HMI Lead" / "Inspector").
 */
export function sendInspectors(doc: ReportDocument, text: string): SendInspectors {
  const lines = doc.pages.flat();
  const header = lines.findIndex((l) => /^ofsted\b.*\bcare quality commission$/i.test(l.text));
  const found: SendInspectors = { ofsted: null, cqc: null };
  if (header >= 0) {
    const cqcX = lines[header]!.items.find((i) => /^\s*care\b/i.test(i.str))?.x;
    if (cqcX !== undefined) {
      const columns: [string[], string[]] = [[], []];
      for (const line of lines.slice(header + 1, header + 12)) {
        if (line.page !== lines[header]!.page) break;
        const [ofsted, cqc] = split(line, cqcX);
        if (ofsted) columns[0].push(ofsted.text);
        if (cqc) columns[1].push(cqc.text);
      }
      const lead = (cells: string[]) => {
        const at = cells.findIndex((c, k) => /\blead\b/i.test(`${c} ${cells[k + 1] ?? ''}`) && nameInCell(c));
        return at >= 0 ? nameInCell(cells[at]!) : null;
      };
      found.ofsted = lead(columns[0]);
      found.cqc = lead(columns[1]);
    }
  }
  // No table geometry: the team as running text ("… Leanne Thirlby, Ofsted HMI Lead inspector Daniel Carrick, CQC Lead inspector …").
  found.ofsted ??= leadIn(text, String.raw`(?: HMI)?,? (?:Ofsted )?(?:HMI,? )?(?:Ofsted )?[Ll]ead [Ii]nspector`);
  found.cqc ??= leadIn(text, String.raw`,? CQC [Ll]ead [Ii]nspector`);
  return found;
}

/** Words that run into a name from the text before it in a flattened table ("Ofsted Care Quality Commission Leanne Thirlby"). */
const NOT_NAMES = /^(?:Ofsted|Care|Quality|Commission|CQC|HMI|Inspection|Inspector|Team|Lead|Mr|Mrs|Ms|Miss|Dr|Mx)$/;

function leadIn(text: string, after: string): string | null {
  const match = new RegExp(String.raw`((?:[A-Z][\p{L}'’.-]*\s+){1,5}[A-Z][\p{L}'’-]+)${after}`, 'u').exec(text);
  if (!match) return null;
  const words = match[1]!.split(/\s+/);
  while (words.length > 2 && NOT_NAMES.test(words[0]!)) words.shift();
  const name = words.join(' ').replace(/^(?:Mr|Mrs|Ms|Miss|Dr|Mx)\.?\s+/, '');
  return name.split(' ').length >= 2 ? name : null;
}

export interface SendPriorityActions {
  actions: string[];
  /** For each action, the responsible bodies named beside it. */
  owners: string[][];
}

const BODY_END = /(?:council|board|\(icb\)|icb|trust|authority|partnership|service|services|\(ccg\)|ccg|commissioning group|nhs england)$/i;

/** A body's name ended and the next begins with no "and" between (an owner cell's lines joined): "… Council NHS Greater Manchester ICB". */
const NEXT_BODY = /\b(council|board|icb|\(icb\)|trust|ccg|\(ccg\))\s+(?=NHS\b|(?:the )?(?:London |Royal )?Borough of\b|City of\b)/gi;

/**
 * "Bury Metropolitan Borough Council and NHS Greater Manchester ICB" ->
 * ["Bury Metropolitan Borough Council", "NHS Greater Manchester ICB"]. Splits
 * only after a word that ends a body's name, so "NHS Buckinghamshire, Oxfordshire,
 * and Berkshire West ICB" stays whole.
 */
export function responsibleBodies(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const piece of text.replace(NEXT_BODY, '$1; ').split(/(,\s*and\s+|,\s*|\s+and\s+|\s*;\s*)/)) {
    if (/^(?:,\s*and\s+|,\s*|\s+and\s+|\s*;\s*)$/.test(piece)) {
      if (BODY_END.test(current.trim())) {
        out.push(current.trim());
        current = '';
      } else {
        current += piece;
      }
    } else {
      current += piece;
    }
  }
  if (current.trim()) out.push(current.trim());
  return out.filter(Boolean);
}

/** A line ending in a full stop with room left for the next line's first word: its paragraph ended there, not at a wrap. */
function paragraphEnded(last: Line, next: Line, right: number): boolean {
  const firstWord = next.text.split(' ')[0]!;
  const wordWidth = ((next.xEnd - next.x) * (firstWord.length + 1)) / Math.max(1, next.text.length);
  return /[.]$/.test(last.text) && right - last.xEnd > wordWidth;
}

const HEADER_CELL = /^(?:responsible(?: bod(?:y|ies))?|areas? for priority actions?)(?: (?:responsible(?: bod(?:y|ies))?|areas? for priority actions?))?$/i;

/**
 * The table's header row: "Responsible body" and "Areas for priority action" on
 * one line, or in cells printed a little apart ("Responsible" / "body" wrapped,
 * the other cell centred beside it). Where each column starts, and the header's
 * last line.
 */
function tableHeader(lines: Line[], size: number): { at: number; actionX: number; bodyX: number } | null {
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k]!;
    if (!/\bresponsible\b/i.test(line.text) || !HEADER_CELL.test(line.text)) continue;
    const bodyX = xOf(line, /\bresponsible\b/i)!;
    const inLine = xOf(line, /\bareas? for priority/i);
    if (inLine !== null) return { at: k, actionX: inLine, bodyX };
    for (let j = Math.max(0, k - 2); j <= Math.min(lines.length - 1, k + 2); j++) {
      const other = lines[j]!;
      if (j === k || other.page !== line.page || Math.abs(other.y - line.y) > size * 1.3 || !HEADER_CELL.test(other.text)) continue;
      const actionX = xOf(other, /\bareas? for priority/i);
      if (actionX !== null && Math.abs(actionX - bodyX) > size * 3) return { at: Math.max(j, k), actionX, bodyX };
    }
  }
  return null;
}

/**
 * The table under "Areas for priority action": a header "Responsible body |
 * Areas for priority action", then one row per action. A row starts where the
 * body column starts again after a gap or after a finished action; the action
 * runs on over lines (and pages) in its own column, with its sub-bullets.
 */
export function sendPriorityTable(doc: ReportDocument): SendPriorityActions | null {
  const lines = bodyLines(doc);
  const size = bodySize(doc);
  const found = tableHeader(lines, size);
  if (!found) return null;
  const { at: headerAt, actionX, bodyX } = found;
  const bodyFirst = bodyX < actionX;
  const cut = bodyFirst ? actionX : bodyX;
  const rows: { owners: string[]; action: string[] }[] = [];
  let previous: { body: Line | null; action: Line | null; line: Line } | undefined;
  let lastAction: Line | undefined;
  let actionRight = 0;
  let inHeader = false;
  for (const line of lines.slice(headerAt + 1)) {
    if (line.x < Math.min(bodyX, actionX) - 3 || /^areas? for improvement\b/i.test(line.text)) break;
    // The header's cells ("Responsible" / "body" wrapped), and the header printed again on the next page.
    const headerCell: boolean = HEADER_CELL.test(line.text) || ((!rows.length || inHeader) && /^bod(?:y|ies)$/i.test(line.text));
    inHeader = headerCell;
    if (headerCell) continue;
    const [left, right] = split(line, cut);
    const [body, action] = bodyFirst ? [left, right] : [right, left];
    const row = rows.at(-1);
    const gap = previous && previous.line.page === line.page ? previous.line.y - line.y : Number.NaN;
    const finished = !previous?.action || /[.]$/.test(previous.action.text);
    const startsRow =
      !row ||
      (body !== null &&
        (!action || /^[A-Z]/.test(action.text)) &&
        finished &&
        (!previous?.body || gap > size * 1.4 || body.text === row.owners[0]));
    // An owner cell merged over several rows prints its bodies once: the next row starts where a finished action ends its paragraph.
    const sharesOwners =
      !startsRow && !body && !!action && !!lastAction && gap < size * 1.4 && Math.abs(action.x - actionX) <= 4 && /^[A-Z]/.test(action.text) && paragraphEnded(lastAction, action, actionRight);
    if (startsRow || sharesOwners) {
      if (!body && !action) continue;
      rows.push({ owners: body ? [body.text] : sharesOwners ? [...row!.owners] : [], action: action ? [action.display] : [] });
    } else {
      if (body) row.owners.push(body.text);
      if (action) row.action.push(action.display);
    }
    if (action) {
      lastAction = action;
      actionRight = Math.max(actionRight, action.xEnd);
    }
    previous = { body, action, line };
  }
  const kept = rows.filter((r) => r.action.length);
  if (!kept.length) return null;
  return {
    actions: kept.map((r) => tidyAction(r.action.join(' '))),
    owners: kept.map((r) => responsibleBodies(tidyAction(r.owners.join(' ')))),
  };
}
