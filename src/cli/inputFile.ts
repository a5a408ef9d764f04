import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { readAtMost } from '../core/readAtMost.ts';

/** Largest file a flag may name: the biggest real input (a decade of fed funds futures) is ~10 MB. */
export const MAX_INPUT_BYTES = 256 * 2 ** 20;

/**
 * The text of a file named by a flag (`--earnings FILE`, `--futures FILE`, `--input FILE`), or a
 * one-line FlowlensError naming the flag, the file and the reason (ENOENT, EACCES…); a binary
 * or UTF-16 file, or one over `maxBytes`, is a DataFormatError saying so.
 */
export function readInputFile(flag: string, file: string, maxBytes = MAX_INPUT_BYTES): string {
  // An empty name (an unset shell variable) was ignored by some flags and "ENOENT" for others.
  if (file.trim() === '') throw new FlowlensError(`${flag} needs a file name, got ""`);
  let bytes: Buffer | undefined;
  try {
    bytes = readAtMost(file, maxBytes);
  } catch (err) {
    throw new FlowlensError(`${flag} ${file}: cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (bytes === undefined) throw new DataFormatError(file, `more than ${maxBytes / 2 ** 20} MB: not a file of figures or dates (the largest flowlens reads are a few MB)`);
  const text = bytes.toString('utf8');
  // A binary file (a Parquet file, a spreadsheet) or UTF-16 text read as UTF-8 is full of NUL and
  // replacement characters: said so here, not echoed as a header of garbage by the parser.
  const head = text.slice(0, 4096);
  if (head.includes('\u0000') || (head.match(/\uFFFD/g)?.length ?? 0) > 8) {
    throw new DataFormatError(file, 'not UTF-8 text (UTF-16 or a binary file?): save it as UTF-8 CSV or JSON', 1);
  }
  return text;
}
