/**
 * Rebuilds the council register data (`shared/register/councils.data.ts`) from
 * data-to-insight's la-lookup CSV (kept in scripts/data/la-lookup.csv), keeping
 * what was curated by hand in the current module: names people use (aliases) and
 * ONS codes the CSV does not know.
 *
 *   npx --no-install node scripts/build-register.ts [scripts/data/la-lookup.csv] [--out FILE]
 *
 * From the CSV: each council's URN, DfE LA code, region and current ONS code
 * (`la_code_new`); and its former ONS code where the CSV's 2023 columns give
 * another one for the same council (Barnsley E08000016, now E08000038).
 * tests/register.test.ts checks that the checked-in module is exactly this rebuild.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Council } from '#shared/domain/council.ts';
import { COUNCILS, FORMER_ONS_CODES } from '#shared/register/councils.data.ts';

export const LA_LOOKUP_CSV = fileURLToPath(new URL('./data/la-lookup.csv', import.meta.url));
const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA_MODULE = join(PROJECT_ROOT, 'shared', 'register', 'councils.data.ts');

const HELP = `Usage: npx --no-install node scripts/build-register.ts [CSV] [--out FILE]

Rebuilds the register data module (shared/register/councils.data.ts) from
data-to-insight's la-lookup CSV (default scripts/data/la-lookup.csv: columns urn,
la_code, la_code_new, local_authority_ons_name, also_known_as, region_name,
lad23cd, ltla23cd, ltla23_ons, ltla23nm, ...), keeping the aliases and extra
former ONS codes curated in the current module. Prints the module, or writes it
to FILE with --out (use --out shared/register/councils.data.ts, then review the diff).`;

/** Minimal RFC 4180 reader: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); field = '';
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
    } else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

/** Predecessors, kept for history: the CSV leaves their ONS code blank. */
const PREDECESSORS: Record<string, { onsCode: string; succeededBy: string[]; succeededOn: string; note: string }> = {
  '135513': { onsCode: 'E10000006', succeededBy: ['2733690', '2733698'], succeededOn: '2023-04-01', note: 'Cumbria County Council: split on 1 April 2023 into Cumberland and Westmorland and Furness.' },
  '121939': { onsCode: 'E10000021', succeededBy: ['2637539', '2637548'], succeededOn: '2021-04-01', note: 'Northamptonshire County Council: split on 1 April 2021 into North and West Northamptonshire.' },
  '137316': { onsCode: 'E06000029', succeededBy: ['2532287'], succeededOn: '2019-04-01', note: 'Borough of Poole: merged on 1 April 2019 into Bournemouth, Christchurch and Poole. "Poole" alone means BCP.' },
};

/** CSV names that are not how anyone says them (for a council new to the register). */
const NAME_FIXES: Record<string, string> = {
  'Bristol, City of': 'Bristol',
  'Kingston Upon Hull, City of': 'Kingston upon Hull',
  'Bedford Borough': 'Bedford',
  'St. Helens': 'St Helens',
  Durham: 'County Durham',
};

/** Why a council had another ONS code. A code the CSV gives that is listed here as null is not a former code. */
const FORMER_CODE_NOTES: Record<string, string | null> = {
  E10000002: 'Buckinghamshire County Council, unitary from 1 April 2020',
  E10000023: 'North Yorkshire County Council, unitary from 1 April 2023',
  E10000027: 'Somerset County Council, unitary from 1 April 2023',
  E06000048: 'Northumberland, recoded after the 2013 boundary change with Gateshead',
  E08000020: 'Gateshead, recoded after the 2013 boundary change with Northumberland',
  E08000016: 'Barnsley, recoded in April 2025',
  E08000019: 'Sheffield, recoded in April 2025',
  // Dorset County Council (abolished 2019) was another council and Ofsted provider than Dorset Council.
  E10000009: null,
};

export interface Register {
  councils: Council[];
  formerOnsCodes: Record<string, string>;
}

/** The register from the CSV, with the curation of `curated` (the current module) kept. */
export function buildRegister(csv: string, curated: { councils: readonly Council[]; formerOnsCodes: Readonly<Record<string, string>> }): Register {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error('empty CSV');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CSV has no column "${name}"`);
    return i;
  };
  const c = {
    urn: col('urn'), la: col('la_code'), ons: col('la_code_new'), name: col('local_authority_ons_name'), aka: col('also_known_as'),
    region: col('region_name'), ltla: col('ltla23nm'), codes2023: [col('lad23cd'), col('ltla23cd'), col('ltla23_ons')],
  };
  const byUrn = new Map(curated.councils.map((council) => [council.urn, council]));
  const councils: Council[] = [];
  const earlierCodes = new Map<string, string>();
  for (const r of rows) {
    const get = (i: number) => (r[i] ?? '').trim();
    const urn = get(c.urn);
    const predecessor = PREDECESSORS[urn];
    const known = byUrn.get(urn);
    const csvName = get(c.name);
    const name = known?.name ?? NAME_FIXES[csvName] ?? csvName;
    const council: Council = {
      urn,
      onsCode: predecessor?.onsCode ?? get(c.ons),
      laCode: get(c.la),
      name,
      region: get(c.region).replace('Yorkshire and The Humber', 'Yorkshire and the Humber'),
      aliases: known ? [...known.aliases] : csvAliases(get(c.aka), csvName, get(c.ltla), name),
      current: !predecessor,
    };
    if (predecessor) Object.assign(council, { succeededBy: predecessor.succeededBy, succeededOn: predecessor.succeededOn });
    if (!council.onsCode) throw new Error(`CSV row for URN ${urn} (${csvName}) has no la_code_new`);
    councils.push(council);
    if (!predecessor) for (const i of c.codes2023) if (get(i) && get(i) !== council.onsCode) earlierCodes.set(get(i), urn);
  }
  const current = new Set(councils.map((council) => council.onsCode));
  const formerOnsCodes: Record<string, string> = { ...curated.formerOnsCodes };
  for (const [code, urn] of earlierCodes) {
    // A predecessor's code (Cumbria's, on Cumberland's row) or another council's is not this council's former code.
    if (current.has(code) || FORMER_CODE_NOTES[code] === null) continue;
    formerOnsCodes[code] = urn;
  }
  for (const code of Object.keys(formerOnsCodes)) if (current.has(code)) delete formerOnsCodes[code];
  return { councils, formerOnsCodes };
}

function csvAliases(aka: string, csvName: string, ltla: string, name: string): string[] {
  const aliases = new Set<string>();
  for (const a of aka.replace(/^\[|\]$/g, '').split(',')) if (a.trim()) aliases.add(a.trim());
  if (csvName !== name) aliases.add(csvName);
  // Cumberland and Westmorland and Furness carry Cumbria's ltla name: not an alias of theirs.
  if (ltla && ltla !== name && ltla !== 'Cumbria') aliases.add(ltla);
  aliases.delete(name);
  return [...aliases];
}

export function renderModule({ councils, formerOnsCodes }: Register): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const line = (c: Council) => {
    const parts = [
      `urn: ${q(c.urn)}`, `onsCode: ${q(c.onsCode)}`, `laCode: ${q(c.laCode)}`, `name: ${q(c.name)}`,
      `region: ${q(c.region)}`, `aliases: [${c.aliases.map(q).join(', ')}]`, `current: ${c.current}`,
    ];
    if (c.succeededBy) parts.push(`succeededBy: [${c.succeededBy.map(q).join(', ')}]`);
    if (c.succeededOn) parts.push(`succeededOn: ${q(c.succeededOn)}`);
    return `  { ${parts.join(', ')} },`;
  };
  const byName = (a: Council, b: Council) => a.name.localeCompare(b.name);
  const predecessors = councils.filter((c) => !c.current).sort(byName);
  const former = Object.entries(formerOnsCodes).sort(([a, ua], [b, ub]) => order(a) - order(b) || ua.localeCompare(ub) || a.localeCompare(b));
  return [
    '// Council register data, built by scripts/build-register.ts from',
    "// data-to-insight's la-lookup CSV (scripts/data/la-lookup.csv), with the aliases curated by hand.",
    "import type { Council } from '../domain/council.ts';",
    '',
    "// The 153 local authorities that run children's social care today, by name.",
    'export const COUNCILS: readonly Council[] = [',
    ...councils.filter((c) => c.current).sort(byName).map(line),
    '',
    '  // Predecessors, kept for history (current: false). A name they share with a current',
    '  // council means the current one; they are found by URN, ONS code or a name only they have.',
    ...predecessors.flatMap((c) => [`  // ${PREDECESSORS[c.urn]?.note ?? `${c.name}: succeeded by ${(c.succeededBy ?? []).join(', ')}.`}`, line(c)]),
    '];',
    '',
    '/**',
    ' * ONS codes an authority had before it changed (a county becoming a unitary',
    ' * authority, a boundary change, a recoding), mapped to its URN: the same council,',
    ' * the same Ofsted provider. Older datasets still use them.',
    ' */',
    'export const FORMER_ONS_CODES: Readonly<Record<string, string>> = {',
    ...former.map(([code, urn]) => `  ${code}: ${q(urn)}, // ${FORMER_CODE_NOTES[code] ?? `${councils.find((c) => c.urn === urn)?.name ?? urn}, an earlier code`}`),
    '};',
    '',
  ].join('\n');
}

/** Former codes in the order of their notes (then any others). */
function order(code: string): number {
  const keys = Object.keys(FORMER_CODE_NOTES);
  return keys.includes(code) ? keys.indexOf(code) : keys.length;
}

/** The module as rebuilt from `csvPath` and the current module. */
export async function rebuild(csvPath = LA_LOOKUP_CSV): Promise<string> {
  const register = buildRegister(await readFile(csvPath, 'utf8'), { councils: COUNCILS, formerOnsCodes: FORMER_ONS_CODES });
  return renderModule(register);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { console.log(HELP); return 0; }
  if (positionals.length > 1) { console.error(`build-register: give at most one CSV path\n\n${HELP}`); return 2; }
  const text = await rebuild(positionals[0]);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text);
  const unchanged = text === (await readFile(DATA_MODULE, 'utf8'));
  console.error(`build-register: ${(text.match(/^ {2}\{ urn:/gm) ?? []).length} councils${unchanged ? '; same as the checked-in module' : ''}`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`build-register: ${(error as Error).message}`);
    return 1;
  });
}
