/**
 * The council register: every local authority in England that runs children's
 * social care (153), plus predecessors kept for history, found by URN, ONS code,
 * DfE LA code or any name people use. Pure: the data is a checked-in module and
 * every index is built once, when this module loads.
 *
 * A name is matched whole, never as a substring: "Stoke Newington" is not Stoke.
 * A name that fits two current councils ("Kingston") is `ambiguous`; a name no
 * council has ("Newcastle-under-Lyme", a district) is `unknown` with near misses.
 * A name a current council shares with a predecessor ("Poole") means the
 * current one; the predecessor is found by URN, ONS code or a name only it has
 * ("Borough of Poole", "Cumbria County Council").
 */
import type { Council } from '../domain/council.ts';
import { COUNCILS, FORMER_ONS_CODES } from './councils.data.ts';
import { editDistance, normaliseCouncilName, spellingKey, strongTokens } from './normalise.ts';
import { REGIONS, regionOf, type Region } from './regions.ts';

export { normaliseCouncilName } from './normalise.ts';
export { REGIONS, UnknownRegionError, regionOf, type Region } from './regions.ts';

export type CouncilMatch =
  | { status: 'found'; council: Council }
  | { status: 'ambiguous'; candidates: Council[] }
  | { status: 'unknown'; suggestions: Council[] };

const ALL: readonly Council[] = Object.freeze(
  COUNCILS.map((c) => Object.freeze({ ...c, aliases: Object.freeze([...c.aliases]) as string[] })),
);
const CURRENT: readonly Council[] = Object.freeze(ALL.filter((c) => c.current));

function uniqueIndex(key: (c: Council) => string, what: string): Map<string, Council> {
  const index = new Map<string, Council>();
  for (const council of ALL) {
    const k = key(council);
    const clash = index.get(k);
    if (clash) throw new Error(`register: ${what} ${k} used by both ${clash.name} and ${council.name}`);
    index.set(k, council);
  }
  return index;
}
const BY_URN = uniqueIndex((c) => c.urn, 'URN');
const BY_ONS = uniqueIndex((c) => c.onsCode.toUpperCase(), 'ONS code');
const BY_LA = uniqueIndex((c) => c.laCode, 'LA code');
for (const [code, urn] of Object.entries(FORMER_ONS_CODES)) {
  if (BY_ONS.has(code)) throw new Error(`register: former ONS code ${code} is also a council's current code`);
  if (!BY_URN.get(urn)?.current) throw new Error(`register: former ONS code ${code} points at ${urn}, not a current council`);
}

function namesOf(council: Council): string[] {
  return [council.name, ...council.aliases];
}

/** key -> councils, each once, in register order. */
function nameIndex(key: (name: string) => string): Map<string, Council[]> {
  const index = new Map<string, Council[]>();
  for (const council of ALL) {
    for (const name of namesOf(council)) {
      const k = key(name);
      if (!k) throw new Error(`register: ${council.name} has a name that normalises to nothing: "${name}"`);
      const list = index.get(k) ?? [];
      if (!list.includes(council)) list.push(council);
      index.set(k, list);
    }
  }
  return index;
}
/** Exact spellings first: "Poole Borough Council" is the predecessor even though it normalises to "poole" (BCP). */
const BY_SPELLING = nameIndex(spellingKey);
const BY_NAME = nameIndex(normaliseCouncilName);

/** Distinct normalised names, with their strong tokens, for "did you mean". */
const SUGGESTION_KEYS = [...BY_NAME.entries()].map(([key, councils]) => ({ key, tokens: strongTokens(key), councils }));

/** One council if the names pick one: the only one, or the only current one among a current council and predecessors. */
function decide(councils: Council[]): CouncilMatch {
  if (councils.length === 1) return { status: 'found', council: councils[0]! };
  const current = councils.filter((c) => c.current);
  if (current.length === 1) return { status: 'found', council: current[0]! };
  return { status: 'ambiguous', candidates: current.length ? current : councils };
}

/** Look a council up by URN, ONS code, DfE LA code, or any name or alias. */
export function lookupCouncil(query: string): CouncilMatch {
  const trimmed = query.trim();
  if (/^\d+$/.test(trimmed)) {
    const council = BY_URN.get(trimmed) ?? BY_LA.get(trimmed);
    return council ? { status: 'found', council } : { status: 'unknown', suggestions: [] };
  }
  if (/^[EW]\d{8}$/i.test(trimmed)) {
    const council = councilByOnsCode(trimmed);
    return council ? { status: 'found', council } : { status: 'unknown', suggestions: [] };
  }
  const match = lookupName(trimmed);
  // "Bournemouth, Christchurch and Poole (BCP) Council": the name without its aside.
  const withoutAside = trimmed.replace(/\([^)]*\)/g, ' ');
  if (match.status === 'unknown' && withoutAside !== trimmed) {
    const second = lookupName(withoutAside);
    if (second.status !== 'unknown') return second;
  }
  return match;
}

function lookupName(name: string): CouncilMatch {
  const exact = BY_SPELLING.get(spellingKey(name));
  if (exact) return decide(exact);
  const key = normaliseCouncilName(name);
  const named = BY_NAME.get(key);
  if (named) return decide(named);
  return { status: 'unknown', suggestions: suggestCouncils(key) };
}

const MAX_SUGGESTIONS = 5;
/** Share of characters that must match (1 - edit distance / length) for a spelling to count as close. */
const CLOSE_SPELLING = 0.75;

/**
 * Near misses for a normalised name that matched nothing: close spellings
 * (edit distance) and names sharing a distinctive word ("Newcastle-under-Lyme"
 * -> Newcastle upon Tyne). Current councils before predecessors on a tie.
 */
function suggestCouncils(key: string): Council[] {
  if (!key) return [];
  const tokens = strongTokens(key);
  const scores = new Map<Council, number>();
  for (const entry of SUGGESTION_KEYS) {
    const longest = Math.max(key.length, entry.key.length);
    // Lengths alone can rule a close spelling out, which skips most edit distances.
    const spelling = Math.abs(key.length - entry.key.length) / longest > 1 - CLOSE_SPELLING
      ? 0
      : 1 - editDistance(key, entry.key) / longest;
    const shared = tokens.filter((t) => entry.tokens.some((e) => sameWord(t, e))).length;
    const overlap = shared ? shared / Math.max(tokens.length, entry.tokens.length) : 0;
    const score = Math.max(spelling >= CLOSE_SPELLING ? spelling : 0, overlap >= 0.5 ? overlap * 0.9 : 0);
    if (score === 0) continue;
    for (const council of entry.councils) scores.set(council, Math.max(scores.get(council) ?? 0, score));
  }
  return [...scores.entries()]
    .sort(([a, sa], [b, sb]) => sb - sa || Number(b.current) - Number(a.current) || a.name.localeCompare(b.name))
    .slice(0, MAX_SUGGESTIONS)
    .map(([council]) => council);
}

/** Equal, or one is the start of the other and long enough to mean it ("Northampton" / "Northamptonshire"). */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return short.length >= 5 && long.startsWith(short);
}

export function councilByUrn(urn: string): Council | undefined {
  return BY_URN.get(urn.trim());
}

/** By ONS code, including a code the same authority had before (North Yorkshire's E10000023). */
export function councilByOnsCode(ons: string): Council | undefined {
  const code = ons.trim().toUpperCase();
  const council = BY_ONS.get(code);
  if (council) return council;
  const urn = FORMER_ONS_CODES[code];
  return urn === undefined ? undefined : BY_URN.get(urn);
}

export function councilByLaCode(laCode: string): Council | undefined {
  return BY_LA.get(laCode.trim());
}

/** The current 153 and the predecessors (current=false). */
export function allCouncils(): readonly Council[] {
  return ALL;
}

/** The 153 councils that run children's social care today. */
export function currentCouncils(): readonly Council[] {
  return CURRENT;
}

/** For a predecessor, the councils that took over; empty for a current council. */
export function successorsOf(council: Council): Council[] {
  return (council.succeededBy ?? []).map((urn) => BY_URN.get(urn)).filter((c): c is Council => c !== undefined);
}

/** For a current council, the predecessors it took over from. */
export function predecessorsOf(council: Council): Council[] {
  return ALL.filter((c) => c.succeededBy?.includes(council.urn));
}

const BY_REGION = new Map<Region, Council[]>(REGIONS.map((r) => [r, CURRENT.filter((c) => c.region === r)]));

/**
 * The current councils in a region, named loosely ("north-east", "Yorkshire &
 * Humber", "East"). Throws UnknownRegionError (listing REGIONS) for a name that
 * is no region: a typo must not read as "no councils there".
 */
export function councilsInRegion(region: string): Council[] {
  return [...BY_REGION.get(regionOf(region))!];
}
