/**
 * Which kind of report a document is, from its first page: the title block of an
 * inspection report, or the title and opening of a letter. Inspection reports
 * mention focused visits and JTAIs in their text, and letters mention the ILACS
 * framework, so only titles and letter openings decide.
 */
import { findLine, titleBlock, type ReportDocument } from './document.ts';
import { DATES_LABEL } from './front.ts';
import { ILACS_TITLE } from './ilacs.ts';
import { joinLines } from './layout.ts';
import { LEGACY_TITLES } from './legacy.ts';
import { letterKind, type LetterKind } from './letters.ts';
import { LSCB_TITLE, SIF_TITLE } from './sif.ts';

export type DocumentType =
  | { type: 'ilacs' }
  | { type: 'sif' }
  | { type: 'lscb' }
  | { type: 'legacy'; subtype: string; title: RegExp }
  | { type: 'letter'; kind: LetterKind; subtype: string }
  | { type: 'unknown' };

const LETTER_OPENING = /^(?:dear\b|this letter (?:summarises|sets out|provides))/i;
const SEND_REPORT = /\b(?:area send|local area send) (?:full |monitoring )?inspection\b/i;

export function classify(doc: ReportDocument): DocumentType {
  const head = joinLines(titleBlock(doc, DATES_LABEL));
  const isLetter = !!findLine(doc, LETTER_OPENING, 0, 1) && !findLine(doc, /^judgements?\b.*\bgrades?$/i, 0, 0);
  if (!isLetter) {
    if (SIF_TITLE.test(head) || findLine(doc, /^1\.?\s+children who need help and protection\b/i, 0, 0)) return { type: 'sif' };
    if (LSCB_TITLE.test(head)) return { type: 'lscb' };
    for (const legacy of LEGACY_TITLES) if (legacy.title.test(head)) return { type: 'legacy', subtype: legacy.subtype, title: legacy.title };
    if (findLine(doc, /^judgements?\b.*\bgrades?$/i, 0, 0) || ILACS_TITLE.test(head) || findLine(doc, /^the impact of leaders on social work practice/i, 0, 0)) {
      return { type: 'ilacs' };
    }
    if (SEND_REPORT.test(head)) return { type: 'letter', kind: 'send', subtype: /\bmonitoring\b/i.test(head) ? 'area send monitoring inspection' : 'area send inspection' };
  }
  const letter = letterKind(doc);
  if (letter) return { type: 'letter', ...letter };
  return { type: 'unknown' };
}
