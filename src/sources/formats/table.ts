import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate, Point } from '../../series/types.ts';
import { parseValueCell } from './cells.ts';

/**
 * A parsed data file: one or more named value columns over dates. Every format parser
 * (CSV flavours, FRED JSON bundle, NDX/VIX JSON, Parquet) returns this, so the importer and the
 * HTTP adapters select a series the same way whatever the file looked like.
 */
export interface ParsedFile {
  readonly origin: string;
  /** Which format was recognised, e.g. `fredgraph`, `cboe-ohlc`, `yahoo`, `dfa`, `fred-json-bundle`. */
  readonly format: string;
  /** Names that `points(name)` accepts (CSV header names; series ids for bundles). */
  readonly columns: readonly string[];
  /** The column `points()` returns when none is named (Close, value, the single series…). */
  readonly defaultColumn: string | undefined;
  /**
   * The dated values of one column (file order; NaN = missing). `column` may also be
   * `A-B` (column A minus column B, CFTC net positions). Throws DataFormatError for an unknown
   * column, a non-numeric cell (with its line) or a file with no default column.
   */
  points(column?: string): Point[];
}

/** Resolves a requested column name against a file's columns: exact, then case-insensitive. */
export function findColumn(columns: readonly string[], wanted: string): string | undefined {
  if (columns.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  return columns.find((c) => c.toLowerCase() === lower);
}

/**
 * A table with one date per row (unique) and columns of raw text cells or numbers; text cells are
 * converted to numbers on first use, so text columns nobody asks for (JOLTS labels) never fail.
 */
export class DatedTable implements ParsedFile {
  private readonly parsed = new Map<string, Float64Array>();
  readonly columns: readonly string[];

  constructor(
    readonly origin: string,
    readonly format: string,
    readonly dates: readonly IsoDate[],
    /** 1-based file line of each row, or undefined for formats without lines (JSON, Parquet). */
    readonly lines: Int32Array | undefined,
    /** Numbers, or a function giving the column's text cells (read on first use). */
    private readonly raw: ReadonlyMap<string, Float64Array | (() => readonly string[])>,
    readonly defaultColumn: string | undefined,
  ) {
    this.columns = [...raw.keys()];
  }

  /** Numeric values of column `name` (exact or case-insensitive). */
  values(name: string): Float64Array {
    const col = findColumn(this.columns, name);
    if (col === undefined) {
      throw new DataFormatError(this.origin, `no column ${JSON.stringify(name)} (columns: ${this.columns.join(', ')})`);
    }
    const cached = this.parsed.get(col);
    if (cached) return cached;
    const source = this.raw.get(col) as Float64Array | (() => readonly string[]);
    let out: Float64Array;
    if (source instanceof Float64Array) out = source;
    else {
      const cells = source();
      out = new Float64Array(cells.length);
      for (let i = 0; i < cells.length; i++) {
        const v = parseValueCell(cells[i] as string);
        if (v === undefined) {
          throw new DataFormatError(this.origin, `column ${JSON.stringify(col)}: not a number: ${JSON.stringify(cells[i])}`, this.lines?.[i]);
        }
        out[i] = v;
      }
    }
    this.parsed.set(col, out);
    return out;
  }

  points(column?: string): Point[] {
    const name = column ?? this.defaultColumn;
    if (name === undefined) {
      throw new DataFormatError(this.origin, `several value columns and none named: choose one of ${this.columns.join(', ')}`);
    }
    let values: Float64Array;
    if (findColumn(this.columns, name) === undefined && name.includes('-')) {
      values = this.difference(name);
    } else values = this.values(name);
    const out = new Array<Point>(this.dates.length);
    for (let i = 0; i < this.dates.length; i++) out[i] = { date: this.dates[i] as IsoDate, value: values[i] as number };
    return out;
  }

  /** `A-B`: column A minus column B (split at the first `-` that leaves two known columns). */
  private difference(expr: string): Float64Array {
    for (let k = expr.indexOf('-'); k > 0; k = expr.indexOf('-', k + 1)) {
      const a = findColumn(this.columns, expr.slice(0, k).trim());
      const b = findColumn(this.columns, expr.slice(k + 1).trim());
      if (a === undefined || b === undefined) continue;
      const va = this.values(a);
      const vb = this.values(b);
      const out = new Float64Array(va.length);
      for (let i = 0; i < va.length; i++) out[i] = (va[i] as number) - (vb[i] as number);
      return out;
    }
    throw new DataFormatError(this.origin, `no column ${JSON.stringify(expr)} and no two columns A-B that match it (columns: ${this.columns.join(', ')})`);
  }
}

/**
 * Throws a DataFormatError naming both lines when a date appears twice among `dates`.
 * `where(i)` gives the 1-based line (or a JSON path) of row i for the message.
 */
export function assertUniqueDates(origin: string, dates: readonly string[], where: (i: number) => number | string, label = ''): void {
  // Most files are sorted: strictly increasing dates cannot repeat, and checking that is cheap.
  let increasing = true;
  for (let i = 1; i < dates.length && increasing; i++) increasing = (dates[i - 1] as string) < (dates[i] as string);
  if (increasing) return;
  const seen = new Map<string, number>();
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as string;
    const j = seen.get(d);
    if (j !== undefined) {
      const a = where(j);
      const b = where(i);
      const line = typeof b === 'number' ? b : undefined;
      throw new DataFormatError(origin, `${label}duplicated date ${d}: ${describe(a)} and ${describe(b)}`, line);
    }
    seen.set(d, i);
  }
}

function describe(w: number | string): string {
  return typeof w === 'number' ? `line ${w}` : w;
}
