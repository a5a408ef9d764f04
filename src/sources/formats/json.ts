import { DataFormatError } from '../../core/errors.ts';
import { toIso } from '../../series/dates.ts';
import type { DayColumns, Point } from '../../series/types.ts';
import { epochMsToDay, parseDateCell, parseDayCell, parseValueCell } from './cells.ts';
import { assertNotHtmlOrEmpty } from './csv.ts';
import { assertUniqueDates, findColumn, type ParsedFile, pointsOf } from './table.ts';

/**
 * Parses JSON text, turning a syntax error into a DataFormatError with the line of the error
 * (V8 reports a character position; the line is counted from it).
 */
export function parseJsonText(text: string, origin: string): unknown {
  assertNotHtmlOrEmpty(text, origin);
  // A UTF-8 byte-order mark (Windows editors write one) is not JSON but is no reason to refuse the file.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // V8 gives a position, or says the input ended (a truncated file): then the last line.
    const m = /position (\d+)/.exec(msg);
    const at = m ? Math.min(Number(m[1]), text.length) : /end of JSON/i.test(msg) ? text.trimEnd().length : -1;
    let line: number | undefined;
    if (at >= 0) {
      line = 1;
      for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
    }
    // V8 quotes the text around the error, newlines included: keep the message on one line.
    throw new DataFormatError(origin, `invalid JSON (${msg.replace(/\s+/g, ' ').slice(0, 200)}; truncated file?)`, line);
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** True for a FRED cache bundle: `{ series: { ID: [[date, value], …] } }`. */
export function isFredJsonBundle(json: unknown): json is { series: Record<string, unknown[]> } {
  if (!isRecord(json) || !isRecord(json.series)) return false;
  const values = Object.values(json.series);
  return values.length > 0 && values.every((v) => Array.isArray(v) && (v.length === 0 || Array.isArray(v[0])));
}

/** True for the NDX/VIX `precios.json` layout: `{ series: { SYM: { tf: { '1D': [[ms,o,h,l,c,v], …] } } } }`. */
export function isOhlcJson(json: unknown): json is { series: Record<string, { tf: Record<string, unknown[]> }> } {
  if (!isRecord(json) || !isRecord(json.series)) return false;
  const values = Object.values(json.series);
  return values.length > 0 && values.every((v) => isRecord(v) && isRecord(v.tf));
}

/**
 * A FRED cache bundle (`{fetched_at, observed_at, series: {ID: [[ "YYYY-MM-DD", value ], …]}}`,
 * as jonsflow/risk-model writes it): one column per series id. A null, empty or `.` value is
 * NaN; a non-numeric value, a bad date or a duplicated date is a DataFormatError naming the
 * JSON path (`series.EFFR[12]`).
 */
export function parseFredJsonBundle(text: string, origin: string): ParsedFile {
  const json = parseJsonText(text, origin);
  if (!isFredJsonBundle(json)) throw new DataFormatError(origin, 'not a FRED JSON bundle: expected {"series": {"ID": [["YYYY-MM-DD", value], …]}}');
  return fredBundleFile(json, origin);
}

/** One row of a JSON array as read: its day number and value. */
interface RowRead {
  day: number;
  value: number;
}

/**
 * Rows of a JSON array read one by one into day and value columns: `read(i, out)` fills `out`
 * with row i or throws a DataFormatError. Strict (no `rowErrors`): the first error fails, and a
 * repeated date too. Lenient (the folder import): a bad row or a repeated date is reported and
 * skipped.
 */
function readRows(n: number, read: (i: number, out: RowRead) => void, origin: string, where: (i: number) => string, rowErrors: DataFormatError[] | undefined): DayColumns {
  const out: RowRead = { day: 0, value: 0 };
  const day = new Int32Array(n);
  const value = new Float64Array(n);
  if (!rowErrors) {
    for (let i = 0; i < n; i++) {
      read(i, out);
      day[i] = out.day;
      value[i] = out.value;
    }
    assertUniqueDates(origin, day, where);
    return { day, value };
  }
  // Row index of each kept row, and the rows seen by day: built only once a day is not after
  // the one before (a day later than every earlier one cannot repeat).
  const rowOf: number[] = [];
  let seen: Map<number, number> | undefined;
  let k = 0;
  for (let i = 0; i < n; i++) {
    try {
      read(i, out);
    } catch (e) {
      if (!(e instanceof DataFormatError)) throw e;
      rowErrors.push(new DataFormatError(origin, `${e.message.slice(origin.length + 2)}; row skipped`));
      continue;
    }
    const d = out.day;
    if (seen === undefined && k > 0 && d <= (day[k - 1] as number)) {
      seen = new Map();
      for (let j = 0; j < k; j++) seen.set(day[j] as number, rowOf[j] as number);
    }
    if (seen !== undefined) {
      const first = seen.get(d);
      if (first !== undefined) {
        rowErrors.push(new DataFormatError(origin, `${where(i)}: duplicated date ${toIso(d)} (first at ${where(first)}); row skipped`));
        continue;
      }
      seen.set(d, i);
    }
    rowOf.push(i);
    day[k] = d;
    value[k++] = out.value;
  }
  return k === n ? { day, value } : { day: day.slice(0, k), value: value.slice(0, k) };
}

function fredBundleFile(json: { series: Record<string, unknown[]> }, origin: string, rowErrors?: DataFormatError[]): ParsedFile {
  const ids = Object.keys(json.series);
  const dayValues = (column?: string): DayColumns => {
    const id = column === undefined ? (ids.length === 1 ? ids[0] : undefined) : findColumn(ids, column);
    if (id === undefined) throw new DataFormatError(origin, column === undefined ? 'several series in the bundle and none named' : `no series ${JSON.stringify(column)} in the bundle`);
    const rows = json.series[id] as unknown[];
    const where = (i: number): string => `series.${id}[${i}]`;
    const read = (i: number, out: RowRead): void => {
      const row = rows[i];
      if (!Array.isArray(row) || row.length < 2) throw new DataFormatError(origin, `${where(i)}: expected [date, value]`);
      const day = typeof row[0] === 'string' ? parseDayCell(row[0]) : Number.NaN;
      if (Number.isNaN(day)) throw new DataFormatError(origin, `${where(i)}: unknown date format ${JSON.stringify(clip(row[0]))}`);
      out.day = day;
      out.value = jsonValue(row[1], origin, where, i);
    };
    return readRows(rows.length, read, origin, where, rowErrors);
  };
  return { origin, format: 'fred-json-bundle', columns: ids, defaultColumn: ids.length === 1 ? ids[0] : undefined, dayValues, points: (column) => pointsOf(dayValues(column)) };
}

/**
 * The NDX/VIX OHLC JSON (`precios.json`, ManULoreN14/regimen-tilt-nq): one column per symbol,
 * value = close of the `timeframe` bars (default daily `1D`). Stamps are epoch ms at local
 * midnight (04:00–06:00 UTC), so the UTC date is the trading date.
 */
export function parseOhlcJson(text: string, origin: string, timeframe = '1D'): ParsedFile {
  const json = parseJsonText(text, origin);
  if (!isOhlcJson(json)) throw new DataFormatError(origin, 'not an OHLC JSON: expected {"series": {"SYM": {"tf": {"1D": [[epoch_ms, o, h, l, c, v], …]}}}}');
  return ohlcFile(json, origin, timeframe);
}

function ohlcFile(json: { series: Record<string, { tf: Record<string, unknown[]> }> }, origin: string, timeframe: string, rowErrors?: DataFormatError[]): ParsedFile {
  const syms = Object.keys(json.series).filter((s) => Array.isArray(json.series[s]?.tf[timeframe]));
  const dayValues = (column?: string): DayColumns => {
    const sym = column === undefined ? (syms.length === 1 ? syms[0] : undefined) : findColumn(syms, column);
    if (sym === undefined) throw new DataFormatError(origin, `no ${timeframe} bars for ${JSON.stringify(column ?? '(unnamed)')} (symbols: ${syms.join(', ')})`);
    const rows = json.series[sym]?.tf[timeframe] ?? [];
    const where = (i: number): string => `series.${sym}.tf.${timeframe}[${i}]`;
    const read = (i: number, out: RowRead): void => {
      const row = rows[i];
      if (!Array.isArray(row) || row.length < 5) throw new DataFormatError(origin, `${where(i)}: expected [epoch_ms, open, high, low, close, volume]`);
      const day = typeof row[0] === 'number' ? epochMsToDay(row[0]) : Number.NaN;
      if (Number.isNaN(day)) throw new DataFormatError(origin, `${where(i)}: not an epoch-ms timestamp: ${JSON.stringify(clip(row[0]))}`);
      out.day = day;
      out.value = jsonValue(row[4], origin, where, i, ' close');
    };
    return readRows(rows.length, read, origin, where, rowErrors);
  };
  return { origin, format: 'ohlc-json', columns: syms, defaultColumn: syms.length === 1 ? syms[0] : undefined, dayValues, points: (column) => pointsOf(dayValues(column)) };
}

/** Any JSON data file flowlens reads: a FRED bundle or an OHLC `precios.json`. */
export function parseJsonFile(text: string, origin: string, rowErrors?: DataFormatError[]): ParsedFile {
  const json = parseJsonText(text, origin);
  if (isFredJsonBundle(json)) return fredBundleFile(json, origin, rowErrors);
  if (isOhlcJson(json)) return ohlcFile(json, origin, '1D', rowErrors);
  throw new DataFormatError(origin, 'unknown JSON layout: expected a FRED bundle {"series": {"ID": [[date, value], …]}} or OHLC bars {"series": {"SYM": {"tf": {…}}}}');
}

/** A JSON cell as a number (null: NaN); `where(i)` and `what` name it in an error (made only then). */
function jsonValue(v: unknown, origin: string, where: (i: number) => string, i: number, what = ''): number {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DataFormatError(origin, `${where(i)}${what}: not a finite number`);
    return v;
  }
  if (v === null) return NaN;
  if (typeof v === 'string') {
    const x = parseValueCell(v.trim());
    if (x !== undefined) return x;
  }
  throw new DataFormatError(origin, `${where(i)}${what}: not a number: ${JSON.stringify(clip(v))}`);
}

/** A JSON value cut short for a message. */
function clip(v: unknown): unknown {
  return typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v;
}


/**
 * The FRED API `series/observations` response (`{"observations": [{"date", "value"}, …]}`,
 * https://fred.stlouisfed.org/docs/api/fred/series_observations.html): the points, `.` as NaN.
 * One observation per date is expected (a plain, non-vintage request).
 */
export function parseFredObservationsJson(text: string, origin: string): Point[] {
  const json = parseJsonText(text, origin);
  if (!isRecord(json) || !Array.isArray(json.observations)) {
    const msg = isRecord(json) && typeof json.error_message === 'string' ? `FRED error: ${json.error_message}` : 'expected {"observations": [{"date", "value"}, …]}';
    throw new DataFormatError(origin, msg);
  }
  const rows: unknown[] = json.observations;
  const out = new Array<Point>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const path = `observations[${i}]`;
    if (!isRecord(row)) throw new DataFormatError(origin, `${path}: expected {"date", "value"}`);
    const date = typeof row.date === 'string' ? parseDateCell(row.date) : undefined;
    if (date === undefined) throw new DataFormatError(origin, `${path}: unknown date format ${JSON.stringify(row.date)}`);
    out[i] = { date, value: jsonValue(row.value, origin, () => path, i) };
  }
  assertUniqueDates(origin, out.map((p) => p.date), (i) => `observations[${i}]`);
  return out;
}
