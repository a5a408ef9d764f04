import { closeSync, fsyncSync, openSync, renameSync } from 'node:fs';
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
