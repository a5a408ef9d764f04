import type { CatalogEntry } from '../series/catalog.ts';
import type { FetchedSeries, IsoDate, SourceName } from '../series/types.ts';
import type { SourceAdapter } from '../sources/source.ts';
import { StoreWriteError } from '../store/storeErrors.ts';
import type { Store } from '../store/store.ts';
import { mapLimit, Serial } from './limit.ts';

/** The outcome of syncing one series: one row of the summary table. */
export interface SyncRow {
  readonly seriesId: string;
  readonly source: SourceName | 'files';
  /** URL or file(s) the data came from; empty when the fetch failed before a request. */
  readonly origin: string;
  readonly added: number;
  readonly revised: number;
  readonly lastDate: IsoDate | null;
  /** One-line reason when the series failed; the other series are stored all the same. */
  readonly error?: string;
  /** Why the series was not fetched at all (a files-only series in a live sync). */
  readonly skipped?: string;
  /** True when its files were the same as at the last import (`sync --from`): not parsed, nothing written. */
  readonly unchanged?: true;
}

/** Progress callbacks, so the CLI can draw one bar per source. */
export interface SyncProgress {
  start?(group: string, total: number): void;
  done?(group: string, row: SyncRow): void;
}

function errorRow(seriesId: string, source: SyncRow['source'], origin: string, err: unknown): SyncRow {
  const message = err instanceof Error ? err.message : String(err);
  return { seriesId, source, origin, added: 0, revised: 0, lastDate: null, error: message.split('\n')[0] ?? message };
}

/**
 * Writes already-fetched series into the store one at a time (each write is its own atomic
 * unit; the store makes them visible in batches) and records the outcome in the sync log. A
 * StoreWriteError (disk full, read-only home) ends the sync: what was committed before stays. Used by both the live sync and the file import.
 */
async function writeOne(
  store: Store,
  serial: Serial,
  fetched: FetchedSeries,
  source: SyncRow['source'],
  retrievedAt: string,
): Promise<SyncRow> {
  try {
    // One writer at a time: the store's DuckDB connection is shared by every write.
    const r = await serial.run(() => store.write(fetched, retrievedAt));
    return { seriesId: fetched.seriesId, source, origin: fetched.origin, added: r.added, revised: r.revised, lastDate: r.lastDate };
  } catch (err) {
    // The store itself cannot be written (disk full, read-only): stop the whole sync.
    if (err instanceof StoreWriteError) throw err;
    return errorRow(fetched.seriesId, source, fetched.origin, err);
  }
}

/**
 * Downloads every entry from its source and stores it: all sources at once, each with its own
 * concurrency limit; a failed series becomes an error row and the rest go on.
 */
export async function syncFromSources(
  store: Store,
  entries: readonly CatalogEntry[],
  sources: Readonly<Record<SourceName, SourceAdapter>>,
  opts: { progress?: SyncProgress; now?: () => Date; signal?: AbortSignal } = {},
): Promise<SyncRow[]> {
  const now = opts.now ?? (() => new Date());
  const serial = new Serial();
  const bySource = new Map<SourceName, CatalogEntry[]>();
  const skipped: SyncRow[] = [];
  for (const e of entries) {
    const today = now().toISOString().slice(0, 10);
    if (e.filesOnly) skipped.push({ seriesId: e.id, source: e.source, origin: '', added: 0, revised: 0, lastDate: null, skipped: `files only: ${e.filesOnly}` });
    else if (e.live && (today < e.live.from || today > e.live.until)) {
      skipped.push({ seriesId: e.id, source: e.source, origin: '', added: 0, revised: 0, lastDate: null, skipped: `not listed on ${today}: ${e.source} serves it from ${e.live.from} to ${e.live.until}` });
    }
    else bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  }
  const groups = await Promise.all(
    [...bySource].map(async ([name, list]) => {
      const adapter = sources[name];
      opts.progress?.start?.(name, list.length);
      return mapLimit(list, adapter.concurrency, async (entry) => {
        let row: SyncRow;
        try {
          const fetched = await adapter.fetch(entry, opts.signal);
          row = await writeOne(store, serial, fetched, name, now().toISOString());
        } catch (err) {
          if (err instanceof StoreWriteError) throw err;
          row = errorRow(entry.id, name, '', err);
        }
        opts.progress?.done?.(name, row);
        return row;
      });
    }),
  );
  const rows = groups.flat();
  await record(store, rows, now());
  return [...rows, ...skipped];
}

/**
 * Stores series read from local files (`sync --from DIR`), all with one retrieval time.
 * `unchanged`: rows of series whose files were not read again (the same as at their last
 * import); they join the summary and the sync log as they are.
 */
export async function syncFromFetched(
  store: Store,
  fetched: readonly FetchedSeries[],
  opts: { progress?: SyncProgress; now?: () => Date; unchanged?: readonly SyncRow[] } = {},
): Promise<SyncRow[]> {
  const now = opts.now ?? (() => new Date());
  const serial = new Serial();
  const retrievedAt = now().toISOString();
  opts.progress?.start?.('files', fetched.length);
  const rows: SyncRow[] = [];
  for (const f of fetched) {
    const row = await writeOne(store, serial, f, 'files', retrievedAt);
    opts.progress?.done?.('files', row);
    rows.push(row);
  }
  rows.push(...(opts.unchanged ?? []));
  await record(store, rows, now());
  return rows;
}

async function record(store: Store, rows: readonly SyncRow[], at: Date): Promise<void> {
  await store.recordSync(
    rows.map((r) => ({
      seriesId: r.seriesId,
      at: at.toISOString(),
      origin: r.origin,
      ok: r.error === undefined,
      ...(r.error !== undefined ? { error: r.error } : {}),
      added: r.added,
      revised: r.revised,
    })),
  );
}
