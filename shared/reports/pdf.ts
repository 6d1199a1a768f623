/**
 * The one place that talks to pdf.js (through unpdf's serverless build, no worker):
 * bytes in, positioned text out. Everything that interprets a report works on
 * `PageText` and never sees pdf.js.
 */
import { getDocumentProxy } from 'unpdf';
import { ReportError } from './errors.ts';

/** One run of text as pdf.js placed it: x/y of its baseline start, in PDF points (y grows upwards). */
export interface TextItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size (the item's height, or the size its transform implies). */
  size: number;
}

export interface PageText {
  /** 1-based page number. */
  number: number;
  width: number;
  height: number;
  items: TextItem[];
}

/** An open document whose pages are read only when asked for. */
export interface PageSource {
  readonly numPages: number;
  page(number: number): Promise<PageText>;
  close(): Promise<void>;
}

const BOM = [0xef, 0xbb, 0xbf];

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || byte === 0x0c || byte === 0x00;
}

/** What a non-PDF looks like, for the error message. */
function describe(bytes: Uint8Array, from: number): string {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(from, from + 512)).toLowerCase();
  if (/<!doctype html|<html|<head|<body/.test(head)) {
    const notFound = /report not found|not found|404/.test(
      new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 20_000)).toLowerCase(),
    );
    return notFound ? 'an HTML page ("Report not found"?) where a PDF was expected' : 'an HTML page where a PDF was expected';
  }
  if (head.startsWith('{') || head.startsWith('[')) return 'JSON where a PDF was expected';
  if (head.startsWith('<?xml') || head.startsWith('<')) return 'XML/markup where a PDF was expected';
  return 'not a PDF (no %PDF- header)';
}

/**
 * Checks the bytes are a whole PDF: `%PDF-` after optional BOM/whitespace, and an
 * end-of-file marker near the end (a truncated download has none).
 */
export function checkPdfBytes(bytes: Uint8Array): void {
  if (bytes.length === 0) throw new ReportError('not_pdf', 'empty file: not a PDF');
  let at = 0;
  if (bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2]) at = 3;
  while (at < bytes.length && at < 1024 && isSpace(bytes[at]!)) at++;
  const magic = String.fromCharCode(...bytes.subarray(at, at + 5));
  if (magic !== '%PDF-') throw new ReportError('not_pdf', describe(bytes, at));
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  if (!tail.includes('%%EOF')) {
    throw new ReportError('damaged_pdf', `truncated or damaged PDF: no %%EOF marker at the end of its ${bytes.length} bytes`);
  }
}

function damaged(error: unknown): ReportError {
  const e = error as { name?: string; message?: string };
  const why = e?.name === 'PasswordException' ? 'PDF is password-protected' : `${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`;
  return new ReportError('damaged_pdf', `damaged PDF: ${why}`);
}

interface RawItem {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
}

function toItem(raw: RawItem): TextItem | null {
  if (typeof raw.str !== 'string' || !raw.transform || raw.str.length === 0) return null;
  if (raw.str.trim() === '') return null;
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = raw.transform;
  const size = raw.height && raw.height > 0 ? raw.height : Math.hypot(c, d) || Math.hypot(a, b) || 10;
  return { str: raw.str, x: e, y: f, width: raw.width ?? 0, size };
}

/** Opens PDF bytes (already checked with checkPdfBytes). Throws ReportError('damaged_pdf') when pdf.js cannot. */
export async function openPdf(bytes: Uint8Array): Promise<PageSource> {
  let doc: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js takes ownership of (and may detach) the buffer it is given: hand it a copy.
    doc = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, isEvalSupported: false, stopAtErrors: false });
  } catch (error) {
    throw damaged(error);
  }
  return {
    numPages: doc.numPages,
    async page(number: number): Promise<PageText> {
      try {
        const page = await doc.getPage(number);
        const content = await page.getTextContent();
        const [x0 = 0, y0 = 0, x1 = 595, y1 = 842] = page.view;
        const items = (content.items as RawItem[]).map(toItem).filter((i): i is TextItem => i !== null);
        page.cleanup();
        return { number, width: x1 - x0, height: y1 - y0, items };
      } catch (error) {
        throw damaged(error);
      }
    },
    async close(): Promise<void> {
      await doc.destroy().catch(() => undefined);
    },
  };
}
