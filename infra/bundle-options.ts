import { fileURLToPath } from 'node:url';

/**
 * How each Lambda is bundled, in one place: the CDK construct
 * (infra/watch-function.ts) and the bundle benchmark (bench/bundles.ts) both
 * derive their esbuild settings from this object, so what is measured is what
 * is deployed. No CDK import here: the bench loads it without aws-cdk-lib.
 */
export const BUNDLE = {
  platform: 'node',
  /** Lambda's nodejs24.x runtime. */
  target: 'node24',
  /** ESM output (index.mjs) so top-level await and `import` of ESM-only packages work. */
  format: 'esm',
  /** Prefer packages' ESM builds; they tree-shake better than CommonJS. */
  mainFields: ['module', 'main'],
  /** CommonJS packages inside an ESM bundle still call require(); give them one. */
  banner: "import { createRequire as __owCreateRequire } from 'node:module'; const require = __owCreateRequire(import.meta.url);",
  minify: true,
  sourcemap: true,
  /** Maps carry positions only, not the sources: smaller files, faster to load with --enable-source-maps. */
  sourcesContent: false,
  /**
   * The AWS SDK v3 is bundled, not taken from the runtime: the bundle then
   * pins the SDK version we test with, and esbuild keeps only the clients used.
   */
  external: [] as string[],
  /** Module replacements: cheerio's parsing API only (see bundle-shims/cheerio.ts). */
  alias: { cheerio: fileURLToPath(new URL('./bundle-shims/cheerio.ts', import.meta.url)) } as Record<string, string>,
  /** Source maps are resolved in stack traces by Node itself. */
  nodeOptions: '--enable-source-maps',
} as const;

/** Where entry paths and the metafile's input paths are relative to. */
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * The esbuild build options for one entry, as the construct and the bench run
 * them. Code splitting: the entry is `index.mjs` (handler `index.handler`) and
 * every dynamically imported module becomes a chunk under `chunks/`, loaded
 * only when the code that imports it runs — pdf.js is such a chunk of
 * ofsted-scan, so a scan that reads no report never loads or initialises it.
 * Names and hashes depend only on the code, so the asset hash is deterministic.
 */
export function esbuildOptions(entry: string, outdir: string) {
  return {
    entryPoints: [entry],
    outdir,
    absWorkingDir: PROJECT_ROOT,
    splitting: true,
    entryNames: 'index',
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: BUNDLE.platform,
    target: BUNDLE.target,
    format: BUNDLE.format,
    mainFields: [...BUNDLE.mainFields],
    banner: { js: BUNDLE.banner },
    minify: BUNDLE.minify,
    sourcemap: BUNDLE.sourcemap,
    sourcesContent: BUNDLE.sourcesContent,
    external: [...BUNDLE.external],
    alias: { ...BUNDLE.alias },
    metafile: true,
    logLevel: 'warning' as const,
  };
}
