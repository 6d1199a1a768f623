/**
 * publish-site: rebuilds the national site from the table and uploads only the
 * files whose content changed (publishSite). Woken by the table stream when a
 * scan records inspections or events, and once a day so a missed wake-up heals.
 * The stream records themselves are not read: every run builds from the table.
 * Its environment is its registry entry's: the site's bucket (SITE_BUCKET) in
 * AWS, or a folder (SITE_DIR) for local runs, never both.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { tableFor } from '#shared/runtime/clients.ts';
import { EnvError, ENV, readEnvironment } from '#shared/runtime/env.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { environmentOf } from '#shared/runtime/registry.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite, type PublishSummary } from '#shared/site/publish.ts';
import { s3Target } from '#shared/site/s3-target.ts';
import { readSiteData } from '#shared/site/source.ts';

export const handler = defineHandler({
  name: 'publish-site',
  readConfig(env) {
    const config = readEnvironment(environmentOf('publish-site'), env);
    if (!config.siteBucket && !config.siteDir) throw new EnvError([`${ENV.siteBucket} is not set (the site's bucket; the stack sets it), nor ${ENV.siteDir} (a folder, for local runs)`]);
    if (config.siteBucket && config.siteDir) throw new EnvError([`${ENV.siteBucket} and ${ENV.siteDir} are both set: give one place to publish to`]);
    return config;
  },
  setup(config) {
    const target = config.siteBucket ? s3Target(new S3Client({}), config.siteBucket) : folderTarget(config.siteDir!);
    return { table: tableFor(config), target, baseUrl: config.siteUrl };
  },
  run({ services, now }) {
    const { table, target, baseUrl } = services;
    return publishSite({ read: () => readSiteData(table), target, now, ...(baseUrl ? { baseUrl } : {}) });
  },
  outcome(summary: PublishSummary) {
    return { fields: { ...summary }, metrics: { siteFilesWritten: summary.written } };
  },
});
