/**
 * `ofsted-watch parse-report FILE...`: one JSON line per file, in the order given.
 * Parses in a pool of worker threads (killed when a PDF hangs); --in-process parses
 * in this thread instead, as a Lambda does.
 */
import { readFile, stat } from 'node:fs/promises';
import type { ReportFacts } from '#shared/domain/inspection.ts';
import { ReportError } from '#shared/reports/errors.ts';
import { extractReport } from '#shared/reports/extract.ts';
import { DEFAULT_LIMITS, parseByteSize, parseWholeNumber, type ReportLimits } from '#shared/reports/limits.ts';
import { defaultPoolSize, ReportParserPool } from './report-pool/pool.ts';
import { UsageError, parseCommandArgs, type CliIo, type Command } from './command.ts';

const help = `Usage: ofsted-watch parse-report [options] FILE...

Reads Ofsted report PDFs about councils' children's services and prints one JSON
object per line for each FILE, in the order given:

  {"file", "framework", "kind", "subtype", "councilName", "council",
   "inspectionStart", "inspectionEnd", "leadInspector", "cqcLeadInspector",
   "overall", "judgements", "gradedBy", "sendOutcome", "priorityActions",
   "priorityActionsCarriedOver", "dfeNotified", "pages"}
  and, for an area SEND report, "priorityActionOwners"

  framework        "ilacs" | "sif" | "send" (area SEND, Ofsted and CQC) | "other"
  kind             "inspection" | "focused_visit" | "monitoring_visit" | "jtai" | "send" | "other"
  councilName      the council as the report prints it; council: {"urn","onsCode","name"}
                   from the register, or null when the name is not a known council
  inspectionStart  ISO dates (first start and last end when a report gives two ranges)
  inspectionEnd
  leadInspector    "Name" or "Name; Name", or null (a letter's signatory; area SEND: the
                   Ofsted lead; JTAI letters name none)
  cqcLeadInspector area SEND: the CQC lead inspector; null otherwise
  overall          "outstanding" | "good" | "requires_improvement" | "inadequate" | "adequate" | null
                   (null on the 2026 framework, which has no overall effectiveness judgement)
  judgements       ILACS: impactOfLeaders, helpAndProtection, inCare (or inCareAndCareLeavers
                   before 2023, with careLeavers null), careLeavers.
                   SIF: helpAndProtection, lookedAfter, adoption, careLeavers, leadership
                   ("Not judged" is null). Older reports: capacityToImprove; LSCB reviews: lscb.
                   "Requires improvement to be good" is "requires_improvement".
  gradedBy         which rule compares the report with the council's previous full inspection:
                   "overall" (overall effectiveness), "judgements" (each judgement against the
                   same one before: the 2026 framework), or null (not compared: letters, LSCB
                   reviews, pre-2013 inspections, or a full inspection whose grades were unread;
                   an area SEND report is compared by its sendOutcome with the area's previous one)
  sendOutcome      area SEND: "positive" (arrangements typically lead to positive experiences
                   and outcomes) | "inconsistent" | "systemic_failings" (widespread and/or
                   systemic failings); null for every other kind
  priorityActions  areas for priority action named by a letter, one string per item
                   ([] when none, or when the letter says there are none)
  priorityActionsCarriedOver
                   true when the letter says earlier areas for priority action remain
                   and names no new ones
  priorityActionOwners
                   area SEND: for each priority action, the responsible bodies named
                   beside it (council, NHS integrated care board, trust)
  dfeNotified      the letter says Ofsted notified the Department for Education

A file that cannot be read prints {"file", "error": {"code", "message"}} with code
  not_pdf       not a PDF (e.g. Ofsted's HTML "Report not found" page)
  damaged_pdf   truncated or corrupt PDF
  too_large     over --max-bytes
  timeout       took longer than --timeout-ms
  unreadable    missing or unreadable file
and the other files are still parsed.

Options:
  --max-bytes SIZE    largest file accepted: bytes, or with KB/MB (default ${DEFAULT_LIMITS.maxBytes / 1024 / 1024}MB)
  --max-pages N       most pages read from one PDF, 1-500 (default ${DEFAULT_LIMITS.maxPages})
  --timeout-ms N      time allowed per PDF in milliseconds, 1-600000 (default ${DEFAULT_LIMITS.timeoutMs})
  --jobs N            worker threads, 1-64 (default: one per core up to 8, ${defaultPoolSize()} here)
  --in-process        parse in this thread, one file at a time (no workers; the timeout is
                      then cooperative and cannot stop a PDF that hangs pdf.js)
  -h, --help          show this help

Exit status: 0 when every file was parsed, 1 when any failed, 2 on a usage error.

Example:
  npx ofsted-watch parse-report tests/fixtures/ofsted-reports/80426_barnsley/*.pdf
`;

interface Options {
  limits: ReportLimits;
  jobs: number;
  inProcess: boolean;
  files: string[];
}

function options(argv: string[]): Options {
  const { values, positionals } = parseCommandArgs(argv, {
    'max-bytes': { type: 'string' },
    'max-pages': { type: 'string' },
    'timeout-ms': { type: 'string' },
    jobs: { type: 'string' },
    'in-process': { type: 'boolean' },
  });
  const maxBytes = values['max-bytes'] === undefined ? DEFAULT_LIMITS.maxBytes : parseByteSize(values['max-bytes']);
  if (maxBytes === null) throw new UsageError(`--max-bytes must be a positive size such as 20971520 or 20MB (got "${values['max-bytes']}")`);
  const maxPages = values['max-pages'] === undefined ? DEFAULT_LIMITS.maxPages : parseWholeNumber(values['max-pages'], 1, 500);
  if (maxPages === null) throw new UsageError(`--max-pages must be a whole number from 1 to 500 (got "${values['max-pages']}")`);
  const timeoutMs = values['timeout-ms'] === undefined ? DEFAULT_LIMITS.timeoutMs : parseWholeNumber(values['timeout-ms'], 1, 600_000);
  if (timeoutMs === null) throw new UsageError(`--timeout-ms must be a whole number of milliseconds from 1 to 600000 (got "${values['timeout-ms']}")`);
  const jobs = values.jobs === undefined ? defaultPoolSize() : parseWholeNumber(values.jobs, 1, 64);
  if (jobs === null) throw new UsageError(`--jobs must be a whole number from 1 to 64 (got "${values.jobs}")`);
  if (!positionals.length) throw new UsageError('give at least one report FILE to parse');
  return { limits: { maxBytes, maxPages, timeoutMs }, jobs, inProcess: values['in-process'] === true, files: positionals };
}

/** Reads a file within the size cap, without loading one that is over it. */
async function readReportFile(path: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ReportError('unreadable', `${path} is not a regular file`);
    size = info.size;
  } catch (error) {
    if (error instanceof ReportError) throw error;
    throw new ReportError('unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > maxBytes) throw new ReportError('too_large', `file is ${size} bytes, over the ${maxBytes}-byte limit`);
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new ReportError('unreadable', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

type Outcome = { file: string } & (ReportFacts | { error: { code: string; message: string } });

function outcomeLine(file: string, facts: ReportFacts): string {
  return JSON.stringify({
    file,
    framework: facts.framework,
    kind: facts.kind,
    subtype: facts.subtype,
    councilName: facts.councilName,
    council: facts.council,
    inspectionStart: facts.inspectionStart,
    inspectionEnd: facts.inspectionEnd,
    leadInspector: facts.leadInspector,
    cqcLeadInspector: facts.cqcLeadInspector,
    overall: facts.overall,
    judgements: facts.judgements,
    gradedBy: facts.gradedBy,
    sendOutcome: facts.sendOutcome,
    priorityActions: facts.priorityActions,
    priorityActionsCarriedOver: facts.priorityActionsCarriedOver,
    ...(facts.priorityActionOwners ? { priorityActionOwners: facts.priorityActionOwners } : {}),
    dfeNotified: facts.dfeNotified,
    pages: facts.pages,
  });
}

function errorLine(file: string, error: unknown): string {
  const e = error instanceof ReportError ? error : new ReportError('damaged_pdf', `could not read the PDF (internal error: ${(error as Error)?.message ?? String(error)})`);
  return JSON.stringify({ file, error: e.toJSON() } satisfies Outcome);
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const opts = options(argv);
  const pool = opts.inProcess ? undefined : new ReportParserPool({ size: Math.min(opts.jobs, opts.files.length), limits: opts.limits });
  const parse = async (file: string): Promise<ReportFacts> => {
    const bytes = await readReportFile(file, opts.limits.maxBytes);
    return pool ? pool.parse(bytes) : extractReport(bytes, opts.limits);
  };
  let failed = 0;
  try {
    if (pool) {
      // A window of files in flight keeps every worker busy without holding thousands of files in memory;
      // lines are printed in the order given.
      const window = pool.size * 3;
      const pending: Promise<ReportFacts>[] = [];
      const start = (k: number) => {
        if (k >= opts.files.length) return;
        pending[k] = parse(opts.files[k]!);
        pending[k].catch(() => undefined);
      };
      for (let k = 0; k < window; k++) start(k);
      for (const [k, file] of opts.files.entries()) {
        try {
          io.out(outcomeLine(file, await pending[k]!));
        } catch (error) {
          failed++;
          io.out(errorLine(file, error));
        }
        delete pending[k];
        start(k + window);
      }
    } else {
      for (const file of opts.files) {
        try {
          io.out(outcomeLine(file, await parse(file)));
        } catch (error) {
          failed++;
          io.out(errorLine(file, error));
        }
      }
    }
  } finally {
    await pool?.close();
  }
  return failed ? 1 : 0;
}

export const command: Command = {
  name: 'parse-report',
  summary: 'Read Ofsted report PDFs into inspection records (one JSON line per file)',
  help,
  run,
};

