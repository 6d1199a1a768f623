/**
 * The national site in a real browser: headless Chromium (Debian's chromium
 * package, driven by playwright-core; no browser download) opens the site
 * that `replay --site` built from the real fixture reports, served on
 * 127.0.0.1 with the headers CloudFront sends. Screenshots of the map and a
 * council page go to test-output/site/ for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSiteServer, type SiteServer } from '#devkit/site-server.ts';
import { COLOURS } from '#shared/site/measures.ts';
import { runCli } from './helpers/cli.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** The flags Chromium needs here: no sandbox as root, and no calls home (this machine's network is closed). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
export const SCREENSHOTS = join(ROOT, 'test-output', 'site');

/** Known from the fixture reports (labels.json): each council's latest full inspection. */
const KNOWN = [
  { ons: 'E06000004', name: 'Stockton-on-Tees', overall: 'requires_improvement' }, // ILACS 2023
  { ons: 'E06000058', name: 'Bournemouth, Christchurch and Poole', overall: 'inadequate' }, // ILACS 2022
  { ons: 'E08000038', name: 'Barnsley', overall: 'good' }, // ILACS 2023, under its 2025 code
  { ons: 'E06000043', name: 'Brighton and Hove', overall: 'outstanding' }, // ILACS 2024
] as const;

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
}

let dir: string;
let server: SiteServer;
let browser: Browser;
let context: BrowserContext;
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-browser-'));
  const replay = await runCli(['replay', '--manifest', 'tests/fixtures/ofsted-reports/manifest.json', '--site', dir]);
  if (replay.status !== 0) throw new Error(`replay --site failed: ${replay.stderr}`);
  server = await startSiteServer({ dir });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.host !== new URL(server.origin).host) foreignRequests.push(request.url());
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${path}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${path}: ${error.message}`));
  const response = await page.goto(`${server.origin}/${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

/** The page's globals, typed here: the project compiles without the DOM library. */
type BrowserGlobals = { getComputedStyle(element: unknown): { fill: string }; axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } };
const hexFill = (page: Page, ons: string) => page.$eval(`a.hex[data-ons-code="${ons}"]`, (el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).fill);
const hexGrade = (page: Page, ons: string) => page.getAttribute(`a.hex[data-ons-code="${ons}"]`, 'data-grade');

describe('the national site in Chromium', () => {
  it('shows 153 hexes, each coloured by its council\'s latest overall grade and linking to its page', async () => {
    const page = await open('index.html');
    expect(await page.locator('[data-ons-code]').count()).toBe(153);
    expect(await page.locator('a.hex[data-grade]').count()).toBe(153);
    for (const known of KNOWN) {
      expect(await hexGrade(page, known.ons), known.name).toBe(known.overall);
      expect(await hexFill(page, known.ons), known.name).toBe(rgb(COLOURS[known.overall]));
    }
    // A council with no report in the fixtures says so in words.
    expect(await hexGrade(page, 'E09000003')).toBe('none');
    expect(await page.locator('a.hex[data-ons-code="E09000003"] title').textContent()).toMatch(/Barnet: No grade/);
    await page.screenshot({ path: join(SCREENSHOTS, 'map.png'), fullPage: true });
    await page.click('a.hex[data-ons-code="E06000004"]');
    await page.waitForURL(/councils\/E06000004\.html$/);
    await page.close();
  });

  it('recolours the map and swaps the key when another measure is selected', async () => {
    const page = await open('index.html');
    expect(await page.isVisible('select#measure')).toBe(true);
    expect(await page.isVisible('ul.key[data-measure="overall"]')).toBe(true);
    // BCP 2022: overall inadequate, but children in care and care leavers requires improvement.
    await page.selectOption('select#measure', 'inCare');
    expect(await hexGrade(page, 'E06000058')).toBe('requires_improvement');
    expect(await hexFill(page, 'E06000058')).toBe(rgb(COLOURS.requires_improvement));
    expect(await page.isVisible('ul.key[data-measure="inCare"]')).toBe(true);
    expect(await page.isVisible('ul.key[data-measure="overall"]')).toBe(false);
    await page.selectOption('select#measure', 'sendOutcome');
    expect(await hexGrade(page, 'E06000058')).toBe('none');
    expect(await hexFill(page, 'E06000058')).toBe(rgb(COLOURS.none));
    await page.selectOption('select#measure', 'priorityActions');
    expect(await hexGrade(page, 'E06000058')).toMatch(/^\d+$/);
    await page.screenshot({ path: join(SCREENSHOTS, 'map-priority-actions.png') });
    await page.selectOption('select#measure', 'overall');
    expect(await hexGrade(page, 'E06000058')).toBe('inadequate');
    // Somerset's 2026 inspection gives no overall grade, only the four judgements.
    expect(await hexGrade(page, 'E06000066')).toBe('none');
    expect(await page.locator('a.hex[data-ons-code="E06000066"] title').textContent()).toMatch(/^Somerset: No grade/);
    await page.selectOption('select#measure', 'careLeavers');
    expect(await hexGrade(page, 'E06000066')).toBe('good');
    await page.selectOption('select#measure', 'impactOfLeaders');
    expect(await hexGrade(page, 'E06000066')).toBe('requires_improvement');
    expect(await hexFill(page, 'E06000066')).toBe(rgb(COLOURS.requires_improvement));
    await page.close();
  });

  it('shows a council\'s timeline of inspections, newest first, with its downgrade and its Ofsted page', async () => {
    const page = await open('councils/E06000004.html');
    expect(await page.textContent('h1')).toBe('Stockton-on-Tees');
    const dates = await page.locator('ol.timeline > li time').evaluateAll((els) => els.map((el) => el.getAttribute('datetime')));
    expect(dates.slice(0, 3)).toEqual(['2023-05-09', '2019-07-01', '2016-08-05']);
    const timeline = await page.textContent('ol.timeline');
    expect(timeline).toMatch(/Downgrade: Good → Requires improvement/);
    expect(await page.locator('a[href="https://reports.ofsted.gov.uk/provider/44/80563"]').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'council-stockton-on-tees.png'), fullPage: true });
    await page.close();
  });

  it('is readable without JavaScript: the table holds every council and grade', async () => {
    const plain = await browser.newContext({ javaScriptEnabled: false });
    const page = await plain.newPage();
    await page.goto(`${server.origin}/index.html`);
    expect(await page.locator('table#councils tbody tr').count()).toBe(153);
    expect(await page.locator('a.hex').count()).toBe(153);
    expect(await page.isVisible('select#measure')).toBe(false);
    expect(await page.textContent('table#councils tbody tr:has(a[href="councils/E06000004.html"])')).toMatch(/Requires improvement/);
    await plain.close();
  });

  it('has no serious or critical accessibility violation (axe-core) on the map and a council page', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
    for (const path of ['index.html', 'councils/E06000004.html']) {
      const page = await open(path);
      // Evaluated through the DevTools protocol: the page's CSP (scripts from the site only) stays on.
      await page.evaluate(axe);
      const violations = await page.evaluate(async () => {
        const result = await (globalThis as unknown as BrowserGlobals).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), path).toEqual([]);
      await page.close();
    }
  });

  it('made no request to any other host and logged no console error', () => {
    expect(foreignRequests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    expect(existsSync(join(SCREENSHOTS, 'map.png'))).toBe(true);
  });
});
