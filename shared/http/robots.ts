/**
 * robots.txt parsing and matching (RFC 9309), pure.
 *
 * - Lines are grouped: consecutive `User-agent:` lines open a group, the
 *   `Allow:`/`Disallow:` lines after them belong to it. Groups naming the same
 *   agent are merged.
 * - Our group is the one whose user-agent is our product token (case-insensitive);
 *   if none, the `*` group; if none, everything is allowed.
 * - The longest matching rule wins; on a tie `Allow` wins. `*` matches any run
 *   of characters and a trailing `$` anchors the end. An empty `Disallow:`
 *   allows everything. `/robots.txt` itself is always allowed.
 */

export interface RobotsRule {
  allow: boolean;
  pattern: string;
}

export interface RobotsGroup {
  agents: string[];
  rules: RobotsRule[];
}

export interface RobotsTxt {
  groups: RobotsGroup[];
}

export function parseRobotsTxt(text: string): RobotsTxt {
  const groups: RobotsGroup[] = [];
  let current: RobotsGroup | null = null;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = rawLine.replace(/#.*$/, '').trim();
    if (!line) continue;
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const field = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if (field === 'allow' || field === 'disallow') {
      lastWasAgent = false;
      if (!current) continue; // rules before any user-agent line belong to no group
      if (field === 'disallow' && value === '') continue; // empty Disallow = allow all
      current.rules.push({ allow: field === 'allow', pattern: value });
    } else {
      // sitemap, crawl-delay and unknown fields do not end a group's agent list in practice,
      // but they do end the run of user-agent lines.
      lastWasAgent = false;
    }
  }
  return { groups };
}

/** The rules that apply to `productToken` (e.g. "ofsted-watch"). */
export function rulesFor(robots: RobotsTxt, productToken: string): RobotsRule[] {
  const token = productToken.toLowerCase();
  const own = robots.groups.filter((group) => group.agents.some((agent) => agent !== '*' && agent === token));
  const chosen = own.length > 0 ? own : robots.groups.filter((group) => group.agents.includes('*'));
  return chosen.flatMap((group) => group.rules);
}

/** Whether `pathAndQuery` (e.g. "/provider/44/80563?x=1") may be fetched by `productToken`. */
export function isAllowedByRobots(robots: RobotsTxt, productToken: string, pathAndQuery: string): boolean {
  const path = normalisePath(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  let best: RobotsRule | null = null;
  let bestLength = -1;
  for (const rule of rulesFor(robots, productToken)) {
    const pattern = normalisePath(rule.pattern);
    if (!patternMatches(pattern, path)) continue;
    const length = pattern.length;
    if (length > bestLength || (length === bestLength && rule.allow && best !== null && !best.allow)) {
      best = rule;
      bestLength = length;
    }
  }
  return best === null || best.allow;
}

function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = anchored ? pattern.slice(0, -1) : pattern;
  const source = body
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}${anchored ? '$' : ''}`).test(path);
}

/** Percent-encoding is compared in one canonical form (upper-case hex, unreserved characters decoded). */
function normalisePath(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
