/**
 * publish-site: rebuilds the national site from the table and uploads only the
 * files whose content changed (publishSite). Woken by the table stream when a
 * scan records inspections or events, and once a day so a missed wake-up heals.
 * The stream records themselves are not read: every run builds from the table.
 *
 * Environment: TABLE_NAME, SITE_BUCKET (the private bucket behind CloudFront),
 * SITE_URL (optional, for absolute links in feeds), LOG_LEVEL.
 * Local runs: DYNAMODB_ENDPOINT, and SITE_DIR (a folder) instead of SITE_BUCKET.
 */
import { S3Client } from '@aws-sdk/client-s3';
import { ENV, readBaseConfig } from '#shared/runtime/env.ts';
import { tableFor } from '#shared/runtime/clients.ts';
import { defineHandler } from '#shared/runtime/lambda.ts';
import { folderTarget } from '#shared/site/folder-target.ts';
import { publishSite, type PublishSummary } from '#shared/site/publish.ts';
import { s3Target } from '#shared/site/s3-target.ts';
import { readSiteData } from '#shared/site/source.ts';

export const handler = defineHandler({
  name: 'publish-site',
  readConfig(env) {
    const bucket = env.optional(ENV.siteBucket);
    const dir = env.optional(ENV.siteDir);
    if (!bucket && !dir) env.problems.push(`${ENV.siteBucket} is not set (the site's bucket; the stack sets it), nor ${ENV.siteDir} (a folder, for local runs)`);
    if (bucket && dir) env.problems.push(`${ENV.siteBucket} and ${ENV.siteDir} are both set: give one place to publish to`);
    const siteUrl = env.optional(ENV.siteUrl) ? env.url(ENV.siteUrl, { what: "the site's public address" }) : undefined;
    return { ...readBaseConfig(env), bucket, dir, siteUrl };
  },
  setup(config) {
    const target = config.bucket ? s3Target(new S3Client({}), config.bucket) : folderTarget(config.dir!);
    return { table: tableFor(config), target, baseUrl: config.siteUrl };
  },
  run({ services }) {
    const { table, target, baseUrl } = services;
    return publishSite({ read: () => readSiteData(table), target, ...(baseUrl ? { baseUrl } : {}) });
  },
  outcome(summary: PublishSummary) {
    return { fields: { ...summary }, metrics: { siteFilesWritten: summary.written } };
  },
});
