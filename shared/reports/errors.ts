/** Why a report file could not be turned into facts. Each code is part of the CLI contract. */
import { WatchError } from '../domain/errors.ts';
export const REPORT_ERROR_CODES = ['not_pdf', 'damaged_pdf', 'too_large', 'timeout'] as const;
export type ReportErrorCode = (typeof REPORT_ERROR_CODES)[number];

/** A typed failure to read a report: bad input, never a bug. */
export class ReportError extends WatchError<ReportErrorCode> {
  override name = 'ReportError';

  constructor(code: ReportErrorCode, message: string) {
    // A timeout may pass on a less busy run; anything else is in the file itself.
    super(code, message, { retryable: code === 'timeout' });
  }

  toJSON(): { code: ReportErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isReportError(value: unknown): value is ReportError {
  return value instanceof ReportError;
}
