/**
 * One-off generator for the first version of `shared/register/councils.data.ts`
 * from data-to-insight's la-lookup CSV. The data module is hand-curated after
 * that; this script is kept so the provenance of the facts can be re-checked.
 *
 *   node scripts/build-register.ts <la-lookup.csv> [--out FILE]
 *
 * Writes the TypeScript module to stdout, or to FILE with --out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

const HELP = `Usage: node scripts/build-register.ts <la-lookup.csv> [--out FILE]

Reads data-to-insight's la-lookup CSV (columns urn, la_code, la_code_new,
local_authority_ons_name, also_known_as, region_name, ltla23nm, ...) and prints
a first draft of the register data module (shared/register/councils.data.ts).
The module is curated by hand afterwards: do not re-run over a curated file
without reviewing the diff.`;

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

/** ONS codes of predecessors, which the CSV leaves blank. */
const PREDECESSOR_ONS: Record<string, string> = {
  '135513': 'E10000006', // Cumbria
  '121939': 'E10000021', // Northamptonshire
  '137316': 'E06000029', // Poole
};
const SUCCESSORS: Record<string, string[]> = {
  '135513': ['2733690', '2733698'],
  '121939': ['2637539', '2637548'],
  '137316': ['2532287'],
};
/** CSV names that are not how anyone says them. */
const NAME_FIXES: Record<string, string> = {
  'Bristol, City of': 'Bristol',
  'Kingston Upon Hull, City of': 'Kingston upon Hull',
  'Bedford Borough': 'Bedford',
  'St. Helens': 'St Helens',
  Durham: 'County Durham',
};

interface Draft {
  urn: string; onsCode: string; laCode: string; name: string; region: string;
  aliases: string[]; current: boolean; succeededBy?: string[];
}

export function draftCouncils(csv: string): Draft[] {
  const [header, ...rows] = parseCsv(csv);
  if (!header) throw new Error('empty CSV');
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`CSV has no column "${name}"`);
    return i;
  };
  const c = {
    urn: col('urn'), la: col('la_code'), ons: col('la_code_new'), name: col('local_authority_ons_name'),
    aka: col('also_known_as'), region: col('region_name'), ltla: col('ltla23nm'),
  };
  return rows.map((r) => {
    const get = (i: number) => (r[i] ?? '').trim();
    const urn = get(c.urn);
    const csvName = get(c.name);
    const name = NAME_FIXES[csvName] ?? csvName;
    const aliases = new Set<string>();
    for (const a of get(c.aka).replace(/^\[|\]$/g, '').split(',')) if (a.trim()) aliases.add(a.trim());
    if (csvName !== name) aliases.add(csvName);
    const ltla = get(c.ltla);
    // Cumberland and Westmorland and Furness carry Cumbria's ltla name: not an alias of theirs.
    if (ltla && ltla !== name && ltla !== 'Cumbria') aliases.add(ltla);
    aliases.delete(name);
    const current = !(urn in PREDECESSOR_ONS);
    const draft: Draft = {
      urn,
      onsCode: get(c.ons) || PREDECESSOR_ONS[urn] || '',
      laCode: get(c.la),
      name,
      region: get(c.region).replace('Yorkshire and The Humber', 'Yorkshire and the Humber'),
      aliases: [...aliases],
      current,
    };
    if (!current) draft.succeededBy = SUCCESSORS[urn] ?? [];
    return draft;
  }).sort((a, b) => a.name.localeCompare(b.name));
}

export function renderModule(councils: Draft[]): string {
  const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const line = (c: Draft) => {
    const parts = [
      `urn: ${q(c.urn)}`, `onsCode: ${q(c.onsCode)}`, `laCode: ${q(c.laCode)}`, `name: ${q(c.name)}`,
      `region: ${q(c.region)}`, `aliases: [${c.aliases.map(q).join(', ')}]`, `current: ${c.current}`,
    ];
    if (c.succeededBy) parts.push(`succeededBy: [${c.succeededBy.map(q).join(', ')}]`);
    return `  { ${parts.join(', ')} },`;
  };
  return [
    '// Council register data, first drafted by scripts/build-register.ts from',
    "// data-to-insight's la-lookup CSV, then curated by hand.",
    "import type { Council } from '../domain/council.ts';",
    '',
    "// The 153 local authorities that run children's social care today, by name.",
    'export const COUNCILS: readonly Council[] = [',
    ...councils.filter((c) => c.current).map(line),
    '',
    '  // Predecessors, kept for history (current: false).',
    ...councils.filter((c) => !c.current).map(line),
    '];',
    '',
  ].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true, strict: true,
    options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) { console.log(HELP); return 0; }
  const [csvPath, ...extra] = positionals;
  if (!csvPath || extra.length) { console.error(`build-register: give exactly one CSV path\n\n${HELP}`); return 2; }
  const drafts = draftCouncils(await readFile(csvPath, 'utf8'));
  const text = renderModule(drafts);
  if (values.out) await writeFile(values.out, text);
  else process.stdout.write(text);
  console.error(`build-register: ${drafts.length} councils (${drafts.filter((d) => d.current).length} current)`);
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`build-register: ${(error as Error).message}`);
    return 1;
  });
}
