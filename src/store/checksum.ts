import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** SHA-256 of a file's bytes, hex. */
export function sha256File(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** Why a data file does not match its manifest entry, or null when it does. */
export type FileCheck = null | string;

// Data files are immutable once named in a manifest, so a file that matched once keeps matching
// for the life of the process: each is hashed at most once (a full store is ~3 MB, ~10 ms).
const verified = new Map<string, string>();

/**
 * Checks the file at `path` against the size and SHA-256 recorded for it: null when it matches,
 * else a short reason (missing, truncated or grown, checksum mismatch). Successful checks are
 * cached per path and checksum.
 */
export function checkFile(path: string, bytes: number, sha256: string): FileCheck {
  if (verified.get(path) === sha256) return null;
  let data: Buffer;
  try {
    data = readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file missing' : `unreadable (${code ?? (err as Error).message})`;
  }
  if (data.length !== bytes) return `${data.length} bytes instead of ${bytes}`;
  if (createHash('sha256').update(data).digest('hex') !== sha256) return 'checksum mismatch';
  verified.set(path, sha256);
  return null;
}

/** Forgets cached checks (tests that damage a file in place after it was read). */
export function forgetChecks(): void {
  verified.clear();
}
