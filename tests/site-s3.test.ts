/**
 * The S3 adapter of publish-site, against an in-memory stand-in for the bucket
 * that answers as S3 does: ETags are the quoted MD5 of a single-part upload,
 * listings come in pages of at most 1,000 keys, deletes in batches of 1,000.
 */
import { createHash } from 'node:crypto';
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { buildSite } from '#shared/site/build.ts';
import { publishSite } from '#shared/site/publish.ts';
import { CACHE_CONTROL, s3Target } from '#shared/site/s3-target.ts';
import { record } from './helpers/records.ts';

function fakeBucket(pageSize = 1000) {
  const objects = new Map<string, { body: Uint8Array; etag: string; contentType?: string; cacheControl?: string }>();
  const calls: string[] = [];
  const client = {
    async send(command: unknown) {
      if (command instanceof ListObjectsV2Command) {
        calls.push('list');
        const keys = [...objects.keys()].sort();
        const start = command.input.ContinuationToken ? Number(command.input.ContinuationToken) : 0;
        const page = keys.slice(start, start + pageSize);
        const more = start + pageSize < keys.length;
        return { Contents: page.map((Key) => ({ Key, ETag: objects.get(Key)!.etag })), IsTruncated: more, NextContinuationToken: more ? String(start + pageSize) : undefined };
      }
      if (command instanceof PutObjectCommand) {
        calls.push(`put ${command.input.Key}`);
        const body = command.input.Body as Uint8Array;
        objects.set(command.input.Key!, { body, etag: `"${createHash('md5').update(body).digest('hex')}"`, contentType: command.input.ContentType, cacheControl: command.input.CacheControl });
        return {};
      }
      if (command instanceof DeleteObjectsCommand) {
        const keys = command.input.Delete!.Objects!.map((o) => o.Key!);
        if (keys.length > 1000) throw new Error('MalformedXML: more than 1000 keys');
        calls.push(`delete ${keys.length}`);
        for (const key of keys) objects.delete(key);
        return {};
      }
      throw new Error(`unexpected command ${(command as object).constructor.name}`);
    },
  };
  return { client: client as unknown as S3Client, objects, calls };
}

const data = { records: [record({ fileId: '1', published: '2019-07-01', overall: 'requires_improvement' })], events: [] };
const at = (iso: string) => () => new Date(iso);

describe('publishing to S3', () => {
  it('uploads every file with its content type and a five-minute cache, then only what changed', async () => {
    const bucket = fakeBucket(100); // small pages, so the listing is followed across them
    const first = await publishSite({ read: async () => data, target: s3Target(bucket.client, 'site'), now: at('2026-11-02T10:00:00Z') });
    expect(first.written).toBe(first.files);
    expect(bucket.objects.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', cacheControl: CACHE_CONTROL });
    expect(bucket.objects.get('feed.atom')?.contentType).toBe('application/atom+xml; charset=utf-8');
    expect(bucket.objects.get('data/councils.csv')?.contentType).toBe('text/csv; charset=utf-8');

    bucket.calls.length = 0;
    const same = await publishSite({ read: async () => data, target: s3Target(bucket.client, 'site'), now: at('2026-11-02T10:00:30Z') });
    expect(same.written).toBe(1); // data/README.md says when it was built, to the second
    expect(bucket.calls.filter((c) => c.startsWith('put'))).toEqual(['put data/README.md']);
    expect(bucket.calls.filter((c) => c === 'list').length).toBe(4); // 322 keys in pages of 100
  });

  it('removes objects the site no longer has, in batches S3 accepts', async () => {
    const bucket = fakeBucket();
    const stale = new TextEncoder().encode('old');
    for (let i = 0; i < 1500; i++) bucket.objects.set(`old/${i}.html`, { body: stale, etag: '"x"' });
    const summary = await publishSite({ read: async () => data, target: s3Target(bucket.client, 'site'), now: at('2026-11-02T10:00:00Z') });
    expect(summary.removed).toBe(1500);
    expect(bucket.calls.filter((c) => c.startsWith('delete'))).toEqual(['delete 1000', 'delete 500']);
    expect([...bucket.objects.keys()].sort()).toEqual([...buildSite({ ...data, builtAt: '2026-11-02T10:00:00.000Z' }).keys()].sort());
  });
});
