import type { DayNumber, IsoDate } from './units.ts';

/** How often a series is observed. */
export type Frequency = 'daily' | 'weekly' | 'monthly' | 'quarterly' | 'annual';

/** Which adapter fetches a series (see src/sources/). */
export type SourceName = 'fred' | 'cboe' | 'yahoo' | 'coinbase' | 'eia' | 'dfa' | 'cftc' | 'sec';

/**
 * A time series in memory: parallel typed arrays, sorted by date, one value per date.
 * `values` uses NaN for a date the source lists without a value.
 */
export interface Series {
  readonly id: string;
  readonly title: string;
  readonly unit: string;
  readonly frequency: Frequency;
  readonly source: SourceName;
  /** Days since 1970-01-01, strictly increasing. */
  readonly dates: Int32Array;
  readonly values: Float64Array;
  /** ISO timestamp of the newest retrieval that contributed a value (or of the read's as-of cut). */
  readonly retrievedAt: string;
}

/** One value of one series at one date, as retrieved at one time. The store's unit of record. */
export interface Observation {
  readonly seriesId: string;
  readonly date: IsoDate;
  /** NaN when the source lists the date without a value (FRED's `.`, an empty cell). */
  readonly value: number;
  /** ISO timestamp (UTC) of the retrieval, or of the vintage for ALFRED data. */
  readonly retrievedAt: string;
}

/** A dated value as a source adapter or file parser produces it, before it is stored. */
export interface Point {
  readonly date: IsoDate;
  readonly value: number;
}

/**
 * Dated values as two parallel columns: day numbers (days since 1970-01-01, each once) and
 * values (NaN = listed without a value). What the file parsers read straight into, so an import
 * of ~10⁶ points allocates no object per point.
 */
export interface DayColumns {
  readonly day: Int32Array;
  readonly value: Float64Array;
}

/**
 * What one fetch of one series returns. `vintages` is set when the source gives real-time
 * history (ALFRED): each vintage is the series as published from `realtimeStart` on.
 */
export interface FetchedSeries {
  readonly seriesId: string;
  readonly points: readonly Point[];
  /**
   * The same points as columns, when the producer has them so (a folder import builds these and
   * `points` from them only when asked): the store then writes the columns and never reads `points`.
   */
  readonly columns?: DayColumns;
  /** Where the data came from: a URL or a file path, for messages and provenance. */
  readonly origin: string;
  readonly vintages?: readonly { readonly realtimeStart: IsoDate; readonly points: readonly Point[] }[];
  /** Set by a folder import (`sync --from`): the files read, so an identical re-import can skip them. */
  readonly imported?: ImportStamp;
}

/** One input file of a folder import as it was read: absolute path, size, modification time, SHA-256. */
export interface FileStamp {
  readonly path: string;
  readonly bytes: number;
  readonly mtimeMs: number;
  readonly sha256: string;
}

/**
 * What a series was imported from: every file the importer considered for it, in priority order,
 * and a `recipe` fingerprint (flowlens version, catalog entry, matching rules). The same recipe and
 * the same files give the same series, so a re-import can skip parsing them.
 */
export interface ImportStamp {
  readonly recipe: string;
  readonly files: readonly FileStamp[];
}

/** One settlement of a 30-day fed funds future (CME ZQ): price = 100 − average EFFR of the month. */
export interface FuturesQuote {
  /** Contract month `YYYY-MM`. */
  readonly month: string;
  readonly price: number;
  /** Contracts traded that day, where the source gives it. */
  readonly volume?: number;
  /** The contract's previous settlement, where known (a settlement equal to it with volume 0 did not trade). */
  readonly prevPrice?: number;
}

/** Day number helpers re-exported for the common case. */
export type { DayNumber, IsoDate };
