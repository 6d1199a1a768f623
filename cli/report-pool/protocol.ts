/** Messages between pool.ts and worker.ts. */
import type { ReportFacts } from '#shared/domain/inspection.ts';
import type { ReportErrorCode } from '#shared/reports/errors.ts';
import type { ReportLimits } from '#shared/reports/limits.ts';

export interface ParseRequest {
  id: number;
  bytes: Uint8Array;
  limits: ReportLimits;
}

export type ParseReply =
  | { id: number; ok: true; facts: ReportFacts }
  | { id: number; ok: false; error: { code: ReportErrorCode; message: string } };
