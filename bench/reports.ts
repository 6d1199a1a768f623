/**
 * `npm run bench -- reports`: parse every fixture report with the worker pool
 * (reports/second, peak RSS incl. workers), then run `pdftotext -l 2 -layout` once
 * per file over the same files, and compare wall times. Target: our parse of the
 * folder takes less time than pdftotext's total.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultPoolSize, ReportParserPool } from '#cli/report-pool/pool.ts';

const FIXTURES = fileURLToPath(new URL('../tests/fixtures/ofsted-reports/', import.meta.url));

function reportFiles(): string[] {
  return (readdirSync(FIXTURES, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => join(FIXTURES, f));
}

function mb(kb: number): string {
  return `${(kb / 1024).toFixed(0)} MB`;
}

/** CPU seconds used by finished child processes (Linux /proc; null elsewhere). */
function childCpuSeconds(): number | null {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    // After the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14.
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

async function ours(files: string[]): Promise<{ ms: number; cpuMs: number; parsed: number; failed: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const pool = new ReportParserPool();
  let parsed = 0;
  let failed = 0;
  try {
    await Promise.all(
      files.map((file) =>
        pool.parse(new Uint8Array(readFileSync(file))).then(
          () => parsed++,
          () => failed++,
        ),
      ),
    );
  } finally {
    await pool.close();
  }
  const used = process.cpuUsage(cpu);
  return { ms: performance.now() - start, cpuMs: (used.user + used.system) / 1000, parsed, failed };
}

function pdftotext(files: string[]): { ms: number; cpuMs: number | null; failed: number } | string {
  const probe = spawnSync('pdftotext', ['-v'], { encoding: 'utf8' });
  if (probe.error) return `pdftotext not found (${(probe.error as NodeJS.ErrnoException).code}): install poppler-utils (apt-get install -y poppler-utils) to compare`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-pdftotext-'));
  let failed = 0;
  const cpuBefore = childCpuSeconds();
  const start = performance.now();
  try {
    for (const file of files) {
      const run = spawnSync('pdftotext', ['-l', '2', '-layout', file, join(dir, 'out.txt')], { stdio: 'ignore' });
      if (run.status !== 0) failed++;
    }
    const ms = performance.now() - start;
    const cpuAfter = childCpuSeconds();
    return { ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : (cpuAfter - cpuBefore) * 1000, failed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function bench(): Promise<void> {
  const files = reportFiles();
  const run = await ours(files);
  const rss = process.resourceUsage().maxRSS;
  console.log(`reports: ${files.length} files (${run.parsed} parsed, ${run.failed} typed errors, e.g. HTML "Report not found" pages)`);
  console.log(`ofsted-watch parse (worker pool of ${defaultPoolSize()}, startup included): ${run.ms.toFixed(0)} ms wall, ${(files.length / (run.ms / 1000)).toFixed(1)} reports/s, ${run.cpuMs.toFixed(0)} ms CPU`);
  console.log(`peak RSS (process high-water mark, workers included): ${mb(rss)}`);
  const baseline = pdftotext(files);
  if (typeof baseline === 'string') {
    console.log(baseline);
    return;
  }
  console.log(`pdftotext -l 2 -layout, once per file: ${baseline.ms.toFixed(0)} ms wall${baseline.cpuMs === null ? '' : `, ${baseline.cpuMs.toFixed(0)} ms CPU`} (${baseline.failed} files it could not read)`);
  const load = loadavg()[0]!;
  if (load > availableParallelism()) console.log(`note: load average ${load.toFixed(1)} on ${availableParallelism()} cores — wall times are noisy; compare the CPU times too`);
  const ratio = run.ms / baseline.ms;
  console.log(`ratio ours/pdftotext: ${ratio.toFixed(2)} — ${ratio < 1 ? 'faster than pdftotext (target met)' : 'SLOWER than pdftotext (target missed)'}`);
}
