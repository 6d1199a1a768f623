/**
 * The site builder (pure): the hex map, where a council stands, what each
 * page and data file says, sizes, and that a rebuild writes only what changed.
 */
import { load } from 'cheerio';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { syntheticHistory } from '#devkit/synthetic-history.ts';
import { councilByUrn, currentCouncils } from '#shared/register/register.ts';
import { buildSite, type SiteInput } from '#shared/site/build.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { councilCells, hexMapGeometry } from '#shared/site/hexmap.ts';
import { COUNCILS_COLUMNS, INSPECTIONS_COLUMNS } from '#shared/site/open-data.ts';
import { planPublish, publishSite } from '#shared/site/publish.ts';
import { councilStanding } from '#shared/site/standing.ts';
import { newsEvent, record } from './helpers/records.ts';

const text = (site: ReturnType<typeof buildSite>, path: string) => new TextDecoder().decode(site.get(path)!.body);
const STOCKTON = councilByUrn('80563')!;
const BUILT_AT = '2026-11-02T10:30:00.000Z';

/** Odd-r neighbours of a cell (odd rows sit half a hex to the right). */
function neighbours(q: number, r: number): string[] {
  const offsets = r % 2 === 0 ? [[1, 0], [-1, 0], [-1, 1], [0, 1], [-1, -1], [0, -1]] : [[1, 0], [-1, 0], [0, 1], [1, 1], [0, -1], [1, -1]];
  return offsets.map(([dq, dr]) => `${q + dq!},${r + dr!}`);
}

describe('the hex map', () => {
  const cells = councilCells();
  const at = new Map(cells.map((c) => [c.onsCode, c]));

  it('has one cell for each of the 153 current councils, under their current codes, no cell shared', () => {
    expect(cells).toHaveLength(153);
    expect(new Set(cells.map((c) => `${c.q},${c.r}`)).size).toBe(153);
    expect(new Set(cells.map((c) => c.onsCode))).toEqual(new Set(currentCouncils().map((c) => c.onsCode)));
    for (const code of ['E08000038', 'E08000039', 'E06000060', 'E06000065', 'E06000066']) expect(at.has(code), code).toBe(true);
    for (const gone of ['E08000016', 'E10000006', 'E10000021', 'E10000002']) expect(at.has(gone), gone).toBe(false);
  });

  it('puts each split county\'s successors side by side, where the county was', () => {
    for (const [a, b] of [['E06000063', 'E06000064'], ['E06000061', 'E06000062']] as const) {
      const cell = at.get(a)!;
      expect(neighbours(cell.q, cell.r)).toContain(`${at.get(b)!.q},${at.get(b)!.r}`);
    }
    // Westmorland and Furness still borders Lancashire, as Cumbria did.
    const wf = at.get('E06000064')!;
    const lancashire = at.get('E10000017')!;
    expect(neighbours(wf.q, wf.r)).toContain(`${lancashire.q},${lancashire.r}`);
  });

  it('draws odd rows half a hex to the right of even rows (odd-r), north at the top', () => {
    const geometry = hexMapGeometry(600, 560);
    const placed = new Map(geometry.hexes.map((h) => [h.council.onsCode, h]));
    const cumberland = placed.get('E06000063')!; // (6,15)
    const wf = placed.get('E06000064')!; // (6,14)
    expect(cumberland.y).toBeLessThan(wf.y);
    const blackpool = placed.get('E06000009')!; // (5,14), the cell left of Westmorland and Furness
    expect(blackpool.y).toBe(wf.y);
    expect(cumberland.x - wf.x).toBeCloseTo((wf.x - blackpool.x) / 2, 0);
    expect(placed.get('E06000057')!.y).toBeLessThan(placed.get('E06000052')!.y); // Northumberland above Cornwall
    for (const hex of geometry.hexes) {
      expect(hex.x).toBeGreaterThan(0);
      expect(hex.x).toBeLessThan(600);
      expect(hex.y).toBeGreaterThan(0);
      expect(hex.y).toBeLessThan(560);
    }
  });
});

describe('where a council stands', () => {
  it('maps SIF judgements to the four (leadership → impact of leaders, looked after → in care) and the combined one to both', () => {
    const sif = councilStanding(STOCKTON, [record({ fileId: '1', published: '2016-08-05', framework: 'sif', overall: 'good', judgements: { helpAndProtection: 'requires_improvement', lookedAfter: 'good', adoption: 'outstanding', careLeavers: 'inadequate', leadership: 'good' } })]);
    expect(sif.judgements).toEqual({ impactOfLeaders: 'good', helpAndProtection: 'requires_improvement', inCare: 'good', careLeavers: 'inadequate' });
    const combined = councilStanding(STOCKTON, [record({ fileId: '2', published: '2019-07-01', judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCareAndCareLeavers: 'requires_improvement' } })]);
    expect(combined.judgements).toMatchObject({ inCare: 'requires_improvement', careLeavers: 'requires_improvement' });
  });

  it('takes the latest full inspection; a 2026-framework one has the four judgements and no overall grade', () => {
    const standing = councilStanding(STOCKTON, [
      record({ fileId: '1', published: '2023-05-09', overall: 'requires_improvement' }),
      record({ fileId: '2', published: '2026-07-01', overall: null, judgements: { impactOfLeaders: 'good', helpAndProtection: 'good', inCare: 'good', careLeavers: 'requires_improvement' }, gradedBy: 'judgements' } as never),
      record({ fileId: '3', published: '2026-09-01', kind: 'focused_visit', overall: null }),
    ]);
    expect(standing.latest?.fileId).toBe('2');
    expect(standing.overall).toBeNull();
    expect(standing.judgements.careLeavers).toBe('requires_improvement');
  });

  it('keeps areas for priority action open until the next full inspection; area SEND ones until the next SEND inspection', () => {
    const letter = (fileId: string, published: string, priorityActions: string[], extra = {}) => record({ fileId, published, kind: 'focused_visit', overall: null, priorityActions, ...extra });
    const history = [
      letter('1', '2018-01-01', ['closed by the 2019 inspection']),
      record({ fileId: '2', published: '2019-07-01', overall: 'requires_improvement' }),
      letter('3', '2022-09-01', ['front door', 'supervision']),
      letter('4', '2023-01-01', []),
      letter('5', '2023-02-01', ['old SEND action'], { kind: 'send', sendOutcome: 'systemic_failings' }),
      letter('6', '2024-02-01', ['new SEND action'], { kind: 'send', sendOutcome: 'inconsistent' }),
    ];
    const standing = councilStanding(STOCKTON, history);
    expect(standing.openPriorityActions.map((a) => a.text)).toEqual(['front door', 'supervision', 'new SEND action']);
    expect(standing.sendOutcome).toBe('inconsistent');
    // A SEND report saying the earlier actions remain (and naming none) keeps them open; a new full inspection closes the rest.
    const later = councilStanding(STOCKTON, [
      ...history,
      letter('7', '2025-03-01', [], { kind: 'send', framework: 'send', sendOutcome: null, priorityActionsCarriedOver: true }),
      record({ fileId: '8', published: '2025-06-01', overall: 'good' }),
    ]);
    expect(later.openPriorityActions.map((a) => a.text)).toEqual(['new SEND action']);
    expect(later.sendOutcome).toBe('inconsistent');
  });
});

describe('the built site', () => {
  const history = syntheticHistory({ inspections: 500, letters: 500, pressEvents: 30 });
  const stockton2019 = record({ fileId: '900', published: '2019-07-01', overall: 'requires_improvement', judgements: { impactOfLeaders: 'requires_improvement', helpAndProtection: 'requires_improvement', inCareAndCareLeavers: 'good' } });
  const evil = record({ fileId: '901', published: '2026-10-01', kind: 'focused_visit', overall: null, priorityActions: ['<script>alert("x")</script> & "quotes"'], dfeNotified: true });
  const input: SiteInput = {
    records: [...history.records.filter((r) => r.council.urn !== STOCKTON.urn), stockton2019, evil],
    events: [
      ...history.events,
      newsEvent({ id: 'news-1', council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' }, evidence: 'Stockton <b>was</b> told to act.' }),
      newsEvent({ id: 'news-2', council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' }, occurredOn: '2024-01-01', sources: [{ type: 'news', url: 'javascript:alert(1)', outlet: 'Trickster', title: 'Click me' }] }),
    ],
    builtAt: BUILT_AT,
  };
  const site = buildSite(input);
  const index = load(text(site, 'index.html'));

  it('draws 153 hexes, each linking to its council page with its ONS code and the grade it shows', () => {
    const hexes = index('a.hex');
    expect(hexes).toHaveLength(153);
    const codes = hexes.map((_, el) => index(el).attr('data-ons-code')).get();
    expect(new Set(codes).size).toBe(153);
    for (const code of codes) expect(site.has(`councils/${code}.html`), code).toBe(true);
    const stockton = index('a.hex[data-ons-code="E06000004"]');
    expect(stockton.attr('href')).toBe('councils/E06000004.html');
    expect(stockton.attr('data-grade')).toBe('requires_improvement');
    expect(stockton.attr('class')).toContain('k-requires_improvement');
    // Every measure's value, in selector order: overall, the four, SEND, open priority actions (the letter's one).
    expect(stockton.attr('data-values')).toBe('requires_improvement requires_improvement requires_improvement good good none 1');
    expect(index('select#measure option')).toHaveLength(7);
  });

  it('writes "no grade" in words and never "null" or "undefined" on any page', () => {
    for (const [path, file] of site) {
      if (!path.endsWith('.html')) continue;
      const page = load(new TextDecoder().decode(file.body));
      const words = page('body').text();
      expect(words, path).not.toMatch(/\bnull\b|\bundefined\b|NaN/);
    }
    expect(index('table#councils').text()).toMatch(/No grade/);
  });

  it('escapes text from reports and the press', () => {
    const page = text(site, 'councils/E06000004.html');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('Stockton &lt;b&gt;was&lt;/b&gt; told to act.');
    // A source that is not an http(s) address is named, never linked.
    expect(page).toContain('Trickster: Click me');
    expect(page).not.toMatch(/href="javascript:/i);
  });

  it('loads nothing from another host: one stylesheet and one script of its own, no inline script', () => {
    for (const [path, file] of site) {
      if (!path.endsWith('.html')) continue;
      const page = load(new TextDecoder().decode(file.body));
      for (const el of page('script, link[rel=stylesheet], img, iframe, use').toArray()) {
        const src = page(el).attr('src') ?? page(el).attr('href') ?? '';
        expect(src, `${path}: ${src}`).not.toMatch(/^(?:[a-z]+:)?\/\//i);
      }
      expect(page('script:not([src])').length, path).toBe(0);
      expect(page('[style]').length, path).toBe(0);
    }
  });

  it('keeps every page under 200 KB with 500 inspections and 500 letters', () => {
    for (const [path, file] of site) if (path.endsWith('.html')) expect(file.body.length, path).toBeLessThan(200 * 1024);
  });

  it('gives every council a page with its timeline, newest first, and its Ofsted page', () => {
    const page = load(text(site, 'councils/E06000004.html'));
    const dates = page('ol.timeline > li time').map((_, el) => page(el).attr('datetime')).get();
    expect(dates[0]).toBe('2026-10-01');
    expect(dates).toEqual([...dates].sort().reverse());
    expect(page('a[href="https://reports.ofsted.gov.uk/provider/44/80563"]')).toHaveLength(1);
    expect(page('ol.timeline').text()).toMatch(/Council branded inadequate/);
  });

  it('writes councils.csv with exactly the issue\'s columns, one row per current council', () => {
    const lines = text(site, 'data/councils.csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(COUNCILS_COLUMNS.join(','));
    expect(lines[0]).toBe('ons_code,urn,name,region,published,framework,overall,impact_of_leaders,help_and_protection,in_care,care_leavers,send_outcome,open_priority_actions,report_url');
    expect(lines).toHaveLength(154);
    expect(lines).toContain('E06000004,80563,Stockton-on-Tees,North East,2019-07-01,ilacs,requires_improvement,requires_improvement,requires_improvement,good,good,,1,http://files.example/v1/file/900');
    expect(lines.some((line) => line.startsWith('E06000058,2532287,"Bournemouth, Christchurch and Poole",'))).toBe(true);
  });

  it('writes inspections.csv (one row per publication), events.json, a README with the licence and build time', () => {
    const lines = text(site, 'data/inspections.csv').trimEnd().split('\r\n');
    expect(lines[0]).toBe(INSPECTIONS_COLUMNS.join(','));
    expect(lines).toHaveLength(input.records.length + 1);
    expect(JSON.parse(text(site, 'data/events.json'))).toHaveLength(input.events.length);
    const readme = text(site, 'data/README.md');
    expect(readme).toContain(`Built ${BUILT_AT}`);
    expect(readme).toMatch(/Open Government Licence v3\.0/);
    for (const column of [...COUNCILS_COLUMNS, ...INSPECTIONS_COLUMNS]) expect(readme, column).toContain(column);
    expect(text(site, 'licences.txt')).toContain('Copyright (c) 2017- Open Innovations');
  });

  it('writes Atom feeds of alerts: all of them, and each council\'s', () => {
    const feed = load(text(site, 'feed.atom'), { xml: true });
    expect(feed('feed > entry').length).toBe(Math.min(100, input.events.length));
    expect(feed('feed > id').text()).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    const own = load(text(site, 'councils/E06000004.atom'), { xml: true });
    expect(own('entry title').first().text()).toBe('Stockton-on-Tees: Downgrade');
    expect(own('entry link[rel=alternate]').attr('href')).toBe('../councils/E06000004.html');
    const absolute = load(text(buildSite({ ...input, baseUrl: 'https://site.example' }), 'councils/E06000004.atom'), { xml: true });
    expect(absolute('entry link[rel=alternate]').attr('href')).toBe('https://site.example/councils/E06000004.html');
    expect(absolute('feed > link[rel=self]').attr('href')).toBe('https://site.example/councils/E06000004.atom');
  });

  it('changes only index.html and data/README.md when rebuilt later from the same data', () => {
    const later = buildSite({ ...input, builtAt: '2026-11-03T08:00:00.000Z' });
    const changed = [...later].filter(([path, file]) => Buffer.compare(Buffer.from(file.body), Buffer.from(site.get(path)!.body)) !== 0).map(([path]) => path);
    expect(changed.sort()).toEqual(['data/README.md', 'index.html']);
  });
});

describe('publishing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ofsted-watch-site-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file the first time, then only what a new record changed, and removes files the site no longer has', async () => {
    const target = folderTarget(dir);
    const data = { records: [record({ fileId: '1', published: '2019-07-01', overall: 'requires_improvement' })], events: [] };
    const first = await publishSite({ read: async () => data, target, now: () => new Date(BUILT_AT) });
    expect(first.written).toBe(first.files);
    expect(readFileSync(join(dir, 'councils/E06000004.html'), 'utf8')).toContain('Requires improvement');

    const second = await publishSite({ read: async () => ({ ...data, records: [...data.records, record({ fileId: '2', published: '2023-05-09', overall: 'inadequate' })] }), target, now: () => new Date(BUILT_AT) });
    expect(second.written).toBeLessThan(10);
    expect(second.unchanged).toBe(second.files - second.written);
    expect(readFileSync(join(dir, 'councils/E06000004.html'), 'utf8')).toContain('Inadequate');

    const existing = await target.list();
    existing.set('old-page.html', 'abc');
    const plan = planPublish(buildSite({ ...data, builtAt: BUILT_AT }), existing);
    expect(plan.remove).toEqual(['old-page.html']);
  });
});
