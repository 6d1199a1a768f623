/**
 * robots.txt rules (RFC 9309), read by robots-parser: groups, our own group
 * over `*`, the longest match with Allow winning ties, `*` and `$`. Pure.
 *
 * Our own small part: percent-encoded unreserved characters are decoded on
 * both sides before matching (RFC 9309 2.2.2: "/a%7eb" is "/a~b"), and
 * /robots.txt itself is always allowed.
 */
import robotsParserModule from 'robots-parser';

/** The package is CommonJS whose module.exports is the parser; its typings declare it as the default export. */
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

export interface RobotsTxt {
  isAllowed(url: string, userAgent?: string): boolean | undefined;
}

/** robots-parser checks that a URL is on the robots.txt's own origin: rules are matched on one placeholder origin. */
const ORIGIN = 'https://robots.invalid';

export function parseRobotsTxt(text: string): RobotsTxt {
  return robotsParser(`${ORIGIN}/robots.txt`, normaliseEncoding(text));
}

/** Whether `pathAndQuery` (e.g. "/provider/44/80563?x=1") may be fetched by `productToken` (e.g. "ofsted-watch"). */
export function isAllowedByRobots(robots: RobotsTxt, productToken: string, pathAndQuery: string): boolean {
  const path = normaliseEncoding(pathAndQuery || '/');
  if (path === '/robots.txt') return true;
  return robots.isAllowed(`${ORIGIN}${path.startsWith('/') ? path : `/${path}`}`, productToken) !== false;
}

/** Percent-encoding in one canonical form: unreserved characters decoded, the rest upper-case hex. */
function normaliseEncoding(value: string): string {
  return value.replace(/%([0-9a-fA-F]{2})/g, (_match, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return /[A-Za-z0-9\-._~]/.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
