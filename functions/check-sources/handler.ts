/**
 * check-sources: the weekly canary. Reads the live Ofsted listing (in full and
 * filtered by date in each candidate form), one provider page, one report and
 * each news feed with its newest article, through the scans' own parsers
 * (checkSources), and logs what held and what did not. Touches no table. Its
 * SourceChecksFailed metric counts what did not hold that the scans rely on
 * (the listing's date filter is logged, not counted: polls never use it).
 */
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { DEFAULT_NEWS_FEEDS } from '#shared/news/feeds.ts';
import { sourcesClient } from '#shared/runtime/clients.ts';
import { readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { environmentOf } from '#shared/runtime/registry.ts';
import { checkSources } from '#shared/sources/check.ts';
import { failuresScansFeel, verdictLine, type SourceCheck } from '#shared/sources/verdicts.ts';

export const handler = defineHandler({
  name: 'check-sources',
  readConfig: (env) => readEnvironment(environmentOf('check-sources'), env),
  setup(config, logger) {
    const feeds = config.newsFeeds ?? [...DEFAULT_NEWS_FEEDS];
    const http = sourcesClient({ contactUrl: config.contactUrl, ofstedBaseUrl: config.ofstedBaseUrl, feeds, logger });
    return { http, feeds, ofstedBaseUrl: config.ofstedBaseUrl, reader: inProcessReportReader() };
  },
  run: ({ services, logger }) => checkSources({ ...services, logger }),
  outcome(checks: SourceCheck[]) {
    const failed = checks.filter((check) => !check.held).map((check) => check.name);
    return { fields: { checks: checks.length, failed, message: verdictLine(checks) }, metrics: { sourceChecksFailed: failuresScansFeel(checks).length } };
  },
});
