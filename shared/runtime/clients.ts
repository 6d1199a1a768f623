/**
 * Clients a handler builds once per container from its validated config:
 * the table, and the polite HTTP client the scans crawl with.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { createHttpClient, type HttpClient } from '../http/index.ts';
import { connectTable, type TableRef } from '../store/client.ts';
import type { Logger } from './log.ts';
import type { NewsFeed } from '../news/feeds.ts';
import { newsAllowedHosts } from '../news/scan.ts';
import { ofstedHostsFor } from '../ofsted-site/urls.ts';

export const PRODUCT_VERSION: string = packageJson.version;

export function tableFor(config: { tableName: string; dynamodbEndpoint?: string }): TableRef {
  return connectTable({ tableName: config.tableName, ...(config.dynamodbEndpoint ? { endpoint: config.dynamodbEndpoint } : {}) });
}

const LOOPBACK = /^(?:127\.\d+\.\d+\.\d+|localhost|\[::1\])(?::\d+)?$/i;

/** True when every host is on this machine (a local replay site or news site). */
export function allLoopback(hosts: readonly string[]): boolean {
  return hosts.length > 0 && hosts.every((host) => LOOPBACK.test(host));
}

/**
 * The crawler's HTTP client: our User-Agent with the deployer's contact URL, only the
 * hosts named, one request a second per host. Politeness is for other people's
 * servers: against local stand-ins only (loopback hosts) requests are not spaced.
 */
export function crawlerClient(options: { contactUrl: string; allowedHosts: readonly string[]; logger: Logger }): HttpClient {
  return createHttpClient({
    version: PRODUCT_VERSION,
    contactUrl: options.contactUrl,
    allowedHosts: options.allowedHosts,
    logger: options.logger,
    ...(allLoopback(options.allowedHosts) ? { perHostIntervalMs: 0 } : {}),
  });
}

/** The client of a check of the real sources: the Ofsted site's hosts and every feed's. */
export function sourcesClient(options: { contactUrl: string; ofstedBaseUrl: string; feeds: readonly NewsFeed[]; logger: Logger }): HttpClient {
  return crawlerClient({ contactUrl: options.contactUrl, allowedHosts: [...ofstedHostsFor(options.ofstedBaseUrl), ...newsAllowedHosts(options.feeds)], logger: options.logger });
}
