import { lastAtOrBefore } from '../series/align.ts';
import { type LatestArrays, latestPerDate } from './latestPerDate.ts';

/** The stored rows of one data file, in the order DuckDB read them (retrieved: ms since the epoch). */
export interface FileRows {
  readonly day: Int32Array;
  readonly value: Float64Array;
  readonly retrieved: Float64Array;
  /** Days strictly increasing in read order (one row per date: a series retrieved once, as every offline import is). */
  readonly increasing: boolean;
  /** Oldest and newest retrieval among the rows (±∞ for none). */
  readonly oldest: number;
  readonly newest: number;
}

/** FileRows over the given columns, with the facts the fast read needs. */
export function fileRows(day: Int32Array, value: Float64Array, retrieved: Float64Array): FileRows {
  let increasing = true;
  let oldest = Number.POSITIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < day.length; i++) {
    if (i > 0 && (day[i] as number) <= (day[i - 1] as number)) increasing = false;
    const t = retrieved[i] as number;
    if (t < oldest) oldest = t;
    if (t > newest) newest = t;
  }
  return { day, value, retrieved, increasing, oldest, newest };
}

/**
 * Splits rows read from several files at once (row i from file `file[i]`, 0 … files − 1) into
 * one FileRows per file, keeping each file's rows in read order: views of the columns when the
 * rows come file after file (as DuckDB returns one scan of a list), else a stable counting sort.
 */
export function splitByFile(file: Int32Array, day: Int32Array, value: Float64Array, retrieved: Float64Array, files: number): FileRows[] {
  const n = file.length;
  const start = new Int32Array(files + 1);
  let grouped = true;
  for (let i = 0; i < n; i++) {
    const k = (file[i] as number) + 1;
    start[k] = (start[k] as number) + 1;
    if (i > 0 && (file[i] as number) < (file[i - 1] as number)) grouped = false;
  }
  for (let k = 0; k < files; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  let d = day;
  let v = value;
  let t = retrieved;
  if (!grouped) {
    d = new Int32Array(n);
    v = new Float64Array(n);
    t = new Float64Array(n);
    const at = start.slice(0, files);
    for (let i = 0; i < n; i++) {
      const k = file[i] as number;
      const j = at[k] as number;
      d[j] = day[i] as number;
      v[j] = value[i] as number;
      t[j] = retrieved[i] as number;
      at[k] = j + 1;
    }
  }
  const out: FileRows[] = [];
  for (let k = 0; k < files; k++) {
    const a = start[k] as number;
    const b = start[k + 1] as number;
    out.push(fileRows(d.subarray(a, b), v.subarray(a, b), t.subarray(a, b)));
  }
  return out;
}

/**
 * The rows of `files` (in that order; row file index = position) whose day is in [lo, hi] and
 * whose retrieval is at or before `cutoffMs`, as the columns one SQL scan with that filter
 * returns (`WHERE day BETWEEN lo AND hi AND retrieved <= cutoff`, each file's rows in read order).
 */
export function gatherRows(files: readonly FileRows[], lo: number, hi: number, cutoffMs: number): { file: Int32Array; day: Int32Array; value: Float64Array; retrieved: Float64Array } {
  const keep = (r: FileRows, i: number) => {
    const d = r.day[i] as number;
    return d >= lo && d <= hi && (r.retrieved[i] as number) <= cutoffMs;
  };
  let n = 0;
  for (const r of files) for (let i = 0; i < r.day.length; i++) if (keep(r, i)) n++;
  const file = new Int32Array(n);
  const day = new Int32Array(n);
  const value = new Float64Array(n);
  const retrieved = new Float64Array(n);
  let j = 0;
  for (const [k, r] of files.entries())
    for (let i = 0; i < r.day.length; i++)
      if (keep(r, i)) {
        file[j] = k;
        day[j] = r.day[i] as number;
        value[j] = r.value[i] as number;
        retrieved[j++] = r.retrieved[i] as number;
      }
  return { file, day, value, retrieved };
}

/**
 * The latest value per date of each file's rows with day in [lo, hi] retrieved by `cutoffMs`:
 * latestPerDate over gatherRows (undefined for a file with no such row), the same arrays. A
 * file with one row per date, every row retrieved by the cutoff, is answered by two binary
 * searches and two copies of the columns (no loop per row: most reads are that case).
 */
export function latestOfFiles(files: readonly FileRows[], lo: number, hi: number, cutoffMs: number): (LatestArrays | undefined)[] {
  return files.map((r) => {
    if (r.increasing && r.newest <= cutoffMs) {
      const a = lastAtOrBefore(r.day, lo - 1) + 1;
      const b = lastAtOrBefore(r.day, hi) + 1;
      if (b <= a) return undefined;
      let newest = 0;
      if (r.oldest === r.newest) newest = Math.max(0, r.newest);
      else for (let i = a; i < b; i++) if ((r.retrieved[i] as number) > newest) newest = r.retrieved[i] as number;
      return { dates: r.day.slice(a, b), values: r.value.slice(a, b), retrievedMs: newest };
    }
    const g = gatherRows([r], lo, hi, cutoffMs);
    return latestPerDate(g.file, g.day, g.value, g.retrieved, 1).get(0);
  });
}
