/**
 * Which kind of letter a document is and which area it is about, from its title
 * ("Focused visit to X children's services", "Joint targeted area inspection of
 * the multi-agency response to … in X", "Area SEND inspection of X Local Area
 * Partnership"), or from what its first page says when the title is not found.
 */
import type { ReportKind } from '../domain/inspection.ts';
import { pageText, type ReportDocument } from './document.ts';
import { tidyName } from './front.ts';
import type { Line } from './layout.ts';

export type LetterKind = Extract<ReportKind, 'focused_visit' | 'monitoring_visit' | 'jtai' | 'send'>;

interface LetterTitle {
  kind: LetterKind;
  subtype: string;
  /** Group 1 is the council (or area) name. */
  title: RegExp;
}

/** Where the name of the area ends in a visit's title: before "children's services". */
export const NAME_END = /(?:'s)? (?:local authority )?children'?s (?:services|social care)\b/i;
/** A trust or company that runs the council's children's services, named as the title's area. */
const TRUST = String.raw`(.+? (?:children'?s (?:services )?trust|children first|children and families trust|for children))\b`;
/** A postcode run into the title line from the address block above it. */
const POSTCODE_FIRST = String.raw`^(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\s+)?`;

function visitTitle(visit: string): RegExp {
  return new RegExp(String.raw`${POSTCODE_FIRST}${visit} (?:to|of|in|at) (?:the )?(?:(.+?)${NAME_END.source}|${TRUST})`, 'i');
}
/** The title line alone, when it names the council and nothing else ("Focused visit to Dudley MBC"). */
function bareVisitTitle(visit: string): RegExp {
  return new RegExp(String.raw`${POSTCODE_FIRST}${visit} (?:to|of|in|at) (?:the )?(?!children|local authority)([A-Z][^.,;:]{2,60}?)\.?$`, 'i');
}

export const LETTER_TITLES: LetterTitle[] = [
  { kind: 'focused_visit', subtype: 'focused visit', title: visitTitle('focused visit') },
  { kind: 'monitoring_visit', subtype: 'monitoring visit', title: visitTitle('monitoring visit') },
  { kind: 'focused_visit', subtype: 'assurance visit', title: visitTitle('assurance visit') },
  { kind: 'jtai', subtype: 'joint targeted area inspection', title: /^joint targeted area inspection (?:\(jtai\) )?of (?:the )?.+ in (?:the )?(.+?)\.?$/i },
  { kind: 'jtai', subtype: 'joint targeted area inspection', title: /^joint targeted area inspection (?:\(jtai\) )?(?:of|in) (?!the multi-agency)(?:the )?(.+?)\.?$/i },
  { kind: 'send', subtype: 'area send inspection', title: /^area send (?:full )?inspection of (?:the )?(.+?)(?: local area partnership)?\.?$/i },
  { kind: 'send', subtype: 'area send monitoring inspection', title: /^area send monitoring inspection of (?:the )?(.+?)(?: local area partnership)?\.?$/i },
  { kind: 'send', subtype: 'joint local area send inspection', title: /^joint (?:local )?area send (?:inspection|revisit) in (?:the )?(.+?)\.?$/i },
];

/** Titles tried on a title's first line alone, after every fuller reading has failed. */
const BARE_TITLES: LetterTitle[] = [
  { kind: 'focused_visit', subtype: 'focused visit', title: bareVisitTitle('focused visit') },
  { kind: 'monitoring_visit', subtype: 'monitoring visit', title: bareVisitTitle('monitoring visit') },
  { kind: 'focused_visit', subtype: 'assurance visit', title: bareVisitTitle('assurance visit') },
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

/** The letter's title ("Focused visit to X children’s services"), which may wrap over up to five lines. */
export function findLetterTitle(doc: ReportDocument, maxPage = 1): LetterTitleMatch | undefined {
  for (const titles of [LETTER_TITLES, BARE_TITLES]) {
    for (const lines of doc.pages.slice(0, maxPage + 1)) {
      for (let k = 0; k < lines.length; k++) {
        // The title and the lines that continue it (same type size, close below), longest reading first.
        const block = [lines[k]!.text];
        for (let extra = 1; extra < 5 && k + extra < lines.length && titles === LETTER_TITLES; extra++) {
          const next = lines[k + extra]!;
          if (Math.abs(next.size - lines[k]!.size) > 1 || lines[k + extra - 1]!.y - next.y > next.size * 1.8) break;
          block.push(next.text);
        }
        for (let n = block.length; n >= 1; n--) {
          const text = block.slice(0, n).join(' ');
          if (text.length > 300) continue;
          for (const t of titles) {
            const m = t.title.exec(text);
            if (m) return { kind: t.kind, subtype: t.subtype, name: tidyName(m[1] ?? m[2]!), line: lines[k]! };
          }
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

