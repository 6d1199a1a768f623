/**
 * What Lambda bundles get for `import … from 'cheerio'` (an esbuild alias, see
 * infra/bundle-options.ts): cheerio's parsing API without its network and
 * stream helpers (fromURL, loadBuffer, decodeStream), which pull in
 * encoding-sniffer and iconv-lite's code-page tables (~500 KB minified) that
 * ofsted-watch never uses: it fetches with its own client and parses strings.
 * `load` is the very function cheerio's main entry re-exports.
 */
export { load } from '../../node_modules/cheerio/dist/esm/load-parse.js';
export { contains, merge } from '../../node_modules/cheerio/dist/esm/static.js';
