import { readFileSync } from 'node:fs';
import { DataFormatError, FlowlensError } from '../core/errors.ts';

/**
 * The text of a file named by a flag (`--earnings FILE`, `--futures FILE`, `--input FILE`), or a
 * one-line FlowlensError naming the flag, the file and the reason (ENOENT, EACCES…); a binary
 * or UTF-16 file is a DataFormatError saying so.
 */
export function readInputFile(flag: string, file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FlowlensError(`${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  // A binary file (a Parquet file, a spreadsheet) or UTF-16 text read as UTF-8 is full of NUL and
  // replacement characters: said so here, not echoed as a header of garbage by the parser.
  const head = text.slice(0, 4096);
  if (head.includes('\u0000') || (head.match(/\uFFFD/g)?.length ?? 0) > 8) {
    throw new DataFormatError(file, 'not UTF-8 text (UTF-16 or a binary file?): save it as UTF-8 CSV or JSON', 1);
  }
  return text;
}
