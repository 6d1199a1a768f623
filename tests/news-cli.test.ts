import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { articleFromText, renderArticlePage } from '#devkit/news-site.ts';

const ROOT = join(import.meta.dirname, '..');
const NEWS = join(ROOT, 'tests/fixtures/news');
// Node 24 from the `node` devDependency, as `npx` would pick it.
const PATH = `${join(ROOT, 'node_modules/.bin')}${delimiter}${process.env.PATH}`;

function cli(...args: string[]) {
  const run = spawnSync('node', ['bin/ofsted-watch.js', 'extract-news', ...args], { cwd: ROOT, env: { ...process.env, PATH }, encoding: 'utf8' });
  const lines = run.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line));
  return { status: run.status, lines, stderr: run.stderr, stdout: run.stdout };
}

const dir = mkdtempSync(join(tmpdir(), 'news-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ofsted-watch extract-news', () => {
  it('prints one JSON line per article with the contract fields, in the order given', () => {
    const files = ['communitycare-stockton-focused-visit.txt', 'communitycare-stoke-inadequate.txt'].map((f) => join('tests/fixtures/news', f));
    const { status, lines } = cli(...files);
    expect(status).toBe(0);
    expect(lines.map((l) => l.file)).toEqual(files);
    expect(lines[0].title).toBe('Council’s lack of social workers and demand spike led to delays in children receiving help, finds Ofsted');
    expect(lines[0].events[0]).toEqual({
      council: { name: 'Stockton-on-Tees', onsCode: 'E06000004', urn: '80563' },
      kind: 'urgent_action',
      from: null,
      to: null,
      evidence: 'Following the visit, Ofsted said Stockton needed to take urgent action to improve:',
      rule: 'signal:urgent-action',
    });
    expect(lines[0].events.find((e: { council: { name: string } }) => e.council.name === 'Hartlepool').kind).toBe('mention');
    expect(lines[1].events).toEqual([
      expect.objectContaining({ council: { name: 'Stoke-on-Trent', onsCode: 'E06000021', urn: '80564' }, kind: 'downgrade', from: 'requires_improvement', to: 'inadequate' }),
    ]);
    for (const event of lines.flatMap((l) => l.events)) expect(Object.keys(event)).toEqual(['council', 'kind', 'from', 'to', 'evidence', 'rule']);
    expect(lines.map((l) => l.published)).toEqual([null, null]);
  });

  it('reads an HTML article page the same as its text', () => {
    const text = readFileSync(join(NEWS, 'communitycare-tameside-focused-visit.txt'), 'utf8');
    const page = join(dir, 'tameside.html');
    writeFileSync(page, renderArticlePage(articleFromText('tameside', text, { published: '2022-06-07T09:00:00Z', shape: 'opengraph' }), { outlet: 'Community Care', url: 'http://127.0.0.1/news/tameside' }));
    const [html] = cli(page).lines;
    const [plain] = cli(join(NEWS, 'communitycare-tameside-focused-visit.txt')).lines;
    expect(html.title).toBe(plain.title);
    expect(html.events.map((e: { council: { name: string }; kind: string }) => [e.council.name, e.kind])).toEqual(
      plain.events.map((e: { council: { name: string }; kind: string }) => [e.council.name, e.kind]),
    );
  });

  it('reports a missing file on its own line, goes on with the others, and exits 1', () => {
    const { status, lines } = cli(join(dir, 'missing.txt'), 'tests/fixtures/news/communitycare-stoke-inadequate.txt', dir);
    expect(status).toBe(1);
    expect(lines[0]).toEqual({ file: join(dir, 'missing.txt'), error: { code: 'not_found', message: expect.any(String) } });
    expect(lines[1].events[0].kind).toBe('downgrade');
    expect(lines[2]).toEqual({ file: dir, error: { code: 'is_directory', message: expect.any(String) } });
  });

  it('refuses what is not a text article, with parse-report\'s codes for the same fault, and keeps a size cap', () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const random = join(dir, 'random.bin');
    writeFileSync(random, randomBytes(256 * 1024));
    const pdf = join(ROOT, 'tests/fixtures/ofsted-reports/80426_barnsley/2023-10-27_ilacs.pdf');
    const big = join(dir, 'big.txt');
    writeFileSync(big, `${readFileSync(join(NEWS, 'communitycare-stoke-inadequate.txt'), 'utf8')}\n`.repeat(1000));
    const missing = join(dir, 'missing.txt');
    const { status, lines } = cli('--max-bytes', '2MB', empty, random, pdf, big, missing, dir);
    expect(status).toBe(1);
    expect(lines.map((line) => [line.file, line.error?.code])).toEqual([
      [empty, 'empty'], [random, 'not_text'], [pdf, 'not_text'], [big, 'too_large'], [missing, 'not_found'], [dir, 'is_directory'],
    ]);
    // The same faults, the same codes and messages, from parse-report.
    const reports = spawnSync('node', ['bin/ofsted-watch.js', 'parse-report', '--in-process', empty, missing, dir], { cwd: ROOT, env: { ...process.env, PATH }, encoding: 'utf8' });
    const reportLines = reports.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { file: string; error: unknown });
    expect(reportLines).toEqual([lines[0], lines[4], lines[5]]);
  });

  it('reads 5 MB of text by default (the news scan\'s cap) and no more', () => {
    const article = readFileSync(join(NEWS, 'communitycare-stoke-inadequate.txt'), 'utf8');
    const under = join(dir, 'under.txt');
    writeFileSync(under, `${article}\n${'Unrelated filler paragraph about the weather. '.repeat(90_000)}`);
    const over = join(dir, 'over.txt');
    writeFileSync(over, 'x'.repeat(5 * 1024 * 1024 + 1));
    const { lines } = cli(under, over);
    expect(lines[0].events.map((event: { kind: string }) => event.kind)).toContain('downgrade');
    expect(lines[1]).toEqual({ file: over, error: { code: 'too_large', message: 'file is 5242881 bytes, over the 5242880-byte limit' } });
  });

  it('has real help, and a usage error without files', () => {
    const help = spawnSync('node', ['bin/ofsted-watch.js', 'extract-news', '--help'], { cwd: ROOT, env: { ...process.env, PATH }, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: ofsted-watch extract-news \[--published YYYY-MM-DD\] \[--explain \[--json\]\] \[--max-bytes SIZE\] FILE/);
    expect(help.stdout).toMatch(/urgent_action/);
    const none = cli();
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/at least one article FILE/);
  });

  it('reads every file given against --published: the same words are news in June and history in October', () => {
    const files = ['walsall', 'wigan'].map((name) => {
      const file = join(dir, `${name}.txt`);
      const council = name === 'walsall' ? 'Walsall' : 'Wigan';
      writeFileSync(file, `${council} children's services\n\nOfsted rated ${council} Council's children's services inadequate in June.\n\nThe council said it accepted the findings.`);
      return file;
    });
    const june = cli('--published', '2023-06-20', ...files);
    expect(june.status).toBe(0);
    expect(june.lines.map((l) => [l.published, l.events[0].kind, l.events[0].to])).toEqual([
      ['2023-06-20', 'urgent_action', 'inadequate'],
      ['2023-06-20', 'urgent_action', 'inadequate'],
    ]);
    const october = cli('--published', '2023-10-20', ...files);
    expect(october.lines.map((l) => l.events[0].kind)).toEqual(['mention', 'mention']);
  });

  it('rejects a --published that is not a date written YYYY-MM-DD, and --json without --explain', () => {
    for (const bad of ['2023-02-30', '20/06/2023', 'June']) {
      const run = cli('--published', bad, join(NEWS, 'communitycare-stoke-inadequate.txt'));
      expect(run.status, bad).toBe(2);
      expect(run.stderr).toMatch(/--published must be a date written YYYY-MM-DD/);
    }
    expect(cli('--json', join(NEWS, 'communitycare-stoke-inadequate.txt')).status).toBe(2);
  });

  it('--explain prints each event with its rule and every dropped candidate with the reason', () => {
    const { status, stdout } = cli('--explain', '--published', '2016-05-13', join(NEWS, 'communitycare-torbay-commissioner.txt'));
    expect(status).toBe(0);
    expect(stdout).toMatch(/read against 2016-05-13/);
    expect(stdout).toMatch(/Torbay \[E06000027\] \(subject\): urgent_action ALERT/);
    expect(stdout).toMatch(/rule: intervention:commissioner; intervention: commissioner;/);
    expect(stdout).toMatch(/dropped grade \(rates-object\): history \[history:dated \(in January this year = 2016-01-01\.\.2016-01-31, 103 days before publication\)\]/);
    expect(stdout).toMatch(/Hampshire \[E10000014\]: mention\n.*\n\s+dropped urgent_action \(dfe-adviser\): passing mention \[passing:expert-from\]/);
    expect(stdout).toMatch(/Sunderland \[E08000024\]: mention\n.*\n\s+dropped urgent_action \(commissioner\): history \[history:period/);
  });

  it('--explain --json gives the same as JSON, with the dropped candidates', () => {
    const [line] = cli('--explain', '--json', join(NEWS, 'bbc-blackburn-childrens-home.txt')).lines;
    const blackburn = line.events.find((e: { council: { name: string } }) => e.council.name === 'Blackburn with Darwen');
    expect(blackburn.kind).not.toMatch(/downgrade|urgent_action/);
    expect(blackburn.dropped).toContainEqual(expect.objectContaining({ kind: 'grade', reason: 'other subject', detail: "other-subject:children's home" }));
  });
});
