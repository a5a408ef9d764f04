import { DataFormatError } from '../../core/errors.ts';
import type { Point } from '../../series/types.ts';
import { epochMsToIso, parseDateCell, parseValueCell } from './cells.ts';
import { assertNotHtmlOrEmpty } from './csv.ts';
import { assertUniqueDates, columnsOf, findColumn, type ParsedFile } from './table.ts';

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

/**
 * Rows of a JSON array read one by one: `read(i)` gives row i's point or throws a
 * DataFormatError. Strict (no `rowErrors`): the first error fails, and a repeated date too.
 * Lenient (the folder import): a bad row or a repeated date is reported and skipped.
 */
function readRows(n: number, read: (i: number) => Point, origin: string, where: (i: number) => string, rowErrors: DataFormatError[] | undefined): Point[] {
  if (!rowErrors) {
    const out = new Array<Point>(n);
    for (let i = 0; i < n; i++) out[i] = read(i);
    assertUniqueDates(origin, out.map((p) => p.date), where);
    return out;
  }
  const out: Point[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    let p: Point;
    try {
      p = read(i);
    } catch (e) {
      if (!(e instanceof DataFormatError)) throw e;
      rowErrors.push(new DataFormatError(origin, `${e.message.slice(origin.length + 2)}; row skipped`));
      continue;
    }
    const first = seen.get(p.date);
    if (first !== undefined) {
      rowErrors.push(new DataFormatError(origin, `${where(i)}: duplicated date ${p.date} (first at ${where(first)}); row skipped`));
      continue;
    }
    seen.set(p.date, i);
    out.push(p);
  }
  return out;
}

function fredBundleFile(json: { series: Record<string, unknown[]> }, origin: string, rowErrors?: DataFormatError[]): ParsedFile {
  const ids = Object.keys(json.series);
  const points = (column?: string): Point[] => {
    const id = column === undefined ? (ids.length === 1 ? ids[0] : undefined) : findColumn(ids, column);
    if (id === undefined) throw new DataFormatError(origin, column === undefined ? 'several series in the bundle and none named' : `no series ${JSON.stringify(column)} in the bundle`);
    const rows = json.series[id] as unknown[];
    const where = (i: number): string => `series.${id}[${i}]`;
    const read = (i: number): Point => {
      const row = rows[i];
      const path = where(i);
      if (!Array.isArray(row) || row.length < 2) throw new DataFormatError(origin, `${path}: expected [date, value]`);
      const date = typeof row[0] === 'string' ? parseDateCell(row[0]) : undefined;
      if (date === undefined) throw new DataFormatError(origin, `${path}: unknown date format ${JSON.stringify(clip(row[0]))}`);
      return { date, value: jsonValue(row[1], origin, path) };
    };
    return readRows(rows.length, read, origin, where, rowErrors);
  };
  return { origin, format: 'fred-json-bundle', columns: ids, defaultColumn: ids.length === 1 ? ids[0] : undefined, points, dayValues: (column) => columnsOf(points(column)) };
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
  const points = (column?: string): Point[] => {
    const sym = column === undefined ? (syms.length === 1 ? syms[0] : undefined) : findColumn(syms, column);
    if (sym === undefined) throw new DataFormatError(origin, `no ${timeframe} bars for ${JSON.stringify(column ?? '(unnamed)')} (symbols: ${syms.join(', ')})`);
    const rows = json.series[sym]?.tf[timeframe] ?? [];
    const where = (i: number): string => `series.${sym}.tf.${timeframe}[${i}]`;
    const read = (i: number): Point => {
      const row = rows[i];
      const path = where(i);
      if (!Array.isArray(row) || row.length < 5) throw new DataFormatError(origin, `${path}: expected [epoch_ms, open, high, low, close, volume]`);
      const date = typeof row[0] === 'number' ? epochMsToIso(row[0]) : undefined;
      if (date === undefined) throw new DataFormatError(origin, `${path}: not an epoch-ms timestamp: ${JSON.stringify(clip(row[0]))}`);
      return { date, value: jsonValue(row[4], origin, `${path} close`) };
    };
    return readRows(rows.length, read, origin, where, rowErrors);
  };
  return { origin, format: 'ohlc-json', columns: syms, defaultColumn: syms.length === 1 ? syms[0] : undefined, points, dayValues: (column) => columnsOf(points(column)) };
}

/** Any JSON data file flowlens reads: a FRED bundle or an OHLC `precios.json`. */
export function parseJsonFile(text: string, origin: string, rowErrors?: DataFormatError[]): ParsedFile {
  const json = parseJsonText(text, origin);
  if (isFredJsonBundle(json)) return fredBundleFile(json, origin, rowErrors);
  if (isOhlcJson(json)) return ohlcFile(json, origin, '1D', rowErrors);
  throw new DataFormatError(origin, 'unknown JSON layout: expected a FRED bundle {"series": {"ID": [[date, value], …]}} or OHLC bars {"series": {"SYM": {"tf": {…}}}}');
}

function jsonValue(v: unknown, origin: string, path: string): number {
  if (v === null) return NaN;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new DataFormatError(origin, `${path}: not a finite number`);
    return v;
  }
  if (typeof v === 'string') {
    const x = parseValueCell(v.trim());
    if (x !== undefined) return x;
  }
  throw new DataFormatError(origin, `${path}: not a number: ${JSON.stringify(clip(v))}`);
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
    out[i] = { date, value: jsonValue(row.value, origin, path) };
  }
  assertUniqueDates(origin, out.map((p) => p.date), (i) => `observations[${i}]`);
  return out;
}
