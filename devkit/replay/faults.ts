/**
 * Faults the replay site can be told to answer with, by request path: a status
 * (429 with Retry-After, 500…), a hang, a reset, a truncated body, HTML where a
 * PDF should be, another provider-page layout, a redirect.
 */
import type { ProviderMarkup } from './markup.ts';

export type ReplayFault =
  /** Answer with this status (e.g. 429 with `retryAfter: '1'`, or 500). */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Never answer (the client's timeout fires; close() ends it). */
  | { kind: 'hang' }
  /** Destroy the socket before any response. */
  | { kind: 'reset' }
  /** Send the headers with the full Content-Length, then `keepBytes` of the body (default half), then cut the connection. */
  | { kind: 'truncate'; keepBytes?: number }
  /** Serve the "Report not found" HTML page (200) where the file should be. */
  | { kind: 'html_instead_of_pdf' }
  /** Draw provider pages in another markup (e.g. 'drifted' or 'broken'). */
  | { kind: 'layout'; markup: ProviderMarkup }
  /** Redirect elsewhere. */
  | { kind: 'redirect'; location: string; status?: number };

export interface FaultHandle {
  /** How many more requests this fault will hit (Infinity when unlimited). */
  remaining(): number;
  remove(): void;
}

export interface FaultRule {
  match: string | RegExp;
  fault: ReplayFault;
  remaining: number;
}

/** Whether a rule's match (as in requestsTo) takes this path with query. */
export function matches(match: string | RegExp, path: string): boolean {
  if (match instanceof RegExp) return match.test(path);
  if (match.endsWith('*')) return path.startsWith(match.slice(0, -1));
  return path === match || path.split('?')[0] === match;
}

/** Adds a rule, newest first; the handle removes it or says how many hits it has left. */
export function addFault(rules: FaultRule[], match: string | RegExp, fault: ReplayFault, times = Infinity): FaultHandle {
  const rule: FaultRule = { match, fault, remaining: times };
  rules.unshift(rule);
  return {
    remaining: () => rule.remaining,
    remove: () => {
      const index = rules.indexOf(rule);
      if (index >= 0) rules.splice(index, 1);
    },
  };
}

/** The fault for a request, counting the hit. */
export function faultFor(rules: FaultRule[], path: string): ReplayFault | undefined {
  const rule = rules.find((candidate) => candidate.remaining > 0 && matches(candidate.match, path));
  if (rule) rule.remaining -= 1;
  return rule?.fault;
}
