/**
 * A pre-2013 inspection report as Ofsted printed it (compare the real Kent and
 * Medway 2013 reports in tests/fixtures): a cover page with the title, council
 * and dates, a contents page listing the graded sections, then sections headed
 * "Overall effectiveness …" and "Capacity for improvement" each followed by
 * "Grade N (X)", numbered paragraphs, and filler pages between sections.
 */
import { buildPdf, type Page } from './pdf-writer.ts';

export interface LegacySection {
  heading: string;
  grade: string;
  /** Numbered paragraphs under the heading, one string per printed line. */
  paragraphs?: string[];
}

export interface LegacyReport {
  title: string[];
  council: string;
  dates: string;
  /** Pages of graded sections, in order; an empty page is filler. */
  pages: LegacySection[][];
}

const FILLER = [
  'Inspectors met children, young people, parents and carers, and staff from the council and',
  'its partner agencies, and read case files and the records of looked after children.',
];

export function legacyReportPdf(spec: LegacyReport): Uint8Array {
  const cover: Page = [
    ...spec.title.map((text, k) => ({ text, x: 85, y: 668 - k * 31, size: 26, bold: true })),
    { text: spec.council, x: 85, y: 668 - spec.title.length * 31 + 4, size: 18, bold: true },
    { text: `Inspection dates: ${spec.dates}`, x: 85, y: 284, size: 10 },
    { text: 'Reporting inspector Jane Doe HMI', x: 85, y: 268, size: 10 },
  ];
  const contents: Page = [{ text: 'Contents', x: 85, y: 744, size: 18, bold: true }];
  let y = 700;
  spec.pages.flat().forEach((section, k) => {
    contents.push({ text: section.heading, x: 85, y, size: 12 }, { text: String(4 + k), x: 502, y, size: 12 });
    y -= 27;
  });
  const body: Page[] = spec.pages.map((sections, p) => {
    const page: Page = [{ text: `${spec.council} ${spec.title.join(' ')}`, x: 85, y: 798, size: 8 }];
    let at = 744;
    for (const section of sections) {
      page.push({ text: section.heading, x: 85, y: at, size: 18, bold: true }, { text: section.grade, x: 85, y: at - 30, size: 14, bold: true });
      at -= 57;
      for (const line of section.paragraphs ?? FILLER) {
        page.push({ text: line, x: 113, y: at, size: 12 });
        at -= 14.5;
      }
      at -= 30;
    }
    if (!sections.length) FILLER.forEach((line, k) => page.push({ text: line, x: 113, y: 700 - k * 14.5, size: 12 }));
    page.push({ text: String(p + 3), x: 290, y: 40, size: 9 });
    return page;
  });
  return buildPdf([cover, contents, ...body]);
}
