/**
 * news-scan: reads news feeds and their articles for reports of downgrades and
 * urgent actions, and records them as council events (runNewsScan). Every 30
 * minutes. Its environment is its registry entry's (shared/runtime/registry.ts, env.ts).
 */
import { DEFAULT_NEWS_FEEDS } from '#shared/news/feeds.ts';
import { isBrokenFeed } from '#shared/news/failures.ts';
import { newsAllowedHosts, runNewsScan, type NewsScanSummary } from '#shared/news/scan.ts';
import { dynamoNewsStores } from '#shared/news/store.ts';
import { crawlerClient, tableFor } from '#shared/runtime/clients.ts';
import { readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { environmentOf } from '#shared/runtime/registry.ts';

export const handler = defineHandler({
  name: 'news-scan',
  readConfig: (env) => readEnvironment(environmentOf('news-scan'), env),
  setup(config, logger) {
    const feeds = config.newsFeeds ?? [...DEFAULT_NEWS_FEEDS];
    // The client may fetch any feed's hosts; each request narrows that to its own feed's (news/scan.ts).
    return { ...dynamoNewsStores(tableFor(config)), http: crawlerClient({ contactUrl: config.contactUrl, allowedHosts: newsAllowedHosts(feeds), logger }), feeds };
  },
  run({ services, logger, now, deadline }) {
    return runNewsScan({ ...services, logger, clock: now, deadline });
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
