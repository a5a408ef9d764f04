import { toDay, toIso } from './dates.ts';
import type { FuturesQuote, IsoDate, Series } from './types.ts';

/** An ISO date shifted by `n` days. */
export const addDays = (iso: string, n: number): IsoDate => toIso(toDay(iso) + n);

/** CME month codes of futures symbols: F = January … Z = December. */
export const MONTH_CODES = 'FGHJKMNQUVXZ';

/** First and last contract months of the catalog's fed funds futures family (ZQF98 … ZQZ31). */
export const ZQ_FIRST_MONTH = '1998-01';
export const ZQ_LAST_MONTH = '2031-12';

/**
 * `ZQH23` → `2023-03`: CME symbol (ZQ + month code + two-digit year; years ≥ 90 are 19xx).
 * Undefined for anything else (another product, a bad month code).
 */
export function zqMonth(symbol: string): string | undefined {
  const m = /^ZQ([FGHJKMNQUVXZ])(\d{2})$/.exec(symbol.trim().toUpperCase());
  if (!m) return undefined;
  const yy = Number(m[2]);
  return `${yy >= 90 ? 1900 + yy : 2000 + yy}-${String(MONTH_CODES.indexOf(m[1] as string) + 1).padStart(2, '0')}`;
}

/** `2023-03` → `ZQH23`: the contract's catalog id and CME symbol. */
export function zqSymbol(month: string): string {
  return `ZQ${MONTH_CODES[Number(month.slice(5, 7)) - 1] ?? '?'}${month.slice(2, 4)}`;
}

/** Catalog id of a contract's daily volume series. */
export const zqVolumeId = (month: string): string => `${zqSymbol(month)}_VOL`;

/** Contract months from `from` to `to` (`YYYY-MM`, inclusive). */
export function zqMonths(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  for (;;) {
    const s = `${y}-${String(m).padStart(2, '0')}`;
    if (s > to) return out;
    out.push(s);
    if (++m > 12) [y, m] = [y + 1, 1];
  }
}

/** Settlements by trade date, each day's quotes sorted by contract month. */
export type FuturesHistory = ReadonlyMap<IsoDate, readonly FuturesQuote[]>;

/** One contract's stored series: settlements and, where the source gives them, volumes. */
export interface ContractSeries {
  readonly month: string;
  readonly settle: Pick<Series, 'dates' | 'values'>;
  readonly volume?: Pick<Series, 'dates' | 'values'> | undefined;
}

/**
 * Per-contract series → quotes by trade date, each with its volume on that date (when known) and
 * the contract's previous settlement (so a model can tell a contract that did not trade).
 */
export function futuresFromSeries(contracts: readonly ContractSeries[]): FuturesHistory {
  const out = new Map<IsoDate, FuturesQuote[]>();
  for (const c of contracts) {
    const vol = new Map<number, number>();
    if (c.volume) for (let i = 0; i < c.volume.dates.length; i++) vol.set(c.volume.dates[i] as number, c.volume.values[i] as number);
    let prev: number | undefined;
    for (let i = 0; i < c.settle.dates.length; i++) {
      const price = c.settle.values[i] as number;
      if (Number.isNaN(price)) continue;
      const day = c.settle.dates[i] as number;
      const v = vol.get(day);
      const q: FuturesQuote = { month: c.month, price, ...(v !== undefined && !Number.isNaN(v) ? { volume: v } : {}), ...(prev !== undefined ? { prevPrice: prev } : {}) };
      const date = toIso(day);
      const list = out.get(date);
      if (list) list.push(q);
      else out.set(date, [q]);
      prev = price;
    }
  }
  for (const list of out.values()) list.sort((a, b) => (a.month < b.month ? -1 : 1));
  return new Map([...out].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}

/**
 * Catalog ids (settlement and volume) of the contracts a Fed path on `day` can use, with a year
 * of history and a month of comparison before it: months from 14 months before to 5 years after.
 */
export function zqIdsAround(day: number): string[] {
  const iso = toIso(day);
  const month = iso.slice(0, 7);
  const shift = (m: string, k: number) => {
    const i = Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1 + k;
    return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
  };
  const lo = shift(month, -14) < ZQ_FIRST_MONTH ? ZQ_FIRST_MONTH : shift(month, -14);
  const hi = shift(month, 60) > ZQ_LAST_MONTH ? ZQ_LAST_MONTH : shift(month, 60);
  return zqMonths(lo, hi).flatMap((m) => [zqSymbol(m), zqVolumeId(m)]);
}

/** The contracts among read series (by catalog id) as a history of quotes. */
export function futuresFromStore(data: ReadonlyMap<string, Series>): FuturesHistory {
  const contracts: ContractSeries[] = [];
  for (const [id, s] of data) {
    const month = zqMonth(id);
    if (month) contracts.push({ month, settle: s, volume: data.get(`${id}_VOL`) });
  }
  return futuresFromSeries(contracts);
}
