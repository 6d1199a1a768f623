import { extractReport } from '../reports/extract.ts';
import type { ReportLimits } from '../reports/limits.ts';
import type { ReportReader } from './ports.ts';

/**
 * Bumped whenever extraction rules change, so stored records say which rules made
 * them (and a re-parse can be planned).
 */
export const REPORT_PARSER_VERSION = '1';

/** The in-process report reader (one report per call, as in Lambda). */
export function inProcessReportReader(limits: Partial<ReportLimits> = {}): ReportReader {
  return { version: REPORT_PARSER_VERSION, read: (bytes) => extractReport(bytes, limits) };
}
