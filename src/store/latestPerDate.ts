/** One series as a read returns it: dates ascending, one value per date, the newest retrieval among its rows. */
export interface LatestArrays {
  readonly dates: Int32Array;
  readonly values: Float64Array;
  /** Newest retrieval time (ms since the epoch) among the rows read, 0 when none is later. */
  readonly retrievedMs: number;
}

/**
 * The latest value per (file, date) from stored rows in any order: row i is file `file[i]`
 * (0 … files − 1), day `day[i]`, value `value[i]`, retrieved at `retrieved[i]` ms. For each file
 * with rows, in file order: its dates ascending, each with the value of its newest retrieval (of
 * equal retrievals, the row read last), and the newest retrieval of the file. The same result as
 * SQL's `GROUP BY file, date` with `arg_max(value, retrieved_at)` and `ORDER BY file, date`,
 * without sorting rows that are already in date order with one row per date (a series retrieved
 * once, as every offline import is).
 */
export function latestPerDate(file: Int32Array, day: Int32Array, value: Float64Array, retrieved: Float64Array, files: number): Map<number, LatestArrays> {
  const n = file.length;
  // Rows grouped by file, in read order within a file (a stable counting sort).
  const start = new Int32Array(files + 1);
  for (let i = 0; i < n; i++) {
    const k = (file[i] as number) + 1;
    start[k] = (start[k] as number) + 1;
  }
  for (let k = 0; k < files; k++) start[k + 1] = (start[k + 1] as number) + (start[k] as number);
  const order = new Int32Array(n);
  const at = start.slice(0, files);
  for (let i = 0; i < n; i++) {
    const k = file[i] as number;
    order[at[k] as number] = i;
    at[k] = (at[k] as number) + 1;
  }
  const out = new Map<number, LatestArrays>();
  for (let k = 0; k < files; k++) {
    const a = start[k] as number;
    const b = start[k + 1] as number;
    if (b === a) continue;
    let newest = 0;
    let increasing = true;
    for (let j = a; j < b; j++) {
      const i = order[j] as number;
      if ((retrieved[i] as number) > newest) newest = retrieved[i] as number;
      if (j > a && (day[i] as number) <= (day[order[j - 1] as number] as number)) increasing = false;
    }
    let rows = order.subarray(a, b);
    if (!increasing) {
      // By date, then retrieval (stable: equal retrievals keep read order); the last row of each date wins.
      const sorted = Array.from(rows).sort((x, y) => (day[x] as number) - (day[y] as number) || (retrieved[x] as number) - (retrieved[y] as number));
      const kept: number[] = [];
      for (let j = 0; j < sorted.length; j++) if (j === sorted.length - 1 || day[sorted[j + 1] as number] !== day[sorted[j] as number]) kept.push(sorted[j] as number);
      rows = Int32Array.from(kept);
    }
    const dates = new Int32Array(rows.length);
    const values = new Float64Array(rows.length);
    for (let j = 0; j < rows.length; j++) {
      dates[j] = day[rows[j] as number] as number;
      values[j] = value[rows[j] as number] as number;
    }
    out.set(k, { dates, values, retrievedMs: newest });
  }
  return out;
}
