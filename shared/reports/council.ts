/**
 * Resolves the council name a report prints ("Metropolitan Borough of Barnsley
 * Council", "Nottingham City", "Surrey Safeguarding Children Board") to the
 * register's council, trying a few plainer forms of the name when the printed one
 * is not found. Only a 'found' match counts: an ambiguous name resolves to null.
 */
import { councilRef, type CouncilRef } from '../domain/council.ts';
import { lookupCouncil } from '../register/register.ts';

const NOISE = [
  /\b(?:the\s+)?(?:local\s+)?safeguarding\s+children(?:'s)?\s+(?:board|partnership)\b|\blscb\b/gi,
  /\blocal\s+(?:area\s+)?partnership\b|\blocal\s+area\b/gi,
  /\bchildren'?s\s+(?:services\s+)?trust\b|\bchildren\s+first\b/gi,
  /\b(?:metropolitan|district|borough|county|city|royal)\b/gi,
  /\bcouncil\b/gi,
  /^\s*(?:the\s+)?(?:london\s+borough|city|county|borough|royal\s+borough)\s+of\s+/gi,
];

/** The printed name in forms to try, most literal first. */
export function nameCandidates(printed: string): string[] {
  const out = [printed];
  let name = printed;
  for (const pattern of NOISE) {
    name = name.replace(pattern, ' ').replace(/\s+/g, ' ').replace(/^\s*of\s+/i, '').trim();
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
