/**
 * `npm run bench -- bundles`: for every function in the registry,
 *  1. its Lambda bundle, built with esbuild and the same options the CDK
 *     construct uses (infra/bundle-options.ts, code splitting): the entry
 *     file's size minified (target < 1.5 MB), what is loaded at init (entry +
 *     statically imported chunks), each lazily loaded chunk group, the total,
 *     and the largest inputs;
 *  2. module initialisation: the entry imported in a fresh Node 24 process
 *     with --enable-source-maps, as Lambda's init phase does (median of 7),
 *     and each large lazy group's first load on top of it;
 *  3. one local run through `ofsted-watch invoke` against local stand-ins
 *     (dynalite, the replay site with the largest fixture reports, a local
 *     news site, the Slack receiver): wall time and peak RSS, the figures the
 *     registry's memory and timeouts rest on.
 */
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { FUNCTIONS, type FunctionSpec } from '#shared/runtime/registry.ts';
import { BUNDLE, esbuildOptions } from '../infra/bundle-options.ts';
import type { CouncilEvent } from '#shared/domain/events.ts';
import { recordEvent } from '#shared/events/store.ts';
import { startLocalDynamo } from '#devkit/dynalite.ts';
import { articleFromText, loadArticleTexts, startNewsSite } from '#devkit/news-site.ts';
import { fixturePublications } from '#devkit/replay/fixture-model.ts';
import { startReplaySite } from '#devkit/replay-site.ts';
import { startSlackReceiver } from '#devkit/slack-receiver.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_BYTES = 1.5 * 1024 * 1024;
const INIT_RUNS = 7;
/** Lazy chunk groups at least this big are listed (and timed) one by one. */
const LAZY_DETAIL_BYTES = 100 * 1024;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Why a lazily loaded chunk group exists, by the module it is imported for. */
const LAZY_REASONS: Record<string, string> = {
  'shared/reports/extract.ts': 'pdf.js, loaded only when a report is read',
};

type Metafile = Awaited<ReturnType<typeof build>>['metafile'] & object;
type Output = Metafile['outputs'][string];

/**
 * The bundle as Lambda loads it: the entry file plus the chunks it imports
 * statically are read and initialised at cold start; every chunk reached only
 * through import() is a lazy group, loaded the first time that code runs.
 */
async function bundle(spec: FunctionSpec, dir: string) {
  const outdir = join(dir, spec.name);
  const { metafile } = await build(esbuildOptions(join(ROOT, spec.entry), outdir));
  if (!metafile) throw new Error('esbuild gave no metafile: the bundle options must set metafile: true');
  const code = Object.entries(metafile.outputs).filter(([path]) => path.endsWith('.mjs'));
  const entryPath = code.find(([, o]) => o.entryPoint === spec.entry)?.[0];
  if (!entryPath) throw new Error(`no output for the entry ${spec.entry}`);
  const closure = (roots: string[], kinds: string[], seen = new Set<string>()) => {
    const stack = [...roots];
    while (stack.length) {
      const path = stack.pop()!;
      if (seen.has(path) || !metafile.outputs[path]) continue;
      seen.add(path);
      for (const i of metafile.outputs[path]!.imports) if (kinds.includes(i.kind)) stack.push(i.path);
    }
    return seen;
  };
  const atInit = closure([entryPath], ['import-statement']);
  const claimed = new Set(atInit);
  const lazy: { root: string; reason: string; paths: string[] }[] = [];
  for (const path of atInit) {
    for (const i of metafile.outputs[path]!.imports) {
      if (i.kind !== 'dynamic-import' || claimed.has(i.path) || !metafile.outputs[i.path]) continue;
      const group = [...closure([i.path], ['import-statement', 'dynamic-import'])].filter((p) => !claimed.has(p));
      for (const p of group) claimed.add(p);
      const root = metafile.outputs[i.path]!.entryPoint ?? i.path;
      lazy.push({ root, reason: LAZY_REASONS[root] ?? `loaded on first import() of ${packageOf(root) === '(ofsted-watch)' ? root : packageOf(root)}`, paths: group });
    }
  }
  const sized = (paths: Iterable<string>) => {
    const outputs = [...paths].map((p) => metafile.outputs[p]!);
    return { bytes: outputs.reduce((sum, o) => sum + o.bytes, 0), chunks: outputs.length, largest: largestPackages(outputs) };
  };
  const file = (path: string) => join(ROOT, path);
  return {
    entry: { file: file(entryPath), bytes: statSync(file(entryPath)).size, largest: largestPackages([metafile.outputs[entryPath]!]) },
    atInit: sized(atInit),
    lazy: lazy.map((g) => ({ ...g, files: g.paths.map(file), ...sized(g.paths) }))
      .sort((a, b) => b.bytes - a.bytes),
    total: sized(code.map(([p]) => p)),
    mapBytes: Object.entries(metafile.outputs).filter(([p]) => p.endsWith('.map')).reduce((sum, [p]) => sum + statSync(file(p)).size, 0),
  };
}

function largestPackages(outputs: Output[]): [string, number][] {
  const byPackage = new Map<string, number>();
  for (const o of outputs) for (const [path, { bytesInOutput }] of Object.entries(o.inputs)) byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytesInOutput);
  return [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5);
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : '(ofsted-watch)';
}

/**
 * Milliseconds to import `files` in a fresh process, measured inside it; with
 * `after`, that module is imported first and not timed (lazy chunks' cost on
 * top of the already initialised entry).
 */
async function initMs(files: string[], after?: string): Promise<number> {
  const before = after ? `await import(${JSON.stringify(after)}); ` : '';
  const script = `${before}const t = performance.now(); await Promise.all(${JSON.stringify(files)}.map((f) => import(f))); console.log(performance.now() - t);`;
  const { stdout } = await exec(process.execPath, [BUNDLE.nodeOptions, '--input-type=module', '-e', script], { cwd: tmpdir() });
  return Number(stdout.trim());
}

async function timed(files: string[], after?: string) {
  const times: number[] = [];
  for (let i = 0; i < INIT_RUNS; i++) times.push(await initMs(files, after));
  return `${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`;
}

const listed = (largest: [string, number][]) => largest.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ');

/** Runs `ofsted-watch invoke` and returns wall time and the child's peak RSS. */
async function invoke(args: string[], env: Record<string, string> = {}): Promise<{ ms: number; rssMb: number }> {
  const report = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nmaxrss=${process.resourceUsage().maxRSS}\\n`))';
  const started = performance.now();
  const { stderr } = await exec(process.execPath, ['--import', report, join(ROOT, 'bin/ofsted-watch.js'), 'invoke', ...args], {
    env: { ...process.env, ...env }, cwd: tmpdir(), maxBuffer: 64 * 1024 * 1024, timeout: 900_000,
  });
  const rss = Number(/maxrss=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
  return { ms: performance.now() - started, rssMb: rss / 1024 };
}

async function localRuns(): Promise<Record<string, { ms: number; rssMb: number; what: string }>> {
  const db = await startLocalDynamo();
  const scratch = mkdtempSync(join(tmpdir(), 'ofsted-watch-bench-'));
  try {
    // ofsted-scan: the councils of the six largest fixture reports, all their reports.
    const all = fixturePublications();
    const bySize = [...all].sort((a, b) => statSync(b.pdfPath!).size - statSync(a.pdfPath!).size);
    const urns = [...new Set(bySize.map((p) => p.urn))].slice(0, 6);
    const publications = all.filter((p) => urns.includes(p.urn));
    const site = await startReplaySite({ model: { councils: urns.map((urn) => ({ urn, name: `Council ${urn}` })), publications } });
    const largest = Math.max(...publications.map((p) => statSync(p.pdfPath!).size));
    const scan = await invoke(['ofsted-scan', '--endpoint', db.endpoint, '--ofsted-base-url', site.origin]);
    await site.close();

    // news-scan: one feed with every real article fixture.
    const news = await startNewsSite({ outlet: 'Bench Gazette', feeds: [{ id: 'bench', format: 'rss' }] });
    const texts = loadArticleTexts(join(ROOT, 'tests/fixtures/news'));
    for (const [slug, text] of texts) news.addArticle('bench', articleFromText(slug, text, { published: new Date().toISOString(), shape: 'json-ld' }));
    const feeds = join(scratch, 'feeds.json');
    writeFileSync(feeds, JSON.stringify([{ id: 'bench', outlet: 'Bench Gazette', url: news.feedUrl('bench'), fetchAll: true }]));
    const newsRun = await invoke(['news-scan', '--endpoint', db.endpoint, '--news-feeds', feeds]);
    await news.close();

    // deliver-alerts: 20 new events for the default subscription's council.
    const slack = await startSlackReceiver({ minIntervalMs: 0 });
    const secrets = join(scratch, 'secrets.json');
    writeFileSync(secrets, JSON.stringify({ 'bench/slack': slack.newWebhook() }));
    for (let i = 0; i < 20; i++) {
      const event: CouncilEvent = {
        id: `bench-${i}`, kind: 'urgent_action', alsoKinds: [], council: { urn: '80569', onsCode: 'E08000008', name: 'Tameside' },
        from: null, to: null, previous: null, inspection: null, priorityActions: [`Priority action ${i}`], judgementChanges: [],
        evidence: null, sources: [{ type: 'news', url: `https://example.org/${i}`, outlet: 'Bench' }],
        detectedAt: new Date().toISOString(), occurredOn: null,
      };
      await recordEvent(db, event);
    }
    const delivery = await invoke(['deliver-alerts', '--endpoint', db.endpoint, '--slack-base-url', slack.baseUrl, '--secrets', secrets], {
      DEFAULT_SUBSCRIPTION: JSON.stringify({ webhookSecretName: 'bench/slack', councilUrns: ['80569'] }),
    });
    const sent = slack.messages().length;
    await slack.close();
    return {
      'ofsted-scan': { ...scan, what: `${publications.length} reports of ${urns.length} councils (largest ${kb(largest)}); a local replay, so requests are not spaced (the real site: one a second)` },
      'news-scan': { ...newsRun, what: `${texts.size} articles in one feed` },
      'deliver-alerts': { ...delivery, what: `${sent} Slack messages for 20 events` },
    };
  } finally {
    await db.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

export async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-bundles-'));
  try {
    console.log(`bundle: esbuild ${BUNDLE.format} ${BUNDLE.target}, minify ${BUNDLE.minify}, target < ${kb(TARGET_BYTES)}; init: median of ${INIT_RUNS} fresh Node ${process.versions.node} processes`);
    console.log('entry = index.mjs, the handler file Lambda imports at cold start (target applies to it); lazy = chunks loaded only by import() when that code first runs');
    for (const spec of FUNCTIONS) {
      const b = await bundle(spec, dir);
      const verdict = b.entry.bytes < TARGET_BYTES ? 'ok' : 'OVER TARGET';
      console.log(`${spec.name.padEnd(15)} entry ${kb(b.entry.bytes).padStart(8)} (${verdict}), init ${await timed([b.entry.file])}`);
      console.log(`${''.padEnd(15)} loaded at init: ${kb(b.atInit.bytes)} in ${b.atInit.chunks} files (entry + chunks it imports statically); largest: ${listed(b.atInit.largest)}`);
      for (const g of b.lazy.filter((l) => l.bytes >= LAZY_DETAIL_BYTES)) {
        console.log(`${''.padEnd(15)} lazy ${kb(g.bytes)} in ${g.chunks} chunks: ${g.reason}; largest: ${listed(g.largest)}; all loaded after init ${await timed(g.files, b.entry.file)}`);
      }
      const small = b.lazy.filter((l) => l.bytes < LAZY_DETAIL_BYTES);
      if (small.length) {
        console.log(`${''.padEnd(15)} lazy ${kb(small.reduce((sum, l) => sum + l.bytes, 0))} in ${small.reduce((sum, l) => sum + l.chunks, 0)} more chunks: ${[...new Set(small.map((l) => packageOf(l.root)))].join(', ')}`);
      }
      console.log(`${''.padEnd(15)} total ${kb(b.total.bytes)} in ${b.total.chunks} files, source maps ${kb(b.mapBytes)}`);
    }
    const runs = await localRuns();
    for (const spec of FUNCTIONS) {
      const r = runs[spec.name];
      if (!r) {
        console.log(`run ${spec.name.padEnd(15)} not run by this bench (only the scans and delivery are)`);
        continue;
      }
      console.log(`run ${spec.name.padEnd(15)} ${(r.ms / 1000).toFixed(1)} s wall, peak RSS ${r.rssMb.toFixed(0)} MB (Lambda: ${spec.memoryMb} MB, ${spec.timeoutSeconds} s) — ${r.what}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
