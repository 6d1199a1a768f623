/**
 * A SIF front page as the first reports of 2013-2014 print it (compare the real
 * Sheffield, Barking and Dagenham and Barnsley reports in tests/fixtures): the
 * council, the title with its footnote mark, "Inspection dates:", the headline
 * sentence, a paragraph, then the numbered judgements with their grades in a
 * column on the right.
 */
import { buildPdf, type Page, type PlacedText } from './pdf-writer.ts';

export interface SifFrontPage {
  council: string;
  /** The headline, one placed run per entry (a footnote mark is a run of its own). */
  headline: PlacedText[];
  /** Type size of the paragraph under the headline (Ofsted used 12 pt, some reports 14 pt like the headline). */
  paragraphSize?: number;
  grades: { helpAndProtection: string; lookedAfter: string; adoption: string; careLeavers: string; leadership: string };
}

export function sifFrontPagePdf(spec: SifFrontPage): Uint8Array {
  const page: Page = [
    { text: spec.council, x: 71, y: 731, size: 26, bold: true },
    { text: 'Inspection of services for children in need of help and', x: 71, y: 706, size: 14, bold: true },
    { text: 'protection, children looked after and care leavers', x: 71, y: 689, size: 14, bold: true },
    { text: 'and', x: 71, y: 666, size: 14, bold: true },
    { text: 'Review of the effectiveness of the Local Safeguarding Children', x: 71, y: 643, size: 14, bold: true },
    { text: '1', x: 112, y: 631, size: 8 },
    { text: 'Board', x: 71, y: 626, size: 14, bold: true },
    { text: 'Inspection dates: 28 April - 22 May 2014', x: 71, y: 603, size: 14 },
    ...spec.headline,
  ];
  const size = spec.paragraphSize ?? 12;
  const paragraph = [
    'There are widespread or serious failures that create or leave children being harmed or at',
    'risk of harm. Leaders and managers have not been able to demonstrate sufficient',
    'understanding of failures and have been ineffective in prioritising the help children need.',
  ];
  paragraph.forEach((text, k) => page.push({ text, x: 71, y: 551 - (k + 1) * (size + 3), size }));
  const rows: [string, number, keyof SifFrontPage['grades']][] = [
    ['1. Children who need help and protection', 71, 'helpAndProtection'],
    ['2. Children looked after and achieving permanence', 71, 'lookedAfter'],
    ['2.1 Adoption performance', 126, 'adoption'],
    ['2.2 Experiences and progress of care leavers', 126, 'careLeavers'],
    ['3. Leadership, management and governance', 71, 'leadership'],
  ];
  rows.forEach(([label, x, key], k) => {
    const y = 440 - k * 34;
    page.push({ text: label, x, y, size: 12 }, { text: spec.grades[key], x: 410, y, size: 12 });
  });
  page.push(
    { text: 'The effectiveness of the Local Safeguarding Children Board (LSCB) is', x: 71, y: 250, size: 14 },
    { text: 'requires improvement.', x: 71, y: 233, size: 14 },
    { text: '1', x: 513, y: 24, size: 20 },
  );
  return buildPdf([page]);
}
