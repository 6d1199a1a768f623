import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Council } from '#shared/domain/council.ts';
import {
  REGIONS,
  UnknownRegionError,
  allCouncils,
  councilByLaCode,
  councilByOnsCode,
  councilByUrn,
  councilsInRegion,
  currentCouncils,
  lookupCouncil,
  normaliseCouncilName,
  predecessorsOf,
  successorsOf,
  type CouncilMatch,
} from '#shared/register/register.ts';
import { buildRegister, LA_LOOKUP_CSV, parseCsv, rebuild } from '../scripts/build-register.ts';

/** The ONS code a query resolves to, or the match status when it does not resolve. */
function resolved(query: string): string {
  const match = lookupCouncil(query);
  return match.status === 'found' ? match.council.onsCode : match.status;
}

function names(councils: readonly Council[]): string[] {
  return councils.map((c) => c.name);
}

function suggestionsFor(query: string): string[] {
  const match: CouncilMatch = lookupCouncil(query);
  if (match.status !== 'unknown') throw new Error(`"${query}" should be unknown, was ${match.status}`);
  return names(match.suggestions);
}

const current = currentCouncils();
const predecessors = allCouncils().filter((c) => !c.current);

describe('register contents', () => {
  it('holds the 153 current councils and the predecessors', () => {
    expect(current).toHaveLength(153);
    expect(names(predecessors).sort()).toEqual(['Cumbria', 'Northamptonshire', 'Poole']);
    expect(allCouncils()).toHaveLength(current.length + predecessors.length);
  });

  it.each([
    ['URN', (c: Council) => c.urn],
    ['ONS code', (c: Council) => c.onsCode],
    ['LA code', (c: Council) => c.laCode],
    ['name', (c: Council) => c.name],
  ])('has no %s twice', (_what, key) => {
    const keys = allCouncils().map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has well-formed codes and a known region on every council', () => {
    for (const c of allCouncils()) {
      expect(c.urn, c.name).toMatch(/^\d{5,7}$/);
      expect(c.onsCode, c.name).toMatch(/^E(06|08|09|10)\d{6}$/);
      expect(c.laCode, c.name).toMatch(/^\d{3}$/);
      expect(REGIONS, c.name).toContain(c.region);
      expect(c.succeededBy === undefined, c.name).toBe(c.current);
    }
  });

  it('keeps the facts other parts rely on', () => {
    expect(councilByUrn('80563')).toMatchObject({ name: 'Stockton-on-Tees', onsCode: 'E06000004', laCode: '808' });
    expect(councilByUrn('80564')?.name).toBe('Stoke-on-Trent');
    expect(councilByUrn('80569')?.name).toBe('Tameside');
    expect(councilByUrn('80429')?.name).toBe('Birmingham');
  });

  it('cannot be changed by a caller', () => {
    const council = allCouncils()[0]!;
    expect(() => { (council as { name: string }).name = 'X'; }).toThrow(TypeError);
    expect(() => { council.aliases.push('X'); }).toThrow(TypeError);
    expect(() => { (allCouncils() as Council[]).pop(); }).toThrow(TypeError);
  });
});

describe('register data rebuilt from la-lookup.csv', () => {
  const csv = readFileSync(LA_LOOKUP_CSV, 'utf8');
  const [header, ...rows] = parseCsv(csv);
  const column = (name: string) => header!.indexOf(name);

  it('gives every council the current ONS code of la-lookup.csv (la_code_new)', () => {
    const current = rows.filter((row) => row[column('la_code_new')]);
    expect(current).toHaveLength(153);
    for (const row of current) {
      const council = councilByUrn(row[column('urn')]!);
      expect(council?.onsCode, row[column('local_authority_ons_name')]).toBe(row[column('la_code_new')]);
      expect(council?.laCode).toBe(row[column('la_code')]);
    }
    expect(councilByUrn('80426')?.onsCode).toBe('E08000038');
    expect(councilByUrn('80551')?.onsCode).toBe('E08000039');
  });

  it('is exactly what scripts/build-register.ts builds from it (re-run it after updating the CSV)', async () => {
    const checkedIn = readFileSync(join(fileURLToPath(new URL('..', import.meta.url)), 'shared', 'register', 'councils.data.ts'), 'utf8');
    expect(await rebuild()).toBe(checkedIn);
  });

  it("keeps each council's earlier 2023 code as a former code, never a predecessor's or another council's", () => {
    const built = buildRegister(csv, { councils: [], formerOnsCodes: {} });
    expect(built.formerOnsCodes).toEqual({
      E08000016: '80426',
      E08000019: '80551',
      E10000002: '80442',
      E10000023: '80530',
      E10000027: '80555',
    });
  });
});

describe('lookup by code and name', () => {
  it.each(allCouncils().map((c) => [c.name, c] as const))('%s: by URN, ONS code and LA code', (_name, council) => {
    for (const code of [council.urn, council.onsCode, council.onsCode.toLowerCase(), council.laCode, ` ${council.urn} `]) {
      expect(lookupCouncil(code)).toEqual({ status: 'found', council });
    }
    expect(councilByUrn(council.urn)).toBe(council);
    expect(councilByOnsCode(council.onsCode)).toBe(council);
    expect(councilByLaCode(council.laCode)).toBe(council);
  });

  it.each(current.map((c) => [c.name, c] as const))('%s: by its name and every alias', (_name, council) => {
    for (const name of [council.name, ...council.aliases]) {
      const match = lookupCouncil(name);
      if (match.status === 'ambiguous') expect(match.candidates, name).toContain(council);
      else expect(match, name).toEqual({ status: 'found', council });
    }
  });

  it.each(predecessors.map((c) => [c.name, c] as const))(
    '%s (predecessor): its names find it or the current council that took the name over',
    (_name, council) => {
      for (const name of [council.name, ...council.aliases]) {
        const match = lookupCouncil(name);
        expect(match.status, name).toBe('found');
        if (match.status !== 'found') continue;
        if (match.council !== council) {
          expect(match.council.current, name).toBe(true);
          expect(council.succeededBy, name).toContain(match.council.urn);
        }
      }
    },
  );

  it.each([
    // As printed on Ofsted report front pages
    ['Calderdale Metropolitan Borough Council', 'E08000033'],
    ['London Borough of Barking and Dagenham', 'E09000002'],
    ['Stockton-on-Tees Borough Council', 'E06000004'],
    ['Bournemouth, Christchurch & Poole Council', 'E06000058'],
    ['Royal Borough of Greenwich', 'E09000011'],
    ['Brighton & Hove City Council', 'E06000043'],
    ['Wirral Metropolitan Borough Council', 'E08000015'],
    ['Southend-on-Sea Borough Council', 'E06000033'],
    ['Durham County Council', 'E06000047'],
    ['Telford & Wrekin Council', 'E06000020'],
    ['St Helens Metropolitan Borough Council', 'E08000013'],
    ['North Yorkshire County Council', 'E06000065'],
    ['Kirklees Council', 'E08000034'],
    ['Bradford Metropolitan District Council', 'E08000032'],
    ['City of London Corporation', 'E09000001'],
    ['City of Bradford Metropolitan District Council', 'E08000032'],
    ['City of York Council', 'E06000014'],
    ['Kingston upon Hull City Council', 'E06000010'],
    ['Bristol City Council', 'E06000023'],
    ['Council of the Isles of Scilly', 'E06000053'],
    ['Royal Borough of Kingston upon Thames', 'E09000021'],
    ['Royal Borough of Windsor and Maidenhead', 'E06000040'],
    ['The Royal Borough of Kensington and Chelsea', 'E09000020'],
    ['Metropolitan Borough of Wirral', 'E08000015'],
    ['Herefordshire, County of', 'E06000019'],
    ['Bristol, City of', 'E06000023'],
    ['Leicester City Council', 'E06000016'],
    ['Leicestershire County Council', 'E10000018'],
    ['Blackburn with Darwen Borough Council', 'E06000008'],
    ['Westmorland & Furness Council', 'E06000064'],
    // As people and the press say them
    ['Stockton', 'E06000004'],
    ['Stockton Council', 'E06000004'],
    ['Stockton Borough Council', 'E06000004'],
    ['stockton on tees', 'E06000004'],
    ['Stoke', 'E06000021'],
    ['Stoke-on-Trent City Council', 'E06000021'],
    ['Hull', 'E06000010'],
    ['Hull City Council', 'E06000010'],
    ['BCP', 'E06000058'],
    ['BCP Council', 'E06000058'],
    ['Poole', 'E06000058'],
    ['Bournemouth', 'E06000058'],
    ['City of London', 'E09000001'],
    ['the City of London', 'E09000001'],
    ['London Corporation', 'E09000001'],
    ['Bristol', 'E06000023'],
    ['Durham', 'E06000047'],
    ['County Durham', 'E06000047'],
    ['Southend', 'E06000033'],
    ['Telford', 'E06000020'],
    ['Newcastle', 'E08000021'],
    ['Newcastle upon Tyne', 'E08000021'],
    ['Newcastle-upon-Tyne City Council', 'E08000021'],
    ['Bedford', 'E06000055'],
    ['Bedford Borough Council', 'E06000055'],
    ['Brighton', 'E06000043'],
    ['Richmond', 'E09000027'],
    ['London Borough of Richmond upon Thames', 'E09000027'],
    ['Herefordshire', 'E06000019'],
    ['County of Herefordshire', 'E06000019'],
    ['Herefordshire Council', 'E06000019'],
    ['Windsor and Maidenhead', 'E06000040'],
    ['Kensington & Chelsea', 'E09000020'],
    ['Blackburn', 'E06000008'],
    ['Redcar', 'E06000003'],
    ['St Helens', 'E08000013'],
    ['St. Helens', 'E08000013'],
    ['Saint Helens', 'E08000013'],
    ['York', 'E06000014'],
    ['City of York', 'E06000014'],
    ['Medway', 'E06000035'],
    ['Medway Council', 'E06000035'],
    ['Peterborough City Council', 'E06000031'],
    ['Bath', 'E06000022'],
    ['BANES', 'E06000022'],
    ['B&NES', 'E06000022'],
    ['Hammersmith & Fulham', 'E09000013'],
    ['Herts', 'E10000015'],
    ['Notts', 'E10000024'],
    ['Leicester', 'E06000016'],
    ['Leicestershire', 'E10000018'],
    ['Nottingham', 'E06000018'],
    ['Nottinghamshire', 'E10000024'],
    ['Derby', 'E06000015'],
    ['Derbyshire', 'E10000007'],
    ['Borough of Telford and Wrekin', 'E06000020'],
    ['Bournemouth, Christchurch and Poole (BCP) Council', 'E06000058'],
    ['Southend-on-Sea City Council', 'E06000033'],
    // Codes an authority had before it changed
    ['E10000023', 'E06000065'],
    ['E10000027', 'E06000066'],
    ['E10000002', 'E06000060'],
    ['e08000020', 'E08000037'],
    ['E06000048', 'E06000057'],
    // Barnsley and Sheffield, recoded in April 2025: the new codes are theirs, the old ones still find them
    ['E08000038', 'E08000038'],
    ['E08000039', 'E08000039'],
    ['E08000016', 'E08000038'],
    ['E08000019', 'E08000039'],
    ['Barnsley', 'E08000038'],
    ['Sheffield City Council', 'E08000039'],
    // Spelling noise
    ['  STOCKTON-ON-TEES  ', 'E06000004'],
    ['Stockton–on–Tees', 'E06000004'],
    ['King’s Lynn', 'unknown'],
    ['Barking & Dagenham', 'E09000002'],
  ])('%s → %s', (query, expected) => {
    expect(resolved(query)).toBe(expected);
  });
});

describe('names Ofsted itself uses', () => {
  // The real report fixtures are filed under the LA name as Ofsted's site lists it.
  const labels = JSON.parse(
    readFileSync(new URL('./fixtures/ofsted-reports/labels.json', import.meta.url), 'utf8'),
  ) as { urn: string; la_name: string }[];
  const byName = [...new Map(labels.map((l) => [l.la_name, l.urn])).entries()];

  it('covers the fixture set', () => {
    expect(byName.length).toBeGreaterThan(40);
  });

  it.each(byName)('%s → URN %s', (laName, urn) => {
    const match = lookupCouncil(laName);
    expect(match.status === 'found' && match.council.urn).toBe(urn);
  });
});

describe('misses are explicit', () => {
  it('calls a name two current councils share ambiguous, with both as candidates', () => {
    const match = lookupCouncil('Kingston');
    expect(match.status).toBe('ambiguous');
    if (match.status !== 'ambiguous') return;
    expect(names(match.candidates).sort()).toEqual(['Kingston upon Hull', 'Kingston upon Thames']);
    expect(resolved('Royal Borough of Kingston')).toBe('ambiguous');
  });

  it.each([
    // districts and towns that are not children's services authorities, names that contain an LA's name
    ['Newcastle-under-Lyme', ['Newcastle upon Tyne']],
    ['Newcastle-under-Lyme Borough Council', ['Newcastle upon Tyne']],
    ['Stoke Newington', ['Stoke-on-Trent']],
    ['Northampton', ['North Northamptonshire', 'West Northamptonshire']],
    ['Lincoln', ['Lincolnshire']],
    ['Stokton-on-Tees', ['Stockton-on-Tees']],
    ['Leicestershir', ['Leicestershire']],
    ['Hullabaloo', []],
    ['Narnia (Stockton)', ['Stockton-on-Tees']],
    ['E10000009', []],
    ['Narnia', []],
    ['', []],
    ['London', ['City of London']],
    ['99999', []],
    ['E06999999', []],
  ])('%s is unknown; did you mean %j', (query, expected) => {
    const suggestions = suggestionsFor(query);
    for (const name of expected) expect(suggestions).toContain(name);
    if (expected.length === 0) expect(suggestions).toEqual([]);
    expect(suggestions.length).toBeLessThanOrEqual(5);
  });

  it('puts the closest spelling first', () => {
    expect(suggestionsFor('Stokton-on-Tees')[0]).toBe('Stockton-on-Tees');
    expect(suggestionsFor('Nottinham')[0]).toBe('Nottingham');
  });
});

describe('predecessors', () => {
  it.each([
    ['Cumbria', 'E10000006', ['Cumberland', 'Westmorland and Furness']],
    ['Northamptonshire', 'E10000021', ['North Northamptonshire', 'West Northamptonshire']],
    ['Poole', 'E06000029', ['Bournemouth, Christchurch and Poole']],
  ])('%s (%s) is succeeded by %j', (name, ons, successors) => {
    const council = councilByOnsCode(ons)!;
    expect(council).toMatchObject({ name, current: false });
    const after = successorsOf(council);
    expect(names(after).sort()).toEqual(successors);
    for (const successor of after) {
      expect(successor.current).toBe(true);
      expect(predecessorsOf(successor)).toContain(council);
    }
  });

  it.each([
    ['Cumbria', 'E10000006'],
    ['Cumbria County Council', 'E10000006'],
    ['Northamptonshire', 'E10000021'],
    ['Northamptonshire County Council', 'E10000021'],
    ['Borough of Poole', 'E06000029'],
    ['Poole Borough Council', 'E06000029'],
    ['Poole', 'E06000058'],
    ['Dorset', 'E06000059'],
    ['Dorset Council', 'E06000059'],
  ])('%s → %s', (query, ons) => {
    expect(resolved(query)).toBe(ons);
  });

  it('every succeededBy names a current council in the register', () => {
    for (const council of predecessors) {
      expect(council.succeededBy?.length, council.name).toBeGreaterThan(0);
      expect(successorsOf(council)).toHaveLength(council.succeededBy!.length);
    }
    for (const council of current) expect(successorsOf(council)).toEqual([]);
  });
});

describe('regions', () => {
  const counts: Record<(typeof REGIONS)[number], number> = {
    'North East': 12,
    'North West': 24,
    'Yorkshire and the Humber': 15,
    'East Midlands': 10,
    'West Midlands': 14,
    'East of England': 11,
    London: 33,
    'South East': 19,
    'South West': 15,
  };

  it('lists the nine regions, which between them hold every current council once', () => {
    expect([...REGIONS].sort()).toEqual(Object.keys(counts).sort());
    const seen = REGIONS.flatMap((r) => councilsInRegion(r));
    expect(seen).toHaveLength(153);
    expect(new Set(seen).size).toBe(153);
  });

  it.each(Object.entries(counts))('%s has %i councils', (region, count) => {
    expect(councilsInRegion(region)).toHaveLength(count);
  });

  it.each([
    ['North East', 'North East'],
    ['north-east', 'North East'],
    ['NORTH EAST ENGLAND', 'North East'],
    ['Yorkshire & Humber', 'Yorkshire and the Humber'],
    ['Yorkshire and the Humber', 'Yorkshire and the Humber'],
    ['Yorkshire and The Humber', 'Yorkshire and the Humber'],
    ['London', 'London'],
    ['Greater London', 'London'],
    ['East of England', 'East of England'],
    ['East', 'East of England'],
    ['West Midlands', 'West Midlands'],
    ['the South West region', 'South West'],
  ])('%s means %s', (loose, canonical) => {
    expect(councilsInRegion(loose)).toEqual(councilsInRegion(canonical));
    expect(councilsInRegion(loose).every((c) => c.region === canonical)).toBe(true);
  });

  it('names a current council in its region, predecessors in none', () => {
    expect(names(councilsInRegion('North East'))).toContain('Stockton-on-Tees');
    expect(names(councilsInRegion('North West'))).not.toContain('Cumbria');
  });

  it.each(['Narnia', 'Midlands', 'North', '', 'Wales'])('"%s" is no region: a typed error listing the regions', (name) => {
    expect(() => councilsInRegion(name)).toThrow(UnknownRegionError);
    expect(() => councilsInRegion(name)).toThrow(/North East.*South West/);
  });
});

describe('normaliseCouncilName', () => {
  it.each([
    ['Stockton-on-Tees Borough Council', 'stockton on tees'],
    ['London Borough of Barking & Dagenham', 'barking and dagenham'],
    ['City of London', 'city of london'],
    ['City of London Council', 'city of london'],
    ['City of York Council', 'york'],
    ['St. Helens Metropolitan Borough Council', 'st helens'],
    ['Council of the Isles of Scilly', 'isles of scilly'],
    ['County Durham', 'county durham'],
    ['Kingston upon Hull City Council', 'kingston upon hull'],
    ['Newcastle-under-Lyme', 'newcastle under lyme'],
  ])('%s → %s', (name, key) => {
    expect(normaliseCouncilName(name)).toBe(key);
  });
});
