import { DuckDBInstance } from '@duckdb/node-api';
import { renameSync, rmSync } from 'node:fs';
import type { Series } from '../series/types.ts';
import { wideColumns, type TableLayout } from '../views/seriesTable.ts';

/** SQL string literal. */
function lit(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

/** SQL identifier (series ids are [A-Z0-9_], quoted all the same). */
function ident(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

/**
 * Writes series to a Parquet file through an in-memory DuckDB (`COPY … TO … (FORMAT parquet)`):
 * `long` has columns `series_id VARCHAR, date DATE, value DOUBLE`; `wide` has `date DATE` and one
 * DOUBLE column per series named by its id (see seriesCsv for the row order). A missing value is
 * NULL. The file is written beside `file` and renamed into place, so a failed export leaves no
 * half-written file.
 */
export async function writeSeriesParquet(series: readonly Series[], layout: TableLayout, file: string): Promise<void> {
  const db = await DuckDBInstance.create(':memory:');
  const conn = await db.connect();
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    // Day numbers go in as integers and become DATEs in SQL: no date objects per row.
    if (layout === 'long') {
      await conn.run('CREATE TABLE t (series_id VARCHAR, d INTEGER, value DOUBLE)');
      const app = await conn.createAppender('t');
      for (const s of series) {
        for (let i = 0; i < s.dates.length; i++) {
          const v = s.values[i] as number;
          app.appendVarchar(s.id);
          app.appendInteger(s.dates[i] as number);
          if (Number.isNaN(v)) app.appendNull();
          else app.appendDouble(v);
          app.endRow();
        }
      }
      app.closeSync();
      await conn.run(`COPY (SELECT series_id, DATE '1970-01-01' + d AS date, value FROM t) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    } else {
      const { dates, columns } = wideColumns(series);
      await conn.run(`CREATE TABLE t (d INTEGER${series.map((s) => `, ${ident(s.id)} DOUBLE`).join('')})`);
      const app = await conn.createAppender('t');
      for (let i = 0; i < dates.length; i++) {
        app.appendInteger(dates[i] as number);
        for (const c of columns) {
          const v = c[i] as number;
          if (Number.isNaN(v)) app.appendNull();
          else app.appendDouble(v);
        }
        app.endRow();
      }
      app.closeSync();
      await conn.run(`COPY (SELECT DATE '1970-01-01' + d AS date${series.map((s) => `, ${ident(s.id)}`).join('')} FROM t) TO ${lit(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    }
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
    conn.closeSync();
    db.closeSync();
  }
}
