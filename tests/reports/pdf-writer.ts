/**
 * A tiny PDF writer for tests: places lines of text in Helvetica (regular or bold)
 * at given positions, one uncompressed content stream per page. pdf.js reads its
 * output like any other PDF, so tests can reproduce real report and letter layouts
 * (grade cells above/below labels, bullets, page breaks) that the fixtures lack.
 */

export interface PlacedText {
  text: string;
  x: number;
  /** Baseline, points from the bottom of an A4 page (842 high). */
  y: number;
  size?: number;
  bold?: boolean;
}

export type Page = PlacedText[];

// WinAnsiEncoding codes for the few non-ASCII characters reports use.
const WIN_ANSI: Record<string, number> = { '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97, 'é': 0xe9, 'á': 0xe1 };

function pdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = WIN_ANSI[ch] ?? ch.charCodeAt(0);
    if (code > 0xff) throw new Error(`pdf-writer: no WinAnsi code for ${JSON.stringify(ch)}`);
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code > 0x7e) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `(${out})`;
}

/** Builds a PDF whose pages hold the given texts. */
export function buildPdf(pages: Page[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) ; // object number = index + 1
  add('<< /Type /Catalog /Pages 2 0 R >>');
  add(''); // pages tree, filled below
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const page of pages) {
    const ops = page
      .map((t) => `BT /${t.bold ? 'F2' : 'F1'} ${t.size ?? 11} Tf 1 0 0 1 ${t.x.toFixed(2)} ${t.y.toFixed(2)} Tm ${pdfString(t.text)} Tj ET`)
      .join('\n');
    add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    const content = objects.length;
    add(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${content} 0 R >>`);
    kids.push(objects.length);
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** One line of flowing text: a paragraph line, a heading, a bullet item, or vertical space. */
export type Flow =
  | string
  | { heading: string }
  | { bullet: string[]; glyph?: string }
  | { numbered: string; lines: string[] }
  | { gap: number }
  | { at: number; text: string; size?: number; bold?: boolean }
  | { pageBreak: true };

export interface FlowOptions {
  left?: number;
  top?: number;
  bottom?: number;
  size?: number;
  leading?: number;
  /** Printed at the foot of every page, e.g. page numbers. */
  footer?: (page: number) => PlacedText[];
}

/**
 * Lays out flowing lines top to bottom as a letter does: paragraphs separated by
 * blank space, bold headings, bullets with hanging indent, page breaks when full.
 */
export function flow(items: Flow[], options: FlowOptions = {}): Page[] {
  const left = options.left ?? 72;
  const top = options.top ?? 770;
  const bottom = options.bottom ?? 72;
  const size = options.size ?? 11;
  const leading = options.leading ?? size * 1.32;
  const pages: Page[] = [[]];
  let y = top;
  const newPage = () => {
    pages.push([]);
    y = top;
  };
  const put = (t: PlacedText) => {
    if (y < bottom) newPage();
    pages.at(-1)!.push({ ...t, y });
    y -= leading;
  };
  for (const item of items) {
    if (typeof item === 'string') put({ text: item, x: left, y, size });
    else if ('heading' in item) {
      y -= leading * 0.6;
      put({ text: item.heading, x: left, y, size: size + 1, bold: true });
      y -= leading * 0.3;
    } else if ('bullet' in item) {
      item.bullet.forEach((line, k) => {
        if (y < bottom) newPage();
        if (k === 0) pages.at(-1)!.push({ text: item.glyph ?? '•', x: left + 8, y, size });
        put({ text: line, x: left + 26, y, size });
      });
    } else if ('numbered' in item) {
      item.lines.forEach((line, k) => {
        if (y < bottom) newPage();
        if (k === 0) pages.at(-1)!.push({ text: item.numbered, x: left, y, size });
        put({ text: line, x: left + 28, y, size });
      });
    } else if ('gap' in item) y -= item.gap;
    else if ('pageBreak' in item) newPage();
    else put({ text: item.text, x: item.at, y, size: item.size ?? size, bold: item.bold });
  }
  if (options.footer) pages.forEach((page, k) => page.push(...options.footer!(k + 1)));
  return pages;
}
