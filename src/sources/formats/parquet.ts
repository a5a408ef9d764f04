import { DuckDBInstance } from '@duckdb/node-api';
import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate } from '../../series/types.ts';
import { parseDayCell } from './cells.ts';
import { assertUniqueDates, DatedTable } from './table.ts';

const DATE_NAMES = ['date', 'fecha', 'observation_date', '__index_level_0__'];
const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL.*|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|UBIGINT|UINTEGER|USMALLINT|UTINYINT)$/;

/**
 * Reads a wide Parquet table (a `Date` column plus one numeric column per ticker, as pandas
 * writes a DataFrame with a DatetimeIndex) with an in-memory DuckDB `read_parquet`. Each numeric
 * column becomes a value column named as in the file (`^GSPC`); nulls are NaN; the date is the
 * calendar date of the timestamp. Throws DataFormatError when the file cannot be read or has no
 * date column.
 */
export async function readParquetTable(path: string, origin: string = path, rowErrors?: DataFormatError[]): Promise<DatedTable> {
  const instance = await DuckDBInstance.create(':memory:');
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
    if (!dateCol) throw new DataFormatError(origin, `no date column (columns: ${schema.map((c) => c.name).join(', ')})`);
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
    const keep: number[] = [];
    const dateCells = cols[0] ?? [];
    for (let i = 0; i < dateCells.length; i++) {
      const cell = dateCells[i];
      // Years past 9999 (a damaged timestamp) print with more digits: not a date the store keeps.
      const what = typeof cell !== 'string' ? 'empty date' : Number.isNaN(parseDayCell(cell)) ? `date ${JSON.stringify(cell)} is not between 0001-01-01 and 9999-12-31` : undefined;
      if (what === undefined) keep.push(i);
      else if (rowErrors) rowErrors.push(new DataFormatError(origin, `row ${i}: ${what}; row skipped`));
      else throw new DataFormatError(origin, `row ${i}: ${what}`);
    }
    const dates = keep.map((i) => dateCells[i] as IsoDate);
    if (rowErrors) {
      // Sorted by date, so a repeat follows its first row: keep the first, report the others.
      for (let k = dates.length - 1; k > 0; k--) {
        if (dates[k] === dates[k - 1]) {
          rowErrors.push(new DataFormatError(origin, `row ${keep[k] ?? k}: duplicated date ${dates[k] ?? ''}; row skipped`));
          dates.splice(k, 1);
          keep.splice(k, 1);
        }
      }
    } else assertUniqueDates(origin, dates, (i) => `row ${i}`);
    const raw = new Map<string, Float64Array>();
    valueCols.forEach((c, k) => {
      const src = cols[k + 1] ?? [];
      raw.set(c.name, Float64Array.from(keep, (i) => (typeof src[i] === 'number' ? src[i] : NaN)));
    });
    return new DatedTable(origin, 'parquet', Int32Array.from(dates, (d) => parseDayCell(d)), undefined, raw, valueCols.length === 1 ? valueCols[0]?.name : undefined, rowErrors);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

/** The one-line error for a Parquet file DuckDB cannot read: the file, DuckDB's first line, and what to do. */
function unreadable(origin: string, e: unknown): DataFormatError {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  return new DataFormatError(origin, `not a readable Parquet file (${first.slice(0, 120)}): the file is corrupt or truncated; download or export it again`);
}
