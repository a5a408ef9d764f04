import type { ImportStamp } from './types.ts';

/** True when two import stamps name the same files with the same size, time and content, by the same recipe. */
export function sameImport(a: ImportStamp | undefined, b: ImportStamp | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.recipe !== b.recipe || a.files.length !== b.files.length) return false;
  return a.files.every((f, i) => {
    const g = b.files[i];
    return g !== undefined && f.path === g.path && f.bytes === g.bytes && f.mtimeMs === g.mtimeMs && f.sha256 === g.sha256;
  });
}
