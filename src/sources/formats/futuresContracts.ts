import { DataFormatError } from '../../core/errors.ts';
import { zqMonth } from '../../series/zqContracts.ts';
import { toIso } from '../../series/dates.ts';
import type { DayColumns, Point } from '../../series/types.ts';
import { parseDayCell } from './cells.ts';
import { readCsv } from './csv.ts';
import { findColumn, type ParsedFile, pointsOf } from './table.ts';

/**
 * Fed funds futures files, one row per contract and day (or per contract, day and field), in the
 * three layouts of the shared data:
 * - `symbol,date,open,high,low,close,volume[,open_interest]` (CME symbols ZQH23; pyfedwatch);
 * - `Index,name,value,term` (R quantmod's long format of Yahoo downloads: name `ZQU24.CBT.Close`,
 *   `….Volume`; a row repeated with the same value under another `term` label is one row);
 * - `trade_date,contract,close[,source]` (fedwatch-tracker).
 * Columns are the catalog ids: `ZQH23` (settlement) and `ZQH23_VOL` (volume).
 */
export type FuturesLayout = 'cme-daily' | 'quantmod-long' | 'tracker';

function layoutOf(header: readonly string[]): FuturesLayout | undefined {
  const h = header.map((x) => x.trim().toLowerCase());
  if (h.includes('symbol') && h.includes('date') && h.includes('close')) return 'cme-daily';
  if (h[0] === 'index' && h[1] === 'name' && h[2] === 'value') return 'quantmod-long';
  if (h.includes('trade_date') && h.includes('contract') && h.includes('close')) return 'tracker';
  return undefined;
}

/** Whether a CSV's header is one of the futures layouts (from its first line only). */
export function isFuturesContractsCsv(text: string): boolean {
  const first = text.replace(/^\uFEFF/, '').trimStart().split(/\r?\n/, 1)[0] ?? '';
  const header = first.split(',');
  const layout = layoutOf(header);
  // The quantmod layout is generic (Index,name,value): only its ZQ files are futures.
  return layout !== undefined && (layout !== 'quantmod-long' || /\nI?[^,\n]*,ZQ/.test(text.slice(0, 2000)));
}

/**
 * Lowest and highest believable settlement: 100 − price is a rate between −0.25% and 10%. CME
 * settled contracts slightly above 100 in May 2020 (ZQF22 at 100.065 when markets priced negative
 * rates), so 100 itself is not the bound; a rate typed for a price (4.33) or a price of 250 is caught.
 */
const MIN_PRICE = 90;
const MAX_PRICE = 100.25;

/** Yahoo serves float32 prices (94.79750061035156): 5 decimals keep every ZQ tick and drop the noise. */
const roundPrice = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * Parses a fed funds futures CSV (see FuturesLayout). Errors name the file and line. An unknown
 * contract code, an unknown date or a non-numeric cell fail the file; a settlement outside
 * 90–100.25 or the same contract, field and date listed twice with different values fail that
 * contract only: reading its column throws the error, the other contracts are read.
 */
export function parseFuturesContractsCsv(text: string, origin: string): ParsedFile & { readonly layout: FuturesLayout } {
  const csv = readCsv(text, origin);
  const layout = layoutOf(csv.header);
  if (!layout) throw new DataFormatError(origin, `expected columns symbol,date,…,close,volume or Index,name,value,term or trade_date,contract,close; found ${csv.header.join(',')}`, csv.headerLine);
  // Per contract: day numbers, values and lines (plain number arrays: no object per row).
  const cols = new Map<string, Contract>();
  // A bad value spoils its contract only (reading that column throws it); the others import.
  const bad = new Map<string, DataFormatError>();
  const put = (id: string, day: number, value: number | DataFormatError, line: number) => {
    if (value instanceof DataFormatError) {
      if (!bad.has(id)) bad.set(id, value);
      return;
    }
    let c = cols.get(id);
    if (!c) cols.set(id, (c = { days: [], values: [], lines: [] }));
    c.days.push(day);
    c.values.push(value);
    c.lines.push(line);
  };
  // Cells are read one at a time (csv.cell), so no column of 10⁵ strings is held while parsing.
  const col = (name: string): number => csv.header.findIndex((h) => h.trim().toLowerCase() === name);
  const at = (k: number, c: number): string => (c < 0 ? '' : csv.cell(k, c));
  const lineOf = (k: number) => csv.lines[k] as number;
  const known = new Map<string, string>();
  const contract = (cell: string, k: number): string => {
    const hit = known.get(cell);
    if (hit) return hit;
    const sym = cell.trim().toUpperCase();
    if (zqMonth(sym)) {
      known.set(cell, sym);
      return sym;
    }
    if (sym === '') throw new DataFormatError(origin, 'no contract on this row (expected ZQ + month code F G H J K M N Q U V X Z + two-digit year)', lineOf(k));
    throw new DataFormatError(origin, `unknown contract code ${JSON.stringify(cell)} (expected ZQ + month code F G H J K M N Q U V X Z + two-digit year)`, lineOf(k));
    return sym;
  };
  const date = (cell: string, k: number): number => {
    const d = parseDayCell(cell);
    if (Number.isNaN(d)) throw new DataFormatError(origin, `unknown date format ${JSON.stringify(cell)}`, lineOf(k));
    return d;
  };
  const number = (cell: string, k: number, what: string): number => {
    const t = cell.trim();
    if (t === '' || t === 'NA' || t === 'null') return Number.NaN;
    const v = Number(t);
    if (Number.isNaN(v)) throw new DataFormatError(origin, `${what} is not a number: ${JSON.stringify(cell)}`, lineOf(k));
    return v;
  };
  const settlement = (cell: string, k: number, sym: string): number | DataFormatError => {
    const v = number(cell, k, `${sym} settlement`);
    if (!Number.isNaN(v) && (v < MIN_PRICE || v > MAX_PRICE)) {
      return new DataFormatError(origin, `${sym} settlement ${v} is outside ${MIN_PRICE}–${MAX_PRICE} (an implied rate of ${(100 - v).toFixed(3)}%)`, lineOf(k));
    }
    return Number.isNaN(v) ? v : roundPrice(v);
  };
  if (layout === 'cme-daily') {
    const [sym, dates, close] = [col('symbol'), col('date'), col('close')];
    const hasVol = csv.header.some((h) => h.trim().toLowerCase() === 'volume');
    const vol = hasVol ? col('volume') : undefined;
    for (let k = 0; k < csv.rowCount; k++) {
      const s = contract(at(k, sym), k);
      const d = date(at(k, dates), k);
      const v = vol !== undefined ? number(at(k, vol), k, `${s} volume`) : Number.NaN;
      const price = settlement(at(k, close), k, s);
      // A row without trades (volume 0) carries a price nobody dealt at: one outside the range
      // is a placeholder slip of the file (ZQG02 83.425 on 2000-09-12 amid 93.425s), kept as missing.
      put(s, d, price instanceof DataFormatError && v === 0 ? Number.NaN : price, lineOf(k));
      if (vol !== undefined) put(`${s}_VOL`, d, v, lineOf(k));
    }
  } else if (layout === 'tracker') {
    const [sym, dates, close] = [col('contract'), col('trade_date'), col('close')];
    for (let k = 0; k < csv.rowCount; k++) {
      const s = contract(at(k, sym), k);
      put(s, date(at(k, dates), k), settlement(at(k, close), k, s), lineOf(k));
    }
  } else {
    for (let k = 0; k < csv.rowCount; k++) {
      const name = at(k, 1);
      const m = /^([^.]+)\.CBT\.(Open|High|Low|Close|Volume|Adjusted)$/i.exec(name.trim());
      if (!m) throw new DataFormatError(origin, `unknown series name ${JSON.stringify(name)} (expected ZQ<code><yy>.CBT.<Open|High|Low|Close|Volume|Adjusted>)`, lineOf(k));
      const field = (m[2] as string).toLowerCase();
      if (field !== 'close' && field !== 'volume') continue;
      const s = contract(m[1] as string, k);
      const d = date(at(k, 0), k);
      if (field === 'close') put(s, d, settlement(at(k, 2), k, s), lineOf(k));
      else put(`${s}_VOL`, d, number(at(k, 2), k, `${s} volume`), lineOf(k));
    }
  }
  for (const [id, c] of cols) sortAndDedupe(origin, id, c, bad);
  return futuresTable(origin, layout, cols, bad);
}

/** One contract's rows: day numbers, values and file lines. */
interface Contract {
  days: number[];
  values: number[];
  lines: number[];
}

/**
 * Sorts one contract's rows by date and drops repeated rows with the same value (the quantmod
 * file repeats ZQZ24 under a second label); a date listed with two values spoils the contract.
 */
function sortAndDedupe(origin: string, id: string, c: Contract, bad: Map<string, DataFormatError>): void {
  let sorted = true;
  for (let i = 1; i < c.days.length && sorted; i++) sorted = (c.days[i - 1] as number) < (c.days[i] as number);
  if (sorted) return;
  const order = c.days.map((_, i) => i).sort((a, b) => (c.days[a] as number) - (c.days[b] as number) || a - b);
  const days: number[] = [];
  const values: number[] = [];
  const lines: number[] = [];
  for (const i of order) {
    const [d, v, l] = [c.days[i] as number, c.values[i] as number, c.lines[i] as number];
    const last = days.length - 1;
    if (last >= 0 && days[last] === d) {
      const had = values[last] as number;
      if (had === v || (Number.isNaN(had) && Number.isNaN(v))) continue;
      if (!bad.has(id)) bad.set(id, new DataFormatError(origin, `${id} on ${toIso(d)} is listed twice with different values: ${had} (line ${lines[last] ?? '?'}) and ${v}`, l));
      return;
    }
    days.push(d);
    values.push(v);
    lines.push(l);
  }
  c.days = days;
  c.values = values;
  c.lines = lines;
}

function futuresTable(
  origin: string,
  layout: FuturesLayout,
  cols: ReadonlyMap<string, Contract>,
  bad: ReadonlyMap<string, DataFormatError>,
): ParsedFile & { readonly layout: FuturesLayout } {
  const columns = [...new Set([...cols.keys(), ...bad.keys()])].sort();
  const dayValues = (column?: string): DayColumns => {
    if (column === undefined) throw new DataFormatError(origin, `one column per contract: choose one of ${columns.slice(0, 6).join(', ')}…`);
    const name = findColumn(columns, column);
    const spoilt = name === undefined ? undefined : bad.get(name);
    if (spoilt) throw spoilt;
    const c = name === undefined ? undefined : cols.get(name);
    if (!c) throw new DataFormatError(origin, `no contract ${JSON.stringify(column)} in the file`);
    return { day: Int32Array.from(c.days), value: Float64Array.from(c.values) };
  };
  return { origin, format: `futures-${layout}`, layout, columns, defaultColumn: undefined, dayValues, points: (column?: string): Point[] => pointsOf(dayValues(column)) };
}
