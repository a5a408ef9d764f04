import { type DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { toDay, toIso } from '../series/dates.ts';
import type { FetchedSeries, IsoDate, Observation, Point } from '../series/types.ts';
import { replaceFile } from './durable.ts';
import { isoToDay } from './isoDay.ts';
import { acquireWriteLock, type WriteLock } from './lock.ts';
import { migrate } from './migrations.ts';
import { SyncLog, type SyncRecord } from './syncLog.ts';
import { typedColumns } from './typedColumns.ts';
import { type Batch, planWrite, sameValue } from './writePlan.ts';
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

export { sameValue };

/** One stored observation as read back: day number, value (NaN = missing), retrieval time in epoch ms. */
interface Row {
  day: number;
  value: number;
  retrievedMs: number;
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
      // origin is not read back here: no reader needs it, and strings are the costly column.
      `SELECT (date - DATE '1970-01-01')::INTEGER AS d, value, epoch_ms(retrieved_at)::DOUBLE AS r
       FROM read_parquet(${lit(file)}) ORDER BY retrieved_at, date`,
    );
    const [d, v, t] = r.getColumnsJS() as [number[], (number | null)[], number[]];
    const out = new Array<Row>(d.length);
    for (let i = 0; i < d.length; i++) out[i] = { day: d[i] as number, value: v[i] ?? Number.NaN, retrievedMs: t[i] as number };
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
    const vintages = [...(fetched.vintages ?? [])].sort((a, b) => (a.realtimeStart < b.realtimeStart ? -1 : a.realtimeStart > b.realtimeStart ? 1 : 0));
    for (const v of vintages) {
      if (Number.isNaN(isoToDay(v.realtimeStart))) throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: vintage realtime start is not a date: ${JSON.stringify(v.realtimeStart)}`);
      checkUniqueDates(fetched, v.points, `vintage ${v.realtimeStart}`);
    }
    checkUniqueDates(fetched, fetched.points);
    // ALFRED vintages are stored as retrieved at their realtime start (00:00Z), oldest first.
    const batches: Batch[] = [
      ...vintages.map((v) => ({ retrievedMs: isoToDay(v.realtimeStart) * MS_PER_DAY, points: dayPoints(fetched, v.points) })),
      { retrievedMs, points: dayPoints(fetched, fetched.points) },
    ];
    const existing = await this.rows(fetched.seriesId);
    const plan = planWrite(existing, batches);
    if (plan.append.length > 0) {
      await this.rewrite(file, existing.length > 0, plan.append, fetched.origin);
    }
    return {
      seriesId: fetched.seriesId,
      added: plan.added,
      revised: plan.revised,
      unchanged: plan.unchanged,
      lastDate: plan.lastDay === null ? null : toIso(plan.lastDay),
    };
  }

  /**
   * Old rows + new rows → a temp Parquet file beside the series file, fsync, rename over it.
   * New rows go in through an appender of numbers only; their origin (one per write) is a SQL
   * literal, which keeps strings out of the per-row path.
   */
  private async rewrite(file: string, hasOld: boolean, appended: readonly Row[], origin: string): Promise<void> {
    await this.conn.run('CREATE OR REPLACE TEMP TABLE staging (d INTEGER, value DOUBLE, r DOUBLE)');
    const app = await this.conn.createAppender('staging');
    for (const r of appended) {
      app.appendInteger(r.day);
      if (Number.isNaN(r.value)) app.appendNull();
      else app.appendDouble(r.value);
      app.appendDouble(r.retrievedMs);
      app.endRow();
    }
    app.closeSync();
    const tmp = `${file}.tmp-${process.pid}`;
    const fresh = `SELECT DATE '1970-01-01' + d AS date, value, make_timestamp((r * 1000)::BIGINT) AS retrieved_at, ${lit(origin)} AS origin FROM staging`;
    const all = hasOld ? `SELECT date, value, retrieved_at, origin FROM read_parquet(${lit(file)}) UNION ALL ${fresh}` : fresh;
    try {
      await this.conn.run(`COPY (${all} ORDER BY retrieved_at, date) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
      replaceFile(tmp, file);
    } finally {
      rmSync(tmp, { force: true }); // only still there when the COPY or the rename failed
      await this.conn.run('DROP TABLE staging');
    }
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
    // NaN, not NULL, for a listed-but-missing value: the columns are copied as typed arrays (typedColumns.ts).
    const r = await this.conn.run(
      `SELECT f, (date - DATE '1970-01-01')::INTEGER AS d, coalesce(arg_max_null(value, retrieved_at), 'NaN'::DOUBLE) AS v, epoch_ms(max(retrieved_at))::DOUBLE AS r
       FROM (${scans}) WHERE (date - DATE '1970-01-01') BETWEEN ${lo} AND ${hi}${cut}
       GROUP BY f, date ORDER BY f, date`,
    );
    const [f, d, v, t] = typedColumns(await r.fetchAllChunks(), ['int32', 'int32', 'float64', 'float64']) as [Int32Array, Int32Array, Float64Array, Float64Array];
    let start = 0;
    for (let i = 1; i <= f.length; i++) {
      if (i < f.length && f[i] === f[start]) continue;
      const n = i - start;
      const dates = new Int32Array(n);
      const values = new Float64Array(n);
      let newest = 0;
      dates.set(d.subarray(start, i));
      values.set(v.subarray(start, i));
      for (let k = start; k < i; k++) newest = Math.max(newest, t[k] as number);
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

  /**
   * Dates with more than one distinct value among the rows retrieved by `asOf`: each value with
   * the retrieval that first stored it, oldest first. Consecutive equal values (a back-filled
   * vintage that matches a later retrieval) are one value, not a revision.
   */
  async revisions(seriesId: string, options: ReadOptions = {}): Promise<Revision[]> {
    const cutoff = asOfCutoff(options.asOf);
    const lo = options.from ? toDay(options.from) : -Infinity;
    const hi = options.to ? toDay(options.to) : Infinity;
    const byDay = new Map<number, Row[]>();
    for (const r of await this.rows(seriesId)) {
      if (r.retrievedMs > cutoff || r.day < lo || r.day > hi) continue;
      const rows = byDay.get(r.day);
      if (rows) rows.push(r);
      else byDay.set(r.day, [r]);
    }
    const out: Revision[] = [];
    for (const [day, rows] of byDay) {
      if (rows.length < 2) continue;
      rows.sort((a, b) => a.retrievedMs - b.retrievedMs);
      const changes = rows.filter((r, i) => i === 0 || !sameValue((rows[i - 1] as Row).value, r.value));
      if (changes.length < 2) continue;
      out.push({ date: toIso(day), values: changes.map((r) => ({ value: r.value, retrievedAt: new Date(r.retrievedMs).toISOString() })) });
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
    // Latest value per (series, date) in one pass over every file (arg_max, cheaper than a
    // window), then a summary per series. Temp files never match `*.parquet`.
    const r = await this.conn.runAndReadAll(`
      WITH latest AS (
        SELECT filename AS f, date, arg_max_null(value, retrieved_at) AS value, count(*) AS n, max(retrieved_at) AS r
        FROM read_parquet([${list}], filename = true, union_by_name = true) ${cut}
        GROUP BY filename, date
      )
      SELECT parse_filename(f, true) AS id,
             strftime(min(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
             strftime(max(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
             (count(*) FILTER (WHERE value IS NOT NULL))::INTEGER,
             sum(n)::INTEGER, strftime(max(r), '%Y-%m-%dT%H:%M:%S.%gZ')
      FROM latest GROUP BY f ORDER BY id`);
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

/** A duplicated date in one fetch is a source problem: refuse the whole write, naming the origin and the date. */
function checkUniqueDates(fetched: FetchedSeries, points: readonly Point[], where?: string): void {
  const seen = new Set<string>();
  for (const p of points) {
    if (seen.has(p.date)) {
      throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: date ${p.date} appears twice${where ? ` in ${where}` : ''}`);
    }
    seen.add(p.date);
  }
}

/** Points with day numbers; a date that is not `YYYY-MM-DD` is a DataFormatError naming the origin. */
function dayPoints(fetched: FetchedSeries, points: readonly Point[]): { day: number; value: number }[] {
  const out = new Array<{ day: number; value: number }>(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    const day = isoToDay(p.date);
    if (Number.isNaN(day)) throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: not a date (YYYY-MM-DD): ${JSON.stringify(p.date)}`);
    out[i] = { day, value: p.value };
  }
  return out;
}

/** Temp files are left only by a crashed writer: they never hold committed data. */
function removeTempFiles(dir: string): void {
  for (const f of readdirSync(dir)) if (f.includes('.parquet.tmp-')) rmSync(join(dir, f), { force: true });
}
