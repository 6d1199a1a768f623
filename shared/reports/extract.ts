/**
 * Ofsted report PDF bytes → ReportFacts, or a ReportError. The reading itself is
 * pure (pdf.js parses in memory; no I/O). Pages are read only as far as the kind
 * of report needs: page 1 (and 2) for graded reports, a few more for pre-2013
 * reports and letters, never more than `maxPages`.
 *
 * This is the in-process path (one report per Lambda invocation) with a
 * cooperative timeout; pool.ts runs the same function in worker threads that can be
 * killed when pdf.js hangs.
 */
import { gradedByOf, type ReportFacts } from '../domain/inspection.ts';
import { classify } from './classify.ts';
import { resolveCouncil } from './council.ts';
import type { ReportDocument } from './document.ts';
import { ReportError } from './errors.ts';
import { readIlacs } from './ilacs.ts';
import { pageLines } from './layout.ts';
import { legacyComplete, legacyPages, readLegacy } from './legacy.ts';
import { readLetter } from './letters.ts';
import { withDefaults, type ReportLimits } from './limits.ts';
import { checkPdfBytes, openPdf, type PageSource } from './pdf.ts';
import { emptyReading, letterDefaults, type Reading } from './reading.ts';
import { readLscbReview, readSif } from './sif.ts';

class Pages {
  readonly doc: ReportDocument;
  private readonly source: PageSource;
  private readonly cap: number;
  private readonly deadline: number;
  private readonly timeoutMs: number;

  constructor(source: PageSource, maxPages: number, deadline: number, timeoutMs: number) {
    this.source = source;
    this.cap = Math.min(source.numPages, maxPages);
    this.deadline = deadline;
    this.timeoutMs = timeoutMs;
    this.doc = { pages: [], numPages: source.numPages };
  }

  /** Makes sure the first `count` pages (within the cap) are read. */
  async upTo(count: number): Promise<void> {
    while (this.doc.pages.length < Math.min(count, this.cap)) {
      if (Date.now() > this.deadline) throw timeoutError(this.timeoutMs);
      const page = await this.source.page(this.doc.pages.length + 1);
      if (Date.now() > this.deadline) throw timeoutError(this.timeoutMs);
      this.doc.pages.push(pageLines(page));
    }
  }

  get read(): number {
    return this.doc.pages.length;
  }
}

function timeoutError(ms: number): ReportError {
  return new ReportError('timeout', `gave up after ${ms} ms: the PDF took too long to parse`);
}


/** Reads a document page by page as its kind requires. Shared by the in-process and worker paths. */
async function readDocument(pages: Pages): Promise<Reading> {
  await pages.upTo(1);
  let kind = classify(pages.doc);
  if (kind.type === 'unknown') {
    await pages.upTo(2);
    kind = classify(pages.doc);
  }
  switch (kind.type) {
    case 'ilacs':
    case 'sif': {
      // The front table is on page 1; it runs on to page 2 only sometimes.
      const read = kind.type === 'ilacs' ? readIlacs : readSif;
      let reading = read(pages.doc);
      if (reading.complete === false && pages.read < 2) {
        await pages.upTo(2);
        reading = read(pages.doc);
      }
      return reading;
    }
    case 'lscb':
      return readLscbReview(pages.doc);
    case 'legacy': {
      for (let n = 2; n <= legacyPages(kind.subtype) && !legacyComplete(pages.doc, kind.subtype); n++) {
        const before = pages.read;
        await pages.upTo(n);
        if (pages.read === before) break;
      }
      return readLegacy(pages.doc, kind.subtype, kind.title);
    }
    case 'letter':
      await pages.upTo(Infinity);
      return readLetter(pages.doc, kind.kind, kind.subtype);
    case 'unknown':
      return emptyReading();
  }
}

function toFacts(reading: Reading, numPages: number): ReportFacts {
  const { otherNames, complete, ...facts } = reading;
  return {
    ...facts,
    ...letterDefaults(reading),
    council: resolveCouncil([reading.councilName, ...otherNames]),
    gradedBy: gradedByOf(facts),
    pages: numPages,
  };
}

/** Reads an open document into facts, page by page as its kind needs (no size/type checks, no timer). */
export async function readSource(source: PageSource, maxPages: number, deadline = Infinity, timeoutMs = Infinity): Promise<ReportFacts> {
  const reading = await readDocument(new Pages(source, maxPages, deadline, timeoutMs));
  return toFacts(reading, source.numPages);
}

/** Checks size and type, then reads. Throws ReportError for bad input. */
export async function extractReport(bytes: Uint8Array, limits: Partial<ReportLimits> = {}): Promise<ReportFacts> {
  const { maxBytes, maxPages, timeoutMs } = withDefaults(limits);
  if (bytes.length > maxBytes) {
    throw new ReportError('too_large', `file is ${bytes.length} bytes, over the ${maxBytes}-byte limit`);
  }
  checkPdfBytes(bytes);
  const deadline = Date.now() + timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  let source: PageSource | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
  });
  try {
    const work = (async () => {
      source = await openPdf(bytes);
      const facts = await readSource(source, maxPages, deadline, timeoutMs);
      // pdf.js may have held the thread past the deadline (no timer can fire meanwhile): the budget still holds.
      if (Date.now() > deadline) throw timeoutError(timeoutMs);
      return facts;
    })();
    work.catch(() => undefined); // a late failure after a timeout is not unhandled
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    await source?.close();
  }
}
