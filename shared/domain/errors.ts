/**
 * The one error contract. Every error ofsted-watch raises on purpose extends
 * WatchError: a stable `code` (part of logs, summaries and the CLI's JSON
 * lines), whether trying again later can help (`retryable`), and the `cause`
 * it wraps. Anything else that reaches a job is a bug or a library's own error.
 */

export interface WatchErrorOptions {
  /** True when the same operation may succeed later (next attempt or next run). Default false. */
  retryable?: boolean;
  cause?: unknown;
}

export class WatchError<Code extends string = string> extends Error {
  override name = 'WatchError';
  readonly code: Code;
  readonly retryable: boolean;

  constructor(code: Code, message: string, options: WatchErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
  }
}

export function isWatchError(error: unknown): error is WatchError {
  return error instanceof WatchError;
}

/**
 * The one retry decision: how a failure should be treated by whoever meets it.
 *  - `retryable`: it may heal by itself (network, 429, 5xx, timeouts): try again;
 *  - `permanent`: it will not heal by retrying (404, not a PDF, refused by robots.txt…);
 *  - `unexpected`: not one of ours (a library's error, a bug): try a few times, then give up.
 */
export type FailureKind = 'retryable' | 'permanent' | 'unexpected';

export function failureKind(error: unknown): FailureKind {
  if (error instanceof WatchError) return error.retryable ? 'retryable' : 'permanent';
  return 'unexpected';
}

/** A failure's code for logs and stored state: its own code, else the error's name. */
export function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.name : 'unknown';
}

/** A failure's message, whatever was thrown. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
