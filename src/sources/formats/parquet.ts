import { DuckDBInstance } from '@duckdb/node-api';
import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate } from '../../series/types.ts';
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
export async function readParquetTable(path: string, origin: string = path): Promise<DatedTable> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  try {
    const src = `read_parquet('${path.replaceAll("'", "''")}')`;
    let schema: { name: string; type: string }[];
    try {
      const d = await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${src}`);
      schema = d.getRowObjectsJS().map((r) => ({ name: `${r.column_name as string}`, type: `${r.column_type as string}` }));
    } catch (e) {
      throw new DataFormatError(origin, `not a readable Parquet file (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    const dateCol = schema.find((c) => DATE_NAMES.includes(c.name.toLowerCase()) && /DATE|TIMESTAMP|VARCHAR/.test(c.type));
    if (!dateCol) throw new DataFormatError(origin, `no date column (columns: ${schema.map((c) => c.name).join(', ')})`);
    const valueCols = schema.filter((c) => c !== dateCol && NUMERIC.test(c.type));
    const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
    const dateExpr = `CAST(${q(dateCol.name)} AS DATE)`;
    const sql = `SELECT strftime(${dateExpr}, '%Y-%m-%d') AS __d, ${valueCols.map((c) => `CAST(${q(c.name)} AS DOUBLE)`).join(', ')} FROM ${src} ORDER BY 1`;
    const result = await conn.runAndReadAll(sql);
    const cols = result.getColumnsJS();
    const dates = (cols[0] ?? []).map((d, i) => {
      if (typeof d !== 'string') throw new DataFormatError(origin, `row ${i}: empty date`);
      return d as IsoDate;
    });
    assertUniqueDates(origin, dates, (i) => `row ${i}`);
    const raw = new Map<string, Float64Array>();
    valueCols.forEach((c, k) => {
      const src = cols[k + 1] ?? [];
      raw.set(c.name, Float64Array.from(src, (v) => (typeof v === 'number' ? v : NaN)));
    });
    return new DatedTable(origin, 'parquet', dates, undefined, raw, valueCols.length === 1 ? valueCols[0]?.name : undefined);
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
