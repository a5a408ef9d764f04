import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataFormatError, FlowlensError } from '../core/errors.ts';
import { toDay, toIso } from '../series/dates.ts';
import { sameImport } from '../series/importStamp.ts';
import type { FetchedSeries, ImportStamp, IsoDate, Observation, Point } from '../series/types.ts';
import type { EarningsCalendar, ReferenceSource } from '../series/earningsCalendar.ts';
import { checkFile } from './checksum.ts';
import { readEarningsCalendarFile, writeEarningsCalendarFile } from './earningsCalendar.ts';
import { fsyncDir, removeEmptyTree, writeDurable } from './durable.ts';
import { isoToDay } from './isoDay.ts';
import { acquireWriteLock, type WriteLock } from './lock.ts';
import { dataFileName, type Manifest, type ManifestEntry, nextManifest, readManifest, referencedFiles, seriesOfDataFile, writeManifest } from './manifest.ts';
import { CURRENT_SCHEMA_VERSION, migrate, schemaVersion } from './migrations.ts';
import { LazyDuck } from './lazyDuck.ts';
import { byRetrievalThenDate, concatColumns, inputFingerprint, lit, readFileColumns, readRowsFile, type RowsSummary, summarizeFirstWrite, summarizeRows } from './seriesRows.ts';
import { type SeriesFileColumns, seriesParquet } from './seriesParquet.ts';
import { storeWriteError } from './storeErrors.ts';
import { SyncLog, type SyncRecord } from './syncLog.ts';
import { type FileRows, fileRows, latestOfFiles, splitByFile } from './fileRows.ts';
import { readSeriesFile } from './seriesParquetRead.ts';
import { typedColumns } from './typedColumns.ts';
import { type Batch, batchColumns, batchRows, type ColumnBatch, firstWriteColumns, planWrite, rowColumns, type RowColumns, sameValue, type StoredRow } from './writePlan.ts';
import type { ReadOptions, Revision, Store, StoredSeriesInfo, WriteResult } from './store.ts';

const SERIES_ID = /^[A-Z0-9_]+$/;
const MS_PER_DAY = 86_400_000;
/**
 * Series staged before the writer commits them on its own, in the background (a crash loses at
 * most the batch in flight and the one being staged: a resumed sync writes them again).
 */
const COMMIT_EVERY = 128;

/** How to open the store: readers take no lock; one writer at a time. */
export interface OpenOptions {
  /** The flowlens home directory; the store lives in `<home>/store`. */
  readonly home: string;
  readonly mode: 'read' | 'write';
  /** Where a damaged series is reported, one line each (default: stderr). */
  readonly warn?: (line: string) => void;
}

/** Paths of a store directory. */
export function storePaths(home: string) {
  const root = join(home, 'store');
  return {
    root,
    series: join(root, 'series'),
    meta: join(root, 'store.json'),
    manifest: join(root, 'manifest.json'),
    quarantine: join(root, 'quarantine'),
    syncLog: join(root, 'sync-log.jsonl'),
    lock: join(root, 'write.lock'),
    /** Reference data imported beside the series (not observations): the S&P 500 earnings calendar. */
    earningsCalendar: join(root, 'reference', 'sp500-earnings.json'),
    /** What each imported file held (format, columns) by its stamp (sources/files/columnIndex.ts): a re-import need not parse a file to know it. */
    fileColumns: join(root, 'file-columns.json'),
  };
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

type Row = StoredRow;

/** A series written since the last manifest swap: its new rows, and the old file they extend. */
interface Staged {
  readonly appended: RowColumns;
  readonly origin: string;
  /** The current data file whose rows the new file starts with; null when none (or damaged). */
  readonly oldFile: string | null;
  readonly summary: RowsSummary;
  readonly input: string;
  readonly touched: number;
  readonly imported: ImportStamp | undefined;
}

/** A series whose write appended nothing: only its manifest entry changes. */
interface Restamp {
  readonly input: string;
  readonly touched: number;
  readonly imported: ImportStamp | undefined;
}

/** A series damaged on disk: its file and why. */
export interface DamagedSeries {
  readonly seriesId: string;
  readonly file: string;
  readonly reason: string;
}

/** The line that reports a damaged series and how to repair it. */
export function damageLine(d: DamagedSeries): string {
  return `flowlens: ${d.file}: ${d.seriesId} is damaged (${d.reason}); skipped — repair with \`flowlens sync --only ${d.seriesId}\` (or \`flowlens sync --from DIR --only ${d.seriesId}\`); \`flowlens doctor\` checks every file`;
}

/**
 * The store as immutable Parquet data files (`series/ID.<generation>.parquet`) named by a
 * manifest (`manifest.json`: file, size, SHA-256 and summary per series), queried through an
 * in-memory DuckDB. Readers take the manifest once as their snapshot, verify each file's checksum
 * before its first read and open only files the snapshot names, so a sync writing at the same
 * time never mixes versions. The writer stages series as new files, then swaps the manifest by
 * rename (one swap per batch of up to COMMIT_EVERY series, written in the background while the
 * next batch is planned, and at every recordSync and close); files of the previous
 * generation are kept until the next swap for readers still on it. A crash leaves the last
 * swapped manifest, whole.
 */
export class ParquetStore implements Store {
  private readonly paths;
  private readonly log: SyncLog;
  private manifest: Manifest;
  private manifestKey: string;
  private readonly staged = new Map<string, Staged>();
  /** Input fingerprints (and import stamps) of series whose write appended nothing (only the manifest changes). */
  private readonly restamped = new Map<string, Restamp>();
  /** The commit writing in the background and the series it holds (see startCommit). */
  private inFlight: { readonly ids: ReadonlySet<string>; readonly done: Promise<void> } | undefined;
  /** The error of a background commit, thrown by the next write. */
  private failed: Error | undefined;
  private readonly damage = new Map<string, DamagedSeries>();
  /** A reader's rows per data file (fileRows), for the snapshot it reads. */
  private readonly rowCache = new Map<string, FileRows>();
  private readonly warn: (line: string) => void;
  /** Where this writer's commits stage their files (series/.commit.tmp-<pid>, removed at close). */
  private readonly stagingDir: string;

  private constructor(
    home: string,
    /** Started on first use: a sync that finds nothing changed never starts it. */
    private readonly duck: LazyDuck,
    private readonly lock: WriteLock | undefined,
    warn: ((line: string) => void) | undefined,
  ) {
    this.paths = storePaths(home);
    this.log = new SyncLog(this.paths.syncLog);
    this.stagingDir = join(this.paths.series, `.commit.tmp-${process.pid}`);
    this.warn = warn ?? ((line) => process.stderr.write(`${line}\n`));
    this.manifestKey = this.statKey();
    this.manifest = readManifest(this.paths.manifest);
  }

  /** Opens (and, for a writer, creates and migrates) the store under `home`. */
  static async open(opts: OpenOptions): Promise<ParquetStore> {
    const paths = storePaths(opts.home);
    let lock: WriteLock | undefined;
    if (opts.mode === 'write') {
      try {
        mkdirSync(paths.series, { recursive: true });
        lock = acquireWriteLock(paths.lock);
      } catch (err) {
        if (err instanceof FlowlensError) throw err;
        throw storeWriteError(paths.root, err);
      }
    }
    const duck = new LazyDuck();
    try {
      // Only when the schema must change (or a reader is refused an old one).
      if ((opts.mode === 'write' || existsSync(paths.meta)) && schemaVersion(paths) !== CURRENT_SCHEMA_VERSION) {
        // DuckDB starts only if a step reads a file: a new store's migrations read none.
        await migrate(() => duck.connection(), paths, { readOnly: opts.mode === 'read' });
      }
      const store = new ParquetStore(opts.home, duck, lock, opts.warn);
      if (opts.mode === 'write') store.collectGarbage();
      return store;
    } catch (err) {
      await duck.close();
      lock?.release();
      throw err;
    }
  }

  /** The manifest generation this store reads (changes with every swap). */
  get generation(): number {
    return this.manifest.generation;
  }

  /** The snapshot this store reads from. */
  snapshot(): Manifest {
    return this.manifest;
  }

  /**
   * What the stored data of a series was imported from (`sync --from`), when its data file is
   * whole (checksum verified): an import of the same files can then skip them. Undefined after a
   * live sync, for a damaged file, or a series never stored.
   */
  importStamp(seriesId: string): ImportStamp | undefined {
    const e = this.manifest.series[seriesId];
    if (e?.imported === undefined || this.fileOf(seriesId) === null) return undefined;
    return e.imported;
  }

  /**
   * The S&P 500 earnings calendar imported by `sync --from` (store/reference/sp500-earnings.json),
   * or undefined when none was; a damaged file is a one-line FlowlensError naming it. Read from
   * the file on each call (it is replaced whole by a sync, never changed in place).
   */
  earningsCalendar(): EarningsCalendar | undefined {
    return readEarningsCalendarFile(this.paths.earningsCalendar);
  }

  /**
   * Stores the S&P 500 earnings calendar (a writer only), atomically: 'unchanged' — and nothing
   * written — when the stored one is whole and came from files with the same names, sizes and
   * SHA-256. A failed write is a StoreWriteError; the previous file stays as it was.
   */
  putEarningsCalendar(cal: EarningsCalendar): 'written' | 'unchanged' {
    if (!this.lock) throw new FlowlensError('the store was opened read-only: cannot store the earnings calendar');
    let old: EarningsCalendar | undefined;
    try {
      old = this.earningsCalendar();
    } catch {
      old = undefined; // damaged: replaced below
    }
    if (old && sameSources(old.sources, cal.sources)) return 'unchanged';
    try {
      writeEarningsCalendarFile(this.paths.earningsCalendar, cal);
    } catch (err) {
      throw storeWriteError(this.paths.root, err);
    }
    return 'written';
  }

  /** Series found damaged so far by this store's reads. */
  damaged(): DamagedSeries[] {
    return [...this.damage.values()];
  }

  private statKey(): string {
    const st = statSync(this.paths.manifest, { throwIfNoEntry: false });
    return st ? `${st.ino}:${st.size}:${st.mtimeMs}` : '';
  }

  /**
   * Takes a newer manifest if a writer swapped one since (a long-lived reader such as `serve`
   * calls this per request); true when the snapshot changed. One stat when nothing changed.
   */
  refresh(): boolean {
    if (this.lock) return false; // the writer's own manifest is always the newest
    const key = this.statKey();
    if (key === this.manifestKey) return false;
    const m = readManifest(this.paths.manifest);
    this.manifestKey = key;
    if (m.generation === this.manifest.generation) return false;
    this.manifest = m;
    this.damage.clear();
    this.rowCache.clear();
    return true;
  }

  private checkId(seriesId: string): void {
    if (!SERIES_ID.test(seriesId)) throw new FlowlensError(`invalid series id "${seriesId}" (expected upper-case letters, digits and _)`);
  }

  private markDamaged(seriesId: string, file: string, reason: string): void {
    if (this.damage.has(seriesId)) return;
    const d = { seriesId, file, reason };
    this.damage.set(seriesId, d);
    this.warn(damageLine(d));
  }

  /**
   * The verified data file of a series in the snapshot, or null (never stored, or damaged: then
   * reported once). A file gone because the snapshot is two swaps old moves to the newest manifest.
   */
  private fileOf(seriesId: string): string | null {
    this.checkId(seriesId);
    for (let attempt = 0; ; attempt++) {
      const e = this.manifest.series[seriesId];
      if (!e || this.damage.has(seriesId)) return null;
      const path = join(this.paths.series, e.file);
      const bad = checkFile(path, e.bytes, e.sha256);
      if (bad === null) return path;
      if (bad === 'file missing' && attempt === 0 && this.refresh()) continue;
      this.markDamaged(seriesId, path, bad);
      return null;
    }
  }

  /** Runs a read of verified files; a file that fails to parse marks its series damaged and the read runs again without it. */
  private async readVerified<T>(ids: readonly string[], read: (files: Map<string, string>) => Promise<T>): Promise<T> {
    // A writer reading a series it staged commits first; other reads leave the batch open.
    if (ids.some((id) => this.pending(id))) await this.commit();
    for (;;) {
      const files = new Map<string, string>();
      for (const id of ids) {
        const f = this.fileOf(id);
        if (f) files.set(id, f);
      }
      try {
        return await read(files);
      } catch (err) {
        if (this.refresh()) continue;
        // Find which file fails on its own (a file whose checksum matches but a writer wrote badly).
        let found = false;
        for (const [id, f] of files) {
          try {
            await (await this.duck.connection()).run(`SELECT count(*) FROM read_parquet(${lit(f)})`);
          } catch (e) {
            this.markDamaged(id, f, (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? 'unreadable');
            found = true;
          }
        }
        if (!found) throw err;
      }
    }
  }

  private async rows(seriesId: string): Promise<Row[]> {
    return this.readVerified([seriesId], async (files) => {
      const f = files.get(seriesId);
      return f ? readRowsFile(await this.duck.connection(), f) : [];
    });
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
    const id = fetched.seriesId;
    this.checkId(id);
    const retrievedMs = Date.parse(retrievedAt);
    if (Number.isNaN(retrievedMs)) throw new FlowlensError(`invalid retrieval time "${retrievedAt}"`);
    const vintages = [...(fetched.vintages ?? [])].sort((a, b) => (a.realtimeStart < b.realtimeStart ? -1 : a.realtimeStart > b.realtimeStart ? 1 : 0));
    for (const v of vintages) {
      if (Number.isNaN(isoToDay(v.realtimeStart))) throw new DataFormatError(fetched.origin || id, `${id}: vintage realtime start is not a date: ${JSON.stringify(v.realtimeStart)}`);
    }
    // ALFRED vintages are stored as retrieved at their realtime start (00:00Z), oldest first.
    const batches: Batch[] = vintages.map((v) => {
      const points = dayPoints(fetched, v.points);
      checkUniqueDays(fetched, points.map((p) => p.day), `vintage ${v.realtimeStart}`);
      return { retrievedMs: isoToDay(v.realtimeStart) * MS_PER_DAY, points };
    });
    // The plain fetch as columns (a folder import hands them over as they are): a first write
    // (most of an import) stores them without an object per point; only a write over stored
    // rows or with vintages needs rows.
    const plain: ColumnBatch = { retrievedMs, ...(fetched.columns ?? dayColumns(fetched, fetched.points)) };
    checkUniqueDays(fetched, plain.day);
    if (this.failed !== undefined) throw this.failed;
    if (this.pending(id)) await this.commit(); // a second write of a series in one batch builds on the first
    const input = inputFingerprint([...batches.map(batchColumns), plain], retrievedMs);
    const entry = this.manifest.series[id];
    // The same input as last time, retrieved no earlier, appends nothing: skip reading the file
    // (after checking it, so a damaged file is rewritten from this input).
    if (entry && entry.input === input && entry.touched !== undefined && retrievedMs >= Date.parse(entry.lastRetrievedAt) && this.fileOf(id) !== null) {
      // The same data from other files (or from a live source): the manifest says where it came from.
      if (!sameImport(entry.imported, fetched.imported)) this.restamped.set(id, { input, touched: entry.touched, imported: fetched.imported });
      return { seriesId: id, added: 0, revised: 0, unchanged: entry.touched, lastDate: entry.lastDate };
    }
    const existing = await this.rows(id);
    // A first write (most of an import into an empty store) goes to columns without a row object
    // per point; a write over stored rows is planned row by row (writePlan.ts).
    const first = existing.length === 0 && batches.length === 0 ? firstWriteColumns(plain) : undefined;
    const plan = first
      ? { append: first.columns, added: first.columns.day.length, revised: 0, unchanged: 0, lastDay: first.lastDay, summary: () => summarizeFirstWrite(first.columns) }
      : (() => {
          const p = planWrite(existing, [...batches, batchRows(plain)]);
          return { ...p, append: rowColumns(p.append), summary: () => summarizeRows(existing.concat(p.append)) };
        })();
    const touched = plan.added + plan.revised + plan.unchanged;
    const oldFile = this.fileOf(id);
    if (plan.append.day.length > 0) {
      this.staged.set(id, { appended: plan.append, origin: fetched.origin, oldFile, summary: plan.summary(), input, touched, imported: fetched.imported });
      if (this.staged.size >= COMMIT_EVERY) this.startCommit();
    } else if (entry && oldFile) {
      this.restamped.set(id, { input, touched, imported: fetched.imported });
    }
    return { seriesId: id, added: plan.added, revised: plan.revised, unchanged: plan.unchanged, lastDate: plan.lastDay === null ? null : toIso(plan.lastDay) };
  }

  /** True when the series has a write not yet in the manifest (staged, or in the commit in flight). */
  private pending(seriesId: string): boolean {
    return this.staged.has(seriesId) || this.inFlight?.ids.has(seriesId) === true;
  }

  /**
   * Starts committing what is staged, after the commit in flight, without waiting for it: the
   * next series are planned while DuckDB writes these files. A failure is kept in `failed` and
   * thrown by the next write or commit.
   */
  private startCommit(): void {
    if (this.staged.size === 0 && this.restamped.size === 0) return;
    const staged = [...this.staged];
    const restamped = [...this.restamped];
    this.staged.clear();
    this.restamped.clear();
    const before = this.inFlight?.done;
    const done = (async () => {
      if (before) await before;
      await this.commitBatch(staged, restamped);
    })();
    // Observed at once (no unhandled rejection), thrown at the next write or commit.
    done.catch((err: unknown) => {
      this.failed ??= err instanceof Error ? err : new Error(String(err));
    });
    this.inFlight = { ids: new Set(staged.map(([id]) => id)), done };
  }

  /**
   * Makes every staged write durable and visible, and waits for it (and for the commit in
   * flight). A failure (disk full, read-only) leaves the previous manifest and its files
   * untouched and is one StoreWriteError line.
   */
  async commit(): Promise<void> {
    this.startCommit();
    const f = this.inFlight;
    if (f === undefined) return;
    try {
      await f.done;
    } finally {
      if (this.inFlight === f) this.inFlight = undefined;
    }
  }

  /**
   * One batch: all new rows go through one appender and one partitioned COPY (one file per
   * series, old rows first); the files are renamed to `ID.<generation>.parquet`, flushed and
   * hashed, the directory flushed, then the manifest is swapped.
   */
  private async commitBatch(staged: readonly [string, Staged][], restamped: readonly [string, Restamp][]): Promise<void> {
    const generation = this.manifest.generation + 1;
    const changed = new Map<string, ManifestEntry>();
    try {
      if (staged.length > 0) {
        await mkdir(this.stagingDir, { recursive: true });
        // Every file encoded (seriesParquet), written and flushed at once (parallel fsyncs share
        // ext4 journal commits: ~0.3 ms a file instead of ~6 ms one after another here), then
        // renamed; one directory fsync makes every rename durable before the manifest names them.
        const entries = await Promise.all(
          staged.map(async ([id, s], k): Promise<[string, ManifestEntry]> => {
            const data = seriesParquet(await this.fileColumns(s));
            const file = dataFileName(id, generation);
            const tmp = join(this.stagingDir, `${k}.parquet`);
            await writeDurable(tmp, data);
            await rename(tmp, join(this.paths.series, file));
            const sha256 = createHash('sha256').update(data).digest('hex');
            return [id, { file, bytes: data.length, sha256, ...s.summary, input: s.input, touched: s.touched, ...(s.imported ? { imported: s.imported } : {}) }];
          }),
        );
        for (const [id, e] of entries) changed.set(id, e);
        fsyncDir(this.paths.series);
      }
      for (const [id, r] of restamped) {
        const e = this.manifest.series[id];
        if (e && !changed.has(id)) {
          const next: { -readonly [K in keyof ManifestEntry]: ManifestEntry[K] } = { ...e, input: r.input, touched: r.touched };
          if (r.imported) next.imported = r.imported;
          else delete next.imported;
          changed.set(id, next);
        }
      }
      const next = nextManifest(this.manifest, changed);
      writeManifest(this.paths.manifest, next);
      this.manifest = next;
      this.manifestKey = this.statKey();
    } catch (err) {
      rmSync(this.stagingDir, { recursive: true, force: true });
      throw storeWriteError(this.paths.root, err);
    }
    this.collectGarbage();
  }

  /**
   * The rows of a staged series' new file: the old file's rows (with their origins) and the
   * appended ones, ordered by retrieval, then date (a vintage can be older than stored rows).
   */
  private async fileColumns(s: Staged): Promise<SeriesFileColumns> {
    const a = s.appended;
    const fresh: SeriesFileColumns = { day: a.day, value: a.value, retrievedMs: a.retrievedMs, origin: new Int32Array(a.day.length), origins: [s.origin] };
    const old = s.oldFile === null ? undefined : await readFileColumns(await this.duck.writer(), s.oldFile);
    return byRetrievalThenDate(old === undefined ? fresh : concatColumns(old, fresh));
  }

  /**
   * Deletes data files no manifest keeps (neither current nor the retained previous generation),
   * and temp files of crashed writers (in series/ and reference/). Files that are not the store's (a stray `X.parquet`) stay
   * for `flowlens doctor` to report.
   */
  private collectGarbage(): void {
    // A reference file half written by a crashed writer (its temp file; the file itself is whole).
    const refDir = dirname(this.paths.earningsCalendar);
    for (const n of existsSync(refDir) ? readdirSync(refDir) : []) if (n.includes('.tmp-')) rmSync(join(refDir, n), { force: true });
    const keep = referencedFiles(this.manifest);
    let names: string[];
    try {
      names = readdirSync(this.paths.series);
    } catch {
      return;
    }
    for (const n of names) {
      if (keep.has(n) || join(this.paths.series, n) === this.stagingDir) continue;
      if (seriesOfDataFile(n) !== null || n.includes('.tmp-')) rmSync(join(this.paths.series, n), { recursive: true, force: true });
    }
  }

  /**
   * Latest (or as-of) values of several series in one query over their files, as day-number and
   * value arrays sorted by date (no ISO strings on the way: a report reads ~150 series at once).
   * Series never stored (or damaged) are absent from the map.
   */
  async readManyArrays(seriesIds: readonly string[], options: ReadOptions = {}): Promise<Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>> {
    const cutoff = asOfCutoff(options.asOf);
    const lo = options.from ? toDay(options.from) : -2147483648;
    const hi = options.to ? toDay(options.to) : 2147483647;
    return this.readVerified(seriesIds, async (files) => {
      const out = new Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>();
      const ids = [...files.keys()];
      if (ids.length === 0) return out;
      const rows = await this.fileRows(ids.map((id) => files.get(id) as string));
      for (const [k, series] of latestOfFiles(rows, lo, hi, cutoff).entries()) if (series) out.set(ids[k] as string, series);
      return out;
    });
  }

  /**
   * Every stored row of each data file (verified paths), in read order. A reader keeps them per
   * file name: data files are immutable (a new generation is a new name), so `serve`'s next
   * request at another as-of date, and a read at a date's cutoff followed by one without it,
   * filter rows in memory instead of scanning the files again (the cache is emptied when the
   * store moves to a newer manifest). A writer reads through DuckDB each time.
   */
  private async fileRows(paths: readonly string[]): Promise<FileRows[]> {
    const cache = this.lock ? new Map<string, FileRows>() : this.rowCache;
    // The files this store wrote itself are decoded in JavaScript (seriesParquetRead.ts): a
    // cold read of a dashboard page's ~110 files then never waits for DuckDB. Any other goes
    // through DuckDB below.
    // A turn of the event loop every 16 files, so a server reading a page's inputs goes on
    // answering other requests (its stylesheet) meanwhile.
    const missing: string[] = [];
    let decoded = 0;
    for (const f of new Set(paths.filter((p) => !cache.has(p)))) {
      const rows = readSeriesFile(f);
      if (rows) cache.set(f, fileRows(rows.day, rows.value, rows.retrieved));
      else missing.push(f);
      if (++decoded % 16 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    if (missing.length) {
      // One scan of every file (DuckDB numbers them in list order: file_index). The newest
      // retrieval per date is picked in JS (latestPerDate): a GROUP BY and ORDER BY in SQL over
      // the ~300k rows of a report cost twice the scan. NaN, not NULL, for a listed-but-missing
      // value: the columns are copied as typed arrays (typedColumns.ts).
      const list = missing.map((f) => lit(f)).join(', ');
      const r = await (await this.duck.connection()).run(
        `SELECT file_index::INTEGER, (date - DATE '1970-01-01')::INTEGER AS d, coalesce(value, 'NaN'::DOUBLE), epoch_ms(retrieved_at)::DOUBLE
         FROM read_parquet([${list}], union_by_name = true)`,
      );
      const [f, d, v, t] = typedColumns(await r.fetchAllChunks(), ['int32', 'int32', 'float64', 'float64']) as [Int32Array, Int32Array, Float64Array, Float64Array];
      for (const [k, rows] of splitByFile(f, d, v, t, missing.length).entries()) cache.set(missing[k] as string, rows);
    }
    return paths.map((f) => cache.get(f) as FileRows);
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

  /**
   * Where the values a read at `asOf` uses came from: the newest retrieval time (ISO) at or
   * before `asOf` and the origin (URL or file) stored with that retrieval; nulls for none (an
   * origin is null on rows stored before provenance was kept).
   */
  async provenance(seriesId: string, options: Pick<ReadOptions, 'asOf'> = {}): Promise<{ retrievedAt: string | null; origin: string | null }> {
    const cutoff = asOfCutoff(options.asOf);
    const cut = Number.isFinite(cutoff) ? ` WHERE epoch_ms(retrieved_at) <= ${cutoff}` : '';
    return this.readVerified([seriesId], async (files) => {
      const f = files.get(seriesId);
      if (!f) return { retrievedAt: null, origin: null };
      const r = await (await this.duck.connection()).runAndReadAll(`SELECT strftime(max(retrieved_at), '%Y-%m-%dT%H:%M:%S.%gZ'), arg_max(origin, retrieved_at) FROM read_parquet(${lit(f)})${cut}`);
      const [at, origin] = (r.getRowsJS()[0] ?? [null, null]) as [string | null, string | null];
      return { retrievedAt: at, origin: origin === '' ? null : origin };
    });
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

  /**
   * One summary per stored series. Latest: from the manifest (each file's checksum verified, a
   * damaged series reported and left out); as of a date: one pass over every file.
   */
  async list(options: Pick<ReadOptions, 'asOf'> = {}): Promise<StoredSeriesInfo[]> {
    const cutoff = asOfCutoff(options.asOf);
    await this.commit();
    const ids = Object.keys(this.manifest.series);
    if (!Number.isFinite(cutoff)) {
      const out: StoredSeriesInfo[] = [];
      for (const id of ids) {
        const e = this.manifest.series[id] as ManifestEntry;
        if (this.fileOf(id) === null) continue;
        out.push({ seriesId: id, firstDate: e.firstDate, lastDate: e.lastDate, count: e.count, rows: e.rows, lastRetrievedAt: e.lastRetrievedAt });
      }
      return out;
    }
    return this.readVerified(ids, async (files) => {
      if (files.size === 0) return [];
      const list = [...files.values()].map(lit).join(', ');
      // Latest value per (series, date) in one pass over every file (arg_max, cheaper than a
      // window), then a summary per series.
      const r = await (await this.duck.connection()).runAndReadAll(`
        WITH latest AS (
          SELECT filename AS f, date, arg_max_null(value, retrieved_at) AS value, count(*) AS n, max(retrieved_at) AS r
          FROM read_parquet([${list}], filename = true, union_by_name = true) WHERE epoch_ms(retrieved_at) <= ${cutoff}
          GROUP BY filename, date
        )
        SELECT parse_filename(f, true) AS id,
               strftime(min(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
               strftime(max(date) FILTER (WHERE value IS NOT NULL), '%Y-%m-%d'),
               (count(*) FILTER (WHERE value IS NOT NULL))::INTEGER,
               sum(n)::INTEGER, strftime(max(r), '%Y-%m-%dT%H:%M:%S.%gZ')
        FROM latest GROUP BY f ORDER BY id`);
      return (r.getRowsJS() as [string, string | null, string | null, number, number, string][]).map(([name, first, last, count, rows, at]) => ({
        seriesId: name.replace(/\.\d+$/, ''),
        firstDate: first as IsoDate | null,
        lastDate: last as IsoDate | null,
        count,
        rows,
        lastRetrievedAt: at,
      }));
    });
  }

  /** From the manifest (first and last date with a latest value), without reading or verifying a data file. */
  async storedSpans(seriesIds: readonly string[]): Promise<Map<string, { readonly firstDate: IsoDate | null; readonly lastDate: IsoDate | null }>> {
    await this.commit();
    const out = new Map<string, { readonly firstDate: IsoDate | null; readonly lastDate: IsoDate | null }>();
    for (const id of seriesIds) {
      const e = this.manifest.series[id];
      if (e && !this.damage.has(id)) out.set(id, { firstDate: e.firstDate, lastDate: e.lastDate });
    }
    return out;
  }

  async recordSync(records: readonly SyncRecord[]): Promise<void> {
    if (!this.lock) throw new FlowlensError('store opened read-only');
    await this.commit();
    try {
      this.log.append(records);
    } catch (err) {
      throw storeWriteError(this.paths.root, err);
    }
  }

  async lastSync(): Promise<Map<string, SyncRecord>> {
    return this.log.last();
  }

  /**
   * Starts the store's DuckDB now instead of at the first read (`serve` calls it after it starts
   * listening, so the first visitor does not wait for the engine to start).
   */
  async prepare(): Promise<void> {
    await this.duck.connection();
  }

  /** Commits staged writes (a writer), then closes. The lock is released even when the commit fails. */
  async close(): Promise<void> {
    try {
      if (this.lock) await this.commit();
    } finally {
      if (this.lock) await removeEmptyTree(this.stagingDir);
      await this.duck.close();
      this.lock?.release();
    }
  }
}

/** True when two calendars came from the same two files (names, sizes, SHA-256). */
export function sameSources(a: EarningsCalendar['sources'], b: EarningsCalendar['sources']): boolean {
  const same = (x: ReferenceSource, y: ReferenceSource) => x.file === y.file && x.bytes === y.bytes && x.sha256 === y.sha256;
  return same(a.dates, b.dates) && same(a.weights, b.weights);
}

/** Opens the store under `home` (see ParquetStore.open). */
export function openStore(opts: OpenOptions): Promise<ParquetStore> {
  return ParquetStore.open(opts);
}

/**
 * A duplicated date in one fetch is a source problem: refuse the whole write, naming the origin
 * and the date. Day numbers that strictly increase (the usual, sorted input) need no set.
 */
function checkUniqueDays(fetched: FetchedSeries, days: ArrayLike<number>, where?: string): void {
  let sorted = true;
  for (let i = 1; i < days.length && sorted; i++) if ((days[i] as number) <= (days[i - 1] as number)) sorted = false;
  if (sorted) return;
  const seen = new Set<number>();
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (seen.has(d)) {
      throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: date ${toIso(d)} appears twice${where ? ` in ${where}` : ''}`);
    }
    seen.add(d);
  }
}

/** Points as day-number and value columns; a date that is not `YYYY-MM-DD` is a DataFormatError naming the origin. */
function dayColumns(fetched: FetchedSeries, points: readonly Point[]): { day: Int32Array; value: Float64Array } {
  const day = new Int32Array(points.length);
  const value = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    const d = isoToDay(p.date);
    if (Number.isNaN(d)) throw new DataFormatError(fetched.origin || fetched.seriesId, `${fetched.seriesId}: not a date (YYYY-MM-DD): ${JSON.stringify(p.date)}`);
    day[i] = d;
    value[i] = p.value;
  }
  return { day, value };
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
