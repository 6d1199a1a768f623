/**
 * A local table folder (OFSTED_WATCH_LOCAL_DATA) is one process's at a time:
 * dynalite's LevelDB store cannot be opened twice, and a second opener used to
 * die later with "Database is closed", having saved nothing. The first process
 * writes `ofsted-watch.lock` in the folder, naming itself (command, pid, start
 * time); a second is refused at once with a FolderInUseError that names the
 * holder. A lock left by a process that is gone (Ctrl-C, kill -9, a crash) is
 * taken over.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { WatchError } from '#shared/domain/errors.ts';
import { processRunning as running } from '#shared/runtime/processes.ts';

export const LOCK_FILE = 'ofsted-watch.lock';

export interface LockHolder {
  command: string;
  pid: number;
  host: string;
  since: string;
}

export class FolderInUseError extends WatchError<'folder_in_use'> {
  override name = 'FolderInUseError';
  readonly holder: LockHolder;
  constructor(folder: string, holder: LockHolder) {
    super('folder_in_use', `the local table in ${folder} is in use by \`${holder.command}\` (pid ${holder.pid}, since ${holder.since.slice(11, 19)} UTC): wait for it to finish, or stop it, and try again`);
    this.holder = holder;
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof holder.pid === 'number' ? holder : null;
  } catch {
    return null;
  }
}

/** Takes the folder for this process; returns the release. Throws FolderInUseError when a live process holds it. */
export function lockFolder(folder: string, command: string): () => void {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, LOCK_FILE);
  const me: LockHolder = { command, pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      return () => {
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    // Another machine's process (a shared folder) cannot be checked: it holds the folder.
    if (holder && (holder.host !== me.host || running(holder.pid))) throw new FolderInUseError(folder, holder);
    rmSync(path, { force: true }); // left by a process that is gone, or unreadable: stale
  }
  throw new FolderInUseError(folder, readHolder(path) ?? { command: 'another ofsted-watch command', pid: 0, host: me.host, since: me.since });
}
