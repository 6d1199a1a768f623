/**
 * The replay end to end on the cases the 2026 framework made hard, with rebuilt
 * reports: a fall to inadequate is one downgrade carrying its changes (Trafford,
 * August 2026), an improvement whose prose recalls an earlier inadequate is no
 * alert (Liverpool, July 2026), a report after an unreadable one is judged like a
 * first report, and the same file published again is not alerted twice.
 */
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.ts';
import { ilacsPdf, type IlacsRow } from './reports/layouts.ts';

const NOT_FOUND = fileURLToPath(new URL('./fixtures/ofsted-site/report-not-found.html', import.meta.url));
const LABELS = [
  ['The impact of leaders on social work', 'practice with children and families'],
  ['The experiences and progress of', 'children who need help and protection'],
  ['The experiences and progress of', 'children in care'],
  ['The experiences and progress of care', 'leavers'],
];
const GRADE_TEXT: Record<string, string[]> = { good: ['Good'], ri: ['Requires improvement', 'to be good'], inadequate: ['Inadequate'], outstanding: ['Outstanding'] };

function report(council: string, dates: string, grades: string[], overall: string | null, after?: string[]): Uint8Array {
  const rows: IlacsRow[] = grades.map((grade, k) => ({ label: LABELS[k]!, grade: GRADE_TEXT[grade]! }));
  if (overall) rows.push({ label: ['Overall effectiveness'], grade: GRADE_TEXT[overall]! });
  return ilacsPdf({ title: [`Inspection of ${council} local authority`, 'children’s services'], dates, lead: ['Jane Doe, His Majesty’s Inspector'], rows, after });
}

describe('ofsted-watch replay across the 2026 framework change', () => {
  let lines: { council: { name: string }; kind: string; from: string | null; to: string | null; published: string; changes: unknown[] }[];
  let stderr: string;
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'replay-2026-'));
    const type = "Children's services inspection";
    const files: Record<string, Uint8Array> = {
      'trafford-2023.pdf': report('Trafford', '13 to 24 February 2023', ['ri', 'ri', 'ri', 'good'], 'ri'),
      'trafford-2026.pdf': report('Trafford', '15 to 26 June 2026', ['inadequate', 'inadequate', 'ri', 'good'], null, [
        'Since the last inspection in 2023, when overall effectiveness was judged to be requires',
        'improvement to be good, the help and protection children receive has deteriorated.',
      ]),
      'liverpool-2026.pdf': report('Liverpool', '11 to 22 May 2026', ['good', 'good', 'good', 'ri'], null, [
        'Services for children in Liverpool have improved considerably since the inspection in 2023, when',
        'overall effectiveness was judged to be inadequate. Leaders have transformed the help that',
        'children receive.',
      ]),
      'tameside-2026.pdf': report('Tameside', '8 to 19 June 2026', ['ri', 'inadequate', 'ri', 'good'], null),
    };
    for (const [name, bytes] of Object.entries(files)) await writeFile(join(dir, name), bytes);
    await copyFile(join(dir, 'trafford-2026.pdf'), join(dir, 'trafford-2026-again.pdf'));
    for (const name of ['liverpool-2023.pdf', 'tameside-2024.pdf']) await copyFile(NOT_FOUND, join(dir, name));
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify([
        { urn: '80573', published: '2023-04-05', type, pdf: 'trafford-2023.pdf' },
        { urn: '80485', published: '2023-06-01', type, pdf: 'liverpool-2023.pdf' },
        { urn: '80569', published: '2024-02-13', type, pdf: 'tameside-2024.pdf' },
        { urn: '80485', published: '2026-07-15', type, pdf: 'liverpool-2026.pdf' },
        { urn: '80569', published: '2026-07-30', type, pdf: 'tameside-2026.pdf' },
        { urn: '80573', published: '2026-08-20', type, pdf: 'trafford-2026.pdf' },
        { urn: '80573', published: '2026-09-03', type, pdf: 'trafford-2026-again.pdf' },
      ]),
    );
    const result = await runCli(['replay', '--manifest', join(dir, 'manifest.json'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    stderr = result.stderr;
  }, 120_000);

  it('alerts a fall to inadequate once, as a downgrade with the judgements that fell, and the same file published again not at all', () => {
    expect(lines.filter((l) => l.council.name === 'Trafford')).toEqual([
      {
        council: { urn: '80573', onsCode: 'E08000009', name: 'Trafford' },
        kind: 'downgrade',
        from: 'requires_improvement',
        to: null,
        published: '2026-08-20',
        pdf: 'trafford-2026.pdf',
        changes: [
          { judgement: 'impactOfLeaders', from: 'requires_improvement', to: 'inadequate' },
          { judgement: 'helpAndProtection', from: 'requires_improvement', to: 'inadequate' },
        ],
      },
    ]);
  });

  it('sends nothing for an improvement whose prose recalls an earlier inadequate, after an unreadable report', () => {
    expect(lines.filter((l) => l.council.name === 'Liverpool')).toEqual([]);
  });

  it('judges the first readable report after an unreadable one like a first report: its inadequate judgement is an urgent action', () => {
    expect(lines.filter((l) => l.council.name === 'Tameside')).toMatchObject([
      {
        kind: 'urgent_action',
        from: null,
        to: null,
        published: '2026-07-30',
        changes: [
          { judgement: 'impactOfLeaders', from: null, to: 'requires_improvement' },
          { judgement: 'helpAndProtection', from: null, to: 'inadequate' },
          { judgement: 'inCare', from: null, to: 'requires_improvement' },
          { judgement: 'careLeavers', from: null, to: 'good' },
        ],
      },
    ]);
    expect(lines).toHaveLength(2);
    expect(stderr).toMatch(/2 alerts delivered/);
  });
});
