/**
 * Resolves the council name a report prints ("Metropolitan Borough of Barnsley
 * Council", "Nottingham City", "Surrey Safeguarding Children Board", "Dudley MBC",
 * "Sandwell Children's Trust", "Together for Children") to the register's council,
 * trying a few plainer forms of the name when the printed one is not found. Only a
 * 'found' match counts: an ambiguous name resolves to null.
 */
import { councilRef, type CouncilRef } from '../domain/council.ts';
import { lookupCouncil } from '../register/register.ts';
import type { ReportDocument } from './document.ts';

/**
 * Trusts and companies that run a council's children's services under a name of
 * their own (a trust's judgement is the council's). One that serves several
 * councils (Achieving for Children: Kingston and Richmond) names none: the
 * letter's address block or text decides.
 */
const TRUSTS: { name: RegExp; council: string | null }[] = [
  { name: /\btogether for children\b/i, council: 'Sunderland' },
  { name: /\bbrighter futures for children\b/i, council: 'Reading' },
  { name: /\bachieving for children\b/i, council: null },
  { name: /\bnorthamptonshire children'?s trust\b/i, council: null },
];

const NOISE = [
  /\b(?:the\s+)?(?:local\s+)?safeguarding\s+children(?:'s)?\s+(?:board|partnership)\b|\blscb\b/gi,
  /\blocal\s+(?:area\s+)?partnership\b|\blocal\s+area\b/gi,
  /\bchildren'?s\s+(?:services\s+)?trust\b|\bchildren\s+first\b|\bchildren\s+and\s+families\s+trust\b/gi,
  /\b(?:children'?s?|children\s+and\s+(?:families|young\s+people)'?s?)\s+(?:(?:social\s+care|(?:social\s+care\s+)?services?)(?:\s+(?:directorate|department))?|directorate|department)\b/gi,
  /\b(?:m\.?b\.?c|m\.?d\.?c|b\.?c|c\.?c)\.?$/gi,
  /\b(?:metropolitan|district|borough|county|city|royal)\b/gi,
  /\bcouncil\b/gi,
  /^\s*(?:the\s+)?(?:london\s+borough|city|county|borough|royal\s+borough)\s+of\s+/gi,
];

/** The printed name in forms to try, most literal first. */
export function nameCandidates(printed: string): string[] {
  const trust = TRUSTS.find((t) => t.name.test(printed));
  if (trust) return trust.council ? [trust.council] : [];
  const out = [printed];
  let name = printed;
  for (const pattern of NOISE) {
    name = name.replace(pattern, ' ').replace(/\s+/g, ' ').replace(/^\s*(?:the\s+)?of\s+/i, '').trim();
    if (name) out.push(name);
  }
  return [...new Set(out.map((s) => s.replace(/[,.;:]+$/, '').trim()).filter(Boolean))];
}

/** The register's council for the first of `names` (each tried in its plainer forms) that is found. */
export function resolveCouncil(names: readonly (string | null | undefined)[]): CouncilRef | null {
  for (const name of names) {
    if (!name) continue;
    for (const candidate of nameCandidates(name)) {
      const match = lookupCouncil(candidate);
      if (match.status === 'found') return councilRef(match.council);
    }
  }
  return null;
}

/** A phrase that names a council in an address ("Sandwell Metropolitan Borough Council", "London Borough of Brent"). */
const COUNCIL_PHRASE =
  /(?:(?:the )?(?:london borough|royal borough|city|county|borough|metropolitan borough) of [A-Z][\w'&-]*(?: (?:[A-Z][\w'&-]*|and|upon|on|le|with|under|in))*|[A-Z][\w'&-]*(?: (?:[A-Z][\w'&-]*|and|upon|on|le|with|under|in|of))*? (?:council|children's trust|children's services trust|children first))\b/gi;
const POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}$/;

/**
 * Names in the letter's address block (the lines between the letter's date and
 * "Dear …" on page 1): council names first, then each line and comma-separated
 * part that could be a place ("Durham"). The Ofsted letterhead above is skipped.
 */
export function addressNames(doc: ReportDocument): string[] {
  const lines = doc.pages[0] ?? [];
  const dear = lines.findIndex((l) => /^dear\b/i.test(l.text));
  if (dear < 0) return [];
  const dated = lines.findIndex((l) => /^\d{1,2}(?:st|nd|rd|th)? [A-Z][a-z]+,? \d{4}$/.test(l.text));
  const block = lines.slice(dated >= 0 && dated < dear ? dated + 1 : Math.max(0, dear - 12), dear).map((l) => l.text);
  const councils = block.flatMap((text) => [...text.matchAll(COUNCIL_PHRASE)].map((m) => m[0]));
  const parts = block.flatMap((text) => text.split(/,\s*/)).filter((part) => part && !POSTCODE.test(part) && !/\d/.test(part));
  return [...new Set([...councils, ...parts])];
}
