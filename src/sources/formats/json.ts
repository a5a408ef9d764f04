import { DataFormatError } from '../../core/errors.ts';
import type { Point } from '../../series/types.ts';
import { epochMsToIso, parseDateCell, parseValueCell } from './cells.ts';
import { assertNotHtmlOrEmpty } from './csv.ts';
import { assertUniqueDates, findColumn, type ParsedFile } from './table.ts';

/**
 * Parses JSON text, turning a syntax error into a DataFormatError with the line of the error
 * (V8 reports a character position; the line is counted from it).
 */
export function parseJsonText(text: string, origin: string): unknown {
  assertNotHtmlOrEmpty(text, origin);
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
    throw new DataFormatError(origin, `invalid JSON (${msg}; truncated file?)`, line);
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

function fredBundleFile(json: { series: Record<string, unknown[]> }, origin: string): ParsedFile {
  const ids = Object.keys(json.series);
  return {
    origin,
    format: 'fred-json-bundle',
    columns: ids,
    defaultColumn: ids.length === 1 ? ids[0] : undefined,
    points(column?: string): Point[] {
      const id = column === undefined ? (ids.length === 1 ? ids[0] : undefined) : findColumn(ids, column);
      if (id === undefined) throw new DataFormatError(origin, column === undefined ? 'several series in the bundle and none named' : `no series ${JSON.stringify(column)} in the bundle`);
      const rows = json.series[id] as unknown[];
      const out = new Array<Point>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const path = `series.${id}[${i}]`;
        if (!Array.isArray(row) || row.length < 2) throw new DataFormatError(origin, `${path}: expected [date, value]`);
        const date = typeof row[0] === 'string' ? parseDateCell(row[0]) : undefined;
        if (date === undefined) throw new DataFormatError(origin, `${path}: unknown date format ${JSON.stringify(row[0])}`);
        out[i] = { date, value: jsonValue(row[1], origin, path) };
      }
      assertUniqueDates(origin, out.map((p) => p.date), (i) => `series.${id}[${i}]`);
      return out;
    },
  };
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

function ohlcFile(json: { series: Record<string, { tf: Record<string, unknown[]> }> }, origin: string, timeframe: string): ParsedFile {
  const syms = Object.keys(json.series).filter((s) => Array.isArray(json.series[s]?.tf[timeframe]));
  return {
    origin,
    format: 'ohlc-json',
    columns: syms,
    defaultColumn: syms.length === 1 ? syms[0] : undefined,
    points(column?: string): Point[] {
      const sym = column === undefined ? (syms.length === 1 ? syms[0] : undefined) : findColumn(syms, column);
      if (sym === undefined) throw new DataFormatError(origin, `no ${timeframe} bars for ${JSON.stringify(column ?? '(unnamed)')} (symbols: ${syms.join(', ')})`);
      const rows = json.series[sym]?.tf[timeframe] ?? [];
      const out = new Array<Point>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i];
        const path = `series.${sym}.tf.${timeframe}[${i}]`;
        if (!Array.isArray(row) || row.length < 5) throw new DataFormatError(origin, `${path}: expected [epoch_ms, open, high, low, close, volume]`);
        const date = typeof row[0] === 'number' ? epochMsToIso(row[0]) : undefined;
        if (date === undefined) throw new DataFormatError(origin, `${path}: not an epoch-ms timestamp: ${JSON.stringify(row[0])}`);
        out[i] = { date, value: jsonValue(row[4], origin, `${path} close`) };
      }
      assertUniqueDates(origin, out.map((p) => p.date), (i) => `series.${sym}.tf.${timeframe}[${i}]`);
      return out;
    },
  };
}

/** Any JSON data file flowlens reads: a FRED bundle or an OHLC `precios.json`. */
export function parseJsonFile(text: string, origin: string): ParsedFile {
  const json = parseJsonText(text, origin);
  if (isFredJsonBundle(json)) return fredBundleFile(json, origin);
  if (isOhlcJson(json)) return ohlcFile(json, origin, '1D');
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
  throw new DataFormatError(origin, `${path}: not a number: ${JSON.stringify(v)}`);
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
