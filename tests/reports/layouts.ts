/**
 * Letter and report layouts as Ofsted prints them, rebuilt with the test PDF
 * writer: the Ofsted address block, the date, the addressee, "Dear …", a bold
 * title ("Focused visit to X children’s services"), "This letter summarises the
 * findings of …", headings, and areas for priority action as bullets, numbers or
 * paragraphs, wrapping and running over a page break.
 */
import { buildPdf, flow, type Flow, type Page, type PlacedText } from './pdf-writer.ts';

const ADDRESS = ['Piccadilly Gate', 'Store Street', 'Manchester', 'M1 2WD', 'T 0300 123 1231', 'Textphone 0161 618 8524', 'enquiries@ofsted.gov.uk', 'www.gov.uk/ofsted'];

function letterHead(date: string, addressee: string[], salutation: string): Flow[] {
  return [
    ...ADDRESS.map((text) => ({ at: 400, text, size: 9 })),
    { gap: 10 },
    date,
    { gap: 8 },
    ...addressee,
    { gap: 14 },
    salutation,
  ];
}

const footer = (page: number): PlacedText[] => [{ text: String(page), x: 290, y: 40, size: 9 }];

export interface LetterSpec {
  /** The bold title, one string per printed line. */
  title: string | string[];
  opening: string[];
  /** Flow placed after the headline findings: the priority actions and what follows. */
  body: Flow[];
  signatory?: string[];
  date?: string;
  /** The address block under the date (default: an example council no register knows). */
  addressee?: string[];
  /** Filler paragraphs before the body, to push it over a page break. */
  padding?: number;
}

const FILLER = [
  'Inspectors reviewed the experiences of children and spoke with social workers, managers',
  'and leaders. They looked at local authority performance information, case records and',
  'the quality assurance and audit work that leaders use to understand practice.',
];

export function letterPdf(spec: LetterSpec): Uint8Array {
  const items: Flow[] = [
    ...letterHead(spec.date ?? '8 November 2022', spec.addressee ?? ['Jane Doe', 'Director of Children’s Services', 'Example Borough Council', 'Town Hall', 'EX1 1AA'], 'Dear Jane'),
    { gap: 8 },
    ...[spec.title].flat().map((text) => ({ at: 72, text, size: 13, bold: true })),
    { gap: 8 },
    ...spec.opening,
    { gap: 8 },
    { heading: 'Headline findings' },
    'Leaders have an accurate understanding of the service. Social workers know children well and',
    'visit them regularly, although the quality of plans is too variable.',
  ];
  for (let k = 0; k < (spec.padding ?? 0); k++) items.push({ gap: 8 }, ...FILLER);
  items.push(...spec.body);
  items.push({ gap: 10 }, 'Ofsted will take the findings from this visit into account when planning your next inspection.', { gap: 10 }, 'Yours sincerely', { gap: 20 }, ...(spec.signatory ?? ['Rebecca Quested', 'His Majesty’s Inspector']));
  return buildPdf(flow(items, { footer }));
}

/** An ILACS front page: title, dates, lead inspector and the Judgement/Grade table with chosen cell layouts. */
export interface IlacsRow {
  label: string[];
  grade: string[];
  /** Where the grade cell prints against its label: beside its first line, centred, above, or split above and below. */
  place?: 'beside' | 'centre' | 'above' | 'split';
}

export function ilacsPdf(options: { title: string[]; dates: string; lead: string[]; rows: IlacsRow[]; gradeHeader?: string; gradeHeaderX?: number; rowsOnPage2?: number; after?: string[] }): Uint8Array {
  const page1: Page = [];
  const page2: Page = [];
  let y = 760;
  for (const t of options.title) {
    page1.push({ text: t, x: 71, y, size: 26, bold: true });
    y -= 31;
  }
  page1.push({ text: `Inspection dates: ${options.dates}`, x: 71, y, size: 12 });
  y -= 26;
  options.lead.forEach((t, k) => {
    page1.push({ text: k === 0 ? `Lead inspector: ${t}` : t, x: k === 0 ? 71 : 167, y, size: 12 });
    y -= 15;
  });
  y -= 24;
  page1.push({ text: 'Judgement', x: 77, y, size: 12, bold: true }, { text: options.gradeHeader ?? 'Grade', x: options.gradeHeaderX ?? 303, y, size: 12, bold: true });
  y -= 33;
  const split = options.rows.length - (options.rowsOnPage2 ?? 0);
  options.rows.forEach((row, k) => {
    const page = k < split ? page1 : page2;
    if (k === split) y = 760;
    const lines = row.label.length;
    const place = row.place ?? 'beside';
    let gy = y;
    if (place === 'centre') gy = y - ((lines - 1) * 14.5) / 2 + (row.grade.length - 1) * 7;
    if (place === 'above') gy = y + 14.5 * row.grade.length - 8;
    row.label.forEach((t, j) => page.push({ text: t, x: 77, y: y - j * 14.5, size: 12 }));
    if (place === 'split') {
      page.push({ text: row.grade[0]!, x: 303, y: y + 7, size: 12 });
      page.push({ text: row.grade.slice(1).join(' '), x: 303, y: y - 7, size: 12 });
    } else {
      row.grade.forEach((t, j) => page.push({ text: t, x: 303, y: gy - j * 14.5, size: 12 }));
    }
    y -= lines * 14.5 + 27;
  });
  y -= 10;
  for (const t of options.after ?? ['Children in this local authority receive help that is not yet consistently good. Leaders know', 'where practice needs to improve and have plans in place to address the shortfalls found.']) {
    (options.rowsOnPage2 ? page2 : page1).push({ text: t, x: 71, y, size: 12 });
    y -= 14.5;
  }
  page1.push({ text: '1', x: 512, y: 29, size: 10 });
  return buildPdf(options.rowsOnPage2 ? [page1, page2] : [page1]);
}
