/**
 * The parse-report contract end to end (spawned `node bin/ofsted-watch.js` with
 * Node 24), and the failure paths: not a PDF, damaged (truncated), too large,
 * unreadable, and a PDF that takes too long — in the worker pool (which kills the
 * worker and goes on) and in-process (cooperative timeout).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ReportError } from '#shared/reports/errors.ts';
import { extractReport } from '#shared/reports/extract.ts';
import { parseByteSize, parseWholeNumber } from '#shared/reports/limits.ts';
import { checkPdfBytes } from '#shared/reports/pdf.ts';
import { ReportParserPool } from '#cli/report-pool/pool.ts';
import { buildPdf } from './reports/pdf-writer.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORTS = 'tests/fixtures/ofsted-reports';
const LETTERS = 'tests/fixtures/ofsted-letters';
const BARNSLEY_ILACS = `${REPORTS}/80426_barnsley/2023-10-27_ilacs.pdf`;
const BARNSLEY_SIF = `${REPORTS}/80426_barnsley/2014-08-08_sif.pdf`;
const NOT_FOUND = 'tests/fixtures/ofsted-site/report-not-found.html';
const tmp = mkdtempSync(join(tmpdir(), 'reports-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(...args: string[]) {
  const run = spawnSync('node', ['bin/ofsted-watch.js', 'parse-report', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, PATH: `${join(ROOT, 'node_modules', '.bin')}${delimiter}${process.env.PATH}` },
    timeout: 60_000,
  });
  const lines = run.stdout.startsWith('{') ? run.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { status: run.status, lines, stderr: run.stderr, stdout: run.stdout };
}

function truncated(file: string, fraction: number): string {
  const bytes = readFileSync(join(ROOT, file));
  const path = join(tmp, `truncated-${fraction}.pdf`);
  writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length * fraction)));
  return path;
}

/** A PDF whose one page holds so many text runs that pdf.js needs seconds for it. */
function slowPdf(): Uint8Array {
  const page = Array.from({ length: 250_000 }, (_, k) => ({ text: 'x', x: 10 + (k % 500), y: 10 + (k % 800), size: 1 }));
  return buildPdf([page]);
}

describe('ofsted-watch parse-report', () => {
  it('reads an area SEND report as its own framework: outcome, both leads, actions beside their owners', () => {
    const run = cli(`${LETTERS}/area-send__80536_oxfordshire__2023-09-15.pdf`, `${LETTERS}/focused-visit__80465_durham__2021-08-23.pdf`);
    expect(run.status).toBe(0);
    expect(run.lines[0]).toMatchObject({
      framework: 'send',
      kind: 'send',
      council: { urn: '80536' },
      inspectionStart: '2023-07-13',
      inspectionEnd: '2023-07-21',
      leadInspector: 'Jo Petch',
      cqcLeadInspector: 'Lee Carey',
      sendOutcome: 'systemic_failings',
      priorityActionsCarriedOver: false,
    });
    const send = run.lines[0] as { priorityActions: string[]; priorityActionOwners: string[][] };
    expect(send.priorityActions).toHaveLength(5);
    expect(send.priorityActions[0]).toMatch(/^Leaders in the local authority, ICB and education, health and care providers should urgently prioritise/);
    expect(send.priorityActionOwners).toEqual(Array(5).fill(['Oxfordshire County Council', 'NHS Buckinghamshire, Oxfordshire, and Berkshire West ICB']));
    // A focused visit gives no SEND fields, and its dates take the letter's year ("on 13 and 14 July").
    expect(run.lines[1]).toMatchObject({ framework: 'ilacs', kind: 'focused_visit', sendOutcome: null, cqcLeadInspector: null, inspectionStart: '2021-07-13', dfeNotified: true });
    expect(run.lines[1]).not.toHaveProperty('priorityActionOwners');
    expect((run.lines[1] as { priorityActions: string[] }).priorityActions).toEqual([
      'The quality of plans and arrangements for a minority of children in the care of the local authority living with connected persons',
      'The sufficiency of suitable placements to avoid children being placed in unregistered accommodation.',
    ]);
  });

  it('prints one JSON object per file, in order, with the exact contract fields', () => {
    const run = cli(BARNSLEY_ILACS, BARNSLEY_SIF);
    expect(run.status).toBe(0);
    expect(run.lines).toHaveLength(2);
    expect(run.lines[0]).toEqual({
      file: BARNSLEY_ILACS,
      framework: 'ilacs',
      kind: 'inspection',
      subtype: 'ilacs inspection',
      councilName: 'Barnsley',
      council: { urn: '80426', onsCode: 'E08000038', name: 'Barnsley' },
      inspectionStart: '2023-09-11',
      inspectionEnd: '2023-09-15',
      leadInspector: 'Anna Gravelle',
      cqcLeadInspector: null,
      overall: 'good',
      judgements: { impactOfLeaders: 'good', helpAndProtection: 'requires_improvement', inCare: 'good', careLeavers: 'good' },
      gradedBy: 'overall',
      sendOutcome: null,
      priorityActions: [],
      priorityActionsCarriedOver: false,
      dfeNotified: false,
      pages: 13,
    });
    expect(run.lines[1]).toMatchObject({
      file: BARNSLEY_SIF,
      framework: 'sif',
      overall: 'requires_improvement',
      gradedBy: 'overall',
      judgements: { helpAndProtection: 'requires_improvement', lookedAfter: 'requires_improvement', adoption: 'requires_improvement', careLeavers: 'good', leadership: 'requires_improvement' },
    });
  });

  it('gives a 2026-framework report no overall grade and says it is graded by its judgements', () => {
    const run = cli(`${REPORTS}/80555_somerset/2026-06-17_ilacs.pdf`);
    expect(run.status).toBe(0);
    expect(run.lines[0]).toMatchObject({
      council: { urn: '80555', onsCode: 'E06000066', name: 'Somerset' },
      overall: null,
      gradedBy: 'judgements',
      judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCare: 'requires_improvement', careLeavers: 'good' },
    });
  });

  it('prints an error line for a non-PDF, a damaged PDF and a missing file, parses the rest, and exits 1', () => {
    const damaged = truncated(BARNSLEY_ILACS, 0.6);
    const missing = join(tmp, 'no-such-report.pdf');
    const run = cli(NOT_FOUND, BARNSLEY_ILACS, damaged, missing);
    expect(run.status).toBe(1);
    expect(run.lines.map((l) => l.file)).toEqual([NOT_FOUND, BARNSLEY_ILACS, damaged, missing]);
    expect(run.lines[0]).toEqual({ file: NOT_FOUND, error: { code: 'not_pdf', message: expect.stringMatching(/HTML/) } });
    expect(run.lines[1]).toMatchObject({ overall: 'good' });
    expect(run.lines[2]).toEqual({ file: damaged, error: { code: 'damaged_pdf', message: expect.stringMatching(/truncated|damaged/) } });
    expect(run.lines[3]).toEqual({ file: missing, error: { code: 'unreadable', message: expect.stringMatching(/ENOENT/) } });
  });

  it('applies --max-bytes (too_large) and parses in-process with --in-process', () => {
    const run = cli('--max-bytes', '100KB', '--in-process', BARNSLEY_ILACS);
    expect(run.status).toBe(1);
    expect(run.lines).toEqual([{ file: BARNSLEY_ILACS, error: { code: 'too_large', message: expect.stringMatching(/over the 102400-byte limit/) } }]);
    const ok = cli('--in-process', '--max-pages', '1', BARNSLEY_ILACS);
    expect(ok.status).toBe(0);
    expect(ok.lines[0]).toMatchObject({ overall: 'good', pages: 13 });
  });

  it('times out a file with --timeout-ms and still parses the others', () => {
    const run = cli('--timeout-ms', '1', '--jobs', '1', BARNSLEY_ILACS);
    expect(run.status).toBe(1);
    expect(run.lines).toEqual([{ file: BARNSLEY_ILACS, error: { code: 'timeout', message: expect.stringMatching(/1 ms/) } }]);
  });

  it('documents the contract in --help and rejects bad options with exit 2', () => {
    const help = cli('--help');
    expect(help.status).toBe(0);
    for (const word of ['--max-bytes', '--max-pages', '--timeout-ms', 'not_pdf', 'damaged_pdf', 'too_large', 'timeout', 'unreadable', 'priorityActions', 'inCareAndCareLeavers', 'Exit status']) {
      expect(help.stdout).toContain(word);
    }
    for (const args of [['--max-pages', '0', BARNSLEY_ILACS], ['--timeout-ms', 'soon', BARNSLEY_ILACS], ['--max-bytes', '-5', BARNSLEY_ILACS], ['--jobs', '999', BARNSLEY_ILACS], []]) {
      const run = cli(...args);
      expect(run.status).toBe(2);
      expect(run.stderr).toMatch(/parse-report/);
      expect(run.stdout).toBe('');
    }
  });
});

describe('bad input and hangs', () => {
  it('rejects HTML, empty files and truncated PDFs before pdf.js sees them; accepts a BOM and leading whitespace', () => {
    const code = (bytes: Uint8Array) => {
      try {
        checkPdfBytes(bytes);
        return 'ok';
      } catch (error) {
        return (error as ReportError).code;
      }
    };
    const pdf = readFileSync(join(ROOT, BARNSLEY_ILACS));
    expect(code(new Uint8Array(readFileSync(join(ROOT, NOT_FOUND))))).toBe('not_pdf');
    expect(code(new Uint8Array())).toBe('not_pdf');
    expect(code(new Uint8Array(pdf.subarray(0, pdf.length - 4000)))).toBe('damaged_pdf');
    expect(code(new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\r\n '), pdf])))).toBe('ok');
  });

  it('reports a PDF whose body is corrupt as damaged_pdf', async () => {
    const pdf = Buffer.from(readFileSync(join(ROOT, BARNSLEY_ILACS)));
    const corrupt = Buffer.concat([pdf.subarray(0, 20), Buffer.alloc(pdf.length - 1044, 0x41), pdf.subarray(pdf.length - 1024)]);
    await expect(extractReport(new Uint8Array(corrupt))).rejects.toMatchObject({ code: 'damaged_pdf' });
  });

  it('caps the bytes accepted', async () => {
    const bytes = new Uint8Array(readFileSync(join(ROOT, BARNSLEY_ILACS)));
    await expect(extractReport(bytes, { maxBytes: 1000 })).rejects.toMatchObject({ code: 'too_large' });
  });

  it('times out a slow PDF in-process: pdf.js holds the thread, so the deadline is checked when it lets go', async () => {
    await expect(extractReport(slowPdf(), { timeoutMs: 200 })).rejects.toMatchObject({ code: 'timeout' });
  });

  it('terminates a worker stuck on a slow PDF and keeps parsing with a fresh one', async () => {
    const pool = new ReportParserPool({ size: 1 });
    try {
      const started = Date.now();
      const slow = pool.parse(slowPdf(), { timeoutMs: 200 });
      const next = pool.parse(new Uint8Array(readFileSync(join(ROOT, BARNSLEY_ILACS))));
      await expect(slow).rejects.toMatchObject({ code: 'timeout' });
      expect(Date.now() - started).toBeLessThan(10_000);
      await expect(next).resolves.toMatchObject({ overall: 'good', council: { urn: '80426' } });
    } finally {
      await pool.close();
    }
  });
});

describe('option values', () => {
  it('parses sizes and whole numbers strictly', () => {
    expect(parseByteSize('20MB')).toBe(20 * 1024 * 1024);
    expect(parseByteSize('512kb')).toBe(512 * 1024);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('0')).toBeNull();
    expect(parseByteSize('-5')).toBeNull();
    expect(parseByteSize('lots')).toBeNull();
    expect(parseWholeNumber('12', 1, 500)).toBe(12);
    expect(parseWholeNumber('0', 1, 500)).toBeNull();
    expect(parseWholeNumber('1.5', 1, 500)).toBeNull();
  });
});
