import { statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FlowlensError } from '../core/errors.ts';
import { explainSystemError } from '../core/osError.ts';

/**
 * Checks a file a flag will write (`report --html FILE`) before any work is done: not empty, not
 * a directory, and inside a folder that exists. Throws a one-line FlowlensError naming the flag,
 * the path and the fix.
 */
export function checkOutputFile(flag: string, file: string, example = 'report.html'): string {
  if (file.trim() === '') throw new FlowlensError(`${flag} needs a file name, got ""`);
  const path = resolve(file);
  const kind = (p: string): 'file' | 'dir' | 'absent' | 'under-file' => {
    try {
      return statSync(p).isDirectory() ? 'dir' : 'file';
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return 'absent';
      if (code === 'ENOTDIR') return 'under-file';
      return explainSystemError(err, flag);
    }
  };
  if (kind(path) === 'dir') throw new FlowlensError(`${flag} ${file} is a directory: give a file name inside it, e.g. ${file.replace(/\/$/, '')}/${example}`);
  const parent = dirname(path);
  const p = kind(parent);
  if (p === 'absent') throw new FlowlensError(`${flag} ${file}: the folder ${parent} does not exist: create it first or choose another path`);
  if (p !== 'dir') throw new FlowlensError(`${flag} ${file}: ${parent} is not a directory: choose another path`);
  return file;
}

/** Writes `text` to a file named by a flag; an OS error (EACCES, ENOSPC…) becomes one line naming the flag and the path. */
export function writeOutputFile(flag: string, file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (err) {
    explainSystemError(err, flag);
  }
}
