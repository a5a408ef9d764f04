import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
import { open, readdir, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Flushes a file's data to disk. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flushes a directory entry (makes a rename durable); skipped where unsupported (Windows). */
export function fsyncDir(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/**
 * Atomically replaces `file` with the finished `tmp` beside it: fsync the data, rename (atomic
 * on one file system), fsync the directory. A crash leaves either the old or the new file.
 */
export function replaceFile(tmp: string, file: string): void {
  fsyncFile(tmp);
  renameSync(tmp, file);
  fsyncDir(dirname(file));
}

/**
 * Writes `data` to a new file and flushes it to disk. Async, so a commit runs it for all its
 * files at once: on ext4 parallel fsyncs share journal commits (300 small files: ~0.1 s at once,
 * ~1.8 s one after the other, measured here).
 */
export async function writeDurable(path: string, data: Uint8Array): Promise<void> {
  const fh = await open(path, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Removes a directory of empty directories (a writer's staging folder), all at once:
 * one rmdir after another costs ~2 ms each here; anything else inside falls back to rm -r.
 */
export async function removeEmptyTree(dir: string): Promise<void> {
  try {
    const names = await readdir(dir);
    await Promise.all(names.map((n) => rmdir(`${dir}/${n}`)));
    await rmdir(dir);
  } catch {
    await rm(dir, { recursive: true, force: true });
  }
}
