import { readFileSync } from 'node:fs';
import { FlowlensError } from '../core/errors.ts';

/**
 * The text of a file named by a flag (`--earnings FILE`, `--futures FILE`, `--input FILE`), or a
 * one-line FlowlensError naming the flag, the file and the reason (ENOENT, EACCES…).
 */
export function readInputFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new FlowlensError(`${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}
