import type { EarningsCalendar } from '../series/earningsCalendar.ts';
import type { FetchedSeries, IsoDate, Observation, Point } from '../series/types.ts';
import type { SyncRecord } from './syncLog.ts';

export type { SyncRecord };

/** What one write of one series changed. */
export interface WriteResult {
  readonly seriesId: string;
  /** Dates the store had no value for before. */
  readonly added: number;
  /** Dates whose latest value changed (a revision: both values are kept). */
  readonly revised: number;
  /** Dates seen again with the same value (nothing written). */
  readonly unchanged: number;
  /** Last date with a non-missing value after the write, or null. */
  readonly lastDate: IsoDate | null;
}

/** Options of a read. */
export interface ReadOptions {
  /** Only observations retrieved at or before this instant (ISO date or timestamp). Default: now. */
  readonly asOf?: string;
  /** First date to return (inclusive). */
  readonly from?: IsoDate;
  /** Last date to return (inclusive). */
  readonly to?: IsoDate;
}

/** Summary of one stored series, for `series list`. */
export interface StoredSeriesInfo {
  readonly seriesId: string;
  readonly firstDate: IsoDate | null;
  readonly lastDate: IsoDate | null;
  /** Dates with a non-missing latest value. */
  readonly count: number;
  /** Stored observation rows, all retrievals. */
  readonly rows: number;
  /** Newest retrieval time. */
  readonly lastRetrievedAt: string;
}

/** A date with more than one stored value: every value with its retrieval time, oldest first. */
export interface Revision {
  readonly date: IsoDate;
  readonly values: readonly { readonly value: number; readonly retrievedAt: string }[];
}

/**
 * The store: append-only observations with the time they were retrieved. Nothing is ever
 * overwritten or deleted; "latest" is the newest retrieval, "as of T" the newest at or before T.
 * Each call to `write` is atomic per series: after a crash, a series is wholly as before or wholly
 * updated. Implementations: DuckDB over Parquet (src/store/duckdbStore.ts).
 */
export interface Store {
  /** Appends a fetched series retrieved at `retrievedAt` (ISO timestamp); vintages are stored at their own dates. */
  write(fetched: FetchedSeries, retrievedAt: string): Promise<WriteResult>;
  /** Latest (or as-of) value per date, sorted by date. */
  read(seriesId: string, options?: ReadOptions): Promise<Point[]>;
  /** Latest (or as-of) values of several series at once as sorted day numbers and values; series never stored are absent. */
  readManyArrays(seriesIds: readonly string[], options?: ReadOptions): Promise<Map<string, { dates: Int32Array; values: Float64Array; retrievedMs: number }>>;
  /** Every stored row of a series, for audits and exports. */
  observations(seriesId: string): Promise<Observation[]>;
  /** Dates whose value changed between retrievals. */
  revisions(seriesId: string, options?: ReadOptions): Promise<Revision[]>;
  /** One summary per stored series. */
  list(options?: Pick<ReadOptions, 'asOf'>): Promise<StoredSeriesInfo[]>;
  /**
   * First and last date with a (latest) value of each of `seriesIds` the store holds, from what it
   * already records of every series (no data file read); series never stored, or damaged, are absent.
   */
  storedSpans(seriesIds: readonly string[]): Promise<Map<string, { readonly firstDate: IsoDate | null; readonly lastDate: IsoDate | null }>>;
  /** The S&P 500 earnings calendar imported by `sync --from`, or undefined; a damaged file is a one-line error naming it. */
  earningsCalendar(): EarningsCalendar | undefined;
  /** Appends the outcome of a sync run to the sync log. */
  recordSync(records: readonly SyncRecord[]): Promise<void>;
  /** The newest sync outcome of each series. */
  lastSync(): Promise<Map<string, SyncRecord>>;
  close(): Promise<void>;
}
