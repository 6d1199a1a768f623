/**
 * `npm run bench -- bundles`: for every function in the registry,
 *  1. its Lambda bundle, built with esbuild and the same options the CDK
 *     construct uses (infra/bundle-options.ts): size minified (target < 1.5 MB)
 *     and the largest inputs;
 *  2. module initialisation: the bundle imported in a fresh Node 24 process
 *     with --enable-source-maps, as Lambda's init phase does (median of 7);
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
import { FUNCTIONS, type FunctionSpec } from '../functions/registry.ts';
import { BUNDLE, esbuildOptions } from '../infra/bundle-options.ts';
import type { CouncilEvent } from '../shared/domain/events.ts';
import { recordEvent } from '../shared/events/store.ts';
import { startLocalDynamo } from '../shared/local/dynalite.ts';
import { articleFromText, loadArticleTexts, startNewsSite } from '../shared/local/news-site.ts';
import { fixturePublications } from '../shared/local/replay/fixture-model.ts';
import { startReplaySite } from '../shared/local/replay-site.ts';
import { startSlackReceiver } from '../shared/local/slack-receiver.ts';

const exec = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_BYTES = 1.5 * 1024 * 1024;
const INIT_RUNS = 7;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function bundle(spec: FunctionSpec, dir: string) {
  const outfile = join(dir, spec.name, 'index.mjs');
  const result = await build(esbuildOptions(join(ROOT, spec.entry), outfile));
  const { metafile } = result;
  if (!metafile) throw new Error('esbuild gave no metafile: the bundle options must set metafile: true');
  const inputs = Object.entries(metafile.outputs[Object.keys(metafile.outputs).find((o) => o.endsWith('index.mjs'))!]!.inputs)
    .map(([path, { bytesInOutput }]) => ({ pkg: packageOf(path), bytes: bytesInOutput }));
  const byPackage = new Map<string, number>();
  for (const { pkg, bytes } of inputs) byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytes);
  return {
    outfile,
    bytes: statSync(outfile).size,
    mapBytes: statSync(`${outfile}.map`).size,
    largest: [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 5),
  };
}

function packageOf(path: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  return match ? match[1]! : '(ofsted-watch)';
}

/** Milliseconds to import the bundle in a fresh process, measured inside it. */
async function initMs(outfile: string): Promise<number> {
  const script = `const t = performance.now(); await import(${JSON.stringify(outfile)}); console.log(performance.now() - t);`;
  const { stdout } = await exec(process.execPath, [BUNDLE.nodeOptions, '--input-type=module', '-e', script], { cwd: tmpdir() });
  return Number(stdout.trim());
}

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
      'ofsted-scan': { ...scan, what: `${publications.length} reports of ${urns.length} councils (largest ${kb(largest)}), one request a second` },
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
    for (const spec of FUNCTIONS) {
      const b = await bundle(spec, dir);
      const times: number[] = [];
      for (let i = 0; i < INIT_RUNS; i++) times.push(await initMs(b.outfile));
      const verdict = b.bytes < TARGET_BYTES ? 'ok' : 'OVER TARGET';
      console.log(`${spec.name.padEnd(15)} ${kb(b.bytes).padStart(8)} (${verdict}), map ${kb(b.mapBytes)}, init ${median(times).toFixed(0)} ms (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
      console.log(`${''.padEnd(15)} largest: ${b.largest.map(([pkg, bytes]) => `${pkg} ${kb(bytes)}`).join(', ')}`);
    }
    const runs = await localRuns();
    for (const spec of FUNCTIONS) {
      const r = runs[spec.name]!;
      console.log(`run ${spec.name.padEnd(15)} ${(r.ms / 1000).toFixed(1)} s wall, peak RSS ${r.rssMb.toFixed(0)} MB (Lambda: ${spec.memoryMb} MB, ${spec.timeoutSeconds} s) — ${r.what}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
