/**
 * Council-name normalisation: pure string functions shared by the register's
 * indexes and its queries, so a name and every way of writing it meet on one key.
 */

/** Case, accents, apostrophes, "&", "St.", hyphens and other punctuation: nothing else. */
export function spellingKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/&|\+/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\bsaint\b/g, 'st');
}

// Order matters: longer forms first, so "metropolitan borough council" goes whole.
const PREFIXES = [
  'the ',
  'council of the ',
  'council of ',
  'london borough of ',
  'royal borough of ',
  'metropolitan borough of ',
  'borough of ',
  'county of ',
];
const SUFFIXES = [
  ' metropolitan borough council',
  ' metropolitan district council',
  ' metropolitan borough',
  ' metropolitan district',
  ' metropolitan council',
  ' county borough council',
  ' borough council',
  ' district council',
  ' city council',
  ' county council',
  ' unitary authority',
  ' unitary council',
  ' local authority',
  ' childrens services',
  ' childrens social care',
  ' council',
  ' borough',
  ' city of',
  ' county of',
];

/**
 * The key a council name is looked up by: the spelling key without the words
 * that say what kind of council it is ("Council", "Borough Council",
 * "London Borough of", "City of … Council", a leading "the").
 * "City of London" keeps its "City of" (it is the name, and "London" is a region).
 */
export function normaliseCouncilName(name: string): string {
  let key = spellingKey(name);
  for (let changed = true; changed && key; ) {
    changed = false;
    for (const prefix of PREFIXES) {
      if (key.startsWith(prefix) && key.length > prefix.length) { key = key.slice(prefix.length); changed = true; }
    }
    if (key.startsWith('city of ') && !/^city of london\b/.test(key)) { key = key.slice('city of '.length); changed = true; }
    for (const suffix of SUFFIXES) {
      if (key.endsWith(suffix) && key.length > suffix.length) { key = key.slice(0, -suffix.length); changed = true; }
    }
  }
  return key;
}

/** Words that say little about which council is meant; they do not count as overlap. */
const WEAK_TOKENS = new Set([
  'and', 'of', 'the', 'upon', 'on', 'under', 'with', 'in', 'le', 'st', 'city', 'county', 'borough', 'council',
  'north', 'south', 'east', 'west', 'central', 'royal', 'new', 'great', 'greater',
]);

export function strongTokens(key: string): string[] {
  return key.split(' ').filter((t) => t && !WEAK_TOKENS.has(t));
}

/** Levenshtein distance, two rows. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  let cur = new Array<number>(b.length + 1);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}
