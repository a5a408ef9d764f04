import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { FetchedSeries, IsoDate, Observation, Point } from '../series/types.ts';
import { acquireWriteLock, type WriteLock } from './lock.ts';
import { migrate } from './migrations.ts';
import { SyncLog, type SyncRecord } from './syncLog.ts';
import type { ReadOptions, Revision, Store, StoredSeriesInfo, WriteResult } from './store.ts';

const SERIES_ID = /^[A-Z0-9_]+$/;
const MS_PER_DAY = 86_400_000;

/** How to open the store: readers take no lock; one writer at a time. */
export interface OpenOptions {
  /** The flowlens home directory; the store lives in `<home>/store`. */
  readonly home: string;
  readonly mode: 'read' | 'write';
}

/** Paths of a store directory. */
export function storePaths(home: string) {
  const root = join(home, 'store');
  return { root, series: join(root, 'series'), meta: join(root, 'store.json'), syncLog: join(root, 'sync-log.jsonl'), lock: join(root, 'write.lock') };
}

/**
 * "As of" cut-off in epoch milliseconds: a bare date means the end of that day (UTC), a full
 * timestamp means that instant; undefined means no cut-off.
 */
export function asOfCutoff(asOf: string | undefined): number {
  if (asOf === undefined) return Number.POSITIVE_INFINITY;
  if (/^\d{4}-\d{2}-\d{2}$/.test(asOf)) return (toDay(asOf) + 1) * MS_PER_DAY - 1;
  const t = Date.parse(asOf);
  if (Number.isNaN(t)) throw new FlowlensError(`as-of must be a date YYYY-MM-DD or an ISO timestamp, got "${asOf}"`);
  return t;
}

/** Two stored values are the same observation if both are missing or they agree to 1e-12 relative (float noise). */
export function sameValue(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b));
}

interface Row {
  day: number;
  value: number;
  retrievedMs: number;
  origin: string;
}

/** SQL string literal. */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/**
 * The store as one Parquet file per series, queried through an in-memory DuckDB. Every write goes
 * to a temporary file that is fsynced and renamed over the old one, so a series is always wholly
 * old or wholly new on disk, and readers never wait for a writer.
 */
export class ParquetStore implements Store {
  private readonly paths;
  private readonly log: SyncLog;

  private constructor(
    home: string,
    private readonly db: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly lock: WriteLock | undefined,
  ) {
    this.paths = storePaths(home);
    this.log = new SyncLog(this.paths.syncLog);
  }

  /** Opens (and, for a writer, creates and migrates) the store under `home`. */
  static async open(opts: OpenOptions): Promise<ParquetStore> {
    const paths = storePaths(opts.home);
    let lock: WriteLock | undefined;
    if (opts.mode === 'write') {
      mkdirSync(paths.series, { recursive: true });
      lock = acquireWriteLock(paths.lock);
    }
    const db = await DuckDBInstance.create(':memory:');
    const conn = await db.connect();
    try {
      if (opts.mode === 'write') {
        await migrate(conn, paths);
        removeTempFiles(paths.series);
      } else if (existsSync(paths.meta)) {
        await migrate(conn, paths, { readOnly: true });
      }
    } catch (err) {
      conn.closeSync();
      lock?.release();
      throw err;
    }
    return new ParquetStore(opts.home, db, conn, lock);
  }

  private file(seriesId: string): string {
    if (!SERIES_ID.test(seriesId)) throw new FlowlensError(`invalid series id "${seriesId}" (expected upper-case letters, digits and _)`);
    return join(this.paths.series, `${seriesId}.parquet`);
  }

  private async rows(seriesId: string): Promise<Row[]> {
    const file = this.file(seriesId);
    if (!existsSync(file)) return [];
    const r = await this.conn.runAndReadAll(
      `SELECT (date - DATE '1970-01-01')::INTEGER AS d, value, epoch_ms(retrieved_at)::DOUBLE AS r, coalesce(origin, '') AS o
       FROM read_parquet(${lit(file)}) ORDER BY retrieved_at, date`,
    );
    const [d, v, t, o] = r.getColumnsJS() as [number[], (number | null)[], number[], string[]];
    const out: Row[] = new Array(d.length);
    for (let i = 0; i < d.length; i++) {
      out[i] = { day: d[i] as number, value: v[i] ?? Number.NaN, retrievedMs: t[i] as number, origin: o[i] as string };
    }
    return out;
  }

  /** Latest row per day among `rows` retrieved at or before `cutoffMs`. */
  private static latest(rows: readonly Row[], cutoffMs = Number.POSITIVE_INFINITY): Map<number, Row> {
    const latest = new Map<number, Row>();
    for (const r of rows) {
      if (r.retrievedMs > cutoffMs) continue;
      const have = latest.get(r.day);
      if (!have || r.retrievedMs >= have.retrievedMs) latest.set(r.day, r);
    }
    return latest;
  }

  async write(fetched: FetchedSeries, retrievedAt: string): Promise<WriteResult> {
    if (!this.lock) throw new FlowlensError('store opened read-only');
    const file = this.file(fetched.seriesId);
    const retrievedMs = Date.parse(retrievedAt);
    if (Number.isNaN(retrievedMs)) throw new FlowlensError(`invalid retrieval time "${retrievedAt}"`);
    const batches: { ms: number; points: readonly Point[] }[] = [
      ...[...(fetched.vintages ?? [])]
        .sort((a, b) => (a.realtimeStart < b.realtimeStart ? -1 : 1))
        .map((v) => ({ ms: toDay(v.realtimeStart) * MS_PER_DAY, points: v.points })),
      { ms: retrievedMs, points: fetched.points },
    ];
    for (const b of batches) checkUniqueDates(fetched, b.points);

    const existing = await this.rows(fetched.seriesId);
    const latest = ParquetStore.latest(existing);
    const before = new Set(latest.keys());
    const appended: Row[] = [];
    let added = 0;
    let revised = 0;
    let unchanged = 0;
    for (const b of batches) {
      for (const p of b.points) {
        const day = toDay(p.date);
        const have = latest.get(day);
        if (have && sameValue(have.value, p.value)) {
          if (b.ms === retrievedMs) unchanged++;
          continue;
        }
        const row = { day, value: p.value, retrievedMs: b.ms, origin: fetched.origin };
        appended.push(row);
        latest.set(day, row);
      }
    }
    for (const r of appended) {
      if (!before.has(r.day)) {
        added++;
        before.add(r.day);
      } else revised++;
    }
    // Re-seeing a date counts once however many vintages touched it.
    if (appended.length > 0) await this.rewrite(file, existing.length > 0, appended);
    let lastDay = -Infinity;
    for (const [day, r] of latest) if (!Number.isNaN(r.value) && day > lastDay) lastDay = day;
    return {
      seriesId: fetched.seriesId,
      added,
      revised,
      unchanged,
      lastDate: Number.isFinite(lastDay) ? toIso(lastDay) : null,
    };
  }

  /** Old rows + new rows → a temp Parquet file, fsync, rename over the series file. */
  private async rewrite(file: string, hasOld: boolean, appended: readonly Row[]): Promise<void> {
    await this.conn.run('CREATE OR REPLACE TEMP TABLE staging (d INTEGER, value DOUBLE, r DOUBLE, origin VARCHAR)');
    const app = await this.conn.createAppender('staging');
    for (const r of appended) {
      app.appendInteger(r.day);
      if (Number.isNaN(r.value)) app.appendNull();
      else app.appendDouble(r.value);
      app.appendDouble(r.retrievedMs);
      app.appendVarchar(r.origin);
      app.endRow();
    }
    app.closeSync();
    const tmp = `${file}.tmp-${process.pid}`;
    const fresh = `SELECT DATE '1970-01-01' + d AS date, value, make_timestamp((r * 1000)::BIGINT) AS retrieved_at, origin FROM staging`;
    const all = hasOld ? `SELECT date, value, retrieved_at, origin FROM read_parquet(${lit(file)}) UNION ALL ${fresh}` : fresh;
    await this.conn.run(`COPY (${all} ORDER BY retrieved_at, date) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    fsyncFile(tmp);
    renameSync(tmp, file);
    fsyncDir(this.paths.series);
    await this.conn.run('DROP TABLE staging');
  }

  /**
   * Latest (or as-of) values of several series in one query over their files, as day-number and
   * value arrays sorted by date (no ISO strings on the way: a report reads ~150 series at once).
   * Series never stored are absent from the map.
   */
  async readManyArrays(seriesIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>> {
    const ids = seriesIds.filter((id) => existsSync(this.file(id)));
    const out = new Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>();
    if (ids.length === 0) return out;
    const cutoff = asOfCutoff(options.asOf);
    const lo = options.from ? toDay(options.from) : -2147483648;
    const hi = options.to ? toDay(options.to) : 2147483647;
    const cut = Number.isFinite(cutoff) ? ` AND epoch_ms(retrieved_at) <= ${cutoff}` : '';
    // Newest retrieval per (series, date) in SQL; files are tagged by position, not by name strings.
    const scans = ids.map((id, i) => `SELECT ${i}::INTEGER AS f, date, value, retrieved_at FROM read_parquet(${lit(this.file(id))})`).join(' UNION ALL ');
    const r = await this.conn.runAndReadAll(
      `SELECT f, (date - DATE '1970-01-01')::INTEGER AS d, arg_max_null(value, retrieved_at) AS v, epoch_ms(max(retrieved_at))::DOUBLE AS r
       FROM (${scans}) WHERE (date - DATE '1970-01-01') BETWEEN ${lo} AND ${hi}${cut}
       GROUP BY f, date ORDER BY f, date`,
    );
    const cols = r.getColumnsJS();
    // An empty result has no columns at all.
    if (cols.length < 4 || (cols[0]?.length ?? 0) === 0) return out;
    const [f, d, v, t] = cols as [number[], number[], (number | null)[], number[]];
    let start = 0;
    for (let i = 1; i <= f.length; i++) {
      if (i < f.length && f[i] === f[start]) continue;
      const n = i - start;
      const dates = new Int32Array(n);
      const values = new Float64Array(n);
      let newest = 0;
      for (let k = 0; k < n; k++) {
        dates[k] = d[start + k] as number;
        values[k] = v[start + k] ?? Number.NaN;
        newest = Math.max(newest, t[start + k] as number);
      }
      out.set(ids[f[start] as number] as string, { dates, values, retrievedMs: newest });
      start = i;
    }
    return out;
  }

  async read(seriesId: string, options: ReadOptions = {}): Promise<Point[]> {
    const cutoff = asOfCutoff(options.asOf);
    const lo = options.from ? toDay(options.from) : -Infinity;
    const hi = options.to ? toDay(options.to) : Infinity;
    const latest = ParquetStore.latest(await this.rows(seriesId), cutoff);
    const out: Point[] = [];
    for (const [day, r] of latest) if (day >= lo && day <= hi) out.push({ date: toIso(day), value: r.value });
    return out.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  /** Newest retrieval time (ISO) among the rows a read at `asOf` uses, or '' for none. */
  async retrievedAt(seriesId: string, options: Pick<ReadOptions, 'asOf'> = {}): Promise<string> {
    const cutoff = asOfCutoff(options.asOf);
    let newest = -Infinity;
    for (const r of await this.rows(seriesId)) if (r.retrievedMs <= cutoff && r.retrievedMs > newest) newest = r.retrievedMs;
    return Number.isFinite(newest) ? new Date(newest).toISOString() : '';
  }

  async observations(seriesId: string): Promise<Observation[]> {
    return (await this.rows(seriesId)).map((r) => ({
      seriesId,
      date: toIso(r.day),
      value: r.value,
      retrievedAt: new Date(r.retrievedMs).toISOString(),
    }));
  }

  async revisions(seriesId: string, options: ReadOptions = {}): Promise<Revision[]> {
    const cutoff = asOfCutoff(options.asOf);
    const lo = options.from ? toDay(options.from) : -Infinity;
    const hi = options.to ? toDay(options.to) : Infinity;
    const byDay = new Map<number, Row[]>();
    for (const r of await this.rows(seriesId)) {
      if (r.retrievedMs > cutoff || r.day < lo || r.day > hi) continue;
      byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
    }
    const out: Revision[] = [];
    for (const [day, rows] of byDay) {
      if (rows.length < 2) continue;
      rows.sort((a, b) => a.retrievedMs - b.retrievedMs);
      out.push({ date: toIso(day), values: rows.map((r) => ({ value: r.value, retrievedAt: new Date(r.retrievedMs).toISOString() })) });
    }
    return out.sort((a, b) => (a.date < b.date ? -1 : 1));
  }

  async list(options: Pick<ReadOptions, 'asOf'> = {}): Promise<StoredSeriesInfo[]> {
    if (!existsSync(this.paths.series)) return [];
    const files = readdirSync(this.paths.series).filter((f) => f.endsWith('.parquet'));
    if (files.length === 0) return [];
    const cutoff = asOfCutoff(options.asOf);
    const cut = Number.isFinite(cutoff) ? `WHERE epoch_ms(retrieved_at) <= ${cutoff}` : '';
    const list = files.map((f) => lit(join(this.paths.series, f))).join(', ');
    // Latest value per (series, date) in one pass over every file, then a summary per series.
    const r = await this.conn.runAndReadAll(`
      WITH obs AS (
        SELECT parse_filename(filename, true) AS id, date, value, retrieved_at
        FROM read_parquet([${list}], filename = true, union_by_name = true) ${cut}
      ), ranked AS (
        SELECT id, date, value, row_number() OVER (PARTITION BY id, date ORDER BY retrieved_at DESC) AS k FROM obs
      ), totals AS (SELECT id, count(*)::INTEGER AS n, max(retrieved_at) AS r FROM obs GROUP BY id)
      SELECT id, strftime(min(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
             strftime(max(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
             (count(*) FILTER (WHERE value IS NOT NULL))::INTEGER,
             any_value(totals.n), strftime(any_value(totals.r), '%Y-%m-%dT%H:%M:%S.%gZ')
      FROM ranked JOIN totals USING (id) WHERE k = 1 GROUP BY id ORDER BY id`);
    return (r.getRowsJS() as [string, string | null, string | null, number, number, string][]).map(([id, first, last, count, rows, at]) => ({
      seriesId: id,
      firstDate: first as IsoDate | null,
      lastDate: last as IsoDate | null,
      count,
      rows,
      lastRetrievedAt: at,
    }));
  }

  async recordSync(records: readonly SyncRecord[]): Promise<void> {
    if (!this.lock) throw new FlowlensError('store opened read-only');
    this.log.append(records);
  }

  async lastSync(): Promise<Map<string, SyncRecord>> {
    return this.log.last();
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.db.closeSync();
    this.lock?.release();
  }
}

/** Opens the store under `home` (see ParquetStore.open). */
export function openStore(opts: OpenOptions): Promise<ParquetStore> {
  return ParquetStore.open(opts);
}

function checkUniqueDates(fetched: FetchedSeries, points: readonly Point[]): void {
  const seen = new Set<string>();
  for (const p of points) {
    if (seen.has(p.date)) throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: date ${p.date} appears twice`);
    seen.add(p.date);
  }
}

function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function fsyncDir(path: string): void {
  // Makes the rename durable; not supported on every platform (Windows), where it is skipped.
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* best effort */
  }
}

/** Temp files are left only by a crashed writer: they never hold committed data. */
function removeTempFiles(dir: string): void {
  for (const f of readdirSync(dir)) if (f.includes('.parquet.tmp-')) rmSync(join(dir, f), { force: true });
}
