/**
 * The site's S3 bucket as its target (behind CloudFront, private). An object's
 * ETag is the MD5 of its bytes for a single-part upload with S3-managed
 * encryption, so listing the bucket says what is there without reading it.
 */
import { DeleteObjectsCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { SiteFile } from './build.ts';
import type { SiteTarget } from './publish.ts';

/** Pages and data change after scans: caches keep them five minutes, so no invalidation is needed. */
export const CACHE_CONTROL = 'public, max-age=300';

export function s3Target(client: S3Client, bucket: string): SiteTarget {
  return {
    description: `s3://${bucket}`,
    async list() {
      const hashes = new Map<string, string>();
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const object of page.Contents ?? []) {
          if (object.Key) hashes.set(object.Key, (object.ETag ?? '').replace(/"/g, ''));
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return hashes;
    },
    async put(path, file: SiteFile) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: path, Body: file.body, ContentType: file.contentType, CacheControl: CACHE_CONTROL }));
    },
    async remove(paths) {
      for (let i = 0; i < paths.length; i += 1000) {
        const batch = paths.slice(i, i + 1000);
        await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
      }
    },
  };
}
