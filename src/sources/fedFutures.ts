import { DataFormatError } from '../core/errors.ts';
import { toDay } from '../series/dates.ts';
import { futuresFromSeries, zqMonth, type ContractSeries, type FuturesHistory } from '../series/zqContracts.ts';
import type { FuturesQuote, IsoDate } from '../series/types.ts';
import { readCsv } from './formats/index.ts';
import { isFuturesContractsCsv, parseFuturesContractsCsv } from './formats/futuresContracts.ts';

export type { FuturesHistory };

/** `ZQF00` → `2000-01`; two-digit years ≥ 90 are 19xx. Undefined for other symbols. */
export const contractMonth = zqMonth;

/**
 * Reads fed funds futures settlements from a CSV for `flowlens fed --futures`:
 * - any layout of formats/futuresContracts.ts (CME daily `symbol,date,…,close,volume`, quantmod
 *   long `Index,name,value,term`, tracker `trade_date,contract,close`), with volumes where given;
 * - one trade date: `contract,price` with contract `YYYY-MM` (the trade date is then `tradeDate`).
 * Errors name the file and line; a contract with a bad settlement is left out and its error
 * pushed to `problems`.
 */
export function parseFedFundsFuturesCsv(text: string, origin: string, tradeDate?: IsoDate, problems: Error[] = []): FuturesHistory {
  if (isFuturesContractsCsv(text)) {
    const file = parseFuturesContractsCsv(text, origin);
    const contracts: ContractSeries[] = [];
    for (const id of file.columns) {
      const month = zqMonth(id);
      if (!month) continue;
      let settle;
      try {
        settle = file.points(id);
      } catch (e) {
        // A contract with a bad row is left out and said so; the others are used.
        problems.push(e as Error);
        continue;
      }
      const vol = file.columns.includes(`${id}_VOL`) ? file.points(`${id}_VOL`) : undefined;
      const asArrays = (pts: readonly { date: IsoDate; value: number }[]) => ({ dates: Int32Array.from(pts, (p) => toDay(p.date)), values: Float64Array.from(pts, (p) => p.value) });
      contracts.push({ month, settle: asArrays(settle), volume: vol ? asArrays(vol) : undefined });
    }
    return futuresFromSeries(contracts);
  }
  const table = readCsv(text, origin);
  const head = table.header.map((h) => h.trim().toLowerCase());
  if (!(head.includes('contract') && head.includes('price'))) {
    throw new DataFormatError(origin, `expected columns symbol,date,…,close or contract,price; found ${table.header.join(',')}`, table.headerLine);
  }
  if (!tradeDate) throw new DataFormatError(origin, 'a contract,price file holds one trade date: give it with --date');
  const contract = table.column(head.indexOf('contract'));
  const price = table.column(head.indexOf('price'));
  const quotes: FuturesQuote[] = [];
  for (let k = 0; k < table.rowCount; k++) {
    const line = table.lines[k] ?? k + 2;
    const month = (contract[k] ?? '').trim();
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new DataFormatError(origin, `contract must be YYYY-MM, got ${JSON.stringify(contract[k])}`, line);
    const p = Number(price[k]);
    if ((price[k] ?? '').trim() === '' || Number.isNaN(p)) throw new DataFormatError(origin, `price is not a number: ${JSON.stringify(price[k])}`, line);
    if (p < 90 || p > 100.25) throw new DataFormatError(origin, `price ${p} is outside 90–100.25 (an implied rate of ${(100 - p).toFixed(3)}%)`, line);
    quotes.push({ month, price: p });
  }
  if (quotes.length === 0) throw new DataFormatError(origin, 'no contracts in the file');
  return new Map([[tradeDate, quotes.sort((a, b) => (a.month < b.month ? -1 : 1))]]);
}

