/**
 * news-scan: reads news feeds and their articles for reports of downgrades and
 * urgent actions, and records them as council events (runNewsScan). Every 30 minutes.
 *
 * Environment: TABLE_NAME, CONTACT_URL (https; in the User-Agent), NEWS_FEEDS
 * (optional JSON feeds list; default the built-in one), LOG_LEVEL.
 * Local runs: DYNAMODB_ENDPOINT.
 */
import { DEFAULT_NEWS_FEEDS, parseFeedsConfig } from '#shared/news/feeds.ts';
import { isBrokenFeed } from '#shared/news/failures.ts';
import { runNewsScan, type NewsScanSummary } from '#shared/news/scan.ts';
import { dynamoNewsStores } from '#shared/news/store.ts';
import { crawlerClient, tableFor } from '#shared/runtime/clients.ts';
import { ENV, readBaseConfig, readContactUrl } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';

export const handler = defineHandler({
  name: 'news-scan',
  readConfig(env) {
    return {
      ...readBaseConfig(env),
      contactUrl: readContactUrl(env),
      feeds: env.parsed(ENV.newsFeeds, parseFeedsConfig, 'the news feeds to scan') ?? [...DEFAULT_NEWS_FEEDS],
    };
  },
  setup(config, logger) {
    const allowedHosts = [...new Set(config.feeds.flatMap((feed) => feed.allowedHosts))];
    return { ...dynamoNewsStores(tableFor(config)), http: crawlerClient({ contactUrl: config.contactUrl, allowedHosts, logger }), feeds: config.feeds };
  },
  run({ services, logger }) {
    return runNewsScan({ ...services, logger });
  },
  outcome(summary: NewsScanSummary) {
    const failedFeeds = summary.feeds.filter((feed) => feed.status === 'failed').length;
    const brokenFeeds = summary.feeds.filter(isBrokenFeed).map((feed) => feed.feedId);
    return {
      fields: { feeds: summary.feeds, events: summary.events, failedFeeds, brokenFeeds },
      metrics: {
        // A run in which every feed failed is not a successful scan.
        ...(failedFeeds < summary.feeds.length ? { scanSucceeded: 1 } : {}),
        eventsRecorded: summary.events.created,
        anomalies: brokenFeeds.length,
      },
    };
  },
});
