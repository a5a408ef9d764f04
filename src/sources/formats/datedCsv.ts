import { DataFormatError } from '../../core/errors.ts';
import type { IsoDate, Point } from '../../series/types.ts';
import { toDay, toIso } from '../../series/dates.ts';
import { parseDayCell, parseValueCell } from './cells.ts';
import { readCsv, type CsvTable } from './csv.ts';
import { assertUniqueDates, type CellReader, DatedTable, findColumn } from './table.ts';

/** The CSV flavours flowlens recognises from the header. */
export type CsvFormat =
  | 'fredgraph' // observation_date,<ID>  (FRED's fredgraph.csv) or DATE,<ID> (older FRED downloads)
  | 'date-value' // date,value / Date,Value and friends written by downloaders
  | 'cboe-ohlc' // DATE,OPEN,HIGH,LOW,CLOSE (MM/DD/YYYY)
  | 'cboe-single' // DATE,VVIX / DATE,SKEW …
  | 'yahoo' // Date,Open,High,Low,Close[,Adj Close],Volume in any order, or Date,High,Low,Close
  | 'eia-price' // Date,Price / Month,Price (datahub.io EIA packages)
  | 'cftc-tff' // CFTC Traders in Financial Futures, dated by Report_Date_as_YYYY-MM-DD
  | 'dfa' // Fed Distributional Financial Accounts: Date,Category,<columns> (one row per category)
  | 'multi-column'; // a date column plus several value columns (name the column)

const DATE_HEADERS = new Set(['observation_date', 'date', 'fecha', 'month', '']);
const CFTC_DATE = 'report_date_as_yyyy-mm-dd';

/**
 * Parses a dated CSV in any recognised flavour into a table of named value columns.
 * The format is chosen from the header (see CsvFormat); the default value column is CLOSE/Close
 * for price files, `value`/`Price` for downloads, and the only other column of a two-column file.
 * Throws DataFormatError (file and line) on an unknown date format, a duplicated date, a
 * truncated row, an HTML page or an empty file. Value cells are checked when a column is read.
 */
export function parseCsvFile(text: string, origin: string, rowErrors?: DataFormatError[]): DatedTable {
  let csv = readCsv(text, origin, rowErrors);
  const lower = csv.header.map((h) => h.toLowerCase());
  if (lower[0] === 'date' && lower[1] === 'category') return parseDfa(csv);
  const cftc = lower.indexOf(CFTC_DATE);
  const dateCol = cftc >= 0 ? cftc : DATE_HEADERS.has(lower[0] ?? '-') ? 0 : -1;
  if (dateCol < 0) {
    throw new DataFormatError(origin, `no date column: header is ${JSON.stringify(clip(csv.header.join(','), 120))}`, csv.headerLine);
  }
  const format = cftc >= 0 ? 'cftc-tff' : csvFormat(csv.header, lower, csv.rowCount > 0 ? csv.cell(0, 0) : '');
  let days: Int32Array;
  if (rowErrors) {
    // Lenient read: rows with a bad or repeated date are reported and skipped.
    const kept = keptRows(csv, dateCol, rowErrors);
    if (kept.keep !== undefined) csv = rowSubset(csv, kept.keep);
    days = kept.days;
  } else {
    days = parseDays(csv, dateCol);
    assertUniqueDates(origin, days, (i) => csv.lines[i] as number);
  }
  const table = csv;
  const raw = new Map<string, CellReader>();
  csv.header.forEach((h, c) => {
    if (c !== dateCol) raw.set(h, (row) => table.cell(row, c));
  });
  return new DatedTable(origin, format, days, csv.lines, raw, defaultColumn(csv.header, dateCol), rowErrors, csv.unterminated);
}

/**
 * The day numbers of rows whose date cell is a date not seen on an earlier row, and the indices
 * of those rows when some were left out (undefined: every row kept); the others go to
 * `rowErrors` with their line.
 */
function keptRows(csv: CsvTable, dateCol: number, rowErrors: DataFormatError[]): { keep: number[] | undefined; days: Int32Array } {
  // Dates seen, by line: built only once a date is not after the one before (most files are
  // sorted, and a date later than every earlier one cannot repeat).
  let seen: Map<number, number> | undefined;
  const keep: number[] = [];
  const days = new Int32Array(csv.rowCount);
  let n = 0;
  for (let i = 0; i < csv.rowCount; i++) {
    const line = csv.lines[i] as number;
    const cell = csv.cell(i, dateCol);
    const d = parseDayCell(cell);
    if (Number.isNaN(d)) {
      rowErrors.push(new DataFormatError(csv.origin, `unknown date ${JSON.stringify(clip(cell))} in column ${JSON.stringify(csv.header[dateCol])} (expected YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY:Qn); row skipped`, line));
      continue;
    }
    if (seen === undefined) {
      if (n === 0 || d > (days[n - 1] as number)) {
        keep.push(i);
        days[n++] = d;
        continue;
      }
      seen = new Map();
      for (let k = 0; k < n; k++) seen.set(days[k] as number, csv.lines[keep[k] as number] as number);
    }
    const first = seen.get(d);
    if (first !== undefined) {
      rowErrors.push(new DataFormatError(csv.origin, `duplicated date ${toIso(d)} (first on line ${first}); row skipped`, line));
      continue;
    }
    seen.set(d, line);
    keep.push(i);
    days[n++] = d;
  }
  return { keep: n < csv.rowCount ? keep : undefined, days: n < csv.rowCount ? days.slice(0, n) : days };
}

/** The rows `keep` of a table, as a table. */
function rowSubset(csv: CsvTable, keep: readonly number[]): CsvTable {
  const lines = Int32Array.from(keep, (i) => csv.lines[i] as number);
  return {
    origin: csv.origin,
    header: csv.header,
    headerLine: csv.headerLine,
    lines,
    rowCount: keep.length,
    unterminated: csv.unterminated && keep[keep.length - 1] === csv.rowCount - 1,
    column(c: number): readonly string[] {
      return keep.map((i) => csv.cell(i, c));
    },
    cell(row: number, c: number): string {
      return csv.cell(keep[row] as number, c);
    },
  };
}

/** A cell cut to 40 characters for a message (a 10 MB line must not become a 10 MB message). */
export function clip(cell: string, max = 40): string {
  return cell.length > max ? `${cell.slice(0, max)}…` : cell;
}

/** Points of one column of a dated CSV (`column` omitted: the format's value column). */
export function parseCsvPoints(text: string, origin: string, column?: string): Point[] {
  return parseCsvFile(text, origin).points(column);
}

/**
 * FRED's fredgraph.csv (`observation_date,<ID>`, or `DATE,<ID>` in older downloads): the
 * points of the series. Missing values (`.`, empty) are NaN.
 */
export function parseFredGraphCsv(text: string, origin: string): Point[] {
  return pointsExpecting(text, origin, ['fredgraph', 'date-value']);
}

/** A Cboe index history CSV (`DATE,OPEN,HIGH,LOW,CLOSE` → CLOSE, or `DATE,<SYMBOL>`). */
export function parseCboeCsv(text: string, origin: string): Point[] {
  return pointsExpecting(text, origin, ['cboe-ohlc', 'cboe-single']);
}

/** A Yahoo Finance daily CSV in either column order: the `Close` column (adjusted when the downloader asked for it). */
export function parseYahooCsv(text: string, origin: string): Point[] {
  return pointsExpecting(text, origin, ['yahoo']);
}

function pointsExpecting(text: string, origin: string, formats: readonly CsvFormat[]): Point[] {
  const t = parseCsvFile(text, origin);
  if (!formats.includes(t.format as CsvFormat)) {
    throw new DataFormatError(origin, `expected a ${formats.join(' or ')} CSV, found ${t.format} (columns: ${t.columns.join(', ')})`, 1);
  }
  return t.points();
}

function csvFormat(header: readonly string[], lower: readonly string[], firstDate: string): CsvFormat {
  const first = lower[0];
  const rest = lower.slice(1);
  if (first === 'observation_date') return 'fredgraph';
  if (header[0] === 'DATE') {
    if (rest.includes('close') && rest.includes('open')) return 'cboe-ohlc';
    // Cboe writes MM/DD/YYYY; FRED's older `DATE,<ID>` downloads write ISO dates.
    if (rest.length === 1) return firstDate.includes('/') ? 'cboe-single' : 'fredgraph';
  }
  if (rest.includes('close') && rest.includes('high') && rest.includes('low')) return 'yahoo';
  if (rest.length === 1 && rest[0] === 'price') return 'eia-price';
  if (rest.length === 1 || rest.includes('value')) return 'date-value';
  return 'multi-column';
}

function defaultColumn(header: readonly string[], dateCol: number): string | undefined {
  const values = header.filter((_, c) => c !== dateCol);
  for (const name of ['Close', 'value', 'Price']) {
    const col = findColumn(values, name);
    if (col !== undefined) return col;
  }
  return values.length === 1 ? values[0] : undefined;
}

function parseDays(csv: CsvTable, dateCol: number): Int32Array {
  const out = new Int32Array(csv.rowCount);
  for (let i = 0; i < out.length; i++) {
    const cell = csv.cell(i, dateCol);
    const d = parseDayCell(cell);
    if (Number.isNaN(d)) {
      throw new DataFormatError(
        csv.origin,
        `unknown date format ${JSON.stringify(cell)} in column ${JSON.stringify(csv.header[dateCol])} (expected YYYY-MM-DD, M/D/YYYY, YYYY-MM or YYYY:Qn)`,
        csv.lines[i],
      );
    }
    out[i] = d;
  }
  return out;
}

/**
 * Fed DFA CSV: one row per (quarter, category). Pivoted to one row per quarter with columns
 * named `Category:Column` (e.g. `Millennial:Net worth`); a category missing a quarter is NaN.
 */
function parseDfa(csv: CsvTable): DatedTable {
  const dates = Array.from(parseDays(csv, 0), (d) => toIso(d));
  const cats = csv.column(1);
  const keys = dates.map((d, i) => `${d} ${cats[i] ?? ''}`);
  assertUniqueDates(csv.origin, keys, (i) => csv.lines[i] as number, 'duplicated category row: ');
  const uniqueDates = [...new Set(dates)].sort();
  const rowOf = new Map(uniqueDates.map((d, i) => [d, i]));
  const raw = new Map<string, Float64Array>();
  for (let c = 2; c < csv.header.length; c++) {
    const cells = csv.column(c);
    for (let i = 0; i < cells.length; i++) {
      const name = `${cats[i] ?? ''}:${csv.header[c] ?? ''}`;
      let col = raw.get(name);
      if (!col) {
        col = new Float64Array(uniqueDates.length).fill(NaN);
        raw.set(name, col);
      }
      const v = parseValueCell(cells[i] as string);
      if (v === undefined) {
        throw new DataFormatError(csv.origin, `column ${JSON.stringify(csv.header[c])}: not a number: ${JSON.stringify(cells[i])}`, csv.lines[i]);
      }
      col[rowOf.get(dates[i] as IsoDate) as number] = v;
    }
  }
  return new DatedTable(csv.origin, 'dfa', Int32Array.from(uniqueDates, (d) => toDay(d)), undefined, raw, undefined);
}
