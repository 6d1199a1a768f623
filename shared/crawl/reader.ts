import type { ReportLimits } from '../reports/limits.ts';
import type { ReportReader } from './ports.ts';

/**
 * Bumped whenever extraction rules change, so stored records say which rules made
 * them (and a re-parse can be planned).
 */
export const REPORT_PARSER_VERSION = '3';

type Extract = typeof import('../reports/extract.ts').extractReport;

/**
 * The in-process report reader (one report per call, as in Lambda). The
 * extractor, and with it pdf.js, is imported on the first read, not at module
 * load: most scheduled scans find nothing new and never read a PDF, and in the
 * Lambda bundle pdf.js is a separate chunk that such runs never load.
 */
export function inProcessReportReader(limits: Partial<ReportLimits> = {}): ReportReader {
  let extract: Promise<Extract> | undefined;
  return {
    version: REPORT_PARSER_VERSION,
    read: async (bytes) => {
      extract ??= import('../reports/extract.ts').then((m) => m.extractReport);
      return (await extract)(bytes, limits);
    },
  };
}
