/**
 * Publishing the site: build it from the table, compare each file's content
 * hash with what the target already holds, and write only the files that
 * changed (and remove any the site no longer has). The target is a port: an
 * S3 bucket in AWS, a folder locally.
 */
import { createHash } from 'node:crypto';
import { buildSite, type Site, type SiteFile } from './build.ts';
import type { SiteData } from './source.ts';

export interface SiteTarget {
  /** Where the files go, for messages ("s3://bucket", "folder .local/site"). */
  readonly description: string;
  /** What the target holds now: path -> MD5 (hex) of the bytes (S3's ETag for a single-part upload). */
  list(): Promise<Map<string, string>>;
  put(path: string, file: SiteFile): Promise<void>;
  remove(paths: readonly string[]): Promise<void>;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

export interface PublishPlan {
  put: string[];
  remove: string[];
  unchanged: number;
}

/** Which files to write and remove so that the target holds exactly `site` (pure). */
export function planPublish(site: Site, existing: ReadonlyMap<string, string>): PublishPlan {
  const put: string[] = [];
  let unchanged = 0;
  for (const [path, file] of site) {
    if (existing.get(path) === contentHash(file.body)) unchanged++;
    else put.push(path);
  }
  const remove = [...existing.keys()].filter((path) => !site.has(path)).sort();
  return { put: put.sort(), remove, unchanged };
}

export interface PublishSummary {
  target: string;
  files: number;
  bytes: number;
  written: number;
  removed: number;
  unchanged: number;
  records: number;
  events: number;
  buildMs: number;
}

export interface PublishDeps {
  read(): Promise<SiteData>;
  target: SiteTarget;
  now?: () => Date;
  baseUrl?: string;
  /** Writes at once (S3 PUTs overlap well). */
  parallel?: number;
}

export async function publishSite(deps: PublishDeps): Promise<PublishSummary> {
  const data = await deps.read();
  const started = performance.now();
  const site = buildSite({ ...data, builtAt: (deps.now ?? (() => new Date()))().toISOString(), ...(deps.baseUrl ? { baseUrl: deps.baseUrl } : {}) });
  const buildMs = Math.round(performance.now() - started);
  const plan = planPublish(site, await deps.target.list());
  const queue = [...plan.put];
  const writer = async () => {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) await deps.target.put(path, site.get(path)!);
  };
  await Promise.all(Array.from({ length: deps.parallel ?? 8 }, writer));
  if (plan.remove.length) await deps.target.remove(plan.remove);
  return {
    target: deps.target.description,
    files: site.size,
    bytes: [...site.values()].reduce((sum, file) => sum + file.body.length, 0),
    written: plan.put.length,
    removed: plan.remove.length,
    unchanged: plan.unchanged,
    records: data.records.length,
    events: data.events.length,
    buildMs,
  };
}
