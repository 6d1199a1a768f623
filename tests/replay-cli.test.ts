import { mkdtemp, writeFile, cp, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '#devkit/manifest.ts';
import { runCli } from './helpers/cli.ts';

const REPORTS = fileURLToPath(new URL('./fixtures/ofsted-reports/', import.meta.url));

describe('ofsted-watch replay', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'replay-'));
    await mkdir(join(dir, 'pdfs'));
    for (const file of ['80563_stockton-on-tees/2016-08-05_sif.pdf', '80563_stockton-on-tees/2019-07-01_ilacs.pdf', '80564_stoke-on-trent/2015-08-12_sif.pdf', '80564_stoke-on-trent/2022-11-25_ilacs.pdf', '80499_harrow/2025-03-04_ilacs.pdf']) {
      await cp(join(REPORTS, file), join(dir, 'pdfs', file.replace('/', '_')));
    }
    const type = "Children's services inspection";
    await writeFile(
      join(dir, 'manifest.json'),
      JSON.stringify([
        { urn: '80563', published: '2019-07-01', type, pdf: 'pdfs/80563_stockton-on-tees_2019-07-01_ilacs.pdf' },
        { urn: '80563', published: '2016-08-05', type, pdf: 'pdfs/80563_stockton-on-tees_2016-08-05_sif.pdf' },
        { urn: '80564', published: '2015-08-12', type, pdf: 'pdfs/80564_stoke-on-trent_2015-08-12_sif.pdf' },
        { urn: '80564', published: '2022-11-25', type, pdf: 'pdfs/80564_stoke-on-trent_2022-11-25_ilacs.pdf' },
        { urn: '80499', published: '2025-03-04', type, pdf: 'pdfs/80499_harrow_2025-03-04_ilacs.pdf' },
      ]),
    );
  });

  it('prints exactly the alerts Slack received, in order, as JSON lines with every changed judgement', async () => {
    const result = await runCli(['replay', '--manifest', join(dir, 'manifest.json'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      {
        council: { urn: '80563', onsCode: 'E06000004', name: 'Stockton-on-Tees' },
        kind: 'downgrade',
        from: 'good',
        to: 'requires_improvement',
        published: '2019-07-01',
        pdf: 'pdfs/80563_stockton-on-tees_2019-07-01_ilacs.pdf',
        // SIF leadership and looked after stand for impact of leaders and the combined in-care judgement; looked after stayed requires improvement.
        changes: [
          { judgement: 'impactOfLeaders', from: 'good', to: 'requires_improvement' },
          { judgement: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
        ],
      },
      // Stoke 2022 stays requires improvement. Harrow's first report, published after the replay's first day, is inadequate.
      {
        council: { urn: '80499', onsCode: 'E09000015', name: 'Harrow' },
        kind: 'urgent_action',
        from: null,
        to: 'inadequate',
        published: '2025-03-04',
        pdf: 'pdfs/80499_harrow_2025-03-04_ilacs.pdf',
        changes: [
          { judgement: 'impactOfLeaders', from: null, to: 'requires_improvement' },
          { judgement: 'helpAndProtection', from: null, to: 'good' },
          { judgement: 'inCare', from: null, to: 'good' },
          { judgement: 'careLeavers', from: null, to: 'inadequate' },
        ],
      },
    ]);
    expect(result.stderr).toMatch(/replay complete: 5 publications over 5 days, 2 alerts delivered/);
  });

  it('refuses a manifest with a clear message and exit status 2', async () => {
    await writeFile(join(dir, 'bad.json'), JSON.stringify([{ urn: '99999', published: '2019-07-01', type: 'x', pdf: 'a.pdf' }]));
    const result = await runCli(['replay', '--manifest', join(dir, 'bad.json')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/URN 99999 is not a council in the register/);
    const missing = await runCli(['replay']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/--manifest FILE is required/);
  });
});

describe('ofsted-watch replay of the fixture manifest (59 real reports, 2012-2026)', () => {
  type Line = { council: { name: string }; kind: string; from: string | null; to: string | null; published: string; pdf: string; changes: { judgement: string; from: string | null; to: string }[] };
  let lines: Line[];
  let stderr: string;
  beforeAll(async () => {
    const result = await runCli(['replay', '--manifest', join(REPORTS, 'manifest.json'), '--json']);
    expect(result.status, result.stderr).toBe(0);
    lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Line);
    stderr = result.stderr;
  }, 180_000);

  it('alerts the Somerset 2026 downgrade (no overall grade) with its three fallen judgements', () => {
    expect(lines.filter((l) => l.council.name === 'Somerset')).toEqual([
      {
        council: { urn: '80555', onsCode: 'E06000066', name: 'Somerset' },
        kind: 'downgrade',
        from: 'good',
        to: null,
        published: '2026-06-17',
        pdf: '80555_somerset/2026-06-17_ilacs.pdf',
        changes: [
          { judgement: 'impactOfLeaders', from: 'good', to: 'requires_improvement' },
          { judgement: 'helpAndProtection', from: 'good', to: 'requires_improvement' },
          { judgement: 'inCare', from: 'good', to: 'requires_improvement' },
        ],
      },
    ]);
  });

  it("alerts Bedford's 2025 downgrade by overall effectiveness", () => {
    expect(lines.filter((l) => l.council.name === 'Bedford')).toMatchObject([{ kind: 'downgrade', from: 'good', to: 'requires_improvement', published: '2025-08-27' }]);
  });

  it("sends nothing for Blackpool's 2026 improvement, Brent's unchanged 2026 report or Norfolk's outstanding one", () => {
    expect(lines.filter((l) => ['Blackpool', 'Brent', 'Norfolk'].includes(l.council.name))).toEqual([]);
  });

  it('alerts every downgrade and every report with an inadequate judgement after the first day, and nothing else', () => {
    expect(lines.map((l) => `${l.published} ${l.council.name} ${l.kind}`)).toEqual([
      '2013-08-23 Medway urgent_action', // 2013 looked-after children inspection: overall inadequate
      '2015-03-20 Calderdale urgent_action', // adoption performance inadequate
      '2015-06-03 Surrey urgent_action',
      '2016-09-20 Wirral urgent_action',
      '2016-11-25 Kirklees urgent_action',
      '2018-01-29 Buckinghamshire urgent_action',
      '2018-10-29 Bradford urgent_action',
      '2019-07-01 Stockton-on-Tees downgrade',
      '2020-01-24 Middlesbrough urgent_action',
      '2021-12-17 Bury urgent_action',
      '2022-02-11 Bournemouth, Christchurch and Poole urgent_action',
      '2022-09-05 Nottingham urgent_action',
      '2023-05-10 South Tyneside urgent_action',
      '2024-02-13 Tameside urgent_action',
      '2025-03-04 Harrow urgent_action',
      '2025-08-27 Bedford downgrade',
      '2026-06-17 Somerset downgrade',
    ]);
    expect(stderr).toMatch(/replay complete: 59 publications over 53 days, 17 alerts delivered to Slack/);
    // Counts read as English: "1 alert", "1 event", never "1 alerts".
    expect(stderr).toMatch(/, 1 event, 1 alert\b/);
    expect(stderr).not.toMatch(/\b1 (alerts|events|anomalies|publications|days|requests)\b/);
  });
});

describe('parseManifest', () => {
  it.each([
    ['{}', /must be a JSON array/],
    ['[{"urn":"80563","published":"2019-02-30","type":"x","pdf":"a.pdf"}]', /ISO date/],
    ['[{"urn":"80563","published":"2019-02-03","type":"","pdf":"a.pdf"}]', /"type" must be a non-empty string/],
    ['not json', /not valid JSON/],
  ])('rejects %s', (text, message) => {
    expect(() => parseManifest(text)).toThrow(message);
  });

  it('accepts numeric URNs and full timestamps', () => {
    expect(parseManifest('[{"urn":80563,"published":"2019-07-01T00:00:00Z","type":"t","pdf":"p.pdf"}]')).toEqual([
      { urn: '80563', published: '2019-07-01', type: 't', pdf: 'p.pdf' },
    ]);
  });
});
