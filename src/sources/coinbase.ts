import { DataFormatError } from '../core/errors.ts';
import type { CatalogEntry } from '../series/catalog.ts';
import { toIso } from '../series/dates.ts';
import type { FetchedSeries, Point } from '../series/types.ts';
import { HttpClient } from './http.ts';
import type { SourceAdapter } from './source.ts';

const DAY = 86_400;
/** Coinbase returns at most 300 candles per request. */
export const CANDLES_PER_PAGE = 300;

/** Step 1: one page of daily candles [start, end) in seconds. */
export function coinbaseUrl(product: string, startSec: number, endSec: number, baseUrl = 'https://api.exchange.coinbase.com'): string {
  const iso = (s: number) => new Date(s * 1000).toISOString();
  return `${baseUrl}/products/${encodeURIComponent(product)}/candles?granularity=86400&start=${iso(startSec)}&end=${iso(endSec)}`;
}

/** Step 2–3: candles `[time, low, high, open, close, volume]` (newest first) → points at UTC dates. */
export function parseCandles(json: unknown, origin: string): Point[] {
  if (!Array.isArray(json)) {
    const msg = (json as { message?: unknown })?.message;
    throw new DataFormatError(origin, typeof msg === 'string' ? `Coinbase error: ${msg}` : 'expected an array of candles');
  }
  return json.map((c: unknown, i: number) => {
    if (!Array.isArray(c) || c.length < 5 || typeof c[0] !== 'number' || typeof c[4] !== 'number') {
      throw new DataFormatError(origin, `candle ${i}: expected [time, low, high, open, close, volume]`);
    }
    return { date: toIso(Math.floor(c[0] / DAY)), value: c[4] };
  });
}

/**
 * Coinbase Exchange daily candles (keyless): pages of 300 days walked backwards from today until
 * a page comes back empty (before the product was listed).
 */
export function createCoinbaseSource(opts: { baseUrl?: string; http?: HttpClient; now?: () => Date; maxPages?: number } = {}): SourceAdapter {
  const http = opts.http ?? new HttpClient({ concurrency: 2 });
  return {
    name: 'coinbase',
    concurrency: 2,
    description: 'Coinbase Exchange daily candles (keyless)',
    async fetch(entry: CatalogEntry, signal?: AbortSignal): Promise<FetchedSeries> {
      const byDate = new Map<string, number>();
      let end = Math.floor((opts.now?.() ?? new Date()).getTime() / 1000 / DAY + 1) * DAY;
      const firstUrl = coinbaseUrl(entry.key, end - CANDLES_PER_PAGE * DAY, end, opts.baseUrl);
      for (let page = 0; page < (opts.maxPages ?? 40); page++) {
        const url = coinbaseUrl(entry.key, end - CANDLES_PER_PAGE * DAY, end, opts.baseUrl);
        const points = parseCandles(await http.json(url, signal), url);
        if (points.length === 0) break;
        for (const p of points) if (!byDate.has(p.date)) byDate.set(p.date, p.value);
        end -= CANDLES_PER_PAGE * DAY;
      }
      const points = [...byDate].map(([date, value]) => ({ date, value }) as Point).sort((a, b) => (a.date < b.date ? -1 : 1));
      return { seriesId: entry.id, points, origin: firstUrl.replace(/&start=.*$/, '') };
    },
  };
}
