/**
 * What the news scan does with a failure, and what the operator must hear
 * about: pure rules on the one retry decision (shared/domain/errors.ts),
 * tested as tables of cases (tests/news-failures.test.ts).
 */
import { errorCode, errorMessage, failureKind, type FailureKind } from '../domain/errors.ts';
import type { ArticleStatus } from './ports.ts';

export interface NewsFailure {
  /** The error's own code; `unexpected` for errors that are not ours. */
  code: string;
  message: string;
  kind: FailureKind;
}

export function describeFailure(error: unknown): NewsFailure {
  const kind = failureKind(error);
  return { code: kind === 'unexpected' ? 'unexpected' : errorCode(error), message: errorMessage(error), kind };
}

/**
 * An article that could not be read: skipped for good when retrying cannot help
 * (404, not an article, disallowed), otherwise tried again on later runs until
 * `maxAttempts`, then given up.
 */
export function articleStatusAfter(failure: Pick<NewsFailure, 'kind'>, attempts: number, maxAttempts: number): Extract<ArticleStatus, 'skipped' | 'failed' | 'gave_up'> {
  if (failure.kind === 'permanent') return 'skipped';
  return attempts >= maxAttempts ? 'gave_up' : 'failed';
}

/** A feed that failed in a way retrying will not mend (404, not a feed, robots): the deployer must act. */
export function isBrokenFeed(feed: { status: 'ok' | 'failed'; error?: Pick<NewsFailure, 'kind'> }): boolean {
  return feed.status === 'failed' && feed.error?.kind === 'permanent';
}
