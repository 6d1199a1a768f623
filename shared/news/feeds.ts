/**
 * The news feeds scanned by default: outlets that report Ofsted judgements of
 * councils' children's services. Each feed names the hosts its articles may be
 * fetched from (the HTTP client refuses every other host).
 *
 * The URLs were checked against public references (other projects' feed lists),
 * not by fetching them from here (no internet in this workplace):
 *  - Community Care: WordPress site; `/feed/` is its standard RSS 2.0 feed and is
 *    listed as such by several public feed lists. Fairly sure.
 *  - The Northern Echo: Newsquest sites publish `/news/rss/`; listed in many public
 *    feed lists. Fairly sure. Articles live on the same host.
 *  - Children & Young People Now: no public reference to its feed URL was found.
 *    `/rss` is a guess; check the site's RSS link before relying on it. A wrong URL
 *    only makes that feed's scan fail with a logged `http_status` error.
 * Operators can replace the list with NEWS_FEEDS (JSON, see parseFeedsConfig).
 */
import { WatchError } from '../domain/errors.ts';

export interface NewsFeed {
  /** Short stable id, used in stored keys (NEWS#<id>). Letters, digits, hyphens. */
  id: string;
  /** Outlet name as shown in alerts ("reported by Community Care"). */
  outlet: string;
  url: string;
  /** Hosts the feed and its articles may be fetched from. */
  allowedHosts: string[];
  /** Skip the keyword pre-filter (for feeds that are already about inspections). */
  fetchAll?: boolean;
}

export const DEFAULT_NEWS_FEEDS: readonly NewsFeed[] = [
  {
    id: 'community-care',
    outlet: 'Community Care',
    url: 'https://www.communitycare.co.uk/feed/',
    allowedHosts: ['www.communitycare.co.uk'],
  },
  {
    id: 'cypnow',
    outlet: 'Children & Young People Now',
    // Unverified guess (see above).
    url: 'https://www.cypnow.co.uk/rss',
    allowedHosts: ['www.cypnow.co.uk'],
  },
  {
    id: 'northern-echo',
    outlet: 'The Northern Echo',
    url: 'https://www.thenorthernecho.co.uk/news/rss/',
    allowedHosts: ['www.thenorthernecho.co.uk'],
  },
];

/** A feeds list that cannot be used. */
export class FeedsConfigError extends WatchError<'invalid_feeds_config'> {
  override name = 'FeedsConfigError';
  constructor(message: string) {
    super('invalid_feeds_config', message);
  }
}

/** Validates a feeds list (e.g. from the NEWS_FEEDS environment variable, as JSON). */
export function parseFeedsConfig(value: unknown): NewsFeed[] {
  const list = typeof value === 'string' ? safeJson(value) : value;
  if (!Array.isArray(list) || list.length === 0) throw new FeedsConfigError('the feeds list must be a non-empty JSON array');
  const ids = new Set<string>();
  return list.map((entry, i) => {
    const where = `feed ${i + 1}`;
    if (!entry || typeof entry !== 'object') throw new FeedsConfigError(`${where}: must be an object`);
    const { id, outlet, url, allowedHosts, fetchAll } = entry as Record<string, unknown>;
    if (typeof id !== 'string' || !/^[a-z0-9][a-z0-9-]{0,40}$/.test(id)) throw new FeedsConfigError(`${where}: id must be lower-case letters, digits and hyphens`);
    if (ids.has(id)) throw new FeedsConfigError(`${where}: id "${id}" is used twice`);
    ids.add(id);
    if (typeof outlet !== 'string' || !outlet.trim()) throw new FeedsConfigError(`${where} (${id}): outlet is required`);
    let feedUrl: URL;
    try {
      feedUrl = new URL(String(url));
    } catch {
      throw new FeedsConfigError(`${where} (${id}): url is not a URL`);
    }
    if (!/^https?:$/.test(feedUrl.protocol)) throw new FeedsConfigError(`${where} (${id}): url must be http(s)`);
    const hosts = allowedHosts === undefined ? [feedUrl.host] : allowedHosts;
    if (!Array.isArray(hosts) || !hosts.every((h) => typeof h === 'string' && h)) throw new FeedsConfigError(`${where} (${id}): allowedHosts must be a list of host names`);
    const allHosts = [...new Set([feedUrl.host, ...(hosts as string[])])];
    return { id, outlet: outlet.trim(), url: feedUrl.toString(), allowedHosts: allHosts, ...(fetchAll === true ? { fetchAll: true } : {}) };
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new FeedsConfigError('the feeds list is not valid JSON');
  }
}
