/** The one retry decision and what the news scan makes of it, as tables of cases. No I/O. */
import { describe, expect, it } from 'vitest';
import { failureKind, type FailureKind } from '#shared/domain/errors.ts';
import { HttpError, type HttpErrorCode } from '#shared/http/errors.ts';
import { NotAnArticleError } from '#shared/news/article.ts';
import { articleStatusAfter, describeFailure, isBrokenFeed } from '#shared/news/failures.ts';
import { NotAFeedError } from '#shared/news/feed.ts';
import { ReportError } from '#shared/reports/errors.ts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeText } from '#shared/news/decode.ts';

const http = (code: HttpErrorCode, status?: number) => new HttpError(code, code, { url: 'https://example.org/x', ...(status ? { status } : {}) });

describe('whether a failure may heal', () => {
  const cases: [string, unknown, FailureKind][] = [
    ['429 after the retry budget', http('rate_limited', 429), 'retryable'],
    ['5xx', http('server_error', 503), 'retryable'],
    ['timeout', http('timeout'), 'retryable'],
    ['connection refused', http('network'), 'retryable'],
    ['truncated body', http('truncated', 200), 'retryable'],
    ['robots.txt unavailable (5xx): not now', http('robots_unavailable'), 'retryable'],
    ['404', http('http_status', 404), 'permanent'],
    ['robots.txt disallows', http('robots_disallowed'), 'permanent'],
    ['host not allowed', http('host_not_allowed'), 'permanent'],
    ['body too large', http('body_too_large', 200), 'permanent'],
    ['not a feed', new NotAFeedError('HTML'), 'permanent'],
    ['not an article', new NotAnArticleError('no text'), 'permanent'],
    ['a report that is not a PDF', new ReportError('not_pdf', 'HTML'), 'permanent'],
    ['a report that timed out', new ReportError('timeout', 'slow'), 'retryable'],
    ['a bug or a library error', new TypeError('x is undefined'), 'unexpected'],
    ['something thrown that is not an Error', 'boom', 'unexpected'],
  ];
  it.each(cases)('%s', (_name, error, expected) => {
    expect(failureKind(error)).toBe(expected);
  });
});

describe('what the news scan does with a failed article', () => {
  const cases: [string, unknown, number, string][] = [
    ['404: skipped for good', http('http_status', 404), 1, 'skipped'],
    ['not an article: skipped for good', new NotAnArticleError('no text'), 1, 'skipped'],
    ['5xx on the first run: tried again next run', http('server_error', 500), 1, 'failed'],
    ['5xx on the third run: given up', http('server_error', 500), 3, 'gave_up'],
    ['a bug on the second run: tried again', new Error('bug'), 2, 'failed'],
    ['a bug on the third run: given up', new Error('bug'), 3, 'gave_up'],
  ];
  it.each(cases)('%s', (_name, error, attempts, expected) => {
    expect(articleStatusAfter(describeFailure(error), attempts, 3)).toBe(expected);
  });

  it('names unexpected errors "unexpected", and ours by their code', () => {
    expect(describeFailure(new TypeError('x'))).toEqual({ code: 'unexpected', message: 'x', kind: 'unexpected' });
    expect(describeFailure(new NotAFeedError('HTML page'))).toEqual({ code: 'not_a_feed', message: 'HTML page', kind: 'permanent' });
  });
});

describe('which failed feeds the deployer must fix', () => {
  const cases: [string, unknown, boolean][] = [
    ['gone (404)', http('http_status', 404), true],
    ['not a feed', new NotAFeedError('HTML'), true],
    ['disallowed by robots.txt', http('robots_disallowed'), true],
    ['down for now (503)', http('server_error', 503), false],
    ['rate limited', http('rate_limited', 429), false],
    ['a bug', new Error('bug'), false],
  ];
  it.each(cases)('%s', (_name, error, broken) => {
    expect(isBrokenFeed({ status: 'failed', error: describeFailure(error) })).toBe(broken);
  });

  it('never counts a feed that was read', () => {
    expect(isBrokenFeed({ status: 'ok' })).toBe(false);
  });
});

describe('bytes that claim to be an article', () => {
  const decodes = (bytes: Uint8Array) => {
    try {
      return decodeText(bytes);
    } catch (error) {
      return (error as { code: string }).code;
    }
  };
  it.each([
    ['random bytes', randomBytes(50_000), 'not_text'],
    ['a PDF', readFileSync(join(import.meta.dirname, 'fixtures/ofsted-reports/80426_barnsley/2023-10-27_ilacs.pdf')), 'not_text'],
    ['UTF-8 with a byte order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('Ofsted rates Stoke “inadequate” – £5m plan')]), 'Ofsted rates Stoke “inadequate” – £5m plan'],
    ['Windows-1252 curly quotes in a long article', Buffer.concat([Buffer.from('Council leaders said '.repeat(40)), Buffer.from([0x93, 0x77, 0x94]), Buffer.from(' was the word.')]), expect.stringContaining('was the word.')],
  ])('%s', (_name, bytes, expected) => {
    expect(decodes(new Uint8Array(bytes))).toEqual(expected);
  });
});
