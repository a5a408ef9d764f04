import { readFile } from 'node:fs/promises';
import { decodeParquetColumn, type ParquetKind, ParquetUnsupported, readParquetFooter } from '../../core/parquetDecode.ts';
import { DataFormatError } from '../../core/errors.ts';
import { parseDayCell } from './cells.ts';
import { assertUniqueDates, DatedTable } from './table.ts';

const DATE_NAMES = ['date', 'fecha', 'observation_date', '__index_level_0__'];
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/;
/** The decoder's kinds DuckDB reads as numbers (NUMERIC) and as a date column's type. */
const NUMERIC_KINDS: ReadonlySet<ParquetKind> = new Set(['double', 'float', 'int', 'uint']);
const DATE_KINDS: ReadonlySet<ParquetKind> = new Set(['date', 'timestamp', 'text']);

/** Day numbers of 0001-01-01 and 9999-12-31: the dates the store keeps (parseDayCell's range). */
const FIRST_DAY = -719162;
const LAST_DAY = 2932896;

/** A wide table as read, before the row checks: rows sorted by date, NaN for a NULL or unusable date. */
interface SortedRows {
  readonly names: readonly string[];
  readonly days: Float64Array;
  /** The date of row i as DuckDB's strftime prints it, or undefined for NULL. */
  readonly dateText: (i: number) => string | undefined;
  readonly values: readonly Float64Array[];
}

/**
 * Reads a wide Parquet table (a `Date` column plus one numeric column per ticker, as pandas
 * writes a DataFrame with a DatetimeIndex). Each numeric column becomes a value column named as
 * in the file (`^GSPC`); nulls are NaN; the date is the calendar date of the timestamp (UTC);
 * rows come sorted by date. The file is decoded in JavaScript (core/parquetDecode.ts); a layout
 * it does not read (another codec or encoding, DECIMAL, nested or text columns) or bytes it
 * finds damaged go to DuckDB (readParquetTableDuckDB), imported only then. Throws
 * DataFormatError when the file cannot be read or has no date column. With `rowErrors`, a row with an empty or out-of-range date, or a
 * repeated date (after the first), is reported there and skipped instead of failing the file.
 */
export async function readParquetTable(path: string, origin: string = path, rowErrors?: DataFormatError[]): Promise<DatedTable> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw unreadable(origin, e);
  }
  try {
    return parquetTableOf(bytes, origin, rowErrors);
  } catch (e) {
    if (e instanceof DataFormatError) throw e;
    // ParquetUnsupported, ParquetCorrupt or a fault of the decoder itself: DuckDB reads the file
    // or reports it, so a damaged file gets today's answer. (The decoder is the stricter: of 400
    // byte-flipped fuzz files it refused 5 that DuckDB reads, e.g. a page counting more values
    // than its row group; those still read as before.)
    return readParquetTableDuckDB(path, origin, rowErrors);
  }
}

/**
 * readParquetTable's JavaScript half, on the file's bytes: the same table, or ParquetUnsupported
 * for a layout core/parquetDecode does not read and ParquetCorrupt for damaged bytes (thrown as
 * they are: readParquetTable then asks DuckDB, which reads the file or gives the one-line error).
 */
export function parquetTableOf(bytes: Uint8Array, origin: string, rowErrors?: DataFormatError[]): DatedTable {
  return tableOf(origin, decodeWide(bytes, origin), rowErrors);
}

/** The wide table in `bytes` through core/parquetDecode, with DuckDB's choice of date and value columns. */
function decodeWide(bytes: Uint8Array, origin: string): SortedRows {
  const file = readParquetFooter(bytes);
  // A column of a type not classified here might be the date or a number to DuckDB: let it decide.
  const odd = file.columns.find((c) => c.kind === 'unsupported');
  if (odd) throw new ParquetUnsupported(`column ${odd.name}: ${odd.why ?? ''}`);
  const dateCol = file.columns.find((c) => DATE_NAMES.includes(c.name.toLowerCase()) && DATE_KINDS.has(c.kind));
  if (!dateCol) throw noDateColumn(origin, file.columns.map((c) => c.name));
  if (dateCol.kind === 'text') throw new ParquetUnsupported('dates as text');
  const valueCols = file.columns.filter((c) => c !== dateCol && NUMERIC_KINDS.has(c.kind));
  const days = decodeParquetColumn(file, dateCol);
  const values = valueCols.map((c) => decodeParquetColumn(file, c));
  const order = dateOrder(days);
  return {
    names: valueCols.map((c) => c.name),
    days: order ? Float64Array.from(order, (i) => days[i] as number) : days,
    dateText: (i) => {
      const d = order ? days[order[i] as number] : days[i];
      return d === undefined || Number.isNaN(d) ? undefined : strftimeDate(d);
    },
    values: order ? values.map((v) => Float64Array.from(order, (i) => v[i] as number)) : values,
  };
}

/**
 * The row order of DuckDB's `ORDER BY strftime(date)`: by date, NULL last; undefined when the
 * rows are in that order already (a pandas file usually is). Ties keep file order. Dates outside
 * 0001–9999 (damage) sort as their text does, as in DuckDB.
 */
function dateOrder(days: Float64Array): Int32Array | undefined {
  const n = days.length;
  let sorted = true;
  let odd = false;
  for (let i = 0; i < n; i++) {
    const d = days[i] as number;
    if (Number.isNaN(d)) {
      if (i + 1 < n && !Number.isNaN(days[i + 1] as number)) sorted = false;
    } else if (d < FIRST_DAY || d > LAST_DAY) odd = true;
    else if (i > 0 && d < (days[i - 1] as number)) sorted = false;
  }
  if (sorted && !odd) return undefined;
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const text = odd ? Array.from(days, (d) => (Number.isNaN(d) ? '' : strftimeDate(d))) : undefined;
  const cmp = (a: number, b: number): number => {
    const x = days[a] as number;
    const y = days[b] as number;
    if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? a - b : 1) : -1;
    if (text) {
      const s = text[a] as string;
      const t = text[b] as string;
      return s < t ? -1 : s > t ? 1 : a - b;
    }
    return x - y || a - b;
  };
  return order.sort(cmp);
}

/**
 * A day number as DuckDB's `strftime(date, '%Y-%m-%d')` prints it: four-digit years, wider ones
 * as they are, years before 1 astronomical and unpadded (DuckDB prints 2 BC as -1).
 */
function strftimeDate(day: number): string {
  // Past Date's ±275 760 years (a damaged millisecond timestamp) there is no calendar to print.
  if (Math.abs(day) > 1e8) return `day ${day}`;
  const t = new Date(day * 86_400_000);
  const year = t.getUTCFullYear();
  const y = year >= 1 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
}

/**
 * The DatedTable of rows sorted by date: rows with an empty or out-of-range date, then repeats
 * of a date (the first kept), are reported in `rowErrors` and skipped, or throw without it.
 */
function tableOf(origin: string, rows: SortedRows, rowErrors?: DataFormatError[]): DatedTable {
  const { days, values } = rows;
  const defaultColumn = rows.names.length === 1 ? rows.names[0] : undefined;
  // The usual file: every date valid and each after the one before, so nothing to skip or check.
  let clean = true;
  for (let i = 0; i < days.length && clean; i++) {
    const d = days[i] as number;
    clean = Number.isInteger(d) && d >= FIRST_DAY && d <= LAST_DAY && (i === 0 || d > (days[i - 1] as number));
  }
  if (clean) return new DatedTable(origin, 'parquet', new Int32Array(days), undefined, new Map(rows.names.map((n, k) => [n, values[k] as Float64Array])), defaultColumn, rowErrors);
  const keep: number[] = [];
  for (let i = 0; i < days.length; i++) {
    const d = days[i] as number;
    if (Number.isInteger(d) && d >= FIRST_DAY && d <= LAST_DAY) {
      keep.push(i);
      continue;
    }
    const text = rows.dateText(i);
    // Years past 9999 (a damaged timestamp) print with more digits: not a date the store keeps.
    const what = text === undefined ? 'empty date' : `date ${JSON.stringify(text)} is not between 0001-01-01 and 9999-12-31`;
    if (rowErrors) rowErrors.push(new DataFormatError(origin, `row ${i}: ${what}; row skipped`));
    else throw new DataFormatError(origin, `row ${i}: ${what}`);
  }
  if (rowErrors) {
    // Sorted by date, so a repeat follows its first row: keep the first, report the others.
    for (let k = keep.length - 1; k > 0; k--) {
      const i = keep[k] as number;
      if (days[i] === days[keep[k - 1] as number]) {
        rowErrors.push(new DataFormatError(origin, `row ${i}: duplicated date ${rows.dateText(i) ?? ''}; row skipped`));
        keep.splice(k, 1);
      }
    }
  }
  const day = Int32Array.from(keep, (i) => days[i] as number);
  if (!rowErrors) assertUniqueDates(origin, day, (i) => `row ${i}`);
  const raw = new Map<string, Float64Array>();
  rows.names.forEach((name, k) => {
    const v = values[k] as Float64Array;
    raw.set(name, keep.length === v.length ? v : Float64Array.from(keep, (i) => v[i] as number));
  });
  return new DatedTable(origin, 'parquet', day, undefined, raw, defaultColumn, rowErrors);
}

/**
 * readParquetTable through an in-memory DuckDB `read_parquet` (the module imported on first
 * use): the fallback for layouts core/parquetDecode does not read, and the reference its tests
 * compare with. Same columns, order, row checks and errors.
 */
export async function readParquetTableDuckDB(path: string, origin: string = path, rowErrors?: DataFormatError[]): Promise<DatedTable> {
  // The bundle (scripts/build.mjs) inlines the CommonJS package: its dynamic import gives the exports under `default`.
  const m = await import('@duckdb/node-api');
  const instance = await (m.default ?? m).DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const src = `read_parquet('${path.replaceAll("'", "''")}')`;
    let schema: { name: string; type: string }[];
    try {
      const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
      schema = d.getRowObjectsJS().map((r) => ({ name: `${r.column_name as string}`, type: `${r.column_type as string}` }));
    } catch (e) {
      throw unreadable(origin, e);
    }
    const dateCol = schema.find((c) => DATE_NAMES.includes(c.name.toLowerCase()) && /DATE|TIMESTAMP|VARCHAR/.test(c.type));
    if (!dateCol) throw noDateColumn(origin, schema.map((c) => c.name));
    const valueCols = schema.filter((c) => c !== dateCol && NUMERIC.test(c.type));
    const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
    const dateExpr = `CAST(${q(dateCol.name)} AS DATE)`;
    const sql = `SELECT strftime(${dateExpr}, '%Y-%m-%d') AS __d, ${valueCols.map((c) => `CAST(${q(c.name)} AS DOUBLE)`).join(', ')} FROM ${src} ORDER BY 1`;
    let cols: unknown[][];
    try {
      cols = (await conn.runAndReadAll(sql)).getColumnsJS();
    } catch (e) {
      // A corrupt page surfaces only when the data is read (DuckDB's "TProtocolException: Invalid data").
      throw unreadable(origin, e);
    }
    const cells = cols[0] ?? [];
    return tableOf(
      origin,
      {
        names: valueCols.map((c) => c.name),
        days: Float64Array.from(cells, (c) => (typeof c === 'string' ? parseDayCell(c) : Number.NaN)),
        dateText: (i) => {
          const c = cells[i];
          return typeof c === 'string' ? c : undefined;
        },
        values: valueCols.map((_, k) => Float64Array.from(cols[k + 1] ?? [], (v) => (typeof v === 'number' ? v : Number.NaN))),
      },
      rowErrors,
    );
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The error for a file without a date column DuckDB or the decoder recognises. */
function noDateColumn(origin: string, names: readonly string[]): DataFormatError {
  return new DataFormatError(origin, `no date column (columns: ${names.join(', ')})`);
}

/** The one-line error for a Parquet file that cannot be read: the file, the reader's first line, and what to do. */
function unreadable(origin: string, e: unknown): DataFormatError {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return new DataFormatError(origin, `not a readable Parquet file (${first.slice(0, 120)}): the file is corrupt or truncated; download or export it again`);
}
