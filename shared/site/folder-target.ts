/**
 * A folder as the site's target: what `ofsted-watch site --out`, `replay
 * --site` and a local `invoke publish-site` write to, and `local` serves.
 * Each file is written whole (to a temporary name, then renamed), so a server
 * reading the folder never serves half a page.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { SiteFile } from './build.ts';
import { contentHash, type SiteTarget } from './publish.ts';

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

export function folderTarget(root: string): SiteTarget {
  return {
    description: `folder ${root}`,
    async list() {
      const hashes = new Map<string, string>();
      for (const path of await filesUnder(root)) {
        if (path.endsWith('.partial')) continue;
        hashes.set(path, contentHash(await readFile(join(root, path))));
      }
      return hashes;
    },
    async put(path, file: SiteFile) {
      const target = join(root, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(`${target}.partial`, file.body);
      await rename(`${target}.partial`, target);
    },
    async remove(paths) {
      for (const path of paths) await rm(join(root, path), { force: true });
    },
  };
}
