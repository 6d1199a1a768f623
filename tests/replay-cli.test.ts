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

  it('prints exactly the alerts Slack received, in order, as JSON lines', async () => {
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
      },
      // Stoke 2022 stays requires improvement; Harrow's first report (inadequate) is a first_record, never an alert.
    ]);
    expect(result.stderr).toMatch(/replay complete: 5 publications over 5 days, 1 alerts delivered/);
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
