import { setMaxListeners } from 'node:events';
import { FetchError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import { plausibleRange, splitPlausible } from '../series/plausible.ts';
import { toDay } from '../series/dates.ts';
import type { FetchedSeries, IsoDate, SourceName } from '../series/types.ts';
import { SourceUnreachableError } from '../sources/breaker.ts';
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
  /** Why the series was not fetched at all (files only, not listed today, source unreachable, time limit). */
  readonly skipped?: string;
  /** True when its files were the same as at the last import (`sync --from`): not parsed, nothing written. */
  readonly unchanged?: true;
  /** What kind of skip: the CLI says "import offline" for the network ones. */
  readonly skipKind?: 'files-only' | 'not-listed' | 'unreachable' | 'time-limit';
  /**
   * Rows the source sent that were left out as implausible (a date before 1800 or past today's
   * margin, a non-finite or absurd value), one line each naming source, series and date; the
   * rest of the series was stored.
   */
  readonly warnings?: readonly string[];
}

/**
 * The default bound on a whole live sync, in seconds: 20 minutes. A full sync of the catalog
 * over a good connection takes a few minutes; past this, whatever is still unfetched is skipped
 * (and reported) rather than left to hang behind a dead network.
 */
export const DEFAULT_SYNC_TIME_LIMIT_S = 1200;

/** Progress callbacks, so the CLI can draw one bar per source. */
export interface SyncProgress {
  start?(group: string, total: number): void;
  done?(group: string, row: SyncRow): void;
}

function skippedRow(seriesId: string, source: SyncRow['source'], skipKind: NonNullable<SyncRow['skipKind']>, skipped: string): SyncRow {
  return { seriesId, source, origin: '', added: 0, revised: 0, lastDate: null, skipped, skipKind };
}

/**
 * The fetched points a live source sent that are plausible for the entry (same rule as the
 * file import: see series/plausible.ts), and one warning per point left out, naming source,
 * series and date. Vintages are filtered with the same rule.
 */
export function plausibleFetched(fetched: FetchedSeries, entry: CatalogEntry, source: SourceName, now: Date): { fetched: FetchedSeries; warnings: string[] } {
  const range = plausibleRange(entry, toDay(now.toISOString().slice(0, 10) as IsoDate));
  const warnings: string[] = [];
  const keep = (points: readonly FetchedSeries['points'][number][], vintage?: string) => {
    const { kept, rejected } = splitPlausible(points, range);
    for (const r of rejected) warnings.push(`${source} ${entry.id} ${r.point.date}${vintage ? ` (vintage ${vintage})` : ''}: ${r.reason}; row skipped`);
    return rejected.length === 0 ? points : kept;
  };
  const points = keep(fetched.points);
  const vintages = fetched.vintages?.map((v) => ({ realtimeStart: v.realtimeStart, points: keep(v.points, v.realtimeStart) }));
  if (warnings.length === 0) return { fetched, warnings };
  return { fetched: { ...fetched, points, ...(vintages ? { vintages } : {}) }, warnings };
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

/** Options of a live sync. */
export interface LiveSyncOptions {
  progress?: SyncProgress;
  now?: () => Date;
  /** Cancels the whole sync (Ctrl-C). */
  signal?: AbortSignal;
  /** Bound on the whole sync in ms (default DEFAULT_SYNC_TIME_LIMIT_S); what is unfetched then is skipped. */
  timeLimitMs?: number;
}

/**
 * Downloads every entry from its source and stores it: all sources at once, each with its own
 * concurrency limit; a failed series becomes an error row and the rest go on. A source whose
 * HTTP client's circuit breaker opens (N requests in a row with no answer) has every remaining
 * series skipped with the reason; past the time limit every unfetched series is skipped. Points
 * a source sends that are implausible are left out, each with a warning on its row.
 */
export async function syncFromSources(
  store: Store,
  entries: readonly CatalogEntry[],
  sources: Readonly<Record<SourceName, SourceAdapter>>,
  opts: LiveSyncOptions = {},
): Promise<SyncRow[]> {
  const now = opts.now ?? (() => new Date());
  const serial = new Serial();
  const bySource = new Map<SourceName, CatalogEntry[]>();
  const skipped: SyncRow[] = [];
  for (const e of entries) {
    const today = now().toISOString().slice(0, 10);
    if (e.filesOnly) skipped.push(skippedRow(e.id, e.source, 'files-only', `files only: ${e.filesOnly}`));
    else if (e.live && (today < e.live.from || today > e.live.until)) {
      skipped.push(skippedRow(e.id, e.source, 'not-listed', `not listed on ${today}: ${e.source} serves it from ${e.live.from} to ${e.live.until}`));
    }
    else bySource.set(e.source, [...(bySource.get(e.source) ?? []), e]);
  }
  const limitMs = opts.timeLimitMs ?? DEFAULT_SYNC_TIME_LIMIT_S * 1000;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limitMs);
  // The timer must not keep a finished process alive.
  timer.unref();
  const signal = opts.signal ? AbortSignal.any([opts.signal, deadline.signal]) : deadline.signal;
  // Every request of every source waiting out a backoff listens on this one signal (and stops
  // listening when done): more than Node's default of 10 at once is the design, not a leak, and
  // the warning printed mid-sync.
  setMaxListeners(0, signal);
  const timeLimitReason = `not fetched: the sync's time limit of ${formatSeconds(limitMs)} was reached (--max-time to change it)`;
  const unreachable = new Map<SourceName, string>();
  try {
    const groups = await Promise.all(
      [...bySource].map(async ([name, list]) => {
        const adapter = sources[name];
        opts.progress?.start?.(name, list.length);
        return mapLimit(list, adapter.concurrency, async (entry) => {
          let row: SyncRow;
          const down = unreachable.get(name);
          if (deadline.signal.aborted) row = skippedRow(entry.id, name, 'time-limit', timeLimitReason);
          else if (down !== undefined) row = skippedRow(entry.id, name, 'unreachable', down);
          else {
            try {
              const raw = await adapter.fetch(entry, signal);
              const { fetched, warnings } = plausibleFetched(raw, entry, name, now());
              const written = await writeOne(store, serial, fetched, name, now().toISOString());
              row = warnings.length > 0 ? { ...written, warnings } : written;
            } catch (err) {
              if (err instanceof StoreWriteError) throw err;
              if (err instanceof SourceUnreachableError) {
                const reason = `skipped: ${name} is unreachable: ${err.reason}`;
                if (!unreachable.has(name)) unreachable.set(name, reason);
                row = skippedRow(entry.id, name, 'unreachable', unreachable.get(name) ?? reason);
              } else if (deadline.signal.aborted && !opts.signal?.aborted && err instanceof FetchError) {
                row = skippedRow(entry.id, name, 'time-limit', timeLimitReason);
              } else row = errorRow(entry.id, name, '', err);
            }
          }
          opts.progress?.done?.(name, row);
          return row;
        });
      }),
    );
    const rows = groups.flat();
    // Only what was fetched (or failed) goes into the sync log: a skip says nothing about the series.
    await record(store, rows.filter((r) => r.skipped === undefined), now());
    return [...rows, ...skipped];
  } finally {
    clearTimeout(timer);
  }
}

/** "90 s", "20 min", "1 h 30 min": a time limit as a person reads it. */
export function formatSeconds(ms: number): string {
  if (ms < 10_000) return `${Number((ms / 1000).toFixed(1))} s`;
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h${m % 60 ? ` ${m % 60} min` : ''}`;
}

/**
 * Stores series read from local files as they come (ImportOptions.onSeries), all with one
 * retrieval time, one write at a time; `rows` collects each outcome in order. A
 * StoreWriteError (the store cannot be written) is thrown; any other failure is a row.
 */
export class FetchedWriter {
  readonly rows: SyncRow[] = [];
  private readonly serial = new Serial();

  constructor(
    private readonly store: Store,
    private readonly retrievedAt: string,
    private readonly progress?: SyncProgress,
  ) {}

  /** Writes one series and adds its row (the store makes the writes visible in batches). */
  async write(fetched: FetchedSeries): Promise<void> {
    const row = await writeOne(this.store, this.serial, fetched, 'files', this.retrievedAt);
    this.progress?.done?.('files', row);
    this.rows.push(row);
  }
}

/**
 * Stores series read from local files (`sync --from DIR`), all with one retrieval time.
 * `unchanged`: rows of series whose files were not parsed again (the same as at their last
 * import); they join the summary and the sync log as they are.
 */
export async function syncFromFetched(
  store: Store,
  fetched: readonly FetchedSeries[],
  opts: { progress?: SyncProgress; now?: () => Date; unchanged?: readonly SyncRow[] } = {},
): Promise<SyncRow[]> {
  const now = opts.now ?? (() => new Date());
  const writer = new FetchedWriter(store, now().toISOString(), opts.progress);
  opts.progress?.start?.('files', fetched.length);
  for (const f of fetched) await writer.write(f);
  return recordFetched(store, writer.rows, opts.unchanged ?? [], now());
}

/** The rows of a file import (written, then unchanged) recorded in the sync log, and returned. */
export async function recordFetched(store: Store, written: readonly SyncRow[], unchanged: readonly SyncRow[], at: Date): Promise<SyncRow[]> {
  const rows = [...written, ...unchanged];
  await record(store, rows, at);
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
