import { DataFormatError } from '../core/errors.ts';
import type { FuturesQuote, IsoDate } from '../series/types.ts';
import { parseDateCell, readCsv } from './formats/index.ts';

/** CME month codes of futures symbols: F = January … Z = December. */
const MONTH_CODES = 'FGHJKMNQUVXZ';

/** Settlements by trade date. */
export type FuturesHistory = ReadonlyMap<IsoDate, readonly FuturesQuote[]>;

/** `ZQF00` → `2000-01`; two-digit years ≥ 90 are 19xx. Returns undefined for other symbols. */
export function contractMonth(symbol: string): string | undefined {
  const m = /^ZQ([FGHJKMNQUVXZ])(\d{2})$/.exec(symbol.trim());
  if (!m) return undefined;
  const yy = Number(m[2]);
  const month = MONTH_CODES.indexOf(m[1] as string) + 1;
  return `${yy >= 90 ? 1900 + yy : 2000 + yy}-${String(month).padStart(2, '0')}`;
}

/**
 * Reads fed funds futures settlements from a CSV in either of two layouts:
 * - daily history, one row per contract and day: `symbol,date,open,high,low,close,…`
 *   (CME symbols ZQ + month code + two-digit year; the close is the settlement);
 * - one trade date: `contract,price` with contract `YYYY-MM` (the trade date is then `tradeDate`).
 * Errors name the file and line.
 */
export function parseFedFundsFuturesCsv(text: string, origin: string, tradeDate?: IsoDate): FuturesHistory {
  const table = readCsv(text, origin);
  const head = table.header.map((h) => h.trim().toLowerCase());
  const out = new Map<IsoDate, FuturesQuote[]>();
  const push = (date: IsoDate, q: FuturesQuote) => {
    const list = out.get(date) ?? [];
    list.push(q);
    out.set(date, list);
  };
  const num = (s: string | undefined, line: number, what: string): number => {
    const v = Number(s);
    if (s === undefined || s.trim() === '' || Number.isNaN(v)) throw new DataFormatError(origin, `${what} is not a number: ${JSON.stringify(s)}`, line);
    return v;
  };
  const line = (k: number) => table.lines[k] ?? k + 2;
  if (head.includes('symbol') && head.includes('date') && head.includes('close')) {
    const sym = table.column(head.indexOf('symbol'));
    const dates = table.column(head.indexOf('date'));
    const close = table.column(head.indexOf('close'));
    for (let k = 0; k < table.rowCount; k++) {
      const month = contractMonth(sym[k] ?? '');
      if (!month) throw new DataFormatError(origin, `not a fed funds futures symbol (ZQ + month code + year): ${JSON.stringify(sym[k])}`, line(k));
      const date = parseDateCell(dates[k] ?? '');
      if (!date) throw new DataFormatError(origin, `unknown date format ${JSON.stringify(dates[k])}`, line(k));
      push(date, { month, price: num(close[k], line(k), 'close') });
    }
  } else if (head.includes('contract') && head.includes('price')) {
    if (!tradeDate) throw new DataFormatError(origin, 'a contract,price file holds one trade date: give it with --date');
    const contract = table.column(head.indexOf('contract'));
    const price = table.column(head.indexOf('price'));
    for (let k = 0; k < table.rowCount; k++) {
      const month = (contract[k] ?? '').trim();
      if (!/^\d{4}-\d{2}$/.test(month)) throw new DataFormatError(origin, `contract must be YYYY-MM, got ${JSON.stringify(contract[k])}`, line(k));
      push(tradeDate, { month, price: num(price[k], line(k), 'price') });
    }
  } else {
    throw new DataFormatError(origin, `expected columns symbol,date,…,close or contract,price; found ${table.header.join(',')}`, table.headerLine);
  }
  for (const list of out.values()) list.sort((a, b) => (a.month < b.month ? -1 : 1));
  return out;
}
