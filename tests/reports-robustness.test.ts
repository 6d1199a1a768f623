/**
 * The readers work from geometry, so they must not care how a PDF producer cut its
 * text into runs: every labelled real report is read again with each run split
 * into single words (widths shared out by length) and baselines jittered by up to
 * half a point, and must give the same facts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractReport, readSource } from '#shared/reports/extract.ts';
import { openPdf, type PageSource, type TextItem } from '#shared/reports/pdf.ts';

const DIR = fileURLToPath(new URL('./fixtures/ofsted-reports/', import.meta.url));
const labels = (JSON.parse(readFileSync(`${DIR}labels.json`, 'utf8')) as { file: string; report_type: string }[]).filter((l) => l.report_type !== 'not a pdf');

/** Deterministic jitter in [-0.5, 0.5]. */
function jitter(seed: number): number {
  return ((Math.sin(seed * 12.9898) * 43758.5453) % 1) / 2;
}

function splitIntoWords(item: TextItem, seed: number): TextItem[] {
  const parts = item.str.split(/(?<= )/).filter(Boolean);
  const perChar = item.width / Math.max(1, item.str.length);
  let x = item.x;
  return parts.map((str, k) => {
    const piece = { ...item, str, x, y: item.y + jitter(seed + k), width: str.length * perChar };
    x += str.length * perChar;
    return piece;
  });
}

function fragmented(source: PageSource): PageSource {
  return {
    numPages: source.numPages,
    close: () => source.close(),
    async page(number) {
      const page = await source.page(number);
      return { ...page, items: page.items.flatMap((item, k) => splitIntoWords(item, number * 10_000 + k)) };
    },
  };
}

describe('reading is independent of how text runs are cut', () => {
  for (const label of labels) {
    it(label.file, async () => {
      const bytes = new Uint8Array(readFileSync(DIR + label.file));
      const plain = await extractReport(bytes);
      const source = fragmented(await openPdf(bytes));
      try {
        expect(await readSource(source, 12)).toEqual(plain);
      } finally {
        await source.close();
      }
    });
  }
});
