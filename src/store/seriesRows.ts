// Reading one series' data file into rows, and the summary a manifest keeps of those rows.
import type { DuckDBConnection } from '@duckdb/node-api';
import { createHash } from 'node:crypto';
import { toIso } from '../series/dates.ts';
import type { IsoDate } from '../series/types.ts';
import type { SeriesFileColumns } from './seriesParquet.ts';
import type { ColumnBatch, StoredRow } from './writePlan.ts';

/** SQL string literal. */
export function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** Every row of one data file, oldest retrieval first (origin is not read: no reader needs it). */
export async function readRowsFile(conn: DuckDBConnection, path: string): Promise<StoredRow[]> {
  const r = await conn.runAndReadAll(
    `SELECT (date - DATE '1970-01-01')::INTEGER AS d, value, epoch_ms(retrieved_at)::DOUBLE AS r
     FROM read_parquet(${lit(path)}) ORDER BY retrieved_at, date`,
  );
  const cols = r.getColumnsJS();
  if (cols.length < 3) return [];
  const [d, v, t] = cols as [number[], (number | null)[], number[]];
  const out = new Array<StoredRow>(d.length);
  for (let i = 0; i < d.length; i++) out[i] = { day: d[i] as number, value: v[i] ?? Number.NaN, retrievedMs: t[i] as number };
  return out;
}

/**
 * Every row of one data file as columns, origins included, in file order: what a write that
 * extends the series copies into its new file. NULL values become NaN.
 */
export async function readFileColumns(conn: DuckDBConnection, path: string): Promise<SeriesFileColumns> {
  const r = await conn.runAndReadAll(
    `SELECT (date - DATE '1970-01-01')::INTEGER AS d, coalesce(value, 'NaN'::DOUBLE) AS v, epoch_ms(retrieved_at)::DOUBLE AS r, origin FROM read_parquet(${lit(path)})`,
  );
  const cols = r.getColumnsJS();
  const [d, v, t, o] = (cols.length < 4 ? [[], [], [], []] : cols) as [number[], number[], number[], (string | null)[]];
  const origins: string[] = [];
  const index = new Map<string, number>();
  const origin = new Int32Array(o.length);
  for (let i = 0; i < o.length; i++) {
    const name = o[i] ?? null;
    if (name === null) {
      origin[i] = -1;
      continue;
    }
    let k = index.get(name);
    if (k === undefined) {
      k = origins.length;
      origins.push(name);
      index.set(name, k);
    }
    origin[i] = k;
  }
  return { day: Int32Array.from(d), value: Float64Array.from(v), retrievedMs: Float64Array.from(t), origin, origins };
}

/** `a`'s rows, then `b`'s (origins renumbered into one list). */
export function concatColumns(a: SeriesFileColumns, b: SeriesFileColumns): SeriesFileColumns {
  const n = a.day.length;
  const m = b.day.length;
  const join = <T extends Int32Array | Float64Array>(x: T, y: T, out: T): T => {
    out.set(x, 0);
    out.set(y, n);
    return out;
  };
  const origin = new Int32Array(n + m);
  origin.set(a.origin, 0);
  for (let i = 0; i < m; i++) origin[n + i] = (b.origin[i] as number) < 0 ? -1 : (b.origin[i] as number) + a.origins.length;
  return {
    day: join(a.day, b.day, new Int32Array(n + m)),
    value: join(a.value, b.value, new Float64Array(n + m)),
    retrievedMs: join(a.retrievedMs, b.retrievedMs, new Float64Array(n + m)),
    origin,
    origins: [...a.origins, ...b.origins],
  };
}

/**
 * The rows ordered by retrieval time, then date (the order of every data file; stable, so of
 * two rows of one date and retrieval the earlier stays first). Already-ordered columns (a first
 * write) are returned as they are.
 */
export function byRetrievalThenDate(c: SeriesFileColumns): SeriesFileColumns {
  const n = c.day.length;
  const before = (i: number, j: number): number => (c.retrievedMs[i] as number) - (c.retrievedMs[j] as number) || (c.day[i] as number) - (c.day[j] as number);
  let ordered = true;
  for (let i = 1; i < n && ordered; i++) ordered = before(i - 1, i) <= 0;
  if (ordered) return c;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => before(i, j) || i - j);
  const out = { day: new Int32Array(n), value: new Float64Array(n), retrievedMs: new Float64Array(n), origin: new Int32Array(n), origins: c.origins };
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    out.day[k] = c.day[i] as number;
    out.value[k] = c.value[i] as number;
    out.retrievedMs[k] = c.retrievedMs[i] as number;
    out.origin[k] = c.origin[i] as number;
  }
  return out;
}

/** What `series list` shows of a series, computed from all its rows. */
export interface RowsSummary {
  readonly rows: number;
  readonly count: number;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  readonly lastRetrievedAt: string;
}

/**
 * Summary of a series' rows: the latest value per date is the one with the newest retrieval;
 * count = dates whose latest value is not missing; first/last = the first and last such dates.
 */
export function summarizeRows(rows: readonly StoredRow[]): RowsSummary {
  if (oneRowPerDay(rows)) return summarizeDistinct(rows);
  const latest = new Map<number, StoredRow>();
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    const have = latest.get(r.day);
    if (!have || r.retrievedMs >= have.retrievedMs) latest.set(r.day, r);
    if (r.retrievedMs > newest) newest = r.retrievedMs;
  }
  let count = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const [day, r] of latest) {
    if (Number.isNaN(r.value)) continue;
    count++;
    if (day < first) first = day;
    if (day > last) last = day;
  }
  return summary(rows.length, count, first, last, newest);
}

/**
 * summarizeRows for a first write given as columns (one row per day, all retrieved at once):
 * count = days with a value, first/last = the smallest and largest such day.
 */
export function summarizeFirstWrite(c: { readonly day: Int32Array; readonly value: Float64Array; readonly retrievedMs: Float64Array }): RowsSummary {
  let count = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < c.day.length; i++) {
    if ((c.retrievedMs[i] as number) > newest) newest = c.retrievedMs[i] as number;
    if (Number.isNaN(c.value[i])) continue;
    const day = c.day[i] as number;
    count++;
    if (day < first) first = day;
    if (day > last) last = day;
  }
  return summary(c.day.length, count, first, last, newest);
}

/** The summary from its counts and day numbers (first/last only when a date has a value). */
function summary(rows: number, count: number, first: number, last: number, newestMs: number): RowsSummary {
  return {
    rows,
    count,
    firstDate: count > 0 ? toIso(first) : null,
    lastDate: count > 0 ? toIso(last) : null,
    lastRetrievedAt: Number.isFinite(newestMs) ? new Date(newestMs).toISOString() : '',
  };
}

/** True when days strictly increase (a series written once): then every row is its date's latest. */
function oneRowPerDay(rows: readonly StoredRow[]): boolean {
  for (let i = 1; i < rows.length; i++) if ((rows[i] as StoredRow).day <= (rows[i - 1] as StoredRow).day) return false;
  return true;
}

/** summarizeRows for rows with one row per day, without the per-date map. */
function summarizeDistinct(rows: readonly StoredRow[]): RowsSummary {
  let count = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let newest = Number.NEGATIVE_INFINITY;
  for (const r of rows) {
    if (r.retrievedMs > newest) newest = r.retrievedMs;
    if (Number.isNaN(r.value)) continue;
    count++;
    if (r.day < first) first = r.day;
    if (r.day > last) last = r.day;
  }
  return summary(rows.length, count, first, last, newest);
}

/**
 * Fingerprint of a write's input, without the retrieval time of its plain fetch: the vintages'
 * realtime starts and every (day, value). The same input written again at a later time appends
 * nothing (planWrite), so a matching fingerprint lets the writer skip reading the old file.
 */
export function inputFingerprint(batches: readonly ColumnBatch[], plainRetrievedMs: number): string {
  const h = createHash('sha1');
  for (const b of batches) {
    const n = b.day.length;
    const buf = new Float64Array(2 + 2 * n);
    buf[0] = b.retrievedMs === plainRetrievedMs ? -1 : b.retrievedMs;
    buf[1] = n;
    for (let i = 0; i < n; i++) {
      buf[2 + 2 * i] = b.day[i] as number;
      buf[3 + 2 * i] = b.value[i] as number;
    }
    h.update(new Uint8Array(buf.buffer));
  }
  return h.digest('hex');
}
