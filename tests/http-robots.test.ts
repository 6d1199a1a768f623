import { describe, expect, it } from 'vitest';
import { isAllowedByRobots, parseRobotsTxt } from '#shared/http/robots.ts';
import { backoffDelay, parseRetryAfter } from '#shared/timing/backoff.ts';

describe('robots.txt rules', () => {
  const robots = parseRobotsTxt(
    [
      '# comment',
      'User-agent: *',
      'Disallow: /search',
      'Allow: /search/help',
      'Disallow: /*.pdf$',
      'Disallow: /tmp/*/private',
      '',
      'User-agent: OtherBot',
      'User-agent: ofsted-watch',
      'Disallow: /provider/44/',
      'Allow: /provider/44/80563',
      '',
      'User-agent: badbot',
      'Disallow: /',
      'Sitemap: https://example.org/sitemap.xml',
    ].join('\n'),
  );

  it('groups consecutive user-agent lines and picks our own group over *', () => {
    // Our group (named after OtherBot on the line before) has its two rules and none of *'s.
    for (const agent of ['ofsted-watch', 'OFSTED-WATCH', 'OtherBot']) {
      expect(isAllowedByRobots(robots, agent, '/provider/44/80429')).toBe(false);
      expect(isAllowedByRobots(robots, agent, '/provider/44/80563')).toBe(true);
      expect(isAllowedByRobots(robots, agent, '/files/report.pdf')).toBe(true);
    }
    // Anyone else gets the four rules of *.
    expect(isAllowedByRobots(robots, 'somebody', '/provider/44/80429')).toBe(true);
    expect(isAllowedByRobots(robots, 'somebody', '/files/report.pdf')).toBe(false);
  });

  it('applies the longest match, Allow winning ties', () => {
    expect(isAllowedByRobots(robots, 'ofsted-watch', '/provider/44/80429')).toBe(false);
    expect(isAllowedByRobots(robots, 'ofsted-watch', '/provider/44/80563')).toBe(true);
    expect(isAllowedByRobots(robots, 'ofsted-watch', '/search?q=')).toBe(true); // our group has no /search rule
    expect(isAllowedByRobots(robots, 'somebody', '/search?q=')).toBe(false);
    expect(isAllowedByRobots(robots, 'somebody', '/search/help')).toBe(true);
    const tie = parseRobotsTxt('User-agent: *\nDisallow: /a\nAllow: /a\n');
    expect(isAllowedByRobots(tie, 'x', '/a')).toBe(true);
  });

  it('understands * and $', () => {
    expect(isAllowedByRobots(robots, 'somebody', '/files/report.pdf')).toBe(false);
    expect(isAllowedByRobots(robots, 'somebody', '/files/report.pdf?download=1')).toBe(true);
    expect(isAllowedByRobots(robots, 'somebody', '/tmp/a/b/private')).toBe(false);
    expect(isAllowedByRobots(robots, 'somebody', '/tmp/private')).toBe(true);
  });

  it('allows everything with no matching group, an empty Disallow, or for /robots.txt itself', () => {
    expect(isAllowedByRobots(parseRobotsTxt('User-agent: other\nDisallow: /\n'), 'ofsted-watch', '/x')).toBe(true);
    expect(isAllowedByRobots(parseRobotsTxt('User-agent: *\nDisallow:\n'), 'ofsted-watch', '/x')).toBe(true);
    expect(isAllowedByRobots(parseRobotsTxt('User-agent: *\nDisallow: /\n'), 'ofsted-watch', '/robots.txt')).toBe(true);
    expect(isAllowedByRobots(parseRobotsTxt('User-agent: *\nDisallow: /\n'), 'ofsted-watch', '/')).toBe(false);
  });

  it('compares percent-encoded paths in one form', () => {
    const encoded = parseRobotsTxt('User-agent: *\nDisallow: /a%7eb\n');
    expect(isAllowedByRobots(encoded, 'x', '/a~b/c')).toBe(false);
  });
});

describe('retry timing', () => {
  it('draws full-jitter delays below an exponentially growing, capped ceiling', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelay(policy, 10, () => 0.5)).toBe(500);
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2024-08-01T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Thu, 01 Aug 2024 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Thu, 01 Aug 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
