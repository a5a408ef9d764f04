import { alignMany } from '../series/align.ts';
import { toIso } from '../series/dates.ts';
import type { Series } from '../series/types.ts';

/** How several series are laid out in one table. */
export type TableLayout = 'long' | 'wide';

/** The sorted union of the series' dates: the rows of a wide table. */
export function unionDates(series: readonly Series[]): Int32Array {
  const all = new Set<number>();
  for (const s of series) for (const d of s.dates) all.add(d);
  return Int32Array.from(all).sort();
}

/**
 * Several series as one wide table: a row per date of any series (the union of their dates), a
 * column per series with its value on that date exactly (NaN where it has none, never filled).
 */
export function wideColumns(series: readonly Series[]): { dates: Int32Array; columns: Float64Array[] } {
  return alignMany(series, unionDates(series), { kind: 'exact' });
}

/** A number as a CSV field: the shortest text that reads back to the same double; empty for missing. */
function field(v: number): string {
  return Number.isNaN(v) ? '' : String(v);
}

/**
 * Series as CSV text for pandas, polars or DuckDB (`read_csv`): `long` is `series_id,date,value`,
 * one row per stored date, series in the order given; `wide` is `date,ID1,ID2,…`, one row per
 * date of any series (see wideColumns). Dates are ISO `YYYY-MM-DD`; a missing value is an empty
 * field, which all three read as null/NaN.
 */
export function seriesCsv(series: readonly Series[], layout: TableLayout): string {
  const lines: string[] = [];
  if (layout === 'long') {
    lines.push('series_id,date,value');
    for (const s of series) for (let i = 0; i < s.dates.length; i++) lines.push(`${s.id},${toIso(s.dates[i] as number)},${field(s.values[i] as number)}`);
  } else {
    const { dates, columns } = wideColumns(series);
    lines.push(['date', ...series.map((s) => s.id)].join(','));
    for (let i = 0; i < dates.length; i++) lines.push([toIso(dates[i] as number), ...columns.map((c) => field(c[i] as number))].join(','));
  }
  return `${lines.join('\n')}\n`;
}
