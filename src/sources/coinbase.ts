import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import { toIso } from '../series/dates.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

const DAY = 86_400;
/** Coinbase returns at most 300 candles per request. */
export const CANDLES_PER_PAGE = 300;

/**
 * Step 1: one page of daily candles, `start` and `end` in seconds (both candle opens, inclusive:
 * 300 candles span 299 days).
 */
export function coinbaseUrl(product: string, startSec: number, endSec: number, baseUrl = 'https://api.exchange.coinbase.com'): string {
  const iso = (s: number) => new Date(s * 1000).toISOString().replace('.000Z', 'Z');
  return `${baseUrl}/products/${encodeURIComponent(product)}/candles?granularity=86400&start=${iso(startSec)}&end=${iso(endSec)}`;
}

/** A Coinbase candle: `[time, low, high, open, close, volume]`, time = the UTC day's open in seconds. */
export type Candle = readonly [time: number, low: number, high: number, open: number, close: number, volume: number];

/** Step 2: the JSON array of candles (newest first); an error object `{message}` is an error. */
export function extractCandles(json: unknown, origin: string): Candle[] {
  if (!Array.isArray(json)) {
    const msg = (json as { message?: unknown } | null)?.message;
    throw new DataFormatError(origin, typeof msg === 'string' ? `Coinbase error: ${msg}` : 'expected an array of candles');
  }
  return json.map((c: unknown, i: number) => {
    if (!Array.isArray(c) || c.length < 6 || !c.slice(0, 6).every((x) => typeof x === 'number')) {
      throw new DataFormatError(origin, `candle ${i}: expected [time, low, high, open, close, volume], got ${JSON.stringify(c)}`);
    }
    return c as unknown as Candle;
  });
}

/** Step 3: candles → points: the close at the UTC date of the candle's open. */
export function candlePoints(candles: readonly Candle[]): Point[] {
  return candles.map((c) => ({ date: toIso(Math.floor(c[0] / DAY)), value: c[4] }));
}

/** Options of the Coinbase adapter. */
export interface CoinbaseOptions {
  /** Default https://api.exchange.coinbase.com */
  readonly baseUrl?: string;
  readonly http?: HttpClient;
  readonly now?: () => Date;
  /** Safety stop: at most this many pages (default 40 = 32 years). */
  readonly maxPages?: number;
}

/**
 * Coinbase Exchange daily candles (keyless): pages of 300 days walked backwards from the last
 * complete UTC day until a page comes back empty (before the product was listed). Today's
 * candle is left out: it is still moving.
 */
export function createCoinbaseSource(opts: CoinbaseOptions = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  return {
    name: 'coinbase',
    concurrency: 2,
    description: 'Coinbase Exchange daily candles (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const byDate = new Map<string, number>();
      const today = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000 / DAY) * DAY;
      let end = today - DAY;
      for (let page = 0; page < (opts.maxPages ?? 40); page++) {
        const start = end - (CANDLES_PER_PAGE - 1) * DAY;
        const url = coinbaseUrl(entry.key, start, end, opts.baseUrl);
        const points = candlePoints(extractCandles(await http.json(url, signal), url));
        if (points.length === 0) break;
        for (const p of points) if (!byDate.has(p.date)) byDate.set(p.date, p.value);
        end = start - DAY;
      }
      const points = [...byDate].map(([date, value]) => ({ date, value }) as Point).sort((a, b) => (a.date < b.date ? -1 : 1));
      const origin = `${opts.baseUrl ?? 'https://api.exchange.coinbase.com'}/products/${encodeURIComponent(entry.key)}/candles?granularity=86400`;
      return { seriesId: entry.id, points, origin };
    },
  };
}
