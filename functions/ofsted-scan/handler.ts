/**
 * ofsted-scan: finds new publications on the Ofsted reports site, records
 * inspections and events (runOfstedScan). Scheduled every 15 minutes on
 * weekdays 07:00-20:00, hourly otherwise (Europe/London).
 *
 * Environment: TABLE_NAME, CONTACT_URL (https; in the User-Agent), LOG_LEVEL.
 * Local runs: DYNAMODB_ENDPOINT, OFSTED_BASE_URL (e.g. the local replay site).
 */
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { runOfstedScan, type ScanSummary } from '#shared/crawl/scan.ts';
import { httpOfstedSite } from '#shared/crawl/site.ts';
import { OFSTED_SITE_URL, ofstedAllowedHosts } from '#shared/ofsted-site/urls.ts';
import { crawlerClient, tableFor } from '#shared/runtime/clients.ts';
import { ENV, readBaseConfig, readContactUrl } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';

export const handler = defineHandler({
  name: 'ofsted-scan',
  readConfig(env) {
    return {
      ...readBaseConfig(env),
      contactUrl: readContactUrl(env),
      ofstedBaseUrl: env.url(ENV.ofstedBaseUrl, { fallback: OFSTED_SITE_URL, what: 'the Ofsted reports site, or a local replay of it' }),
    };
  },
  setup(config, logger) {
    // The real site links report files on other hosts; a replay site serves everything itself.
    const allowedHosts = config.ofstedBaseUrl === OFSTED_SITE_URL ? ofstedAllowedHosts() : [new URL(config.ofstedBaseUrl).host];
    const client = crawlerClient({ contactUrl: config.contactUrl, allowedHosts, logger });
    return {
      table: tableFor(config),
      site: httpOfstedSite(client, config.ofstedBaseUrl),
      reader: inProcessReportReader(),
    };
  },
  run({ services, logger, deadline }) {
    // A long backfill stops before the Lambda timeout and carries on at the next scheduled run.
    return runOfstedScan({ ...services, logger, deadline });
  },
  outcome(summary: ScanSummary) {
    return {
      fields: { ...summary },
      // Success means the scan's cursor moved: a run with failures is retried from the same point next time.
      metrics: { scanSucceeded: summary.cursorAdvanced ? 1 : 0, anomalies: summary.anomalies, eventsRecorded: summary.events.created },
    };
  },
});
