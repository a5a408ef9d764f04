import { FlowlensError } from '../core/errors.ts';

/**
 * The store could not be written (disk full, read-only, permissions): the sync stops here, with
 * one line; everything committed before stays as it was.
 */
export class StoreWriteError extends FlowlensError {
  override name = 'StoreWriteError';
}

/** A short name for an OS-level write failure, from its errno code or DuckDB's message. */
function cause(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const msg = err instanceof Error ? err.message : String(err);
  if (code === 'ENOSPC' || /No space left on device/i.test(msg)) return 'disk full';
  if (code === 'EDQUOT' || /quota exceeded/i.test(msg)) return 'disk quota exceeded';
  if (code === 'EFBIG' || /File too large/i.test(msg)) return 'file size limit reached';
  if (code === 'EROFS' || /Read-only file system/i.test(msg)) return 'read-only file system';
  if (code === 'EACCES' || code === 'EPERM' || /Permission denied/i.test(msg)) return 'permission denied';
  return (msg.split('\n')[0] ?? msg).slice(0, 200);
}

/**
 * One line for a failed store write under `dir`: what happened and that nothing stored was lost
 * (the manifest still names the previous files).
 */
export function storeWriteError(dir: string, err: unknown): StoreWriteError {
  if (err instanceof StoreWriteError) return err;
  return new StoreWriteError(`${dir}: could not write the store (${cause(err)}); nothing already stored was lost — fix that and run the sync again`);
}
