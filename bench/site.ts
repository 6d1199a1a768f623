/**
 * `npm run bench -- site`: building the whole national site from 500 full
 * inspections and 500 letters (target: under 2 s). Measured twice: the pure
 * build alone (records in memory -> every file), and the whole publish as
 * publish-site runs it (read the table from dynalite, build, write a folder),
 * then a rebuild with nothing new (writes only what says when it was built).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalDynamo } from '#devkit/dynalite.ts';
import { syntheticHistory } from '#devkit/synthetic-history.ts';
import { putInspection } from '#shared/crawl/store.ts';
import { recordEvent } from '#shared/events/store.ts';
import { buildSite } from '#shared/site/build.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite } from '#shared/site/publish.ts';
import { readSiteData } from '#shared/site/source.ts';

const TARGET_MS = 2000;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

export async function bench(): Promise<void> {
  const history = syntheticHistory({ inspections: 500, letters: 500, pressEvents: 50 });
  const input = { ...history, builtAt: new Date().toISOString() };
  const times: number[] = [];
  let site = buildSite(input);
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    site = buildSite(input);
    times.push(performance.now() - start);
  }
  const bytes = [...site.values()].reduce((sum, file) => sum + file.body.length, 0);
  const pages = [...site].filter(([path]) => path.endsWith('.html')).map(([path, file]) => ({ path, kb: file.body.length / 1024 })).sort((a, b) => b.kb - a.kb);
  console.log(`build (pure): ${history.records.length} publications (500 inspections, 500 letters), ${history.events.length} events -> ${site.size} files, ${(bytes / 1_048_576).toFixed(1)} MB`);
  console.log(`              median ${median(times).toFixed(0)} ms of 5 runs (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}); target < ${TARGET_MS} ms`);
  console.log(`              largest pages: ${pages.slice(0, 3).map((p) => `${p.path} ${p.kb.toFixed(0)} KB`).join(', ')} (limit 200 KB)`);

  const db = await startLocalDynamo();
  const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-bench-site-'));
  try {
    for (const record of history.records) await putInspection(db, record);
    for (const event of history.events) await recordEvent(db, event);
    const readStart = performance.now();
    await readSiteData(db);
    const readMs = performance.now() - readStart;
    const start = performance.now();
    const first = await publishSite({ read: () => readSiteData(db), target: folderTarget(dir) });
    const firstMs = performance.now() - start;
    const again = performance.now();
    const second = await publishSite({ read: () => readSiteData(db), target: folderTarget(dir) });
    const secondMs = performance.now() - again;
    console.log(`publish (as publish-site runs: read the table, build, write a folder): ${firstMs.toFixed(0)} ms, ${first.written} files written`);
    console.log(`              of which reading ${first.records} records from local dynalite (312 queries) about ${readMs.toFixed(0)} ms, building ${first.buildMs} ms`);
    console.log(`              rebuild with nothing new: ${secondMs.toFixed(0)} ms, ${second.written} file${second.written === 1 ? '' : 's'} written, ${second.unchanged} unchanged`);
    console.log(`build target (< ${TARGET_MS} ms for the whole site): ${median(times) < TARGET_MS ? 'met' : 'MISSED'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.close();
  }
}
