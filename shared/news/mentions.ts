/**
 * Which councils a sentence names, through the register's names and aliases.
 * Whole names only, longest first ("Stockton-on-Tees Borough Council" before
 * "Stockton"), and only where the words read as the council: capitalised, not
 * part of a longer proper name ("Stoke Newington", "Greater Manchester",
 * "Newcastle-under-Lyme"). A name two councils share ("Kingston") is ambiguous
 * and names neither. Pure: the index is built once from the register.
 */
import type { Council } from '../domain/council.ts';
import { allCouncils, lookupCouncil, normaliseCouncilName } from '../register/register.ts';

export interface CouncilMention {
  council: Council;
  /** The words as written, e.g. "Stoke-on-Trent" or "Stockton". */
  text: string;
  /** Character offsets in the sentence. */
  start: number;
  end: number;
}

export interface AmbiguousMention {
  text: string;
  start: number;
  end: number;
  candidates: Council[];
}

export interface SentenceMentions {
  mentions: CouncilMention[];
  ambiguous: AmbiguousMention[];
}

interface Token {
  /** Lower-case key form ("saint" -> "st", "&" -> "and"). */
  key: string;
  raw: string;
  start: number;
  end: number;
}

/** Words that stay lower case inside a council name. */
const LOWER_WORDS = new Set(['and', 'of', 'upon', 'on', 'under', 'the', 'with', 'le', 'in']);

/** Capitalised words that may stand right after a council's name ("Tameside Council", "Hull City Council"). */
const ALLOWED_AFTER = new Set([
  'council', 'councils', 'borough', 'city', 'county', 'metropolitan', 'district', 'unitary', 'mbc', 'cc', 'bc',
  'children', 'childrens', 'social', 'safeguarding', 'local', 'authority', 'la', 'ofsted', 'cabinet', 'labour',
  'conservative', 'tory', 'liberal', 'lib', 'green', 'reform', 'independent', 'has', 'is', 'was', 'had',
]);
/** Capitalised words that may stand right before one ("The", a sentence's first word is always fine). */
const ALLOWED_BEFORE = new Set(['the', 'in', 'at', 'for', 'from', 'and', 'but', 'of', 'to', 'by', 'while', 'as', 'both', 'neighbouring', 'ofsted', 'whereas', 'meanwhile', 'like', 'unlike', 'said']);

/** Council names that are also everyday words: at a sentence's start they need "Council" or a possessive after them. */
const EVERYDAY_WORDS = new Set(['reading', 'bury', 'bath', 'sutton', 'brent', 'poole', 'derby', 'kent', 'wigan']);

/** Longer proper names that start or end with a council's name and are not the council. */
const NOT_COUNCILS = [
  /^stoke newington\b/, /^stoke mandeville\b/, /^sutton coldfield\b/, /^greater manchester\b/, /^kingston university\b/,
  /^hull city\b(?! council)/, /^bath spa\b/, /^durham university\b/, /^newcastle united\b/, /^brighton and hove albion\b/,
  /^west midlands\b/, /^york university\b/, /^university of \w+/, /^reading (fc|football|festival)\b/,
];

function tokenKey(raw: string): string {
  if (raw === '&' || raw === '+') return 'and';
  const key = raw.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return key === 'saint' ? 'st' : key;
}

function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}]+|[&+]/gu)) {
    tokens.push({ key: tokenKey(match[0]), raw: match[0], start: match.index, end: match.index + match[0].length });
  }
  return tokens;
}

interface NameEntry {
  tokens: string[];
  councils: Council[];
}

/** First token -> names starting with it, longest first. */
function buildIndex(): Map<string, NameEntry[]> {
  const byKey = new Map<string, NameEntry>();
  for (const council of allCouncils()) {
    for (const name of [council.name, ...council.aliases]) {
      const key = normaliseCouncilName(name);
      if (!key) continue;
      const entry = byKey.get(key) ?? { tokens: key.split(' '), councils: [] };
      if (!entry.councils.includes(council)) entry.councils.push(council);
      byKey.set(key, entry);
    }
  }
  const index = new Map<string, NameEntry[]>();
  for (const entry of byKey.values()) {
    const list = index.get(entry.tokens[0]!) ?? [];
    list.push(entry);
    index.set(entry.tokens[0]!, list);
  }
  for (const list of index.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  return index;
}

let INDEX: Map<string, NameEntry[]> | undefined;
function nameIndex(): Map<string, NameEntry[]> {
  INDEX ??= buildIndex();
  return INDEX;
}

/** Between two words of one name: spaces, hyphens, a comma ("Bournemouth, Christchurch and Poole"), a full stop ("St. Helens"). */
const INNER_GAP = /^[\s\-‐‑–,.]*$/;

function isCapitalised(raw: string): boolean {
  return /^[\p{Lu}\p{N}]/u.test(raw);
}

function matchAt(tokens: Token[], i: number, text: string): { entry: NameEntry; length: number } | undefined {
  for (const entry of nameIndex().get(tokens[i]!.key) ?? []) {
    const n = entry.tokens.length;
    if (i + n > tokens.length) continue;
    let ok = true;
    for (let k = 0; k < n && ok; k++) {
      const token = tokens[i + k]!;
      if (token.key !== entry.tokens[k]) ok = false;
      else if (!LOWER_WORDS.has(token.key) && !isCapitalised(token.raw)) ok = false;
      else if (k > 0 && !INNER_GAP.test(text.slice(tokens[i + k - 1]!.end, token.start))) ok = false;
    }
    if (ok) return { entry, length: n };
  }
  return undefined;
}

function isSentenceStart(text: string, token: Token): boolean {
  return /^[\s"“‘'(\[*•\-–—]*$/.test(text.slice(0, token.start)) || /[.!?:;]["”’']?\s+["“‘']?$/.test(text.slice(0, token.start));
}

/** Whether the words tokens[i..j) read as the council's name in this sentence. */
function readsAsCouncil(tokens: Token[], i: number, j: number, text: string, titleCase: boolean): boolean {
  const first = tokens[i]!;
  const lastEnd = tokens[j - 1]!.end;
  const after = tokens[j];
  const before = tokens[i - 1];
  const phrase = tokens
    .slice(i, Math.min(tokens.length, j + 3))
    .map((t) => t.key)
    .join(' ');
  const withBefore = before ? `${before.key} ${phrase}` : phrase;
  if (NOT_COUNCILS.some((re) => re.test(phrase) || re.test(withBefore))) return false;
  // "Newcastle-under-Lyme", "Stockton-based": a hyphen straight after joins a longer word.
  if (/^[-‐‑][\p{L}]/u.test(text.slice(lastEnd, lastEnd + 2))) return false;
  if (before && /[\p{L}][-‐‑]$/u.test(text.slice(0, first.start))) return false;
  const possessive = /^['’]s\b/.test(text.slice(lastEnd));
  if (j - i === 1 && EVERYDAY_WORDS.has(first.key) && isSentenceStart(text, first)) {
    if (!possessive && !(after && ALLOWED_AFTER.has(after.key) && /^\s+$/.test(text.slice(lastEnd, after.start)))) return false;
  }
  if (titleCase) return true;
  if (after && !possessive && /^\s+$/.test(text.slice(lastEnd, after.start)) && isCapitalised(after.raw) && !ALLOWED_AFTER.has(after.key)) {
    return false;
  }
  if (before && /^\s+$/.test(text.slice(before.end, first.start)) && isCapitalised(before.raw) && !ALLOWED_BEFORE.has(before.key) && !isSentenceStart(text, before)) {
    return false;
  }
  return true;
}

/** Council mentions in one sentence, in order; ambiguous names apart. */
export function findCouncilMentions(text: string, options: { titleCase?: boolean } = {}): SentenceMentions {
  const tokens = tokenise(text);
  const mentions: CouncilMention[] = [];
  const ambiguous: AmbiguousMention[] = [];
  for (let i = 0; i < tokens.length; ) {
    const found = matchAt(tokens, i, text);
    if (!found) {
      i++;
      continue;
    }
    const j = i + found.length;
    const start = tokens[i]!.start;
    const end = tokens[j - 1]!.end;
    if (readsAsCouncil(tokens, i, j, text, options.titleCase ?? false)) {
      const written = text.slice(start, end);
      const resolved = resolve(found.entry, written);
      if (resolved.status === 'found') mentions.push({ council: resolved.council, text: written, start, end });
      else ambiguous.push({ text: written, start, end, candidates: resolved.candidates });
    }
    i = j;
  }
  return { mentions, ambiguous };
}

/** The register decides between councils sharing a name (a current council over its predecessor). */
function resolve(entry: NameEntry, written: string): { status: 'found'; council: Council } | { status: 'ambiguous'; candidates: Council[] } {
  if (entry.councils.length === 1) return { status: 'found', council: entry.councils[0]! };
  const match = lookupCouncil(written);
  if (match.status === 'found' && entry.councils.includes(match.council)) return match;
  const current = entry.councils.filter((c) => c.current);
  if (current.length === 1) return { status: 'found', council: current[0]! };
  return { status: 'ambiguous', candidates: current.length ? current : entry.councils };
}
