import { join } from 'node:path';
import { FetchedWriter, recordFetched, type SyncProgress, type SyncRow } from './runSync.ts';
import { type DirectoryImport, importDirectory } from '../sources/files.ts';
import { ColumnIndex } from '../sources/files/columnIndex.ts';
import type { ParquetStore } from '../store/parquetStore.ts';
import { type CalendarImport, importEarningsCalendar } from './earningsCalendar.ts';

/** What a folder import did (`sync --from DIR`, `serve --refresh` with a folder). */
export interface FolderSync {
  /** One row per series: written (or failed) in catalog order, then the unchanged ones. */
  readonly rows: readonly SyncRow[];
  /** What the folder held: problems, rows left out, unmatched files, missing series (its `series` is empty: they were written as they came). */
  readonly imported: DirectoryImport;
  /** What became of the S&P 500 earnings calendar. */
  readonly calendar: CalendarImport;
}

/** Options of a folder import. */
export interface FolderSyncOptions {
  /** The catalog ids to store (`--only`, `--source`); default: every series the folder holds. */
  readonly wanted?: ReadonlySet<string>;
  readonly progress?: SyncProgress;
  readonly now?: () => Date;
  /** Where the column index lives (what each file held, by its stamp): storePaths(home).fileColumns. */
  readonly columnsAt: string;
}

/**
 * Imports a folder into the store: each series is written as soon as its files are merged
 * (ImportOptions.onSeries), so the store's encoding and fsyncs of one batch overlap the parsing of
 * the next files instead of following all of it; series whose files are those of their last
 * import are not parsed (ParquetStore.importStamp); then the S&P 500 earnings calendar, the sync
 * log and the column index. Every write keeps the store's crash guarantee (a batch is visible
 * only once its manifest is swapped); a StoreWriteError ends the import.
 */
export async function syncFromFolder(store: ParquetStore, dir: string, opts: FolderSyncOptions): Promise<FolderSync> {
  const now = opts.now ?? (() => new Date());
  const wanted = (id: string): boolean => opts.wanted === undefined || opts.wanted.has(id);
  const columns = ColumnIndex.load(opts.columnsAt);
  const writer = new FetchedWriter(store, now().toISOString(), opts.progress);
  const imported = await importDirectory(dir, {
    previous: (id) => store.importStamp(id),
    columns,
    onPlan: (ids) => opts.progress?.start?.('files', ids.filter(wanted).length),
    onSeries: (s) => (wanted(s.seriesId) ? writer.write(s) : Promise.resolve()),
  });
  // The S&P 500 earnings calendar (reference data, not a series): stored whole when its files changed.
  const calendar = await importEarningsCalendar(store, dir, imported.unmatched.map((u) => u.file), now());
  const unchanged = imported.unchanged
    .filter((u) => wanted(u.seriesId))
    .map((u): SyncRow => ({ seriesId: u.seriesId, source: 'files', origin: u.files.map((f) => join(dir, f)).join(','), added: 0, revised: 0, lastDate: store.snapshot().series[u.seriesId]?.lastDate ?? null, unchanged: true }));
  for (const row of unchanged) opts.progress?.done?.('files', row);
  const rows = await recordFetched(store, writer.rows, unchanged, now());
  columns.save(opts.columnsAt);
  return { rows, imported, calendar };
}
