/** The stored rows of one data file, in the order DuckDB read them (retrieved: ms since the epoch). */
export interface FileRows {
  readonly day: Int32Array;
  readonly value: Float64Array;
  readonly retrieved: Float64Array;
}

/**
 * Splits rows read from several files at once (row i from file `file[i]`, 0 … files − 1) into
 * one FileRows per file, keeping each file's rows in read order (a stable counting sort).
 */
export function splitByFile(file: Int32Array, day: Int32Array, value: Float64Array, retrieved: Float64Array, files: number): FileRows[] {
  const n = file.length;
  const start = new Int32Array(files + 1);
  for (let i = 0; i < n; i++) {
    const k = (file[i] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 0; k < files; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const d = new Int32Array(n);
  const v = new Float64Array(n);
  const t = new Float64Array(n);
  const at = start.slice(0, files);
  for (let i = 0; i < n; i++) {
    const k = file[i] as number;
    const j = at[k] as number;
    d[j] = day[i] as number;
    v[j] = value[i] as number;
    t[j] = retrieved[i] as number;
    at[k] = j + 1;
  }
  const out: FileRows[] = [];
  for (let k = 0; k < files; k++) {
    const a = start[k] as number;
    const b = start[k + 1] as number;
    out.push({ day: d.subarray(a, b), value: v.subarray(a, b), retrieved: t.subarray(a, b) });
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
