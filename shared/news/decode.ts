/**
 * Bytes that claim to be an article, as text: UTF-8 (a byte order mark
 * dropped), or a NotTextError when they are not text at all (a PDF, an image,
 * random bytes). Read as text anyway, binary junk yields stray words that look
 * like council names and grades, and with them false events. A page in an
 * older single-byte encoding still reads: its few stray bytes (curly quotes, a
 * pound sign) are far below the limits. Pure.
 */
import { WatchError } from '../domain/errors.ts';

export class NotTextError extends WatchError<'not_text'> {
  override name = 'NotTextError';
  constructor(message: string) {
    super('not_text', message);
  }
}

/** The largest article or feed read (the news scan) or file accepted (extract-news), in bytes. */
export const ARTICLE_MAX_BYTES = 5 * 1024 * 1024;

/** Share of characters that may be undecodable or control characters in a text. */
const MAX_JUNK_SHARE = 0.02;
/** How much is examined: enough to tell, cheap on a large file. */
const SAMPLE_BYTES = 64 * 1024;

/** Control characters other than tab, newlines and form feed. */
const CONTROL = /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/g;

export function decodeText(bytes: Uint8Array): string {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  if (sample.includes(0)) throw new NotTextError('not text: it holds NUL bytes (a binary file such as a PDF or an image)');
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  const head = text.slice(0, SAMPLE_BYTES);
  const junk = (head.match(/\uFFFD/g)?.length ?? 0) + (head.match(CONTROL)?.length ?? 0);
  if (head.length > 0 && junk / head.length > MAX_JUNK_SHARE) {
    throw new NotTextError(`not text: ${Math.round((junk / head.length) * 100)}% of its first characters are not readable text (a binary file, or not UTF-8)`);
  }
  return text;
}
