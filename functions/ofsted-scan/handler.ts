/**
 * ofsted-scan: finds new publications on the Ofsted reports site, records
 * inspections and events (runOfstedScan). Scheduled every 15 minutes on
 * weekdays 07:00-20:00, hourly otherwise (Europe/London). Its environment is
 * its registry entry's (shared/runtime/registry.ts, env.ts).
 */
import { inProcessReportReader } from '#shared/crawl/reader.ts';
import { runOfstedScan, type ScanSummary } from '#shared/crawl/scan.ts';
import { httpOfstedSite } from '#shared/crawl/site.ts';
import { dynamoScanStores } from '#shared/crawl/store.ts';
import { ofstedHostsFor } from '#shared/ofsted-site/urls.ts';
import { crawlerClient, tableFor } from '#shared/runtime/clients.ts';
import { readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { environmentOf } from '#shared/runtime/registry.ts';

export const handler = defineHandler({
  name: 'ofsted-scan',
  readConfig: (env) => readEnvironment(environmentOf('ofsted-scan'), env),
  setup(config, logger) {
    const client = crawlerClient({ contactUrl: config.contactUrl, allowedHosts: ofstedHostsFor(config.ofstedBaseUrl), logger });
    return {
      ...dynamoScanStores(tableFor(config)),
      site: httpOfstedSite(client, config.ofstedBaseUrl),
      reader: inProcessReportReader(),
    };
  },
  run({ services, logger, now, deadline }) {
    // A long backfill stops before the Lambda timeout and carries on at the next scheduled run.
    return runOfstedScan({ ...services, logger, now, deadline });
  },
  outcome(summary: ScanSummary) {
    return {
      fields: { ...summary },
      // Success means the scan's cursor moved: a run with failures is retried from the same point next time.
      metrics: { scanSucceeded: summary.cursorAdvanced ? 1 : 0, anomalies: summary.anomalies, eventsRecorded: summary.events.created },
    };
  },
});
