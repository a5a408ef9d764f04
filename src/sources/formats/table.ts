import { DataFormatError } from '../../core/errors.ts';
import { toDay, toIso } from '../../series/dates.ts';
import type { DayColumns, IsoDate, Point } from '../../series/types.ts';
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
  /**
   * The same as `points(column)` as day-number and value columns (a new pair of arrays the
   * caller owns), without an object per point: what the folder import reads.
   */
  dayValues(column?: string): DayColumns;
  /** The 1-based file line of the row dated `date`, when the format has lines (CSV). */
  lineOf?(date: IsoDate): number | undefined;
}

/** Resolves a requested column name against a file's columns: exact, then case-insensitive. */
export function findColumn(columns: readonly string[], wanted: string): string | undefined {
  if (columns.includes(wanted)) return wanted;
  const lower = wanted.toLowerCase();
  return columns.find((c) => c.toLowerCase() === lower);
}

/** Points of day-number and value columns (ISO dates). */
export function pointsOf(c: DayColumns): Point[] {
  const out = new Array<Point>(c.day.length);
  for (let i = 0; i < out.length; i++) out[i] = { date: toIso(c.day[i] as number), value: c.value[i] as number };
  return out;
}

/** Day-number and value columns of points with ISO dates (formats small enough to read as points). */
export function columnsOf(points: readonly Point[]): DayColumns {
  const day = new Int32Array(points.length);
  const value = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const p = points[i] as Point;
    day[i] = toDay(p.date);
    value[i] = p.value;
  }
  return { day, value };
}

/** A text cell source: the cell of a row (read when the column is first asked for). */
export type CellReader = (row: number) => string;

/**
 * A table with one date per row (unique) and columns of raw text cells or numbers; text cells are
 * converted to numbers on first use, so text columns nobody asks for (JOLTS labels) never fail.
 */
export class DatedTable implements ParsedFile {
  private readonly parsed = new Map<string, Float64Array>();
  /** Rows of each column whose cell was not a number (lenient read: reported and skipped). */
  private readonly badRows = new Map<string, Set<number>>();
  readonly columns: readonly string[];

  constructor(
    readonly origin: string,
    readonly format: string,
    /** Day number (days since 1970-01-01) of each row; unique. */
    readonly days: Int32Array,
    /** 1-based file line of each row, or undefined for formats without lines (JSON, Parquet). */
    readonly lines: Int32Array | undefined,
    /** Numbers, or a reader of the column's text cells (read on first use). */
    private readonly raw: ReadonlyMap<string, Float64Array | CellReader>,
    readonly defaultColumn: string | undefined,
    /**
     * When given (the folder import), a bad cell is reported here with its line and its row
     * skipped, instead of failing the whole column.
     */
    private readonly rowErrors?: DataFormatError[],
    /** The file does not end with a newline, so its last row may be cut off (see dayValues). */
    private readonly unterminated = false,
  ) {
    this.columns = [...raw.keys()];
  }

  /** The rows' dates as ISO strings (made on each call). */
  get dates(): IsoDate[] {
    return Array.from(this.days, (d) => toIso(d));
  }

  /** Numeric values of column `name` (exact or case-insensitive). */
  values(name: string): Float64Array {
    const col = findColumn(this.columns, name);
    if (col === undefined) {
      throw new DataFormatError(this.origin, `no column ${JSON.stringify(name)} (columns: ${listed(this.columns)})`);
    }
    const cached = this.parsed.get(col);
    if (cached) return cached;
    const source = this.raw.get(col) as Float64Array | CellReader;
    let out: Float64Array;
    if (source instanceof Float64Array) out = source;
    else {
      out = new Float64Array(this.days.length);
      for (let i = 0; i < out.length; i++) {
        const cell = source(i);
        const v = parseValueCell(cell);
        if (v === undefined) {
          const what = `column ${JSON.stringify(col)}: not a number: ${JSON.stringify(cell.length > 40 ? `${cell.slice(0, 40)}…` : cell)}`;
          if (!this.rowErrors) throw new DataFormatError(this.origin, what, this.lines?.[i]);
          this.rowErrors.push(new DataFormatError(this.origin, `${what}; row skipped`, this.lines?.[i]));
          this.badRowsOf(col).add(i);
          out[i] = NaN;
          continue;
        }
        out[i] = v;
      }
    }
    this.parsed.set(col, out);
    return out;
  }

  points(column?: string): Point[] {
    return pointsOf(this.dayValues(column));
  }

  dayValues(column?: string): DayColumns {
    const name = column ?? this.defaultColumn;
    if (name === undefined) {
      throw new DataFormatError(this.origin, `several value columns and none named: choose one of ${listed(this.columns)}`);
    }
    let values: Float64Array;
    if (findColumn(this.columns, name) === undefined && name.includes('-')) {
      values = this.difference(name);
    } else values = this.values(name);
    const col = findColumn(this.columns, name);
    const bad = col === undefined ? undefined : this.badRows.get(col);
    let day: Int32Array;
    let value: Float64Array;
    if (bad === undefined || bad.size === 0) {
      day = this.days.slice();
      value = values.slice();
    } else {
      day = new Int32Array(this.days.length - bad.size);
      value = new Float64Array(day.length);
      for (let i = 0, k = 0; i < this.days.length; i++) {
        if (bad.has(i)) continue;
        day[k] = this.days[i] as number;
        value[k++] = values[i] as number;
      }
    }
    if (this.rowErrors && this.unterminated && this.cutOffLast(day, value, name)) return { day: day.subarray(0, day.length - 1), value: value.subarray(0, value.length - 1) };
    return { day, value };
  }

  private rowByDay: Map<number, number> | undefined;

  lineOf(date: IsoDate): number | undefined {
    if (!this.lines) return undefined;
    this.rowByDay ??= new Map(Array.from(this.days, (d, i) => [d, i]));
    const i = this.rowByDay.get(toDay(date));
    return i === undefined ? undefined : this.lines[i];
  }

  private badRowsOf(col: string): Set<number> {
    let set = this.badRows.get(col);
    if (!set) this.badRows.set(col, (set = new Set()));
    return set;
  }

  /**
   * A file without a final newline may have been cut in the middle of its last number
   * (`…,89142` for 8914200). When the last value has lost 80% or more of the one before it (same
   * sign), it is reported as truncated, and true says to drop it; a complete last row keeps its value.
   */
  private cutOffLast(day: Int32Array, value: Float64Array, column: string): boolean {
    const n = value.length;
    if (n === 0) return false;
    const last = value[n - 1] as number;
    if (Number.isNaN(last)) return false;
    let k = n - 2;
    while (k >= 0 && Number.isNaN(value[k] as number)) k--;
    if (k < 0) return false;
    const prev = value[k] as number;
    if (prev === 0 || Math.sign(prev) !== Math.sign(last) || Math.abs(last) > 0.2 * Math.abs(prev)) return false;
    const line = this.lines?.[this.lines.length - 1];
    this.rowErrors?.push(new DataFormatError(this.origin, `column ${JSON.stringify(column)}: last value ${last} on ${toIso(day[n - 1] as number)} is under a fifth of the one before (${prev}) and the file has no final newline: truncated file? row skipped`, line));
    return true;
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
    throw new DataFormatError(this.origin, `no column ${JSON.stringify(expr)} and no two columns A-B that match it (columns: ${listed(this.columns)})`);
  }
}

/**
 * Throws a DataFormatError naming both lines when a date appears twice among `dates` (ISO
 * strings, or day numbers: named in ISO in the message). `where(i)` gives the 1-based line (or a
 * JSON path) of row i for the message.
 */
export function assertUniqueDates(origin: string, dates: readonly string[] | Int32Array, where: (i: number) => number | string, label = ''): void {
  // Most files are sorted: strictly increasing dates cannot repeat, and checking that is cheap.
  let increasing = true;
  for (let i = 1; i < dates.length && increasing; i++) increasing = (dates[i - 1] as string | number) < (dates[i] as string | number);
  if (increasing) return;
  const seen = new Map<string | number, number>();
  for (let i = 0; i < dates.length; i++) {
    const d = dates[i] as string | number;
    const j = seen.get(d);
    if (j !== undefined) {
      const a = where(j);
      const b = where(i);
      const line = typeof b === 'number' ? b : undefined;
      throw new DataFormatError(origin, `${label}duplicated date ${typeof d === 'number' ? toIso(d) : d}: ${describe(a)} and ${describe(b)}`, line);
    }
    seen.set(d, i);
  }
}

function describe(w: number | string): string {
  return typeof w === 'number' ? `line ${w}` : w;
}

/** Column names for a message, cut at 120 characters (a damaged header can be one huge cell). */
function listed(columns: readonly string[]): string {
  const all = columns.join(', ');
  return all.length > 120 ? `${all.slice(0, 120)}…` : all;
}
